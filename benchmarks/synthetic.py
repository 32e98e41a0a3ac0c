"""Synthetic German diplomatic-news articles from templates, for tests and benchmarks.

The sentences are written for this project (no third-party text). Generation is deterministic: the same
``seed`` and ``n`` give the same articles.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta

PEOPLE = [
    ("Außenminister", "Johann Wadephul", "Berlin"), ("Außenminister", "Jean-Noël Barrot", "Paris"),
    ("Außenminister", "Radosław Sikorski", "Warschau"), ("Präsident", "Emmanuel Macron", "Paris"),
    ("Bundeskanzler", "Friedrich Merz", "Berlin"), ("Ministerpräsident", "Donald Tusk", "Warschau"),
    ("Außenministerin", "Kaja Kallas", "Brüssel"), ("Premierminister", "Keir Starmer", "London"),
    ("Außenminister", "Marco Rubio", "Washington"), ("Außenminister", "Sergej Lawrow", "Moskau"),
    ("Präsident", "Wolodymyr Selenskyj", "Kiew"), ("Außenminister", "Wang Yi", "Peking"),
    ("Ministerpräsidentin", "Giorgia Meloni", "Rom"), ("Außenminister", "Håkan Fjällström", "Stockholm"),
]
VERBS = ["traf", "empfing", "sprach mit", "telefonierte mit", "besuchte"]
TOPICS = ["die Lage in der Ukraine", "Handelsfragen", "die Energieversorgung", "die Sicherheit in Europa",
          "den Nahen Osten", "Zölle und Lieferketten", "die Zusammenarbeit in der Nato"]
DAYS = ["am Montag", "am Dienstag", "am Mittwoch", "am Donnerstag", "am Freitag", "gestern", "heute"]
FILLER = [
    "Beide Seiten bezeichneten das Gespräch als offen und konstruktiv.",
    "Eine gemeinsame Erklärung wurde nach dem Treffen nicht veröffentlicht.",
    "Die Opposition kritisierte die Reise als verfrüht.",
    "Ein weiteres Treffen ist für den kommenden Monat geplant.",
    "Beobachter werten den Besuch als Zeichen der Annäherung.",
    "Zuvor hatten Delegationen beider Regierungen mehrere Tage verhandelt.",
]


def article_text(rng: random.Random, paragraphs: int = 3) -> str:
    """One article of ``paragraphs`` paragraphs."""
    parts = []
    for _ in range(paragraphs):
        (role_a, name_a, city_a), (role_b, name_b, _) = rng.sample(PEOPLE, 2)
        verb = rng.choice(VERBS)
        sentences = [
            f"{role_a} {name_a} {verb} {rng.choice(DAYS)} in {city_a} den {role_b} {name_b}.",
            f"Die beiden sprachen über {rng.choice(TOPICS)}.",
            rng.choice(FILLER),
            f"{name_b.split()[-1]} sagte, man wolle die Gespräche fortsetzen.",
        ]
        parts.append(" ".join(sentences))
    return "\n\n".join(parts)


def articles(n: int, *, seed: int = 7, paragraphs: int = 3) -> Iterator[dict]:
    """``n`` input records ``{"id", "text", "published", "url"}``."""
    rng = random.Random(seed)
    start = date(2025, 1, 1)
    for i in range(n):
        yield {"id": f"syn-{i:06d}", "text": article_text(rng, paragraphs),
               "published": (start + timedelta(days=i % 365)).isoformat(), "url": None}


__all__ = ["article_text", "articles"]
