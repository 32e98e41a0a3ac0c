"""The office-holder knowledge base (``resources/office_holders.jsonl``): well-formed lines, and terms
chosen by date."""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from datetime import date

import babel
import pytest

from diplograph.pipeline import knowledge

FIELDS = {"name", "aliases", "office", "country", "start", "end"}
BODIES = {"EU", "UN", "NATO", "OSZE", "IMF", "LAS", "AUC"}  # international bodies, as the file writes them
TERRITORIES = set(babel.Locale("en").territories)  # ISO 3166 alpha-2 codes (and CLDR's XK, EU, UN)
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _lines() -> list[tuple[int, dict]]:
    with open(knowledge.PATH, encoding="utf-8") as f:
        return [(n, json.loads(line)) for n, line in enumerate(f, 1) if line.strip()]


LINES = _lines()


def _valid_date(value: object) -> bool:
    if not isinstance(value, str) or not ISO_DATE.fullmatch(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def test_the_file_loads():
    assert len(knowledge.holders()) == len(LINES) > 1000


def test_every_line_has_the_fields():
    bad = [n for n, d in LINES if set(d) != FIELDS or not isinstance(d["name"], str) or not d["name"].strip()
           or not isinstance(d["office"], str) or not d["office"].strip()
           or not isinstance(d["aliases"], list) or not all(isinstance(a, str) and a.strip() for a in d["aliases"])]
    assert bad == []


def test_dates_are_iso_and_ordered():
    bad = [n for n, d in LINES if not _valid_date(d["start"]) or (d["end"] is not None and not _valid_date(d["end"]))]
    assert bad == []
    assert [n for n, d in LINES if d["end"] is not None and d["start"] > d["end"]] == []


def test_countries_are_codes():
    bad = [(n, d["country"]) for n, d in LINES
           if d["country"] not in BODIES
           and not (re.fullmatch(r"[A-Z]{2}", d["country"]) and d["country"] in TERRITORIES)]
    assert bad == []


def test_no_duplicate_terms():
    keys = Counter((d["name"], d["office"], d["country"], d["start"]) for _, d in LINES)
    assert [k for k, count in keys.items() if count > 1] == []


def test_terms_of_one_office_do_not_overlap():
    """One line per person per office term: two terms of the same person in the same office never overlap."""
    terms = defaultdict(list)
    for n, d in LINES:
        terms[(d["name"], d["office"], d["country"])].append((d["start"], d["end"] or "9999-12-31", n))
    overlapping = []
    for spans in terms.values():
        spans.sort()
        overlapping += [(a[2], b[2]) for a, b in zip(spans, spans[1:], strict=False) if b[0] < a[1]]
    assert overlapping == []


def test_one_person_has_one_set_of_spellings():
    """Every line of a person lists the same aliases (the person is found by any of them, whatever the term)."""
    spellings = defaultdict(set)
    for _, d in LINES:
        spellings[d["name"]].add(tuple(d["aliases"]))
    assert [name for name, sets in spellings.items() if len(sets) > 1] == []


# -- terms chosen by the publication date ---------------------------------------------------------------------

@pytest.mark.parametrize(("name", "published", "office", "country"), [
    ("Kevin Rudd", "2008-06-01", "Premierminister", "AU"),
    ("Kevin Rudd", "2011-05-01", "Außenminister", "AU"),
    ("Kevin Rudd", "2013-08-01", "Premierminister", "AU"),
    ("Jean-Claude Juncker", "2010-03-01", "Premierminister", "LU"),
    ("Jean-Claude Juncker", "2016-03-01", "Kommissionspräsident", "EU"),
    ("Juncker", "2016-03-01", "Kommissionspräsident", "EU"),
])
def test_a_date_inside_a_term_gets_that_term(name, published, office, country):
    holder = knowledge.best_holder(name, published=published)
    assert holder is not None and holder.active(published)
    assert (holder.office, holder.country) == (office, country)
    assert knowledge.holder_fact(name, None, published, None, "office") == office
    assert knowledge.holder_fact(name, None, published, None, "country") == country


@pytest.mark.parametrize("published", ["1995-01-01", "2010-07-15", "2020-01-01"])
def test_a_date_outside_every_term_selects_no_term(published):
    """Outside every term the date picks nothing: the answer is only who the person is (their first entry, the
    same as without a date and on any other such day), never a term that is active then."""
    terms = [h for h in knowledge.holders() if h.name == "Kevin Rudd"]
    assert len({(h.office, h.start) for h in terms}) == 3 and not any(h.active(published) for h in terms)
    holder = knowledge.best_holder("Kevin Rudd", published=published)
    assert holder == knowledge.known_person("Kevin Rudd") == terms[0]
    assert not holder.active(published)
    # without a date the person's terms disagree on the office: no office at all
    assert knowledge.holder_fact("Kevin Rudd", None, None, None, "office") is None


def test_a_shared_surname_outside_every_term_resolves_to_nobody():
    """"Fischer" (Joschka Fischer, Heinz Fischer, Jan Fischer): only a date inside one of their terms tells
    them apart."""
    assert knowledge.best_holder("Fischer", published="2003-05-01").name == "Joschka Fischer"
    assert knowledge.best_holder("Fischer", published="2012-01-01").name == "Heinz Fischer"
    assert knowledge.best_holder("Fischer", published="2009-06-01") is None  # Heinz and Jan Fischer both in office
    assert knowledge.best_holder("Fischer", published="2020-01-01") is None
    assert knowledge.holder_fact("Fischer", None, "2020-01-01", None, "country") is None
    assert knowledge.best_holder("Fischer") is None
