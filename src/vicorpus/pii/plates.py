"""Vehicle licence plates (biển số xe; Thông tư 24/2023/TT-BCA and earlier circulars).

A plate starts with the 2-digit code of the registering locality (11-99), then a series
of one or two Latin capitals (motorbikes add a digit: ``K1``; electric motorbikes
``MĐ``), then the number: five digits written ``123.45`` or four/five digits
``1234``/``12345``. Written forms found in news: ``51C-431.37``, ``37K1 648.69``,
``99E1-329.39``, ``86C-04783``, ``27B.00122``, ``29LD-012.34``, ``65A - 000.09``. Without the dot the separator before
the number is required, so part numbers and codes such as ``15A1234`` are left alone.
"""

from __future__ import annotations

from vicorpus.pii.spans import PiiKind, Span

# The plate after its first digit (``scan.py`` matches that digit and the boundary).
PLATE_AFTER_FIRST_DIGIT = (
    r"\d[ \-]?(?:[A-Z]{1,2}|MĐ)\d?"
    # Separators as typed: "51C-431.37", "65A - 000.09", "65A- 000.54", "29B 148. 08", "27B.00122".
    r"(?:(?: ?[.\-] ?| )?\d{3}\. ?\d{2}|(?: ?[.\-] ?| )\d{4,5})(?![\w\-/]|\.\d)"
)


def plate_span(text: str, start: int, end: int) -> Span | None:
    if int(text[start : start + 2]) < 11 or (start > 0 and text[start - 1] in ".-"):
        return None
    return Span(start, end, PiiKind.LICENCE_PLATE, text[start:end])
