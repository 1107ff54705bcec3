"""Registrable domain of a host ("m.vnexpress.net" → "vnexpress.net", "a.b.gov.vn" →
"b.gov.vn"), from the Public Suffix List shipped inside the ``publicsuffixlist`` package
(no download at run time)."""

from __future__ import annotations

import ipaddress
from functools import cache, lru_cache

from publicsuffixlist import PublicSuffixList


@cache
def _suffix_list() -> PublicSuffixList:
    # Parsed on first use (~50 ms): most runs read sources without URLs.
    return PublicSuffixList()


@lru_cache(maxsize=1 << 16)
def registrable_domain(host: str) -> str:
    """The registrable domain, or the host itself for IP addresses, single labels
    ("localhost") and hosts that are a public suffix."""
    host = host.strip(".").lower()
    try:
        ipaddress.ip_address(host)
    except ValueError:
        pass
    else:
        return host
    return _suffix_list().privatesuffix(host) or host
