"""Quality signals and the quality filters: definitions, stage order, default keep rates."""

from __future__ import annotations

import json
import lzma
import random
from collections import Counter
from itertools import islice
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import output_bytes, read_rows, run_cli, shared_data, write_pipeline
from vicorpus.quality import SIGNAL_NAMES, quality_signals
from vicorpus.quality.reference import reference_signals
from vicorpus.quality.repetition import ngram_repetition
from vicorpus.schema import DROP_REASON
from vicorpus.stages.annotate.language import Language
from vicorpus.stages.annotate.quality_signals import QualitySignalsStage
from vicorpus.stages.base import Stage, StageKind
from vicorpus.stages.filters.language import LanguageFilter
from vicorpus.stages.filters.quality import C4Lines, FineWebQuality, GopherQuality, GopherRepetition
from vicorpus.text.basics import normalize_basic
from vicorpus.vietnamese import fix_text

# --- the Gopher repetition definitions, written out plainly as the oracle -------------


def _top_duplicate_chars(words: list[str], n: int) -> int:
    grams = [" ".join(words[i : i + n]) for i in range(len(words) - n + 1)]
    if not grams:
        return 0
    gram, count = Counter(grams).most_common(1)[0]
    return len(gram) * count


def _all_duplicate_chars(words: list[str], n: int) -> int:
    seen: set[str] = set()
    repeated = index = 0
    while index < len(words) - n + 1:
        gram = "".join(words[index : index + n])
        if gram in seen:
            repeated += len(gram)
            index += n
        else:
            seen.add(gram)
            index += 1
    return repeated


def test_ngram_repetition_matches_the_definitions() -> None:
    rng = random.Random(7)
    cases = [[rng.choice(["a", "bb", "c", "dd", "e"]) for _ in range(rng.randint(0, 60))] for _ in range(2000)]
    cases.append(["một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín", "mười"] * 4)
    for words in cases:
        length = max(sum(map(len, words)), 1)
        top, dup = ngram_repetition(words, length)
        assert top == pytest.approx([_top_duplicate_chars(words, n) / length for n in (2, 3, 4)])
        assert dup == pytest.approx([_all_duplicate_chars(words, n) / length for n in range(5, 11)])


def test_signals_of_a_small_text() -> None:
    text = "Hà Nội là thủ đô của Việt Nam.\n- Dòng một…\n- Dòng một…\n#tag #tag"
    signals = quality_signals(text)
    assert signals.line_count == 4
    assert signals.dup_line_share == pytest.approx(1 / 4)
    assert signals.bullet_line_share == pytest.approx(2 / 4)
    assert signals.bullet_list_line_share == 0.0  # both bullet lines end in "…", a sentence end
    assert signals.ellipsis_line_share == pytest.approx(2 / 4)
    assert signals.terminal_punct_line_share == pytest.approx(3 / 4)  # "…" ends a sentence
    assert signals.stopwords_fineweb2 == 3  # là, của, một
    assert signals.hash_ratio == pytest.approx(2 / signals.token_count)
    assert signals.valid_syllable_share > 0.7 and signals.diacritic_share > 0.5
    assert quality_signals("").token_count == 0


# --- filters over columns -------------------------------------------------------------


def _run_chain(texts: list[str], stages: list[Stage]) -> list[str | None]:
    """Each text's drop reason (None = kept) after the stages, as the runner applies them."""
    frame = pl.DataFrame({"text": [normalize_basic(fix_text(text))[0] for text in texts]}).with_row_index("row")
    reasons: dict[int, str] = {}
    for stage in stages:
        frame = stage(frame)
        if stage.kind is StageKind.FILTER:
            dropped = frame.filter(pl.col(DROP_REASON).is_not_null())
            reasons.update(zip(dropped["row"].to_list(), dropped[DROP_REASON].to_list(), strict=True))
            frame = frame.filter(pl.col(DROP_REASON).is_null()).drop(DROP_REASON)
    return [reasons.get(row) for row in range(len(texts))]


DEFAULT_CHAIN: list[Stage] = [
    Language(),
    QualitySignalsStage(),
    LanguageFilter(),
    GopherRepetition(),
    FineWebQuality(),
    GopherQuality(),
]


def _texts(relative: str, field: str, limit: int, step: int = 1) -> list[str]:
    """``limit`` records, every ``step``-th one (files sorted by title are spread out so)."""
    with lzma.open(shared_data(relative), "rt", encoding="utf-8") as handle:
        return [json.loads(line)[field] for line in islice(handle, 0, limit * step, step)]


@pytest.mark.parametrize(
    ("relative", "limit", "step"),
    [
        ("baomoi-news-2017/baomoi_news.jsonl.xz", 1000, 30),
        ("viwiki-undertheseanlp/viwiki.jsonl.xz", 1000, 7),
        ("vlc-legal-corpus/vlc_laws_raw.jsonl.xz", 50, 4),
    ],
)
def test_defaults_keep_97_percent_of_clean_text(relative: str, limit: int, step: int) -> None:
    """The default filters keep ≥ 97 % of clean news, Wikipedia and law text (samples
    spread over each corpus; the whole corpora are measured in docs/quality.md)."""
    texts = [text for text in _texts(relative, "text", limit, step) if text.strip()]
    reasons = _run_chain(texts, DEFAULT_CHAIN)
    kept = reasons.count(None) / len(reasons)
    print(relative, f"kept {kept:.4f}", Counter(reason for reason in reasons if reason))
    assert kept >= 0.97


def test_each_filter_names_its_reason() -> None:
    repeated = "Mua ngay hôm nay giá rẻ nhất thị trường. " * 40
    listy = "\n".join(f"- mục {i}" for i in range(60))
    english = "This is an English paragraph about the weather, which has been quite nice this week. " * 5
    code = "def main():\n    return {'a': [1, 2, 3]}\n" * 10
    lorem = "Lorem ipsum dolor sit amet. " + "Đây là một câu tiếng Việt bình thường, có đủ dấu và nghĩa. " * 10
    reasons = _run_chain([repeated, listy, english, code], DEFAULT_CHAIN)
    assert reasons[0] is not None and reasons[0].startswith(("dup_", "top_", "duplicated_"))
    assert reasons[1] is not None
    assert reasons[2] == "wrong_language" and reasons[3] == "wrong_language"
    assert _run_chain([lorem], [QualitySignalsStage(), C4Lines()]) == ["c4_lorem_ipsum"]


# An interview as Vietnamese news print them: every turn opens with a dash (project's own text).
_INTERVIEW = "\n".join(
    [
        "Ca sĩ trẻ nói về album đầu tay",
        "- Chị chuẩn bị cho album này trong bao lâu?",
        "- Gần hai năm. Tôi tự viết lời cho năm bài và thu âm lại nhiều lần.",
        "- Điều gì khó nhất trong quá trình đó?",
        "- Giữ được giọng hát ổn định khi vừa đi diễn vừa thu âm, vì lịch diễn rất dày.",
        "- Khán giả sẽ nghe thấy gì mới ở chị?",
        "- Những bài hát chậm hơn, kể chuyện nhiều hơn, gần với nhạc dân gian của quê tôi.",
        "- Chị có dự định đi lưu diễn không?",
        "- Có, chúng tôi sẽ đi ba thành phố vào mùa xuân năm sau.",
        "- Cảm ơn chị!",
        "- Cảm ơn các bạn đã quan tâm.",
    ]
)


def test_bullet_rule_counts_list_items_not_dialogue_turns() -> None:
    menu = "\n".join(f"- Chuyên mục {name}" for name in ("thời sự", "thế giới", "kinh doanh", "giải trí", "thể thao"))
    menu += "\n" + "\n".join(f"- Tin tức về {topic} hôm nay" for topic in ("giáo dục", "sức khỏe", "pháp luật"))
    signals = quality_signals(_INTERVIEW)
    assert signals.bullet_line_share == pytest.approx(10 / 11)
    assert signals.bullet_list_line_share == 0.0
    assert _run_chain([_INTERVIEW, menu], [QualitySignalsStage(), GopherQuality()]) == [None, "gopher_too_many_bullets"]
    gopher_count = GopherQuality(max_bullet_line_share=0.9)  # Gopher's own rule, every bulleted line
    assert _run_chain([_INTERVIEW], [QualitySignalsStage(), gopher_count]) == ["gopher_too_many_bullets"]


@pytest.mark.parametrize(
    ("line", "list_item"),
    [
        ("- Bão đổ bộ vào Philippines, 12 người bị thương. (AFP)", False),
        ("- Giá dầu tăng phiên thứ ba liên tiếp. (Theo Reuters)", False),
        ("- Giá dầu tăng phiên thứ ba liên tiếp.  (Ảnh: Reuters)", False),
        ("- Giá dầu tăng (AFP)", True),  # no sentence before the credit
        ("- Giá dầu tăng. (" + "x" * 40 + ")", True),  # too long for a credit
        ("- Xem thêm: (AFP)", True),
    ],
)
def test_a_credit_after_a_list_items_sentence_ends_it_as_a_sentence(line: str, list_item: bool) -> None:
    # World-news digests end every item with its agency: those lines are sentences, not
    # list items; the compiled count and the reference agree (test_quality_reference).
    signals = quality_signals(line)
    assert signals.bullet_line_share == 1.0
    assert signals.bullet_list_line_share == (1.0 if list_item else 0.0)
    assert reference_signals(line) == signals


def test_a_threshold_can_be_turned_off() -> None:
    text = "Một câu ngắn."
    assert _run_chain([text], [QualitySignalsStage(), GopherQuality()]) == ["gopher_short_doc"]
    assert _run_chain(
        [text], [QualitySignalsStage(), GopherQuality(min_syllables=None, min_function_syllables=None)]
    ) == [None]


# --- pipeline level -------------------------------------------------------------------


def test_filter_before_its_signals_is_a_config_error(tmp_path: Path) -> None:
    (tmp_path / "in.jsonl").write_text('{"text": "xin chào"}\n', encoding="utf-8")
    config = {
        "sources": [{"name": "s", "format": "jsonl", "path": "in.jsonl"}],
        "stages": [{"gopher_quality": {}}, {"language_filter": {"languages": []}}],
    }
    result = run_cli("run", write_pipeline(tmp_path, config), "--output", tmp_path / "out")
    assert result.returncode == 2
    assert "stages[0].gopher_quality: reads the columns of 'quality_signals'" in result.stderr
    assert "stages[1].language_filter.languages" in result.stderr
    assert not (tmp_path / "out").exists()


def test_pipeline_writes_signal_columns_and_reasons(tmp_path: Path) -> None:
    lines = [
        json.dumps({"text": text}, ensure_ascii=False)
        for text in _texts("baomoi-news-2017/baomoi_news.jsonl.xz", "text", 40)
    ]
    lines.append(json.dumps({"text": "Hello, this is an English page about nothing in particular at all."}))
    (tmp_path / "in.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    config = {
        "sources": [{"name": "s", "format": "jsonl", "path": "in.jsonl"}],
        "stages": [
            {"normalize": {}},
            {"language": {}},
            {"quality_signals": {}},
            {"language_filter": {}},
            {"gopher_quality": {}},
        ],
    }
    result = run_cli("run", write_pipeline(tmp_path, config), "--output", tmp_path / "out", "--quiet")
    assert result.returncode == 0, result.stderr
    kept = read_rows(tmp_path / "out" / "kept")
    rejected = read_rows(tmp_path / "out" / "rejected")
    assert {"language", "language_score", "syllable_count", "dup_10gram_char_share"} <= set(kept[0])
    assert all(row["language"] == "vi" for row in kept)
    assert [row["drop_reason"] for row in rejected if row["language"] == "en"] == ["wrong_language"]
    ledger = json.loads((tmp_path / "out" / "ledger.json").read_text())
    assert ledger["total"]["balanced"] and ledger["total"]["input"] == 41


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_signals_never_raise_and_shares_stay_in_range(text: str) -> None:
    signals = quality_signals(text)
    shares = [value for name, value in zip(SIGNAL_NAMES, signals.as_tuple(), strict=True) if name.endswith("share")]
    assert all(0.0 <= share <= 1.0 for share in shares)


def test_quality_chain_is_deterministic_across_workers(tmp_path: Path) -> None:
    """The language, quality and spam stages give byte-identical shards with 1 and 2
    workers and several tasks (per-process token tables and the langid model must not
    leak into results)."""
    texts = _texts("baomoi-news-2017/baomoi_news.jsonl.xz", "text", 300, 3)
    texts += _texts("viwiki-undertheseanlp/viwiki.jsonl.xz", "text", 80, 20)
    texts += ["Hello, this is an English page about nothing in particular at all, really."] * 3
    lines = [json.dumps({"text": text}, ensure_ascii=False) for text in texts]
    (tmp_path / "in.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    config = {
        "sources": [{"name": "s", "format": "jsonl", "path": "in.jsonl"}],
        "stages": [
            {"normalize": {}},
            {"language": {}},
            {"quality_signals": {}},
            {"language_filter": {}},
            {"spam_filter": {}},
            {"gopher_repetition": {}},
            {"fineweb_quality": {}},
            {"gopher_quality": {}},
        ],
        "task_bytes": 256 * 1024,
    }
    pipeline = write_pipeline(tmp_path, config)
    outputs = []
    for workers in ("1", "2"):
        out = tmp_path / f"out-{workers}"
        result = run_cli("run", pipeline, "--output", out, "--workers", workers, "--quiet")
        assert result.returncode == 0, result.stderr
        outputs.append(output_bytes(out))
    assert len(outputs[0]) > 3
    assert outputs[0] == outputs[1]
