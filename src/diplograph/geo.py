"""Country names (German and English, from Babel/CLDR) to ISO 3166-1 alpha-2 codes."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from babel import Locale


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """Lowercased German and English CLDR country names -> ISO-2 code (two-letter territories only)."""
    table: dict[str, str] = {}
    for lang in ("en", "de"):
        for code, name in Locale(lang).territories.items():
            if len(code) == 2 and code.isalpha() and code not in {"ZZ", "EU", "EZ", "UN", "QO"}:
                table.setdefault(name.lower(), code)
    text = resources.files("diplograph.resources").joinpath("country_aliases.tsv").read_text("utf-8")
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            alias, code = line.split("\t")[:2]
            table.setdefault(alias.strip().lower(), code.strip())
    return table


def country_code_for_name(name: str) -> str | None:
    """'Russland' / 'Russlands' / 'Saudi-Arabien' / 'USA' -> 'RU' / 'RU' / 'SA' / 'US'; else None."""
    table = country_names()
    lower = name.strip().lower()
    for form in (lower, lower.removesuffix("s"), lower.removesuffix("es")):
        if form in table:
            return table[form]
    return None
