"""Model selection: ``load(model="auto")`` returns a German spaCy pipeline with our components."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import spacy
from spacy.language import Language

from diplograph import pipeline as components  # registers our factories

AUTO_ORDER: tuple[str, ...] = ("de_core_news_lg", "de_core_news_md", "de_core_news_sm")
BUNDLED_NAME = "bundled"
BUNDLED_PATH = Path(__file__).resolve().parents[1] / "models" / "de_diplograph"

INSTALL_HINTS = {
    "de_core_news_lg": 'pip install -e ".[lg]"   (or: python -m spacy download de_core_news_lg)',
    "de_core_news_md": "python -m spacy download de_core_news_md",
    "de_core_news_sm": "python -m spacy download de_core_news_sm",
}


class ModelNotFoundError(LookupError):
    """The requested spaCy model is not installed (the message says how to install it)."""


def is_installed(package: str) -> bool:
    return importlib.util.find_spec(package) is not None


def resolve_model(model: str | Path = "auto") -> str | Path:
    """Turn a model request into a package name or a path, without loading it."""
    if isinstance(model, Path) or (isinstance(model, str) and ("/" in model or model.startswith("."))):
        path = Path(model)
        if not path.exists():
            raise ModelNotFoundError(f"model path {str(path)!r} does not exist")
        return path
    if model == "auto":
        for package in AUTO_ORDER:
            if is_installed(package):
                return package
        return _bundled_path()
    if model == BUNDLED_NAME:
        return _bundled_path()
    if not is_installed(model):
        hint = INSTALL_HINTS.get(model, f"pip install {model}   (or: python -m spacy download {model})")
        raise ModelNotFoundError(
            f"spaCy model {model!r} is not installed. Install it with:\n    {hint}\n"
            f"or use model='auto' (prefers {', '.join(AUTO_ORDER)}, then the bundled model)."
        )
    return model


def _bundled_path() -> Path:
    if not (BUNDLED_PATH / "meta.json").exists():
        raise ModelNotFoundError(
            f"the bundled model is missing at {BUNDLED_PATH}; rebuild it with "
            "`python training/train_pipeline.py` (see training/README.md)"
        )
    return BUNDLED_PATH


def model_label(nlp: Language) -> str:
    """'de_core_news_lg-3.8.0' or 'de_diplograph-0.2.0': the name every output record carries."""
    meta = nlp.meta
    name = str(meta.get("name", "unknown"))
    lang = str(meta.get("lang", nlp.lang))
    if not name.startswith(f"{lang}_"):
        name = f"{lang}_{name}"
    return f"{name}-{meta.get('version', '0.0.0')}"


# A text written for the warm-up: a person with an office, a place, a date and a meeting, so that the
# components load their lexicons, gazetteer and knowledge base before the first real article.
WARM_UP_TEXT = ("Die Außenministerin Anna Beispiel traf am Montag in Paris ihren französischen Amtskollegen "
                "Jean Exemple. Die beiden sprachen im Élysée-Palast über ein weiteres Treffen in Berlin.")


SEGMENTERS = ("sentencizer", "senter", "parser")


def add_sentence_boundaries(nlp: Language) -> None:
    """Line breaks end sentences (headlines, captions), whatever else segments the text.

    A rule ``sentencizer`` is followed by ``diplograph_line_breaks``; a statistical segmenter (``parser``,
    ``senter``) gets the line breaks before it, as preset boundaries it respects; a pipeline without any
    segmenter gets both rules at its start.
    """
    by_factory = {nlp.get_pipe_meta(name).factory: name for name in reversed(nlp.pipe_names)}
    if "sentencizer" in by_factory:
        nlp.add_pipe("diplograph_line_breaks", after=by_factory["sentencizer"])
        return
    segmenter = next((by_factory[f] for f in SEGMENTERS if f in by_factory), None)
    if segmenter is None:
        nlp.add_pipe("sentencizer", first=True)
        nlp.add_pipe("diplograph_line_breaks", after="sentencizer")
    else:
        first = min(nlp.pipe_names.index(by_factory[f]) for f in SEGMENTERS if f in by_factory)
        nlp.add_pipe("diplograph_line_breaks", before=nlp.pipe_names[first])


def load(model: str | Path = "auto", *, exclude_components: tuple[str, ...] = (), warm_up: bool = True) -> Language:
    """Load a German pipeline and add diplograph's components.

    ``model``: "auto" (de_core_news_lg > md > sm > the bundled model), "bundled", an installed package
    name, or a path to a spaCy pipeline directory. Raises :class:`ModelNotFoundError` when a named model
    is not installed.

    ``exclude_components``: components to leave out, the model's ("parser": faster, no dependency parse;
    the rules then fall back to word order) or diplograph's own ("diplograph_organizations").

    ``warm_up`` (default): run the pipeline once on a short text of our own, so that the components load
    their resources (lexicons, gazetteer, knowledge base) now rather than during the first article.
    Loading leaves the garbage collector as it is (no :func:`gc.freeze`: an application that wants the
    loaded pipeline out of the collector's reach can call it itself; ``docs/scaling.md`` has the
    measurements).
    """
    from diplograph.pipeline import ner_features  # noqa: F401  (architecture used by the bundled model)

    target = resolve_model(model)
    nlp = spacy.load(target, exclude=[name for name in exclude_components
                                      if name not in components.PIPELINE_COMPONENTS])
    add_sentence_boundaries(nlp)
    for name in components.PIPELINE_COMPONENTS:
        if name not in exclude_components and name not in nlp.pipe_names:
            nlp.add_pipe(name)
    nlp.meta["diplograph_model"] = model_label(nlp)
    if warm_up:
        nlp(WARM_UP_TEXT)
    return nlp
