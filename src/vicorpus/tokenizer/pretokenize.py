"""Vietnamese-aware pre-tokenization: where the tokenizer may cut, before any merge is learnt.

Written Vietnamese puts a space between syllables (``người Việt Nam``), so a syllable is
the natural unit: the text is cut into letter runs, each with the space before it (as
GPT-2 does, Radford et al. 2019, §2.2), and a learnt token never spans two syllables nor
cuts one at this stage. Every piece is built from ``tokenizers`` components only (NFC
normalizer, ``Split`` with a regex, ``ByteLevel``), with no Python callback, so the
saved ``tokenizer.json`` loads anywhere ``tokenizers`` or ``transformers`` runs.

The choices:

- **NFC first.** ``ệ`` typed as ``e + ◌̣ + ◌̂`` (NFD, common in text from macOS and some
  IMEs) and precomposed ``ệ`` must be one symbol, or the vocabulary learns every
  syllable twice. Combining marks (``\\p{M}``) also belong to the letter class, so a mark
  NFC cannot compose stays inside its syllable instead of becoming a token of its own.
- **A letter run is one piece**, whatever the script: ``[\\p{L}\\p{M}]+`` with an optional
  leading space. Tones and vowel marks are part of the letter in NFC (``ộ`` is one code
  point), so a syllable is never cut between its letters and its marks.
- **Digits one by one.** Each digit is its own piece (the first may carry the space):
  numbers then cost one token per digit but are spelt the same way everywhere, which helps
  arithmetic (PaLM, Chowdhery et al. 2022, §2; LLaMA, Touvron et al. 2023, §2.1 split
  numbers into digits; Mistral's Tekken pattern does too, ``\\p{N}`` in
  ``mistral_common/data/tekken_240911.json``). Groups of three, as in cl100k/o200k,
  would not follow Vietnamese thousands groups either: ``1250000`` cut from the left
  gives ``125|000|0``, while ``1.250.000`` already splits on its dots.
- **Punctuation and symbols** form runs of their own (``...``, ``"``), with the space
  before them and line breaks after them attached, as in OpenAI's cl100k_base pattern
  (``tiktoken_ext/openai_public.py``).
- **Whitespace**: line breaks with the spaces before them form one piece; a run of spaces
  leaves its last space to the next word (the GPT-2 rule ``\\s+(?!\\S)``).
- **Byte-level** (``ByteLevel``, Radford et al. 2019) after the split: the 256 byte
  symbols are in every vocabulary, so no text is ever out of vocabulary (emoji, Chinese
  names, stray control characters), with no ``<unk>`` at inference.
"""

from __future__ import annotations

from typing import Any, Final

from vicorpus.tokenizer.backend import require_tokenizers

PATTERN: Final = (
    r" ?[\p{L}\p{M}]+"  # a syllable, or a word of another script, with the space before it
    r"| ?\p{N}"  # one digit
    r"| ?[^\s\p{L}\p{M}\p{N}]+[\r\n]*"  # punctuation and symbols, line breaks after them
    r"|\s*[\r\n]+"  # line breaks, with the spaces before them
    r"|\s+(?!\S)"  # spaces, leaving the last one to the next piece
    r"|\s+"
)


def normalizer() -> Any:
    """NFC, the form a syllable is learnt in."""
    tk = require_tokenizers()
    return tk.normalizers.NFC()


def splitter() -> Any:
    """The regex split alone: pieces in readable text (before the byte-level mapping)."""
    tk = require_tokenizers()
    return tk.pre_tokenizers.Split(tk.Regex(PATTERN), behavior="isolated", invert=False)


def pre_tokenizer() -> Any:
    """The split, then each piece as byte-level symbols (``ByteLevel`` without its own regex)."""
    tk = require_tokenizers()
    byte_level = tk.pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False)
    return tk.pre_tokenizers.Sequence([splitter(), byte_level])


def pre_tokenize(text: str) -> list[tuple[str, tuple[int, int]]]:
    """The pieces of ``text`` after NFC, as readable text with their offsets in the NFC text.

    For tests and for looking at what the tokenizer sees; training uses the same
    components through :func:`normalizer` and :func:`pre_tokenizer`.
    """
    normalized = normalizer().normalize_str(text)
    pieces: list[tuple[str, tuple[int, int]]] = splitter().pre_tokenize_str(normalized)
    return pieces
