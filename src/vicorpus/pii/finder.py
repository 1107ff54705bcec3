"""``find_pii`` and ``redact``: every detector, overlaps settled, spans in text order."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping

from vicorpus.pii.addresses import find_address_spans
from vicorpus.pii.identity import find_passport_spans
from vicorpus.pii.network import find_email_spans, find_ipv6_spans
from vicorpus.pii.scan import find_digit_led_spans
from vicorpus.pii.span_index import KeptSpans
from vicorpus.pii.spans import PiiKind, Span
from vicorpus.pii.spelled_phones import find_spelled_phone_spans

# Company tax codes are not personal data; street addresses are the least precise kind.
DEFAULT_KINDS = frozenset(PiiKind) - {PiiKind.COMPANY_TAX_CODE, PiiKind.STREET_ADDRESS}
DEFAULT_PLACEHOLDERS: Mapping[PiiKind, str] = {
    PiiKind.PHONE: "<PHONE>",
    PiiKind.EMAIL: "<EMAIL>",
    PiiKind.CITIZEN_ID: "<ID>",
    PiiKind.PASSPORT: "<PASSPORT>",
    PiiKind.TAX_CODE: "<TAX_CODE>",
    PiiKind.COMPANY_TAX_CODE: "<TAX_CODE>",
    PiiKind.BANK_CARD: "<CARD>",
    PiiKind.BANK_ACCOUNT: "<BANK_ACCOUNT>",
    PiiKind.LICENCE_PLATE: "<PLATE>",
    PiiKind.IP_ADDRESS: "<IP>",
    PiiKind.STREET_ADDRESS: "<ADDRESS>",
}
_DIGIT_LED_KINDS = frozenset(
    {
        PiiKind.PHONE,
        PiiKind.CITIZEN_ID,
        PiiKind.TAX_CODE,
        PiiKind.COMPANY_TAX_CODE,
        PiiKind.BANK_CARD,
        PiiKind.BANK_ACCOUNT,
        PiiKind.IP_ADDRESS,
        PiiKind.LICENCE_PLATE,
    }
)
# Detectors in priority order: where two spans overlap, the earlier detector's wins
# (an e-mail "0912345678@gmail.com" is not a phone).
_DETECTORS: tuple[tuple[frozenset[PiiKind], Callable[[str], Iterator[Span]]], ...] = (
    (frozenset({PiiKind.EMAIL}), find_email_spans),
    (frozenset({PiiKind.PASSPORT}), find_passport_spans),
    (_DIGIT_LED_KINDS, find_digit_led_spans),
    (frozenset({PiiKind.PHONE}), find_spelled_phone_spans),
    (frozenset({PiiKind.IP_ADDRESS}), find_ipv6_spans),
    (frozenset({PiiKind.STREET_ADDRESS}), find_address_spans),
)


def find_pii(text: str, kinds: Iterable[PiiKind | str] | None = None) -> list[Span]:
    """Personal data in ``text``: non-overlapping spans of the requested kinds, in order.

    ``kinds`` defaults to every kind except company tax codes and street addresses.
    A detector runs when any of its kinds is wanted and reports all of them, so turning a
    kind off never turns its spans into another kind (a company's tax code does not
    become a phone).
    """
    return _find(text, _wanted(kinds))


def redact(
    text: str,
    kinds: Iterable[PiiKind | str] | None = None,
    placeholder: Mapping[PiiKind, str] | str | None = None,
) -> tuple[str, list[Span]]:
    """``text`` with every span of ``find_pii`` replaced by its kind's placeholder.

    ``placeholder``: one string for all kinds, or a mapping kind → string (missing kinds
    take the defaults ``<PHONE>``, ``<EMAIL>``, ``<ID>``, …; no digits or "@"). Spans are
    returned in the coordinates of ``text``. The result is a fixed point: redacting it
    again finds nothing. For many texts, build a :class:`Redactor` once.
    """
    return Redactor(kinds, placeholder)(text)


class Redactor:
    """``redact`` with its settings checked once: ``Redactor(kinds, placeholder)(text)``."""

    def __init__(
        self, kinds: Iterable[PiiKind | str] | None = None, placeholder: Mapping[PiiKind, str] | str | None = None
    ) -> None:
        self.kinds = _wanted(kinds)
        self.placeholders = _placeholders(placeholder)
        for value in self.placeholders.values():
            if any(character.isdigit() or character == "@" for character in value):
                # Every span holds a digit or "@": placeholders without them make each
                # pass of __call__ remove some, so its loop ends.
                raise ValueError(f"placeholder {value!r} must not contain digits or '@'")

    def __call__(self, text: str) -> tuple[str, list[Span]]:
        found: list[Span] = []
        current = text
        # A second pass runs when the first found something: a redacted span can bring a
        # label closer to a number.
        while spans := _find(current, self.kinds):
            found = _merge(found, spans, self.placeholders)
            current = _replace(text, found, self.placeholders)
        return current, found


def _wanted(kinds: Iterable[PiiKind | str] | None) -> frozenset[PiiKind]:
    return DEFAULT_KINDS if kinds is None else frozenset(PiiKind(kind) for kind in kinds)


def _find(text: str, wanted: frozenset[PiiKind]) -> list[Span]:
    """Each detector's spans that overlap no span kept before them (an earlier detector's,
    or an earlier one of its own)."""
    kept: list[Span] = []
    earlier = KeptSpans()
    for detector_kinds, detector in _DETECTORS:
        if detector_kinds & wanted:
            own = KeptSpans()
            for span in detector(text):
                if not earlier.overlaps(span) and not own.overlaps(span):
                    own.add(span)
                    kept.append(span)
            earlier.absorb(own)
    return sorted((span for span in kept if span.kind in wanted), key=lambda span: span.start)


def _placeholders(placeholder: Mapping[PiiKind, str] | str | None) -> dict[PiiKind, str]:
    if isinstance(placeholder, str):
        return dict.fromkeys(PiiKind, placeholder)
    merged = dict(DEFAULT_PLACEHOLDERS)
    if placeholder is not None:
        merged.update({PiiKind(kind): value for kind, value in placeholder.items()})
    return merged


def _replace(text: str, spans: list[Span], placeholders: Mapping[PiiKind, str]) -> str:
    pieces: list[str] = []
    position = 0
    for span in spans:
        pieces.append(text[position : span.start])
        pieces.append(placeholders[span.kind])
        position = span.end
    pieces.append(text[position:])
    return "".join(pieces)


def _merge(found: list[Span], new: list[Span], placeholders: Mapping[PiiKind, str]) -> list[Span]:
    """Map spans found in the redacted text back to the original and add them.

    ``found`` (in the original) and ``new`` (in the redacted text) are both in text order:
    one walk through ``found`` gives each new span the shift of the placeholders before it.
    """
    mapped: list[Span] = []
    shift = before = 0  # the shift of found[:before], the placeholders that start before the span
    for span in new:
        while before < len(found) and found[before].start + shift < span.start:
            old = found[before]
            shift += len(placeholders[old.kind]) - (old.end - old.start)
            before += 1
        mapped.append(Span(span.start - shift, span.end - shift, span.kind, span.text))
    return sorted([*found, *mapped], key=lambda span: span.start)
