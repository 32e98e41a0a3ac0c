"""The data of our components (word lists, tables, knowledge) travel with a saved pipeline: ``nlp.to_disk``
writes them into each component's directory, a user may edit them there, ``spacy.load`` (in a fresh
process that never imports diplograph) uses the edited files, and ``initialize(<data>=...)`` swaps them in
the running process.

The pipelines are blank German ones with a sentencizer and our components (fast to build, save and load);
every sentence is written for these tests, with invented names.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import spacy
from spacy.language import Language

from diplograph.pipeline import PIPELINE_COMPONENTS
from diplograph.pipeline.events.rules import shipped_data as shipped_triggers

PUBLISHED = "2025-03-05"
# no trigger word the package knows ("plauderten"): no event until a user adds it
CHAT = "Am 3. März 2025 plauderten US-Außenminister Marco Beispiel und der Außenminister Jan Probe in Wien."
# a venue the package does not know ("im Gläsernen Saal"): no place until a user adds it
HALL = "Am 3. März 2025 traf US-Außenminister Marco Beispiel den Außenminister Jan Probe im Gläsernen Saal."


def blank_pipeline() -> Language:
    nlp = spacy.blank("de")
    nlp.add_pipe("sentencizer")
    for name in ("diplograph_line_breaks", *PIPELINE_COMPONENTS):
        nlp.add_pipe(name)
    return nlp


def analyse(nlp: Language, text: str) -> dict:
    """What the pipeline finds in ``text``: events (type, participants, place) and their parties, actors
    (name, state, roles) and places, as plain JSON data (the same shape as ``FRESH_CODE`` prints)."""
    doc = nlp.make_doc(text)
    doc._.published = PUBLISHED
    doc = nlp(doc)
    return {"events": [[e.type, e.participants, e.place] for e in doc._.events],
            "parties": [sorted(e.parties) for e in doc._.events],
            "actors": [[a.name, a.country, list(a.roles)] for a in doc._.actors],
            "places": [p.name for p in doc._.places]}


FRESH_CODE = f"""
import json, sys
import spacy
imported_before = "diplograph" in sys.modules
nlp = spacy.load(sys.argv[1])
out = []
for text in json.loads(sys.argv[2]):
    doc = nlp.make_doc(text)
    doc._.published = {PUBLISHED!r}
    doc = nlp(doc)
    out.append({{"events": [[e.type, e.participants, e.place] for e in doc._.events],
                "parties": [sorted(e.parties) for e in doc._.events],
                "actors": [[a.name, a.country, list(a.roles)] for a in doc._.actors],
                "places": [p.name for p in doc._.places]}})
print(json.dumps({{"imported_before": imported_before, "results": out}}))
"""


def load_fresh(path: Path, texts: list[str]) -> list[dict]:
    """``analyse`` of each text by ``spacy.load(path)`` in a new interpreter that does not import diplograph
    itself (spaCy finds the components through the package's entry points)."""
    done = subprocess.run([sys.executable, "-c", FRESH_CODE, str(path), json.dumps(texts)], cwd=path.parent,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["imported_before"] is False
    return result["results"]


@pytest.fixture(scope="module")
def saved(tmp_path_factory) -> tuple[Language, Path]:
    """A blank pipeline with our components and its saved copy (each test edits a copy of its own)."""
    nlp = blank_pipeline()
    path = tmp_path_factory.mktemp("saved") / "pipeline"
    nlp.to_disk(path)
    return nlp, path


def copy_of(path: Path, tmp_path: Path) -> Path:
    import shutil

    target = tmp_path / "pipeline"
    shutil.copytree(path, target)
    return target


# --- diplograph_events: trigger lexicon and venues ------------------------------------------------------


def test_events_write_their_lexicon_and_venues(saved):
    _, path = saved
    folder = path / "diplograph_events"
    assert json.loads((folder / "event_triggers.json").read_text("utf-8")) == shipped_triggers()
    venues = (folder / "venues.tsv").read_text("utf-8")
    assert "weißen haus\tWashington\n" in venues


def test_an_edited_trigger_lexicon_and_venue_table_load_with_the_pipeline(saved, tmp_path):
    nlp, path = saved
    assert analyse(nlp, CHAT)["events"] == []
    assert analyse(nlp, HALL)["events"][0][2] is None
    path = copy_of(path, tmp_path)
    folder = path / "diplograph_events"
    data = json.loads((folder / "event_triggers.json").read_text("utf-8"))
    data["triggers"].append({"type": "meeting", "regex": "plauderten"})
    (folder / "event_triggers.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with open(folder / "venues.tsv", "a", encoding="utf-8") as f:
        f.write("gläsernen saal\tLissabon\n")
    chat, hall = load_fresh(path, [CHAT, HALL])
    assert chat["events"] == [["meeting", ["Marco Beispiel", "Jan Probe"], "Wien"]]
    assert hall["events"] == [["meeting", ["Marco Beispiel", "Jan Probe"], "Lissabon"]]


def test_initialize_swaps_the_trigger_lexicon_and_venues(tmp_path):
    nlp = blank_pipeline()
    events = nlp.get_pipe("diplograph_events")
    assert analyse(nlp, CHAT)["events"] == []  # "plauderten" is tested once, and found no trigger
    data = shipped_triggers()
    extended = {**data, "triggers": [*data["triggers"], {"type": "meeting", "regex": "plauderten"}]}
    (tmp_path / "triggers.json").write_text(json.dumps(extended), encoding="utf-8")
    events.initialize(lambda: [], nlp=nlp, lexicon=tmp_path / "triggers.json", venues={"Gläsernen Saal": "Lissabon"})
    assert analyse(nlp, CHAT)["events"] == [["meeting", ["Marco Beispiel", "Jan Probe"], "Wien"]]
    assert analyse(nlp, HALL)["events"][0][2] == "Lissabon"
    events.initialize(lambda: [], nlp=nlp, lexicon=data)  # the shipped lexicon again: the memo of forms is reset
    assert analyse(nlp, CHAT)["events"] == []


# --- diplograph_places: place aliases and stoplist ------------------------------------------------------

# a place the gazetteer does not know ("Kleinbergstadt") and one it does ("Wien")
TOWN = "Am 3. März 2025 traf US-Außenminister Marco Beispiel den Außenminister Jan Probe in Kleinbergstadt."
VIENNA = "Am 3. März 2025 traf US-Außenminister Marco Beispiel den Außenminister Jan Probe in Wien."
TOWN_ALIAS = {"name": "Kleinbergstadt", "kind": "city", "country": "AT"}


def test_places_write_their_aliases_and_stoplist(saved):
    from diplograph.pipeline.gazetteer import shipped_aliases, stoplist

    _, path = saved
    folder = path / "diplograph_places"
    assert json.loads((folder / "places_aliases.json").read_text("utf-8")) == shipped_aliases()
    assert set((folder / "places_stoplist.txt").read_text("utf-8").split("\n")) - {""} == stoplist()


def test_edited_place_aliases_and_stoplist_load_with_the_pipeline(saved, tmp_path):
    nlp, path = saved
    assert analyse(nlp, TOWN)["places"] == []
    assert analyse(nlp, VIENNA)["places"] == ["Wien"]
    path = copy_of(path, tmp_path)
    folder = path / "diplograph_places"
    data = json.loads((folder / "places_aliases.json").read_text("utf-8"))
    data["places"].append(TOWN_ALIAS)
    (folder / "places_aliases.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with open(folder / "places_stoplist.txt", "a", encoding="utf-8") as f:
        f.write("Wien\n")
    town, vienna = load_fresh(path, [TOWN, VIENNA])
    assert town["places"] == ["Kleinbergstadt"]
    assert town["events"] == [["meeting", ["Marco Beispiel", "Jan Probe"], "Kleinbergstadt"]]
    assert vienna["places"] == []  # the gazetteer pass no longer tags "Wien" (a NER still could)


def test_initialize_swaps_place_aliases_and_stoplist(tmp_path):
    nlp = blank_pipeline()
    places = nlp.get_pipe("diplograph_places")
    shipped = places.aliases
    places.initialize(lambda: [], nlp=nlp, aliases={**shipped, "places": [*shipped["places"], TOWN_ALIAS]})
    assert analyse(nlp, TOWN)["places"] == ["Kleinbergstadt"]
    (tmp_path / "stoplist.txt").write_text("# mine\nWien\n", encoding="utf-8")
    places.initialize(lambda: [], nlp=nlp, stoplist=tmp_path / "stoplist.txt")
    assert analyse(nlp, VIENNA)["places"] == []
    assert analyse(nlp, TOWN)["places"] == ["Kleinbergstadt"]  # the aliases stay
    places.initialize(lambda: [], nlp=nlp, aliases=shipped)
    assert analyse(nlp, TOWN)["places"] == []


# --- diplograph_countries: state tables and knowledge base; diplograph_roles: role tables ----------------

# an invented state: its adjective ("zentralisch") and its name ("Zentralien") are unknown to the package
DEMONYM = "Am 3. März 2025 traf US-Außenminister Marco Beispiel den zentralischen Außenminister Jan Probe in Wien."
ALIAS = "Am 3. März 2025 traf US-Außenminister Marco Beispiel den Zentralien-Außenminister Jan Probe in Wien."
# an invented office holder, named without an office: only the knowledge base knows him (two terms)
HOLDER = "Am 3. März 2025 empfing Lorenz Fantasius in Wien den US-Außenminister Marco Beispiel."
HOLDER_TERMS = [
    {"name": "Lorenz Fantasius", "aliases": [], "office": "Außenminister", "country": "XY",
     "start": "2015-01-01", "end": "2023-12-31"},
    {"name": "Lorenz Fantasius", "aliases": [], "office": "Präsident", "country": "XZ",
     "start": "2024-01-01", "end": None},
]
# an invented office ("Oberlenker"): no role, so no second person, until a user adds it
ROLE = "Am 3. März 2025 traf US-Außenminister Marco Beispiel den Oberlenker Jan Probe in Wien."


def assert_shipped_states(results: list[dict]) -> None:
    """The package's tables: the invented state, office holder and office are unknown."""
    demonym, alias, holder, role = results
    assert demonym["actors"][1] == ["Jan Probe", None, ["Außenminister"]] and demonym["parties"] == [["US"]]
    assert alias["actors"][1] == ["Jan Probe", None, ["Zentralien-Außenminister"]] and alias["parties"] == [["US"]]
    assert holder["actors"] == [["Marco Beispiel", "US", ["Außenminister"]]]
    assert holder["events"][0][1] == ["Marco Beispiel"]
    assert role["actors"] == [["Marco Beispiel", "US", ["Außenminister"]]] and role["events"] == []


def assert_edited_states(results: list[dict]) -> None:
    """The edited tables: the invented state, office holder (in the term of the day) and office are known."""
    demonym, alias, holder, role = results
    assert demonym["actors"][1] == ["Jan Probe", "XZ", ["Außenminister"]]
    assert demonym["parties"] == [["US", "XZ"]]  # the events component reads the countries' tables too
    # the roles component reads the country names of the countries component: "Zentralien-" is a prefix now
    assert alias["actors"][1] == ["Jan Probe", "XZ", ["Außenminister"]] and alias["parties"] == [["US", "XZ"]]
    # the term in office on the day of publication (2025): Präsident of XZ, not the earlier one
    assert holder["actors"][0] == ["Lorenz Fantasius", "XZ", ["Präsident"]]
    assert holder["events"][0][1] == ["Lorenz Fantasius", "Marco Beispiel"] and "XZ" in holder["parties"][0]
    assert role["actors"][1] == ["Jan Probe", None, ["Oberlenker"]]
    assert role["events"] == [["meeting", ["Marco Beispiel", "Jan Probe"], "Wien"]]


TEXTS = [DEMONYM, ALIAS, HOLDER, ROLE]


def test_countries_and_roles_write_their_tables(saved):
    from diplograph.pipeline.knowledge import PATH

    _, path = saved
    countries, roles = path / "diplograph_countries", path / "diplograph_roles"
    assert "russisch\tRU\n" in (countries / "demonyms.tsv").read_text("utf-8")
    assert "usa\tUS\n" in (countries / "country_aliases.tsv").read_text("utf-8")
    assert "us\tUS\tprefix\n" in (countries / "institutions.tsv").read_text("utf-8")
    written = [json.loads(line) for line in (countries / "office_holders.jsonl").read_text("utf-8").splitlines()]
    shipped = [json.loads(line) for line in PATH.read_text("utf-8").splitlines() if line.strip()]
    assert [(d["name"], d["office"], d["start"]) for d in written] == [(d["name"], d["office"], d["start"])
                                                                       for d in shipped]
    assert "lautsprecher\n" in (roles / "role_stopwords.tsv").read_text("utf-8")
    assert "stellvertretend\n" in (roles / "role_modifiers.tsv").read_text("utf-8")
    assert any(line.startswith("minister\t") for line in (roles / "roles.tsv").read_text("utf-8").splitlines())
    assert (roles / "office_roles.tsv").read_text("utf-8").strip()


def test_edited_state_knowledge_and_role_tables_load_with_the_pipeline(saved, tmp_path):
    nlp, path = saved
    assert_shipped_states([analyse(nlp, text) for text in TEXTS])
    path = copy_of(path, tmp_path)
    countries, roles = path / "diplograph_countries", path / "diplograph_roles"
    for name, line in (("demonyms.tsv", "zentralisch\tXZ\n"), ("country_aliases.tsv", "zentralien\tXZ\n")):
        with open(countries / name, "a", encoding="utf-8") as f:
            f.write(line)
    with open(countries / "office_holders.jsonl", "a", encoding="utf-8") as f:
        f.writelines(json.dumps(term, ensure_ascii=False) + "\n" for term in HOLDER_TERMS)
    for name, line in (("roles.tsv", "lenker\ter\n"), ("office_roles.tsv", "head\tlenker\n")):
        with open(roles / name, "a", encoding="utf-8") as f:
            f.write(line)
    assert_edited_states(load_fresh(path, TEXTS))


def test_initialize_swaps_state_knowledge_and_role_tables():
    nlp = blank_pipeline()
    assert_shipped_states([analyse(nlp, text) for text in TEXTS])
    countries, roles = nlp.get_pipe("diplograph_countries"), nlp.get_pipe("diplograph_roles")
    states, knowledge, role_tables = countries.states, countries.knowledge, roles.role_tables
    shipped_holders = [{"name": h.name, "aliases": list(h.aliases), "office": h.office, "country": h.country,
                        "start": h.start, "end": h.end} for h in knowledge.holders]
    countries.initialize(lambda: [], nlp=nlp, demonyms={**dict(states.demonym_rows), "zentralisch": "XZ"},
                         country_aliases={**dict(states.alias_rows), "zentralien": "XZ"},
                         office_holders=[*shipped_holders, *HOLDER_TERMS])
    roles.initialize(lambda: [], nlp=nlp, roles=[*role_tables.role_rows, ("lenker", "er")],
                     office_roles=[*role_tables.office_rows, ("head", "lenker")])
    assert_edited_states([analyse(nlp, text) for text in TEXTS])
    countries.initialize(lambda: [], nlp=nlp, demonyms=dict(states.demonym_rows),
                         country_aliases=dict(states.alias_rows), office_holders=shipped_holders)
    roles.initialize(lambda: [], nlp=nlp, roles=role_tables.role_rows, office_roles=role_tables.office_rows)
    assert_shipped_states([analyse(nlp, text) for text in TEXTS])
