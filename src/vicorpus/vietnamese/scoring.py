"""How Vietnamese a piece of text looks: the evidence for choosing between decodings.

A wrong decoding of legacy bytes produces letter sequences that break Vietnamese
phonotactics (``Céng``, ``ph¸t``); the right one produces valid syllables, most of them
with diacritics. Scores count syllables, decided by rules in ``syllables.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from vicorpus.vietnamese.syllables import is_valid_syllable

_WORD_RE = re.compile(r"(?:[^\W\d_]|[\u0300-\u036f])+")

# Characters that clean Vietnamese text (in any Unicode form) practically never holds
# but that text decoded with the wrong code page is full of: C1 controls, Latin-1 symbols
# and non-Vietnamese Latin-1 letters, the cp1252 extras. Common punctuation (‘ ’ “ ” – —
# … •), the no-break space and the Vietnamese Latin-1 letters (à á â ã è é ê ì í ò ó ô õ
# ù ú ý) are not suspicious.
_SUSPICIOUS = (
    "".join(map(chr, range(0x80, 0xA0)))
    + "¡¢£¤¥¦§¨©ª«¬\u00ad®¯°±²³´µ¶·¸¹º»¼½¾¿"
    + "ÄÅÆÇËÎÏÐÑÖ×ØÛÜÞßäåæçëîïðñö÷øûüþÿ"
    + "€‚ƒ„†‡ˆ‰Š‹ŒŽ˜™š›œžŸ"
)
# Capital Ì Ò and Þ: CP1258's grave, hook and tilde bytes read as Windows-1252. They
# only trigger a closer look: all-caps Vietnamese (HÒA BÌNH) has them too.
SUSPICIOUS_CHARACTERS = _SUSPICIOUS + "ÌÒÞ"
# CP1258 writes tones as separate bytes after the vowel; read as Windows-1252 they
# become Ì ì Ò Þ ò right after a vowel ("Nhâòt", "coì"), which Vietnamese never writes.
# Two patterns, not one alternation: a plain character class is scanned several times
# faster by the regex engine.
SUSPICIOUS_RE = re.compile(f"[{re.escape(_SUSPICIOUS)}]")
CP1258_TONE_RE = re.compile("[aeiouyâêôõýãAEIOUYÂÊÔÕÝÃ][ÌìÒÞò]")
# Letters only Vietnamese uses among Latin scripts (with their tones, after NFC).
_VIETNAMESE_MARKED_RE = re.compile(r"[ăâđêôơưĩũĂÂĐÊÔƠƯĨŨàáãèéìíòóõùúýÀÁÃÈÉÌÍÒÓÕÙÚÝ\u1ea0-\u1ef9]")


# Very frequent Vietnamese syllables (function words, numbers, calendar, public life),
# listed from general knowledge of the language: a tie-breaker between two decodings
# that both produce valid syllables (TCVN3 "thỏng" vs VPS "tháng").
COMMON_SYLLABLES = frozenset(
    """của và là có các những được trong cho một người với không này đã đến về năm tháng
    ngày từ theo khi cũng để như tại ra nhiều sẽ thì đó vào lại nhưng sau trên đang còn
    nước việt nam làm hơn nhà bị mới cùng điều phải chỉ nên đi thể hiện hội vì đồng nói
    tôi chúng họ anh chị em ông bà đây gì thành phố quốc tế công ty động học sinh thời
    gian trường hợp xã dân kinh tổ chức số bộ đại biểu việc tình trạng vụ án qua lên
    xuống giữa cao lớn nhỏ mình cả nếu hay rất đều vẫn chưa đầu tiên cuối phần trăm
    triệu tỷ giá thị dưới ngoài hai ba bốn sáu bảy tám chín mười nghìn lần quan trọng
    phát triển chính phủ tỉnh huyện lập quận tiếng sự mà nơi đất người tại bạn""".split()  # noqa: SIM905 - a word list reads better as text
)


@dataclass(frozen=True)
class Score:
    words: int  # letter runs
    valid: int  # of which valid Vietnamese syllables
    marked: int  # of which valid and carrying a Vietnamese-only letter or tone
    suspicious: int  # characters typical of a wrong decoding
    common: int = 0  # words among the most frequent Vietnamese syllables

    @property
    def rank(self) -> tuple[int, int, int]:
        """Order of preference between decodings of the same bytes."""
        return (self.valid, self.common, self.marked)

    @property
    def valid_share(self) -> float:
        return self.valid / self.words if self.words else 0.0

    @property
    def marked_share(self) -> float:
        return self.marked / self.words if self.words else 0.0


def score(text: str, *, non_ascii_only: bool = False) -> Score:
    """Count words, valid syllables, marked syllables and suspicious characters.

    ``non_ascii_only`` counts only words with a non-ASCII letter: decodings of the same
    bytes differ only there, and skipping the rest makes comparing them cheaper.
    """
    # Single letters are left out: a wrong decoding turns stray symbols (© ® €) into
    # lone toned vowels (ẹ ệ Ạ) that are valid syllables, while real text has few of them.
    words = [w for w in _WORD_RE.findall(text) if len(w) > 1 and not (non_ascii_only and w.isascii())]
    valid = marked = common = 0
    for word in words:
        word_valid, word_marked, word_common = _WORD_SCORES[word]
        valid += word_valid
        marked += word_marked
        common += word_common
    suspicious = len(SUSPICIOUS_RE.findall(text)) + len(CP1258_TONE_RE.findall(text))
    return Score(len(words), valid, marked, suspicious, common)


class _WordScores(dict[str, tuple[int, int, int]]):
    """word -> what it adds to (valid, marked, common): repair_line scores several readings
    of each suspicious line, and words repeat."""

    def __missing__(self, word: str) -> tuple[int, int, int]:
        if len(self) >= 1 << 16:  # bounded: the tail of a corpus vocabulary is unbounded
            self.clear()
        scores = (0, 0, 0)
        # Written Vietnamese words are lower case, Capitalized or ALL CAPS; a wrong
        # decoding mixes cases inside a word ("bĨ", "giỪa").
        if (word.islower() or word.isupper() or word.istitle()) and is_valid_syllable(word):
            marked = _VIETNAMESE_MARKED_RE.search(word) is not None
            scores = (1, int(marked), int(word.lower() in COMMON_SYLLABLES))
        self[word] = scores
        return scores


_WORD_SCORES = _WordScores()


def marked_letters(text: str) -> int:
    """How many letters only Vietnamese uses ``text`` holds: at least ``score(text).marked``
    (each marked word holds one)."""
    return len(_VIETNAMESE_MARKED_RE.findall(text))


TRIGGER_RE = re.compile(f"[{re.escape(SUSPICIOUS_CHARACTERS)}]")


def looks_suspicious(text: str) -> bool:
    """Any character a wrong decoding leaves behind: worth a closer look."""
    return TRIGGER_RE.search(text) is not None or CP1258_TONE_RE.search(text) is not None
