"""A page's own licence statement: ``<link rel="license" href=…>`` or ``<a rel="license">``
(the markup Creative Commons' licence chooser emits), as an SPDX expression.

Only licence URLs whose SPDX identifier is certain are mapped; anything else leaves the
source's default in place. Ported CC licences ("…/by/3.0/vn/") map to the generic
version, which SPDX lists (it has no Vietnamese port).
"""

from __future__ import annotations

import re

from vicorpus.config.licenses import is_spdx_license_key

# No "<" or ">" inside the tag (not even in the quoted rel value): a search from each
# "<a" then stops at the next "<", where one allowed to run on (through a page of "<a"
# without ">") read to the page's end from every one of them and tried every rel=
# position on the way: 40 KB took 191 s. A quoted value is read for "license" only once
# its closing quote is known to be there (else from every "license" in it to its end).
_REL_LICENSE_TAG = re.compile(
    r"""<(?:link|a)\b[^<>]*?\brel\s*=\s*(?:"(?=[^"<>]*+")[^"<>]*\blicense\b[^"<>]*"|'(?=[^'<>]*+')[^'<>]*\blicense\b[^'<>]*'|license\b)"""
    r"""[^<>]*>""",
    re.IGNORECASE,
)
_HREF = re.compile(r"""\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.IGNORECASE)
_CC_LICENSE = re.compile(
    r"^(?:https?:)?//(?:www\.)?creativecommons\.org/licenses/(by|by-sa|by-nd|by-nc|by-nc-sa|by-nc-nd)/"
    r"(1\.0|2\.0|2\.5|3\.0|4\.0)(?:/|$)",
    re.IGNORECASE,
)
_OTHER_LICENSES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^(?:https?:)?//(?:www\.)?creativecommons\.org/publicdomain/zero/1\.0(?:/|$)", re.I), "CC0-1.0"),
    (re.compile(r"^(?:https?:)?//(?:www\.)?opendatacommons\.org/licenses/by(?:/|$)", re.I), "ODC-By-1.0"),
    (re.compile(r"^(?:https?:)?//(?:www\.)?opendatacommons\.org/licenses/odbl(?:/|$)", re.I), "ODbL-1.0"),
    (re.compile(r"^(?:https?:)?//(?:www\.)?opendatacommons\.org/licenses/pddl(?:/|$)", re.I), "PDDL-1.0"),
)


_SPDX_CC = {
    f"CC-{kind}-{version}"
    for kind in ("BY", "BY-SA", "BY-ND", "BY-NC", "BY-NC-SA", "BY-NC-ND")
    for version in ("1.0", "2.0", "2.5", "3.0", "4.0")
    if is_spdx_license_key(f"CC-{kind}-{version}")
}


def license_url_to_spdx(url: str) -> str | None:
    """SPDX identifier of a well-known licence URL, or None."""
    url = url.strip()
    match = _CC_LICENSE.match(url)
    if match:
        spdx = f"CC-{match.group(1).upper()}-{match.group(2)}"
        return spdx if spdx in _SPDX_CC else None
    for pattern, spdx in _OTHER_LICENSES:
        if pattern.match(url):
            return spdx
    return None


def page_license(html: str) -> str | None:
    """The licence a page declares with rel="license", as SPDX; None when it declares
    none we can name (several different ones: the first in the page)."""
    if "license" not in html and "License" not in html and "LICENSE" not in html:
        return None
    for tag in _REL_LICENSE_TAG.finditer(html):
        href = _HREF.search(tag.group(0))
        if href:
            spdx = license_url_to_spdx(next(group for group in href.groups() if group is not None))
            if spdx:
                return spdx
    return None
