"""Group person mentions of one article into actors ("Rubio" and "Putins" join their full names)."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Span

from diplograph import extensions  # noqa: F401  (registers Doc._ attributes)


@dataclass
class ActorCluster:
    """All mentions of one person in one article."""

    name: str
    mentions: list[Span] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    role_phrases: list[str] = field(default_factory=list)
    country: str | None = None

    @property
    def aliases(self) -> list[str]:
        seen: list[str] = []
        for span in self.mentions:
            text = span.text
            if text != self.name and text not in seen:
                seen.append(text)
        return seen


GENITIVE_ENDINGS = ("s", "'", "’", "’s", "'s")


def is_genitive_of(word: str, base: str) -> bool:
    """'Putins' / 'Macrons' / 'Lawrows' are genitives of 'Putin' / 'Macron' / 'Lawrow'."""
    return any(word == base + ending for ending in GENITIVE_ENDINGS)


def same_token(word: str, base: str) -> bool:
    return word == base or is_genitive_of(word, base)


def extends(longer: tuple[str, ...], shorter: tuple[str, ...]) -> bool:
    """True when ``shorter`` names the same person as ``longer`` ("Rubio"/"Rubios" in "Marco Rubio")."""
    if len(shorter) >= len(longer):
        return False
    tail = longer[-len(shorter):]
    return all(same_token(s, t) for s, t in zip(shorter, tail, strict=True))


def group_persons(spans: list[Span]) -> list[ActorCluster]:
    """Cluster PER spans: a mention whose tokens end a longer name (genitive allowed) joins that name."""
    keys = sorted({tuple(s.text.split()) for s in spans}, key=lambda k: (-len(k), k))
    canonical: dict[tuple[str, ...], tuple[str, ...]] = {}
    for key in keys:
        target = key
        for longer in keys:
            if extends(longer, key):
                target = canonical.get(longer, longer)
                break
        if target == key:
            # A genitive of an equally long name ("Marco Rubios" vs "Marco Rubio").
            for other in keys:
                if len(other) == len(key) and other != key and key[:-1] == other[:-1] \
                        and is_genitive_of(key[-1], other[-1]):
                    target = canonical.get(other, other)
                    break
        canonical[key] = target
    clusters: dict[tuple[str, ...], ActorCluster] = {}
    for span in sorted(spans, key=lambda s: s.start_char):
        key = canonical[tuple(span.text.split())]
        cluster = clusters.get(key)
        if cluster is None:
            cluster = clusters[key] = ActorCluster(name=" ".join(key))
        cluster.mentions.append(span)
    return list(clusters.values())


@Language.factory("diplograph_actors")
def make_actors(nlp: Language, name: str) -> ActorsComponent:
    return ActorsComponent()


class ActorsComponent:
    """Sets ``doc._.actors`` from the PER entities."""

    def __call__(self, doc: Doc) -> Doc:
        persons = [ent for ent in doc.ents if ent.label_ == "PER"]
        doc._.actors = group_persons(persons)
        return doc
