"""Group person mentions of one article into actors ("Rubio" and "Putins" join their full names)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from rapidfuzz import fuzz
from spacy.language import Language
from spacy.tokens import Doc, Span

from diplograph.pipeline import extensions  # noqa: F401  (registers Doc._ attributes)
from diplograph.pipeline.batching import BatchedComponent
from diplograph.pipeline.knowledge import KnowledgeBase, OfficeHolder, candidates, default_knowledge, known_person, norm
from diplograph.pipeline.tables import TableSource


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
_GENITIVE_SET = frozenset(GENITIVE_ENDINGS)
_GENITIVE_LAST = frozenset(ending[-1] for ending in GENITIVE_ENDINGS)  # the last character of a genitive


def is_genitive_of(word: str, base: str) -> bool:
    """'Putins' / 'Macrons' / 'Lawrows' are genitives of 'Putin' / 'Macron' / 'Lawrow'."""
    return word.startswith(base) and word[len(base):] in _GENITIVE_SET


def _same_folded(word: str, base: str) -> bool:
    """Whether casefolded ``word`` is ``base`` or a genitive of it ("rubios" / "rubio")."""
    return word == base or is_genitive_of(word, base)


def _extends_folded(longer: tuple[str, ...], shorter: tuple[str, ...]) -> bool:
    """Whether casefolded key ``shorter`` names the same person as the longer ``longer`` ("rubio" / "rubios"
    in "marco rubio")."""
    tail = longer[-len(shorter):]
    return all(_same_folded(s, t) for s, t in zip(shorter, tail, strict=True))


def canonical_keys(keys: set[tuple[str, ...]]) -> dict[tuple[str, ...], tuple[str, ...]]:
    """The name (token tuple) each name joins: a longer name it ends ("Rubio" -> "Marco Rubio", genitive
    allowed), the same name written otherwise ("Von der Leyen"), the name of which it is a genitive."""
    if len(keys) < 2:
        return {key: key for key in keys}
    ordered = sorted(keys)
    ordered.sort(key=len, reverse=True)  # longer names first, names of a length in order (the sort is stable)
    folded = {key: tuple(map(str.casefold, key)) for key in ordered}
    by_length: dict[int, list[tuple[str, ...]]] = {}
    for key in ordered:
        by_length.setdefault(len(key), []).append(key)
    canonical: dict[tuple[str, ...], tuple[str, ...]] = {}
    for key in ordered:
        target = key
        fkey = folded[key]
        last = fkey[-1]
        for longer in ordered:  # the longer names come first
            if len(longer) <= len(key):
                break
            flonger = folded[longer]
            # (the last tokens must agree: the shorter one is the longer one's, or a genitive of it)
            if last.startswith(flonger[-1]) and _extends_folded(flonger, fkey):
                target = canonical.get(longer, longer)
                break
        same_length = by_length[len(key)]
        if len(same_length) == 1:  # no other name of this length
            canonical[key] = target
            continue
        if target == key:
            # The same name with other capitalisation ("Von der Leyen"), among the names of this length
            # that came before (those in ``canonical``).
            first = fkey[0]
            for other in same_length:
                if other == key:
                    break
                fother = folded[other]
                if first.startswith(fother[0]) and canonical[other] != key \
                        and all(_same_folded(a, b) for a, b in zip(fkey, fother, strict=True)):
                    target = canonical[other]
                    break
        if target == key and key[-1][-1:] in _GENITIVE_LAST:
            # A genitive of an equally long name ("Marco Rubios" vs "Marco Rubio"; a genitive ends as one
            # of the GENITIVE_ENDINGS does).
            word = key[-1]
            for other in same_length:
                base = other[-1]
                if len(word) > len(base) and is_genitive_of(word, base) and key[:-1] == other[:-1]:
                    target = canonical.get(other, other)
                    break
        canonical[key] = target
    return canonical


def group_persons(spans: list[Span], kb: KnowledgeBase | None = None) -> list[ActorCluster]:
    """Cluster PER spans: a mention whose tokens end a longer name (genitive allowed) joins that name
    (``kb``: the knowledge base that tells who a name is, the package's by default)."""
    keys = [tuple(span.text.split()) for span in spans]
    canonical = canonical_keys(set(keys))
    clusters: dict[tuple[str, ...], ActorCluster] = {}
    for span, key in sorted(zip(spans, keys, strict=True), key=lambda pair: pair[0].start_char):
        key = canonical[key]
        cluster = clusters.get(key)
        if cluster is None:
            cluster = clusters[key] = ActorCluster(name=" ".join(key))
        cluster.mentions.append(span)
    return merge_variants(list(clusters.values()), kb or default_knowledge())


@lru_cache(maxsize=8192)
def _holder(name: str, aliases: tuple[str, ...], kb: KnowledgeBase) -> OfficeHolder | None:
    """``known_person(name, aliases)``, memoised (merge_variants asks for every pair of clusters): who the
    name is, independent of any date (a name shared by several people: None, never today's holder)."""
    return known_person(name, list(aliases), kb)


@lru_cache(maxsize=8192)
def _has_candidates(name: str, kb: KnowledgeBase) -> bool:
    return bool(candidates(name, [], kb))


class _Profile(NamedTuple):
    """What :func:`_same_person` asks of one cluster, computed once per cluster (and after each merge)."""

    tokens: list[str]  # the name's tokens
    holder: str | None  # the knowledge-base person of the name and aliases (known_person), by name
    first_ok: bool  # the name is known and a form of that person (the condition on the first cluster)
    second_ok: bool  # the name is a listed form of that person (the condition on the second cluster)


@lru_cache(maxsize=8192)
def _holder_facts(name: str, aliases: tuple[str, ...], kb: KnowledgeBase) -> tuple[str | None, bool, bool]:
    """The ``holder``, ``first_ok`` and ``second_ok`` of :class:`_Profile` for a cluster with this name and
    these aliases."""
    holder = _holder(name, aliases, kb)
    if holder is None:
        return None, False, False
    normed = norm(name)
    forms = holder.forms()
    return holder.name, _has_candidates(name, kb) and normed in (*forms, norm(holder.name)), normed in forms


def _profile(cluster: ActorCluster, kb: KnowledgeBase) -> _Profile:
    name = cluster.name
    return _Profile(name.split(), *_holder_facts(name, tuple(cluster.aliases), kb))


def _same_person(a: _Profile, b: _Profile) -> bool:
    """Whether the clusters of two profiles name the same person: the same knowledge-base person (the
    name of one known and a form of that person, the other's name a listed form), tested both ways, or
    spelling variants of one name ("Xi Jinping" / "Xi Jingping"; one test, as ``fuzz.ratio`` is symmetric)."""
    if a.holder is not None and a.holder == b.holder and (a.first_ok and b.second_ok or b.first_ok and a.second_ok):
        return True
    ta, tb = a.tokens, b.tokens
    return len(ta) >= 2 and len(tb) >= 2 and ta[0] == tb[0] and fuzz.ratio(ta[-1], tb[-1]) >= 85


def merge_variants(clusters: list[ActorCluster], kb: KnowledgeBase) -> list[ActorCluster]:
    """Join clusters that are spelling variants of one name or the same knowledge-base person ("Xi")."""
    out: list[ActorCluster] = []
    profiles: list[_Profile | None] = []  # of the clusters in ``out``, made when first compared
    for cluster in clusters:
        profile = None
        for k, kept in enumerate(out):
            kept_profile = profiles[k]
            if kept_profile is None:
                kept_profile = profiles[k] = _profile(kept, kb)
            if profile is None:
                profile = _profile(cluster, kb)
            if _same_person(kept_profile, profile):
                if len(cluster.name.split()) > len(kept.name.split()):
                    kept.name = cluster.name
                kept.mentions = sorted(kept.mentions + cluster.mentions, key=lambda s: s.start_char)
                profiles[k] = None
                break
        else:
            out.append(cluster)
            profiles.append(profile)
    return out


@Language.factory("diplograph_actors", assigns=["doc._.actors"], requires=["doc.ents"])
def make_actors(nlp: Language, name: str) -> ActorsComponent:
    return ActorsComponent(nlp).named(name)


class ActorsComponent(BatchedComponent):
    """Sets ``doc._.actors`` from the PER entities (who a name is: the knowledge base of the pipeline's
    countries component)."""

    def __init__(self, nlp: Language) -> None:
        self.tables = TableSource(nlp)

    def __call__(self, doc: Doc) -> Doc:
        doc._.actors = group_persons([ent for ent in doc.ents if ent.label_ == "PER"], self.tables().knowledge)
        return doc
