"""Group person mentions of one article into actors ("Rubio" and "Putins" join their full names)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz
from spacy.language import Language
from spacy.tokens import Doc, Span

from diplograph import extensions  # noqa: F401  (registers Doc._ attributes)
from diplograph.knowledge import OfficeHolder, best_holder, candidates, norm


@dataclass
class ActorCluster:
    """All mentions of one person in one article."""

    name: str
    mentions: list[Span] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    role_phrases: list[str] = field(default_factory=list)
    country: str | None = None
    role_mentions: list = field(default_factory=list)  # roles.RoleMention evidence, in text order

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
    word, base = word.casefold(), base.casefold()
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
            for other in keys:  # the same name with other capitalisation ("Von der Leyen")
                same = len(other) == len(key) and all(same_token(a, b) for a, b in zip(key, other, strict=True))
                if other != key and same and other in canonical and canonical[other] != key:
                    target = canonical[other]
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
    return merge_variants(list(clusters.values()))


@lru_cache(maxsize=8192)
def _holder(name: str, aliases: tuple[str, ...]) -> OfficeHolder | None:
    """``best_holder(name, aliases)``, memoised (merge_variants asks for every pair of clusters)."""
    return best_holder(name, list(aliases))


@lru_cache(maxsize=8192)
def _has_candidates(name: str) -> bool:
    return bool(candidates(name, []))


def _same_person(a: ActorCluster, b: ActorCluster) -> bool:
    ta, tb = a.name.split(), b.name.split()
    if len(ta) >= 2 and len(tb) >= 2 and ta[0] == tb[0] and fuzz.ratio(ta[-1], tb[-1]) >= 85:
        return True  # spelling variants in one article: "Xi Jinping" / "Xi Jingping"
    ha = _holder(a.name, tuple(a.aliases))
    hb = _holder(b.name, tuple(b.aliases))
    return ha is not None and hb is not None and ha.name == hb.name and _has_candidates(a.name) \
        and norm(a.name) in (*ha.forms(), norm(ha.name)) and norm(b.name) in hb.forms()


def merge_variants(clusters: list[ActorCluster]) -> list[ActorCluster]:
    """Join clusters that are spelling variants of one name or the same knowledge-base person ("Xi")."""
    out: list[ActorCluster] = []
    for cluster in clusters:
        for kept in out:
            if _same_person(kept, cluster) or _same_person(cluster, kept):
                if len(cluster.name.split()) > len(kept.name.split()):
                    kept.name = cluster.name
                kept.mentions = sorted(kept.mentions + cluster.mentions, key=lambda s: s.start_char)
                break
        else:
            out.append(cluster)
    return out


@Language.factory("diplograph_actors")
def make_actors(nlp: Language, name: str) -> ActorsComponent:
    return ActorsComponent()


class ActorsComponent:
    """Sets ``doc._.actors`` from the PER entities."""

    def __call__(self, doc: Doc) -> Doc:
        persons = [ent for ent in doc.ents if ent.label_ == "PER"]
        doc._.actors = group_persons(persons)
        return doc
