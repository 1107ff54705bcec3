"""Pure Vietnamese text functions: they work on a single ``str`` (or ``bytes``) and know
nothing of pipelines.

- :func:`decode` / :func:`detect_encoding` — bytes in UTF-8, UTF-16, CP1258, TCVN3,
  VNI, VISCII, VPS or VIQR to NFC Unicode;
- :func:`fix_text` / :func:`fix_text_with_report` — repair decoded text (legacy text and
  UTF-8 read with the wrong code page, character references, NFD, look-alike letters,
  invisible characters, misplaced tones) and apply a tone style;
- :func:`is_valid_syllable` and :func:`syllables` — Vietnamese phonotactics;
- :func:`normalize_tones` — tone placement alone.
"""

from vicorpus.vietnamese.detect import ENCODINGS, decode, detect_encoding
from vicorpus.vietnamese.fix import TONE_STYLES, FixReport, fix_text, fix_text_with_report
from vicorpus.vietnamese.syllables import is_valid_syllable, syllables
from vicorpus.vietnamese.tones import normalize_tones

__all__ = [
    "ENCODINGS",
    "TONE_STYLES",
    "FixReport",
    "decode",
    "detect_encoding",
    "fix_text",
    "fix_text_with_report",
    "is_valid_syllable",
    "normalize_tones",
    "syllables",
]
