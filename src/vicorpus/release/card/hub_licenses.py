"""Licence identifiers in the release papers: SPDX expressions (what sources and
documents carry) turned into the Hugging Face Hub's licence ids (the dataset card's
``license:``) and into SPDX licence URLs (Croissant's ``license``).

The Hub accepts only the ids of its own list, in lower case; a licence the list lacks is
``other`` with a ``license_name`` and a ``license_link``, and an unknown one is
``unknown`` (https://huggingface.co/docs/hub/repositories-licenses, and the card spec
https://github.com/huggingface/hub-docs/blob/main/datasetcard.md).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from license_expression import Licensing, get_spdx_licensing

from vicorpus.config.licenses import UNSTATED, is_spdx_license_key, license_keys

# The Hub's licence ids, as listed on https://huggingface.co/docs/hub/repositories-licenses
# ("License identifier (to use in repo card)"). Most are the SPDX id in lower case.
HUB_LICENSE_IDS: frozenset[str] = frozenset(
    {
        "apache-2.0", "mit", "openrail", "bigscience-openrail-m", "creativeml-openrail-m",
        "bigscience-bloom-rail-1.0", "bigcode-openrail-m", "afl-3.0", "artistic-2.0", "bsl-1.0", "bsd",
        "bsd-2-clause", "bsd-3-clause", "bsd-3-clause-clear", "c-uda", "cc", "cc0-1.0", "cc-by-2.0",
        "cc-by-2.5", "cc-by-3.0", "cc-by-4.0", "cc-by-sa-3.0", "cc-by-sa-4.0", "cc-by-nc-2.0", "cc-by-nc-3.0",
        "cc-by-nc-4.0", "cc-by-nd-4.0", "cc-by-nc-nd-3.0", "cc-by-nc-nd-4.0", "cc-by-nc-sa-2.0",
        "cc-by-nc-sa-3.0", "cc-by-nc-sa-4.0", "cdla-sharing-1.0", "cdla-permissive-1.0", "cdla-permissive-2.0",
        "wtfpl", "ecl-2.0", "epl-1.0", "epl-2.0", "etalab-2.0", "eupl-1.1", "agpl-3.0", "gfdl", "gpl",
        "gpl-2.0", "gpl-3.0", "lgpl", "lgpl-2.1", "lgpl-3.0", "isc", "lppl-1.3c", "ms-pl", "mpl-2.0",
        "odc-by", "odbl", "openrail++", "osl-3.0", "postgresql", "ofl-1.1", "ncsa", "unlicense", "zlib",
        "pddl", "lgpl-lr", "deepfloyd-if-license", "llama2", "gemma", "unknown", "other",
    }
)  # fmt: skip
HUB_UNKNOWN = "unknown"
HUB_OTHER = "other"

# SPDX ids (lower case) whose Hub id is not simply the lower-cased SPDX id.
_SPDX_TO_HUB: dict[str, str] = {
    "odc-by-1.0": "odc-by",
    "odbl-1.0": "odbl",
    "pddl-1.0": "pddl",
    "c-uda-1.0": "c-uda",
    "lgpllr": "lgpl-lr",
    "agpl-3.0-only": "agpl-3.0",
    "agpl-3.0-or-later": "agpl-3.0",
    "gpl-2.0-only": "gpl-2.0",
    "gpl-2.0-or-later": "gpl-2.0",
    "gpl-3.0-only": "gpl-3.0",
    "gpl-3.0-or-later": "gpl-3.0",
    "lgpl-2.1-only": "lgpl-2.1",
    "lgpl-2.1-or-later": "lgpl-2.1",
    "lgpl-3.0-only": "lgpl-3.0",
    "lgpl-3.0-or-later": "lgpl-3.0",
}
# Licences the Hub lists only as a family.
_FAMILY_PREFIXES: tuple[tuple[str, str], ...] = (("gfdl-", "gfdl"),)
# Where a card points for licences the Hub does not list: the run's own licence report.
LICENSES_PAPER = "licenses.json"


@dataclass(frozen=True)
class HubLicense:
    """The card's ``license`` ids, and ``license_name``/``license_link`` when one is ``other``."""

    ids: list[str]
    other_name: str | None = None
    other_link: str | None = None


def hub_license_id(key: str) -> str:
    """The Hub id of one SPDX licence key: "CC-BY-SA-4.0" → "cc-by-sa-4.0",
    "NOASSERTION" → "unknown", a key the Hub lacks (LicenseRef-…, NONE, …) → "other"."""
    lowered = key.strip().lower()
    if lowered == UNSTATED.lower():
        return HUB_UNKNOWN
    if lowered in _SPDX_TO_HUB:
        return _SPDX_TO_HUB[lowered]
    for prefix, family in _FAMILY_PREFIXES:
        if lowered.startswith(prefix):
            return family
    if lowered in HUB_LICENSE_IDS and lowered not in (HUB_OTHER, HUB_UNKNOWN):
        return lowered
    return HUB_OTHER


def hub_license(expressions: Iterable[str]) -> HubLicense:
    """The Hub licence ids of every key in some SPDX expressions, in order of first
    appearance ("MIT OR CC0-1.0" → mit, cc0-1.0). Keys the Hub lacks become one ``other``,
    named after them and linked to their SPDX page (one key) or to licenses.json."""
    ids: list[str] = []
    others: list[str] = []
    for expression in expressions:
        for key in license_keys(expression):
            if _is_exception(key):
                continue  # "… WITH Classpath-exception-2.0" widens its licence; it is no licence itself
            hub_id = hub_license_id(key)
            if hub_id == HUB_OTHER and key not in others:
                others.append(key)
            if hub_id not in ids:
                ids.append(hub_id)
    if not others:
        return HubLicense(ids)
    name = "+".join(key.lower() for key in others)
    link = spdx_url(others[0]) if len(others) == 1 else None
    return HubLicense(ids, other_name=name, other_link=link or LICENSES_PAPER)


def spdx_url(key: str) -> str | None:
    """The SPDX list's page of a licence key (what Croissant recommends as ``license``),
    None for keys outside the list (LicenseRef-…, NOASSERTION, NONE)."""
    return f"https://spdx.org/licenses/{key}.html" if is_spdx_license_key(key) else None


@cache
def _licensing() -> Licensing:
    return get_spdx_licensing()


def _is_exception(key: str) -> bool:
    symbol = _licensing().known_symbols.get(key)
    return symbol is not None and bool(symbol.is_exception)
