"""Vietnamese stop words, as syllables.

``FINEWEB2_STOPWORDS``: the 13 words of FineWeb-2's ``vie_Latn`` filter configuration
(``stopwords`` in its published per-language settings). Gopher's rule, as datatrove applies
it, counts how many *distinct* ones a document holds (at least 2 to pass).

``FUNCTION_SYLLABLES``: a larger list, written for vicorpus: the grammatical syllables
of Vietnamese — copulas and aspect markers (là, đã, đang, sẽ, được, bị), prepositions
(của, trong, với, cho, từ, về, ở, tại, theo, trên, dưới, sau, trước), conjunctions
(và, hoặc, nhưng, mà, nếu, thì, vì, nên, để, khi), classifiers and quantifiers (các,
những, một, mỗi, mọi, cái, con, chiếc), demonstratives (này, đó, kia, ấy), pronouns
(tôi, chúng, ta, họ, ông, bà, anh, chị, em, mình, người), negation and degree (không,
chưa, chẳng, rất, cũng, đều, còn, lại, vẫn, chỉ, nhiều, ít) and question words (gì,
nào, sao, đâu). Why a larger list: the 13 words count words of a word tokenizer and
include two content words (năm "year", loài "species") that favour news and
encyclopaedia text; function syllables occur in every register of running Vietnamese
(news, law, forum posts, transcripts) and are rare in lists, tables, spam keyword
stuffing and other languages, which is what the count is for.
"""

from __future__ import annotations

from typing import Final

FINEWEB2_STOPWORDS: Final = frozenset(
    ("là", "và", "của", "một", "được", "trong", "năm", "các", "có", "loài", "này", "đã", "người")
)

FUNCTION_SYLLABLES: Final = frozenset(
    [
        "là",
        "và",
        "của",
        "một",
        "được",
        "trong",
        "các",
        "có",
        "này",
        "đã",
        "người",
        "những",
        "cho",
        "với",
        "không",
        "thì",
        "mà",
        "để",
        "khi",
        "từ",
        "về",
        "ở",
        "tại",
        "theo",
        "trên",
        "dưới",
        "sau",
        "trước",
        "giữa",
        "qua",
        "đến",
        "ra",
        "vào",
        "lên",
        "xuống",
        "bằng",
        "như",
        "hoặc",
        "hay",
        "nhưng",
        "nếu",
        "vì",
        "nên",
        "do",
        "bởi",
        "tuy",
        "dù",
        "song",
        "còn",
        "lại",
        "vẫn",
        "cũng",
        "đều",
        "chỉ",
        "rất",
        "quá",
        "lắm",
        "nhiều",
        "ít",
        "mỗi",
        "mọi",
        "cả",
        "cái",
        "chiếc",
        "con",
        "đó",
        "kia",
        "ấy",
        "nọ",
        "đây",
        "đấy",
        "vậy",
        "thế",
        "sẽ",
        "đang",
        "bị",
        "chưa",
        "chẳng",
        "chả",
        "đừng",
        "hãy",
        "nhé",
        "nhỉ",
        "à",
        "ạ",
        "ơi",
        "tôi",
        "ta",
        "chúng",
        "họ",
        "nó",
        "mình",
        "ông",
        "bà",
        "anh",
        "chị",
        "em",
        "bạn",
        "gì",
        "nào",
        "sao",
        "đâu",
        "ai",
        "bao",
        "mấy",
        "phải",
        "cần",
        "nữa",
        "rồi",
        "luôn",
        "ngay",
        "thêm",
    ]
)
