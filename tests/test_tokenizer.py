"""``vicorpus train-tokenizer``: pre-tokenization, determinism, HF format, fertility, bad input."""

from __future__ import annotations

import errno
import importlib.util
import json
import random
import re
import sys
import tempfile
import unicodedata
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import vicorpus.commands.train_tokenizer as command_module
from conftest import shared_data
from vicorpus.commands.train_tokenizer import format_report, train_tokenizer_command
from vicorpus.errors import ConfigError
from vicorpus.tokenizer import baselines, corpus, pre_tokenize, train_tokenizer_from_run, training
from vicorpus.tokenizer.fertility import TextUnits, count_words
from vicorpus.vietnamese.syllables import syllables

# vicorpus imports without the optional HF tokenizers package; training needs it.
needs_tokenizers = pytest.mark.skipif(
    importlib.util.find_spec("tokenizers") is None, reason="needs the tokenizer extra (HF tokenizers)"
)

# Common syllables, to write Vietnamese-looking text of any length without shared data.
SYLLABLES = (  # noqa: SIM905 - one string reads better than 90 quoted items
    "người việt nam hà nội thành phố hồ chí minh năm của và là có được trong cho với các những "
    "một không đã đến từ này khi về sẽ cũng như thì ra nước bộ công an tỉnh huyện xã dân số "
    "triệu đồng giá tăng giảm thị trường kinh tế chính phủ quốc hội ông bà anh chị em học sinh "
    "trường đại học bệnh viện bác sĩ điều trị xe máy tai nạn giao thông đường phố mưa bão lũ"
).split()
FILES = ("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "fertility.json")


def vietnamese_text(rng: random.Random, sentences: int) -> str:
    out = []
    for _ in range(sentences):
        words = [rng.choice(SYLLABLES) for _ in range(rng.randint(5, 18))]
        if rng.random() < 0.3:
            words.insert(rng.randrange(len(words)), str(rng.randint(1, 2_000_000)))
        sentence = " ".join(words)
        out.append(sentence[0].upper() + sentence[1:] + rng.choice([".", ",", "!", "?", "..."]))
    return " ".join(out)


def make_run(folder: Path, docs: list[tuple[str, str]], shards: int = 2) -> Path:
    """A minimal finished run: kept/part-*.parquet (id, text, source) and ledger.json."""
    (folder / "kept").mkdir(parents=True)
    size = max(1, -(-len(docs) // shards))
    for index, start in enumerate(range(0, max(len(docs), 1), size)):
        chunk = docs[start : start + size]
        table = pa.table(
            {
                "id": pa.array([doc_id for doc_id, _ in chunk], pa.string()),
                "text": pa.array([text for _, text in chunk], pa.string()),
                "source": pa.array(["test"] * len(chunk), pa.string()),
            }
        )
        pq.write_table(table, folder / "kept" / f"part-{index:05d}.parquet")
    (folder / "ledger.json").write_text(json.dumps({"balanced": True}), encoding="utf-8")
    (folder / "manifest.json").write_text("{}", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def synthetic_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    rng = random.Random(7)
    docs = [(f"doc-{i}", vietnamese_text(rng, 12)) for i in range(300)]
    return make_run(tmp_path_factory.mktemp("run") / "out", docs)


# --- pre-tokenization ---------------------------------------------------------------------


def letter_run_spans(text: str) -> list[tuple[int, int]]:
    """Runs of letters and combining marks (Unicode categories L* and M*): syllables, and
    words of other scripts."""
    spans, start = [], None
    for index, char in enumerate(text + " "):
        is_letter = unicodedata.category(char)[0] in "LM"
        if is_letter and start is None:
            start = index
        elif not is_letter and start is not None:
            spans.append((start, index))
            start = None
    return spans


def assert_syllables_whole(text: str) -> None:
    pieces = pre_tokenize(text)
    normalized = unicodedata.normalize("NFC", text)
    assert "".join(piece for piece, _ in pieces) == normalized  # nothing lost or added
    for piece, (start, end) in pieces:
        assert normalized[start:end] == piece
        assert unicodedata.is_normalized("NFC", piece)
    for start, end in letter_run_spans(normalized):
        holders = [p for p, (s, e) in pieces if s <= start and end <= e]
        assert len(holders) == 1, f"syllable {normalized[start:end]!r} is cut: {pieces}"
    for piece, _ in pieces:  # and no piece holds two syllables
        assert len(letter_run_spans(piece)) <= 1, piece


@needs_tokenizers
def test_pre_tokenization_of_a_sentence() -> None:
    pieces = [piece for piece, _ in pre_tokenize("Năm 2017, Hà Nội có 8,5 triệu dân...\n\nÔng nói: “Được!”")]
    assert pieces == [
        "Năm",
        " 2",
        "0",
        "1",
        "7",
        ",",
        " Hà",
        " Nội",
        " có",
        " 8",
        ",",
        "5",
        " triệu",
        " dân",
        "...\n\n",
        "Ông",
        " nói",
        ":",
        " “",
        "Được",
        "!”",
    ]


@needs_tokenizers
def test_pre_tokenization_composes_nfd_into_whole_syllables() -> None:
    nfd = unicodedata.normalize("NFD", "Người Việt ở Đắk Lắk nghiêng về phía trước")
    assert nfd != unicodedata.normalize("NFC", nfd)
    pieces = [piece for piece, _ in pre_tokenize(nfd)]
    assert pieces == ["Người", " Việt", " ở", " Đắk", " Lắk", " nghiêng", " về", " phía", " trước"]
    assert_syllables_whole(nfd)


_ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
_pieces = st.one_of(
    st.text(alphabet=_ALPHABET + _ALPHABET.upper(), min_size=1, max_size=7),
    st.text(alphabet="0123456789", min_size=1, max_size=8),
    st.text(alphabet=".,;:!?\"'()[]-–…%/“”", min_size=1, max_size=3),
    st.sampled_from([" ", "  ", "\n", "\n\n", "\t", " \n"]),
    st.text(min_size=1, max_size=3),  # anything: emoji, other scripts, control characters
)


@needs_tokenizers
@settings(max_examples=300, deadline=None)
@given(st.lists(_pieces, max_size=25).map("".join), st.booleans())
def test_no_syllable_is_ever_cut_at_pre_tokenization(text: str, decompose: bool) -> None:
    assert_syllables_whole(unicodedata.normalize("NFD", text) if decompose else text)


@needs_tokenizers
def test_syllables_of_real_news_stay_whole() -> None:
    path = shared_data("baomoi-news-2017/baomoi_news_sample500.jsonl")
    with path.open(encoding="utf-8") as handle:
        for line in list(handle)[:40]:
            assert_syllables_whole(json.loads(line)["text"])


# --- training, format, determinism --------------------------------------------------------


@needs_tokenizers
@pytest.mark.parametrize("model", ["bpe", "unigram"])
def test_training_twice_gives_identical_bytes(synthetic_run: Path, tmp_path: Path, model: training.Model) -> None:
    first = train_tokenizer_from_run(synthetic_run, tmp_path / "a", vocab_size=600, model=model, baselines=[])
    second = train_tokenizer_from_run(synthetic_run, tmp_path / "b", vocab_size=600, model=model, baselines=[])
    for name in FILES:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    assert first.vocab_size == second.vocab_size <= 600  # a small corpus may not fill a Unigram vocabulary
    assert first.vocab_size == 600 or model == "unigram"
    assert sorted(path.name for path in first.files) == sorted(FILES)


@needs_tokenizers
def test_saved_tokenizer_loads_and_round_trips(synthetic_run: Path, tmp_path: Path) -> None:
    import tokenizers

    train_tokenizer_from_run(synthetic_run, tmp_path / "tok", vocab_size=800, baselines=[])
    tokenizer = tokenizers.Tokenizer.from_file(str(tmp_path / "tok" / "tokenizer.json"))
    saved = json.loads((tmp_path / "tok" / "tokenizer.json").read_text(encoding="utf-8"))
    # only built-in components: the file loads anywhere tokenizers does
    assert [step["type"] for step in saved["pre_tokenizer"]["pretokenizers"]] == ["Split", "ByteLevel"]
    assert saved["normalizer"]["type"] == "NFC"
    text = unicodedata.normalize("NFD", "Ngày 2/9/1945, Chủ tịch Hồ Chí Minh đọc Tuyên ngôn Độc lập 🇻🇳 北京")
    encoding = tokenizer.encode(text)
    assert tokenizer.decode(encoding.ids) == unicodedata.normalize("NFC", text)
    assert tokenizer.token_to_id("<unk>") not in encoding.ids  # byte-level: nothing is unknown
    assert [tokenizer.token_to_id(t) for t in ("<unk>", "<s>", "</s>", "<pad>")] == [0, 1, 2, 3]
    config = json.loads((tmp_path / "tok" / "tokenizer_config.json").read_text(encoding="utf-8"))
    assert config["tokenizer_class"] == "PreTrainedTokenizerFast" and config["eos_token"] == "</s>"


@needs_tokenizers
def test_transformers_loads_the_folder(synthetic_run: Path, tmp_path: Path, offline: None) -> None:
    transformers = pytest.importorskip("transformers")
    train_tokenizer_from_run(synthetic_run, tmp_path / "tok", vocab_size=800, baselines=[])
    fast = transformers.PreTrainedTokenizerFast(tokenizer_file=str(tmp_path / "tok" / "tokenizer.json"))
    auto = transformers.AutoTokenizer.from_pretrained(str(tmp_path / "tok"))
    text = "Thành phố Hồ Chí Minh có hơn 9 triệu dân."
    ids = fast(text)["input_ids"]
    assert auto(text)["input_ids"] == ids
    assert auto.decode(ids) == text
    assert (auto.eos_token, auto.pad_token, auto.unk_token) == ("</s>", "<pad>", "<unk>")


@needs_tokenizers
def test_unigram_model_trains_and_loads(synthetic_run: Path, tmp_path: Path) -> None:
    import tokenizers

    report = train_tokenizer_from_run(synthetic_run, tmp_path / "tok", vocab_size=700, model="unigram", baselines=[])
    tokenizer = tokenizers.Tokenizer.from_file(str(tmp_path / "tok" / "tokenizer.json"))
    assert json.loads(tokenizer.to_str())["model"]["type"] == "Unigram"
    text = "Bệnh viện Bạch Mai điều trị 1.250 bệnh nhân."
    assert tokenizer.decode(tokenizer.encode(text).ids) == text
    assert report.ours.tokens_per_syllable is not None
    assert report.ours.tokens < report.baseline("byte-level").tokens


# --- fertility ----------------------------------------------------------------------------


def test_units_are_counted_as_documented() -> None:
    text = "(Hà Nội) – giá tăng 8,5 % so với COVID-19; Facebook"
    assert syllables(text) == ["Hà", "Nội", "giá", "tăng", "so", "với", "COVID", "Facebook"]
    assert count_words(text) == 9  # (Hà, Nội), giá, tăng, 8,5, so, với, COVID-19;, Facebook
    units = TextUnits()
    units.add(text)
    assert (units.syllables, units.words, units.chars) == (8, 9, len(text))
    assert units.vietnamese_syllables == 6  # COVID and Facebook are letter runs, not Vietnamese syllables


@needs_tokenizers
def test_fertility_report_is_consistent(synthetic_run: Path, tmp_path: Path) -> None:
    report = train_tokenizer_from_run(synthetic_run, tmp_path / "tok", vocab_size=800, baselines=[])
    held = report.held_out
    assert held.documents >= 1 and held.chars > 0 and held.syllables > 0
    assert report.training_documents + held.documents == 300  # every document used once
    byte = report.baseline("byte-level")
    assert byte.tokens_per_1k_chars == pytest.approx(1000 * byte.tokens / held.chars)
    assert byte.tokens > held.chars  # é is 2 bytes in UTF-8, ệ 3
    assert report.ours.tokens_per_syllable is not None and byte.tokens_per_syllable is not None
    # a vocabulary of 800 holds most of these syllables whole: close to one token each
    assert 1.0 <= report.ours.tokens_per_syllable < 1.6 < 3 < byte.tokens_per_syllable
    assert byte.saving_percent == pytest.approx(100 * (byte.tokens - report.ours.tokens) / byte.tokens)
    written = json.loads((tmp_path / "tok" / "fertility.json").read_text(encoding="utf-8"))
    assert written["tokenizers"][0]["name"] == "ours" and written["tokenizers"][1]["name"] == "byte-level"
    assert written["tokenizers"][0]["tokens"] == report.ours.tokens
    assert written["held_out"]["syllables"] == held.syllables
    lines = format_report(report)
    assert any(line.split()[0] == "ours" for line in lines) and any("byte-level" in line for line in lines)


def test_held_out_split_is_by_id_and_never_trained_on(tmp_path: Path) -> None:
    ids = [f"id-{i}" for i in range(20_000)]
    one = make_run(tmp_path / "one", [(i, "x") for i in ids], shards=1)
    many = make_run(tmp_path / "many", [(i, "x") for i in reversed(ids)], shards=7)
    split_one = corpus.plan_split(corpus.kept_shards(one), 0.02)
    split_many = corpus.plan_split(corpus.kept_shards(many), 0.02)
    assert split_one == split_many  # same ids, any order, any sharding
    assert 0.015 < split_one.held_out / len(ids) < 0.025
    held = {i for i in ids if split_one.is_held_out(i)}
    assert len(held) == split_one.held_out
    tally = corpus.TextTally()
    trained = [t for batch in corpus.training_batches(corpus.kept_shards(one), split_one, tally) for t in batch]
    assert len(trained) == len(ids) - len(held) == tally.documents


def test_a_tiny_run_still_holds_one_document_out(tmp_path: Path) -> None:
    run = make_run(tmp_path / "run", [("a", "Xin chào Việt Nam."), ("b", "Hà Nội mùa thu."), ("c", "Sông Hồng.")])
    split = corpus.plan_split(corpus.kept_shards(run), 0.02)
    assert split.held_out == 1 == sum(split.is_held_out(i) for i in "abc")


@needs_tokenizers
def test_held_out_text_is_capped(synthetic_run: Path, tmp_path: Path) -> None:
    report = train_tokenizer_from_run(
        synthetic_run, tmp_path / "tok", vocab_size=500, held_out_share=0.3, max_held_out_chars=2_000, baselines=[]
    )
    assert 2_000 <= report.held_out.chars < 2_000 + 2_000  # stops after the document that crosses the cap
    assert report.training_documents < 300 - 50  # documents past the cap are not trained on either


# --- baselines ----------------------------------------------------------------------------


def test_a_baseline_whose_package_is_missing_is_reported_not_raised(monkeypatch: pytest.MonkeyPatch) -> None:
    ghost = baselines.BaselineSpec("ghost", "no such wheel", "vicorpus-no-such-distribution", "x.json", "hf-json")
    monkeypatch.setattr(baselines, "BASELINES", (ghost,))
    found, missing = baselines.load_baselines()
    assert found == [] and [m.name for m in missing] == ["ghost"]
    assert "vicorpus-no-such-distribution is not installed" in missing[0].reason


def test_byte_level_baseline_counts_utf8_bytes() -> None:
    assert baselines.byte_level().count(["Việt", "a b"]) == len("Việt".encode()) + 3 == 9


def test_gpt2_baseline_reads_the_whisper_asset_offline(offline: None) -> None:
    found, missing = baselines.load_baselines(["gpt2"])
    if not found:
        pytest.skip(f"GPT-2 baseline not installed: {missing[0].reason}")
    gpt2 = found[0]
    assert gpt2.vocab_size == 50256  # ranks of r50k_base, without <|endoftext|>
    assert gpt2.count(["hello world"]) == 2  # "hello", " world": GPT-2's two most familiar tokens
    assert gpt2.count(["Việt"]) > 2  # ệ is not in GPT-2's merges: bytes


# --- bad input ----------------------------------------------------------------------------


def problems_of(error: pytest.ExceptionInfo[ConfigError]) -> str:
    return "\n".join(error.value.problems)


def train_quickly(run: Path, target: Path, vocab_size: int, *, overwrite: bool = False) -> None:
    """BPE without the general-purpose baselines, which take a second or two to load."""
    train_tokenizer_from_run(run, target, vocab_size=vocab_size, baselines=[], overwrite=overwrite)


def test_a_folder_that_is_no_finished_run_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as error:
        train_tokenizer_from_run(tmp_path / "nothing", tmp_path / "tok", vocab_size=1000)
    assert "no such folder" in problems_of(error)
    (tmp_path / "half").mkdir()
    with pytest.raises(ConfigError) as error:
        train_tokenizer_from_run(tmp_path / "half", tmp_path / "tok", vocab_size=1000)
    assert "not the output folder of a vicorpus run" in problems_of(error)
    (tmp_path / "half" / "kept").mkdir()
    with pytest.raises(ConfigError, match="has not finished"):
        train_tokenizer_from_run(tmp_path / "half", tmp_path / "tok", vocab_size=1000)
    assert not (tmp_path / "tok").exists()


def test_a_run_that_kept_nothing_says_so(tmp_path: Path) -> None:
    """A run that keeps no document writes no kept/ folder, but its ledger.json and manifest.json."""
    run = tmp_path / "run"
    run.mkdir()
    (run / "manifest.json").write_text("{}", encoding="utf-8")
    (run / "ledger.json").write_text(json.dumps({"balanced": True, "total": {"input": 3, "kept": 0}}), "utf-8")
    with pytest.raises(ConfigError) as error:
        train_tokenizer_from_run(run, tmp_path / "tok", vocab_size=1000)
    assert "the run kept no documents" in problems_of(error)
    assert "not the output folder" not in problems_of(error)
    (run / "ledger.json").write_text(json.dumps({"total": {"kept": 12}}), "utf-8")
    with pytest.raises(ConfigError, match="counts 12 kept documents; was kept/ moved or deleted"):
        train_tokenizer_from_run(run, tmp_path / "tok", vocab_size=1000)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run"]


@needs_tokenizers
def test_a_run_without_kept_text_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no kept document"):
        train_tokenizer_from_run(make_run(tmp_path / "empty", []), tmp_path / "tok", vocab_size=1000)
    blank = make_run(tmp_path / "blank", [("a", ""), ("b", ""), ("c", "")])
    with pytest.raises(ConfigError, match="hold no text"):
        train_tokenizer_from_run(blank, tmp_path / "tok", vocab_size=1000, baselines=[])
    assert not (tmp_path / "tok").exists()


@pytest.mark.parametrize("vocab_size", [0, 259, 1_000_001])
def test_vocab_size_out_of_range_is_refused(synthetic_run: Path, tmp_path: Path, vocab_size: int) -> None:
    with pytest.raises(ConfigError, match=r"choose 260 to 1,000,000"):
        train_tokenizer_from_run(synthetic_run, tmp_path / "tok", vocab_size=vocab_size)


def test_a_bad_model_or_share_is_refused(synthetic_run: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ConfigError, match="choose bpe or unigram"):
        train_tokenizer_command(synthetic_run, tmp_path / "tok", 1000, "wordpiece", False)
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(command_module, "train_tokenizer_from_run", lambda *args, **kwargs: calls.append(kwargs))
    train_tokenizer_command(synthetic_run, tmp_path / "tok", 1000, "UniGram", True)
    assert calls == [{"vocab_size": 1000, "model": "unigram", "overwrite": True}]  # any case
    with pytest.raises(ConfigError, match="held-out share"):
        train_tokenizer_from_run(synthetic_run, tmp_path / "tok", vocab_size=1000, held_out_share=0.0)
    with pytest.raises(ConfigError, match="unknown baseline"):
        train_tokenizer_from_run(synthetic_run, tmp_path / "tok", vocab_size=1000, baselines=["gpt5"])


def test_a_broken_shard_is_refused(tmp_path: Path) -> None:
    run = make_run(tmp_path / "run", [("a", "Xin chào."), ("b", "Tạm biệt.")])
    (run / "kept" / "part-00009.parquet").write_bytes(b"not parquet")
    with pytest.raises(ConfigError, match="not a readable Parquet file"):
        train_tokenizer_from_run(run, tmp_path / "tok", vocab_size=1000)


@needs_tokenizers
def test_a_previous_tokenizer_is_replaced_only_with_overwrite(synthetic_run: Path, tmp_path: Path) -> None:
    target = tmp_path / "tok"
    train_quickly(synthetic_run, target, 500)
    first = (target / "tokenizer.json").read_bytes()
    with pytest.raises(ConfigError, match="pass --overwrite"):
        train_tokenizer_command(synthetic_run, target, 600, "bpe", False)
    assert (target / "tokenizer.json").read_bytes() == first
    train_quickly(synthetic_run, target, 600, overwrite=True)
    assert sorted(p.name for p in target.iterdir()) == sorted(FILES)
    assert (target / "tokenizer.json").read_bytes() != first  # 600 tokens now
    assert [p.name for p in tmp_path.iterdir()] == ["tok"]  # no temporary folder left behind
    target.joinpath("fertility.json").unlink()  # a subset of our files is ours too
    train_quickly(synthetic_run, target, 500, overwrite=True)
    assert (target / "tokenizer.json").read_bytes() == first


def test_a_folder_with_other_files_is_never_replaced(synthetic_run: Path, tmp_path: Path) -> None:
    target = tmp_path / "victim"
    target.mkdir()
    (target / "keep.txt").write_text("mine", encoding="utf-8")
    (target / "tokenizer.json").write_text("{}", encoding="utf-8")
    (target / "fertility.json").mkdir()  # our name, but a folder: not ours either
    for overwrite in (False, True):
        with pytest.raises(ConfigError) as error:
            train_tokenizer_command(synthetic_run, target, 500, "bpe", overwrite)
        assert "holds fertility.json, keep.txt, which train-tokenizer does not write" in problems_of(error)
        assert "--overwrite replaces only a folder holding nothing but tokenizer.json" in problems_of(error)
    assert sorted(p.name for p in target.iterdir()) == ["fertility.json", "keep.txt", "tokenizer.json"]
    assert (target / "keep.txt").read_text(encoding="utf-8") == "mine"
    assert [p.name for p in tmp_path.iterdir()] == ["victim"]


@needs_tokenizers
def test_a_foreign_file_appearing_during_training_is_kept(
    synthetic_run: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "tok"
    train_quickly(synthetic_run, target, 500)
    real_train = training.train

    def train_then_someone_writes(*args: Any, **kwargs: Any) -> Any:
        (target / "notes.txt").write_text("mine", encoding="utf-8")
        return real_train(*args, **kwargs)

    monkeypatch.setattr(training, "train", train_then_someone_writes)
    with pytest.raises(ConfigError, match=r"holds notes\.txt"):
        train_quickly(synthetic_run, target, 600, overwrite=True)
    assert sorted(p.name for p in target.iterdir()) == sorted([*FILES, "notes.txt"])
    assert [p.name for p in tmp_path.iterdir()] == ["tok"]


@needs_tokenizers
def test_a_failed_rename_puts_the_old_tokenizer_back(
    synthetic_run: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "tok"
    train_quickly(synthetic_run, target, 500)
    before = {p.name: p.read_bytes() for p in target.iterdir()}
    real_rename = Path.rename
    failures: list[Path] = []

    def rename_failing_once(self: Path, destination: Any) -> Path:
        if ".partial-" in self.name and not failures:  # the new folder moving into place
            failures.append(self)
            raise OSError(errno.EIO, "simulated failure")
        return real_rename(self, destination)

    monkeypatch.setattr(Path, "rename", rename_failing_once)
    with pytest.raises(OSError, match="simulated failure"):
        train_quickly(synthetic_run, target, 600, overwrite=True)
    assert len(failures) == 1
    assert {p.name: p.read_bytes() for p in target.iterdir()} == before
    assert [p.name for p in tmp_path.iterdir()] == ["tok"]  # nothing set aside or partial left behind


def test_bad_targets_are_refused_before_training(
    synthetic_run: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_training(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("trained although the target is bad")

    monkeypatch.setattr(training, "train", no_training)
    with pytest.raises(ConfigError, match="cannot be the run folder"):
        train_tokenizer_command(synthetic_run, synthetic_run, 500, "bpe", True)
    with pytest.raises(ConfigError, match="inside the run's kept/ folder"):
        train_tokenizer_command(synthetic_run, synthetic_run / "kept" / "tok", 500, "bpe", True)
    (tmp_path / "file").write_text("x", encoding="utf-8")
    with pytest.raises(ConfigError, match="not a folder"):
        train_tokenizer_command(synthetic_run, tmp_path / "file", 500, "bpe", True)
    with pytest.raises(ConfigError, match=f"cannot be created, {re.escape(str(tmp_path / 'file'))} is not a folder"):
        train_tokenizer_command(synthetic_run, tmp_path / "file" / "deeper" / "tok", 500, "bpe", False)
    assert [p.name for p in tmp_path.iterdir()] == ["file"]


@needs_tokenizers
def test_missing_parents_are_checked_then_created_only_when_written(
    synthetic_run: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_training(*args: Any, **kwargs: Any) -> Any:
        raise ConfigError(["stop before training"])

    monkeypatch.setattr(training, "train", no_training)
    with pytest.raises(ConfigError, match="stop before training"):
        train_tokenizer_command(synthetic_run, tmp_path / "a" / "b" / "tok", 500, "bpe", False)
    assert list(tmp_path.iterdir()) == []  # the parents made to check were removed


def test_an_unwritable_parent_is_refused(synthetic_run: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def denied(*args: Any, **kwargs: Any) -> str:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "mkdtemp", denied)  # as a read-only folder does, even when tests run as root
    with pytest.raises(ConfigError, match=r"tok: cannot be created in .*locked \(Permission denied\)"):
        train_tokenizer_command(synthetic_run, tmp_path / "locked" / "tok", 500, "bpe", False)
    assert list(tmp_path.iterdir()) == []


def test_missing_tokenizers_package_gives_the_install_hint(
    synthetic_run: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "tokenizers", None)  # import tokenizers -> ImportError
    with pytest.raises(ConfigError, match=re.escape("pip install 'vicorpus[tokenizer]'")):
        train_tokenizer_from_run(synthetic_run, tmp_path / "tok", vocab_size=1000)


# --- real text ----------------------------------------------------------------------------


@needs_tokenizers
def test_real_news_ours_beats_byte_level_and_gpt2(tmp_path: Path, offline: None) -> None:
    path = shared_data("baomoi-news-2017/baomoi_news_sample500.jsonl")
    with path.open(encoding="utf-8") as handle:
        docs = [(row["id"], row["text"]) for row in map(json.loads, handle)]
    run = make_run(tmp_path / "run", docs, shards=3)
    report = train_tokenizer_from_run(run, tmp_path / "tok", vocab_size=3000, held_out_share=0.1, baselines=["gpt2"])
    held = report.held_out
    assert 30 <= held.documents <= 75 and report.training_documents + held.documents == len(docs)
    assert held.vietnamese_syllable_share > 0.9
    ours = report.ours.tokens_per_syllable
    byte = report.baseline("byte-level")
    assert ours is not None and byte.tokens_per_syllable is not None and byte.saving_percent is not None
    assert 1.0 < ours < 1.6  # news syllables are mostly single tokens at 3,000
    assert ours < byte.tokens_per_syllable / 3 and byte.saving_percent > 66
    names = [score.name for score in report.baselines]
    if "gpt2" in names:
        gpt2 = report.baseline("gpt2")
        assert gpt2.tokens_per_syllable is not None and ours < gpt2.tokens_per_syllable
    else:
        assert [m.name for m in report.missing] == ["gpt2"]
