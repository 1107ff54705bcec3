"""Language identification: Vietnamese with and without diacritics, other languages, code."""

from __future__ import annotations

import json
import lzma
import unicodedata
from itertools import islice

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import shared_data
from vicorpus.langid import analyze, identify
from vicorpus.langid.identify import reference_analyze


def _strip_diacritics(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


# Sentences written for these tests (not taken from any corpus).
OTHER_LANGUAGES = {
    "en": "The committee will publish its annual report on the state of public transport next week.",
    "fr": "Le conseil municipal a décidé de rénover la bibliothèque du quartier avant la fin de l'année.",
    "es": "El gobierno anunció nuevas medidas para apoyar a los pequeños agricultores de la región.",
    "pt": "A prefeitura vai abrir novas vagas nas escolas públicas a partir do próximo semestre.",
    "id": "Pemerintah daerah akan membangun jembatan baru untuk menghubungkan kedua desa tersebut.",
    "tl": "Ang mga magsasaka ay nagtanim ng palay sa bukid bago dumating ang tag-ulan ngayong taon.",
    "de": "Die Stadtverwaltung plant, im nächsten Jahr mehrere neue Radwege in der Innenstadt zu bauen.",
    "ru": "Городской совет принял решение отремонтировать библиотеку до конца этого года.",
    "zh": "市政府决定在今年年底之前翻修社区图书馆，并增加新的阅览室。",
    "ja": "市役所は来年、市内中心部に新しい自転車道をいくつか建設する予定です。",
    "th": "รัฐบาลประกาศมาตรการใหม่เพื่อช่วยเหลือเกษตรกรรายย่อยในภูมิภาค",
}

CODE_SAMPLES = [
    "def total(items):\n    return sum(item['price'] * item['qty'] for item in items if item)\n",
    '<div class="menu"><ul><li><a href="/tin-tuc">Tin tức</a></li><li><a href="/lien-he">Liên hệ</a></li></ul></div>',
    '{"id": 12, "tags": ["a", "b"], "meta": {"x": [1, 2, 3], "y": null}}',
    "for (int i = 0; i < n; i++) { if (a[i] > max) { max = a[i]; } }",
]


@pytest.mark.parametrize(("language", "text"), sorted(OTHER_LANGUAGES.items()))
def test_other_languages(language: str, text: str) -> None:
    assert identify(text)[0] == language


@pytest.mark.parametrize("text", CODE_SAMPLES)
def test_code_and_markup(text: str) -> None:
    assert identify(text)[0] == "code"


def test_no_letters_is_undetermined() -> None:
    assert identify("12/05/2024 - 0912 345 678 ... 100%") == ("und", 0.0)
    assert identify("") == ("und", 0.0)


def test_unaccented_vietnamese_is_flagged() -> None:
    result = analyze("Toi khong biet nguoi do la ai, nhung ho noi chuyen rat hay va vui ve")
    assert (result.language, result.vi_no_diacritics) == ("vi", True)
    result = analyze("Tôi không biết người đó là ai, nhưng họ nói chuyện rất hay và vui vẻ")
    assert (result.language, result.vi_no_diacritics) == ("vi", False)
    assert result.score > 0.9


def test_unaccented_vietnamese_without_function_syllables_when_every_token_is_a_syllable() -> None:
    # A headline without any function syllable: every one of its 5 tokens spells one.
    result = analyze("Nuoc song Thuong troi nhanh")
    assert (result.language, result.vi_no_diacritics) == ("vi", True)
    assert result.score == pytest.approx(0.5)  # 5 of FULL_SCORE_ALL_SYLLABLE_TOKENS (10)
    assert analyze("Nuoc song Thuong troi nhanh, hoa no vao mua xuan nam nay").score == 1.0
    # Four tokens are not enough for this rule; one token that is no syllable neither.
    assert not analyze("Nuoc song Thuong troi").vi_no_diacritics
    assert not analyze("Nuoc song Thuong troi nhanh Xiaomi").vi_no_diacritics
    # Short runs of Afrikaans stop words can be all syllables: the hardest case measured.
    assert analyze("kan na dit te").language != "vi"


def test_a_line_of_syllables_only_counts_in_the_vietnamese_line_share() -> None:
    text = "Nuoc song Thuong troi nhanh\nThe festival opens at nine in the morning and closes late in the evening."
    result = analyze(text)
    assert result.vi_line_share == pytest.approx(27 / (27 + 73))  # the characters of each line
    assert result.vi_line_share == reference_analyze(text).vi_line_share


def test_vietnamese_line_share_of_a_mixed_document() -> None:
    text = (
        "Hôm nay thành phố tổ chức lễ hội hoa xuân ở công viên trung tâm.\n"
        "The festival opens at nine in the morning and closes late in the evening.\n"
        "Người dân có thể tham quan miễn phí trong suốt ba ngày diễn ra lễ hội."
    )
    result = analyze(text)
    assert result.language == "vi"
    assert 0.55 < result.vi_line_share < 0.75


def test_one_line_vietnamese_found_by_the_general_model_is_all_vietnamese_lines() -> None:
    # Mostly typed without marks, one marked word: neither evidence rule decides (marked
    # share between 0.05 and 0.25), the general model says Vietnamese; the document is
    # one line, so its one line is Vietnamese too.
    result = analyze("hom nay troi mua to qua, minh o nha xem phim thoi, ai rảnh thi qua choi nhe")
    assert (result.language, result.vi_line_share) == ("vi", 1.0)
    english = analyze("The government announced new measures to support small businesses this year.")
    assert (english.language, english.vi_line_share) == ("en", 0.0)


def _news_paragraphs(limit: int) -> list[str]:
    with lzma.open(shared_data("baomoi-news-2017/baomoi_news.jsonl.xz"), "rt", encoding="utf-8") as handle:
        texts = [json.loads(line)["text"] for line in islice(handle, limit)]
    return [paragraph for text in texts for paragraph in text.split("\n") if len(paragraph) >= 80]


def test_vietnamese_recall_on_news_paragraphs_with_and_without_diacritics() -> None:
    paragraphs = _news_paragraphs(400)
    assert len(paragraphs) > 500
    with_marks = [analyze(paragraph) for paragraph in paragraphs]
    without = [analyze(_strip_diacritics(paragraph)) for paragraph in paragraphs]
    recall = sum(r.language == "vi" and not r.vi_no_diacritics for r in with_marks) / len(paragraphs)
    recall_plain = sum(r.language == "vi" and r.vi_no_diacritics for r in without) / len(paragraphs)
    print(f"vi recall {recall:.4f}, without diacritics {recall_plain:.4f} on {len(paragraphs)} paragraphs")
    assert recall >= 0.99
    assert recall_plain >= 0.95


def test_short_social_comments() -> None:
    with lzma.open(shared_data("social-comments-uit/uit_vsfc.jsonl.xz"), "rt", encoding="utf-8") as handle:
        comments = [json.loads(line)["text"] for line in islice(handle, 3000)]
    comments = [comment for comment in comments if len(comment.split()) >= 4]
    recall = sum(identify(comment)[0] == "vi" for comment in comments) / len(comments)
    print(f"vi recall on {len(comments)} student comments: {recall:.4f}")
    assert recall >= 0.98


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_never_raises_and_scores_in_range(text: str) -> None:
    result = analyze(text)
    assert 0.0 <= result.score <= 1.0 and 0.0 <= result.vi_line_share <= 1.0
    assert result.language
