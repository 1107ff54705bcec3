"""E-mail and IP addresses.

IPv4 in Vietnamese text collides with dotted numbers: amounts ("2.100.100.100 đồng"),
section numbers ("2.1.1.1") and versions. A dotted quad is taken without a context word
only when it parses (each part 0-255, no leading zeros; ``ipaddress``) and is not
thousands-shaped (parts after the first all 3 digits) and not all one- or two-digit
parts; otherwise only after "IP", "máy chủ", "server", "DNS", …
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator

from vicorpus.pii import context
from vicorpus.pii.context import words
from vicorpus.pii.spans import PiiKind, Span

_EMAIL = re.compile(
    # The local part may end in dots: news masks addresses as "lanphuong...@gmail.com".
    r"(?<![\w.+\-])[A-Za-z0-9][A-Za-z0-9._%+\-]{0,63}"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![\w\-]|\.[A-Za-z0-9])"
)
# The address after its first digit (``scan.py`` matches that digit and the boundary).
IPV4_AFTER_FIRST_DIGIT = r"\d{0,2}\.\d{1,3}\.\d{1,3}\.\d{1,3}(?![\w]|\.\d)"
_IPV6 = re.compile(r"(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![\w:])")
# Starts with a literal, so ``re`` finds it at memchr speed.
_IPV6_HINT = re.compile(r":[0-9A-Fa-f]{0,4}:")
_VERSION_CONTEXT = words(r"phi[êe]n b[ảa]n", r"version", r"b[ảa]n", r"v", r"build")
IP_CONTEXT = words(
    r"ip",
    r"ipv4",
    r"[đd][ịi]a ch[ỉi] ip",
    r"m[áa]y ch[ủu]",
    r"server",
    r"host",
    r"dns",
    r"gateway",
    r"router",
    r"modem",
    r"proxy",
)


def find_email_spans(text: str) -> Iterator[Span]:
    if "@" not in text:
        return
    for match in _EMAIL.finditer(text):
        yield Span(match.start(), match.end(), PiiKind.EMAIL, match.group())


def ipv4_span(text: str, start: int, end: int) -> Span | None:
    if start > 0 and text[start - 1] == ".":
        return None
    candidate = text[start:end]
    parts = candidate.split(".")
    if any(len(part) > 1 and part[0] == "0" for part in parts) or any(int(part) > 255 for part in parts):
        return None
    if parts[0] == "255":
        return None  # a subnet mask, not an address
    ambiguous = all(len(part) == 3 for part in parts[1:]) or all(len(part) <= 2 for part in parts)
    if ambiguous and not context.before(text, start, IP_CONTEXT):
        return None
    if context.before(text, start, _VERSION_CONTEXT):
        return None  # "phiên bản 1.0.154.36"
    return Span(start, end, PiiKind.IP_ADDRESS, candidate)


def find_ipv6_spans(text: str) -> Iterator[Span]:
    if _IPV6_HINT.search(text) is None:
        return
    for match in _IPV6.finditer(text):
        candidate = match.group()
        if candidate.count(":") < 2 or not any(c.isdigit() for c in candidate):
            continue
        try:
            ipaddress.IPv6Address(candidate)
        except ValueError:
            continue
        if "::" not in candidate and candidate.count(":") < 7:
            continue
        yield Span(match.start(), match.end(), PiiKind.IP_ADDRESS, candidate)
