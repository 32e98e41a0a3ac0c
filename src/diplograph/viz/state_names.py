"""Names for the states and international bodies that actors represent, as pictures and the interactive view
show them: German names of states from CLDR (via Babel: 'DE' -> 'Deutschland'), international bodies
(EU, NATO, UN...) told apart from states. No matplotlib here."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

# Codes that stand for an international body, not a state (the ``country`` of e.g. the NATO secretary general),
# and the body's short name. The African Union is AUC and the Arab League LAS: AU and AL are Australia and
# Albania in ISO 3166.
INTERNATIONAL_BODIES = {
    "EU": "EU", "NATO": "NATO", "UN": "UN", "UNO": "UN", "OSZE": "OSZE", "OSCE": "OSZE", "OAS": "OAS",
    "ASEAN": "ASEAN", "G7": "G7", "G20": "G20", "IAEA": "IAEO", "IAEO": "IAEO", "WHO": "WHO", "IMF": "IWF",
    "IWF": "IWF", "WTO": "WTO", "OECD": "OECD", "COE": "Europarat", "AUC": "AU", "LAS": "Arabische Liga",
}
BODY_NAMES = {"EU": "Europäische Union", "UN": "Vereinte Nationen"}
UNKNOWN_LABEL = "unbekannt"


@lru_cache(maxsize=1)
def _territories() -> dict[str, str]:
    try:
        from babel import Locale

        return dict(Locale("de").territories)
    except Exception:  # noqa: BLE001 - a label is not worth failing for
        return {}


def state_name(code: Any) -> str:
    """German name of a state or body: 'DE' -> 'Deutschland', 'us' -> 'Vereinigte Staaten', 'NATO' -> 'NATO',
    'EU' -> 'Europäische Union'; an unknown code is returned as it is."""
    code = str(code)
    body = INTERNATIONAL_BODIES.get(code.upper())
    if body is not None:
        return BODY_NAMES.get(body, body)
    return _territories().get(code.upper()) or code


def actor_group(code: Any) -> tuple[str, str | None]:
    """('state', 'DE') / ('body', 'NATO') / ('unknown', None) for an actor's ``country``."""
    if not code:
        return "unknown", None
    body = INTERNATIONAL_BODIES.get(str(code).upper())
    if body is not None:
        return "body", body
    return "state", str(code).upper()


__all__ = ["BODY_NAMES", "INTERNATIONAL_BODIES", "UNKNOWN_LABEL", "actor_group", "state_name"]
