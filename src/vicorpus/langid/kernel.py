"""Vietnamese evidence of a whole batch, per document and per line, in one compiled pass.

Counts what :func:`vicorpus.langid.vietnamese.document_evidence` counts (the plain-Python
specification; the tests hold the two equal) from the word codes of a tokenized batch.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numba import njit

from vicorpus.quality.kernels import ALPHABETIC, MARKED, PLAIN_FUNCTION, UNACCENTED, VALID, VIETNAMESE_ONLY

# Columns of the matrix ``evidence_counts`` returns.
EVIDENCE_NAMES = (
    "alphabetic",
    "valid",
    "marked",
    "plain_function",
    "unaccented",
    "vietnamese_only",
    "lines",
    "counted_line_chars",
    "vietnamese_line_chars",
)


@njit(cache=True)
def _is_vietnamese_line(counts: Any, thresholds: Any) -> bool:
    alphabetic = counts[0]
    marked_share = counts[2] / alphabetic
    if marked_share >= thresholds[0] and counts[5] > 0:
        return True
    if marked_share > thresholds[1]:
        return False
    plain: bool = (counts[4] / alphabetic >= thresholds[2] and counts[3] / alphabetic >= thresholds[3]) or (
        alphabetic >= thresholds[4] and counts[4] == alphabetic
    )
    return plain


@njit(cache=True)
def evidence_counts(
    doc_offsets: Any,
    token_offsets: Any,
    word_start: Any,
    codes: Any,
    newlines: Any,
    line_offsets: Any,
    thresholds: Any,
    min_line_tokens: int,
) -> Any:
    """Per document: the evidence counts of all its tokens, its number of lines, and the
    characters of its lines with ≥ ``min_line_tokens`` alphabetic tokens, all of them and
    those judged Vietnamese. ``thresholds``: min marked share, max plain marked share,
    min plain valid share, min plain function share, min tokens of a line where every
    token spells a syllable (``langid.vietnamese``). The lines
    end at the tokenizer's ``newlines`` (``TokenizedBatch``) and at the document's end."""
    documents = doc_offsets.size - 1
    out = np.zeros((documents, len(EVIDENCE_NAMES)), dtype=np.int64)
    line = np.zeros(6, dtype=np.int64)
    for doc in range(documents):
        row = out[doc]
        start, end = doc_offsets[doc], doc_offsets[doc + 1]
        token, last_token = token_offsets[doc], token_offsets[doc + 1]
        line_start = start
        last_break = line_offsets[doc + 1]
        for line_break in range(line_offsets[doc], last_break + 1):
            line_end = newlines[line_break] if line_break < last_break else end
            row[6] += 1
            line[:] = 0
            while token < last_token and word_start[token] < line_end:
                code = codes[token]
                token += 1
                if (code & ALPHABETIC) == 0:
                    continue
                line[0] += 1
                line[1] += 1 if (code & VALID) != 0 else 0
                line[2] += 1 if (code & MARKED) != 0 else 0
                line[3] += 1 if (code & PLAIN_FUNCTION) != 0 else 0
                line[4] += 1 if (code & UNACCENTED) != 0 else 0
                line[5] += 1 if (code & VIETNAMESE_ONLY) != 0 else 0
            for column in range(6):
                row[column] += line[column]
            if line[0] >= min_line_tokens:
                row[7] += line_end - line_start
                if _is_vietnamese_line(line, thresholds):
                    row[8] += line_end - line_start
            line_start = line_end + 1
    return out
