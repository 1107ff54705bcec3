"""Registrable domain of a host ("m.vnexpress.net" → "vnexpress.net", "a.b.gov.vn" →
"b.gov.vn"), from the Public Suffix List shipped inside the ``publicsuffixlist`` package
(no download at run time)."""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from publicsuffixlist import PublicSuffixList

_LIST = PublicSuffixList()


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
    return _LIST.privatesuffix(host) or host
