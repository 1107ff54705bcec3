"""SPDX licence expressions of sources and documents, checked with ``license-expression``.

``NOASSERTION`` and ``NONE`` are SPDX's own words for "not stated" and "no licence";
``LicenseRef-…`` names a licence outside the SPDX list (e.g. ``LicenseRef-vn-law`` for
legal texts that Article 15 of the Law on Intellectual Property leaves unprotected).
"""

from __future__ import annotations

import re
from functools import cache

from license_expression import ExpressionError, Licensing, get_spdx_licensing

UNSTATED = "NOASSERTION"
SPECIAL_VALUES = ("NOASSERTION", "NONE")
_LICENSE_REF = re.compile(r"^(?:DocumentRef-[A-Za-z0-9.\-]+:)?LicenseRef-[A-Za-z0-9.\-]+$")


@cache
def _licensing() -> Licensing:
    return get_spdx_licensing()


def normalize_license(expression: str) -> str:
    """The expression in SPDX's spelling ("cc-by-4.0" → "CC-BY-4.0"); ValueError when it
    is not a valid SPDX expression, naming the unknown keys."""
    text = expression.strip()
    if text.upper() in SPECIAL_VALUES:
        return text.upper()
    refs = {token for token in re.split(r"[\s()]+", text) if _LICENSE_REF.match(token)}
    try:
        info = _licensing().validate(text)
    except ExpressionError as error:
        raise ValueError(f"'{expression}' is not an SPDX licence expression ({error})") from None
    except AttributeError:  # the library fails this way on some syntax errors ("MIT AND")
        raise ValueError(f"'{expression}' is not a complete SPDX licence expression") from None
    unknown = [symbol for symbol in info.invalid_symbols if symbol not in refs]
    if unknown:
        raise ValueError(
            f"'{expression}': unknown SPDX licence key(s) {', '.join(unknown)} "
            "(see https://spdx.org/licenses/; use LicenseRef-<name> for others, NOASSERTION if unknown)"
        )
    if info.normalized_expression is not None:
        return str(info.normalized_expression)
    if info.errors and not refs:
        raise ValueError(f"'{expression}': {'; '.join(info.errors)}")
    return text


def license_keys(expression: str) -> list[str]:
    """The licence keys an expression names ("MIT OR CC0-1.0" → ["MIT", "CC0-1.0"])."""
    text = expression.strip()
    if text.upper() in SPECIAL_VALUES or _LICENSE_REF.match(text):
        return [text]
    try:
        return [str(key) for key in _licensing().license_keys(text, unique=True)]
    except (ExpressionError, AttributeError):
        return [text]


def is_spdx_license_key(key: str) -> bool:
    """True for a licence identifier on the SPDX list (exact spelling)."""
    symbol = _licensing().known_symbols.get(key)
    return symbol is not None and not symbol.is_exception
