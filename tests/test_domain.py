"""The domain stage: features, the shipped model, its held-out quality, the stage contract."""

from __future__ import annotations

import json
import lzma
from itertools import islice
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from pydantic import ValidationError

from conftest import shared_data
from vicorpus.stages.annotate.domain import DomainLabel
from vicorpus.topic import DOMAIN_LABELS, DomainModel, shipped_model
from vicorpus.topic.corpora import Example
from vicorpus.topic.evaluation import evaluate
from vicorpus.topic.features import Vocabulary, occurrence_features
from vicorpus.topic.training import TrainingSettings, fit_domain_model

# Written for these tests (not taken from any corpus): one clear document per label.
OWN_TEXTS = {
    "education": "Bộ Giáo dục và Đào tạo công bố điểm chuẩn tuyển sinh đại học năm nay. Thí sinh "
    "tra cứu điểm thi, các trường đại học và cao đẳng nhận hồ sơ xét tuyển của học sinh lớp 12.",
    "health": "Bệnh viện tỉnh tiếp nhận nhiều bệnh nhân sốt xuất huyết. Bác sĩ khuyến cáo người dân "
    "diệt muỗi, đi khám sớm khi sốt cao, không tự ý dùng thuốc hạ sốt và kháng sinh.",
    "agriculture": "Nông dân đồng bằng sông Cửu Long xuống giống lúa vụ đông xuân. Giá phân bón tăng, "
    "nhiều hộ chuyển sang nuôi tôm và trồng cây ăn trái; khuyến nông hướng dẫn phòng sâu bệnh.",
    "transport": "Cục Đường bộ đề xuất mở rộng quốc lộ và tuyến cao tốc để giảm ùn tắc giao thông. "
    "Xe tải, xe khách qua trạm thu phí tăng mạnh dịp lễ; cảnh sát giao thông kiểm tra nồng độ cồn tài xế.",
    "sports": "Đội tuyển bóng đá Việt Nam thắng 2-0 trong trận vòng loại. Huấn luyện viên khen các cầu "
    "thủ tiền đạo ghi bàn, thủ môn cản phá penalty, người hâm mộ ăn mừng trên sân vận động.",
    "law": "Tòa án nhân dân tỉnh mở phiên xét xử vụ lừa đảo chiếm đoạt tài sản. Viện kiểm sát đề nghị "
    "mức án tù đối với bị cáo; cơ quan cảnh sát điều tra đã khởi tố và thu giữ tang vật.",
    "technology": "Hãng điện thoại ra mắt smartphone mới với chip xử lý nhanh, màn hình lớn và camera "
    "độ phân giải cao. Phần mềm cập nhật hệ điều hành, ứng dụng và bảo mật dữ liệu người dùng.",
}


def test_features_pair_neighbouring_syllables_inside_one_document_only() -> None:
    vocabulary = Vocabulary(["giao", "nông", "thông"], np.array([0 * 3 + 2], dtype=np.int64))  # "giao thông"
    doc, feature = occurrence_features(["Giao thông", "giao", "thông, 2024 nông"], vocabulary)
    pairs = sorted(zip(doc.tolist(), feature.tolist(), strict=True))
    # doc 0: giao, thông and the bigram (feature 3); doc 1: giao; doc 2: thông, nông — no
    # bigram across documents, digits ignored, case folded.
    assert pairs == [(0, 0), (0, 2), (0, 3), (1, 0), (2, 1), (2, 2)]


def test_shipped_model_labels_clear_texts_written_for_the_test() -> None:
    model = shipped_model()
    predictions = model.predict(list(OWN_TEXTS.values()))
    assert predictions.labels == list(OWN_TEXTS)
    assert all(0.0 < score <= 1.0 for score in predictions.scores)
    assert model.labels == DOMAIN_LABELS


def test_model_round_trips_through_its_file(tmp_path: Path) -> None:
    model = shipped_model()
    model.save(tmp_path / "model.npz")
    again = DomainModel.load(tmp_path / "model.npz")
    texts = list(OWN_TEXTS.values())
    assert np.allclose(model.probabilities(texts), again.probabilities(texts), atol=1e-6)
    assert model.predict([]).labels == []


def test_training_is_deterministic(tmp_path: Path) -> None:
    pytest.importorskip("sklearn")
    examples = [Example(text, label, "own", "train") for label, text in OWN_TEXTS.items()] * 3
    settings = TrainingSettings(min_document_frequency=1, max_iter=50)
    first, second = fit_domain_model(examples, settings), fit_domain_model(examples, settings)
    first.save(tmp_path / "a.npz")
    second.save(tmp_path / "b.npz")
    assert np.array_equal(first.weights, second.weights)
    assert first.predict(list(OWN_TEXTS.values())).labels == list(OWN_TEXTS)


def test_stage_adds_label_and_score_keeping_rows() -> None:
    batch = pl.DataFrame({"id": ["a", "b", "c"], "text": [OWN_TEXTS["sports"], "", OWN_TEXTS["health"]]})
    out = DomainLabel()(batch)
    assert out["id"].to_list() == ["a", "b", "c"]
    assert out.schema["domain_label"] == pl.String and out.schema["domain_score"] == pl.Float32
    labels = out["domain_label"].to_list()
    assert labels[0] == "sports" and labels[2] == "health"
    assert labels[1] in DOMAIN_LABELS  # no text: the label prior, never an error


def test_too_little_text_is_other_and_decomposed_text_reads_as_composed() -> None:
    import unicodedata

    texts = ["", "a", "Nông dân", OWN_TEXTS["agriculture"], unicodedata.normalize("NFD", OWN_TEXTS["agriculture"])]
    out = DomainLabel()(pl.DataFrame({"text": texts}))
    assert out["domain_label"].to_list()[:3] == ["other"] * 3  # fewer than min_terms known terms
    assert out["domain_label"].to_list()[3:] == ["agriculture", "agriculture"]
    assert DomainLabel(min_terms=0)(pl.DataFrame({"text": ["Nông dân"]}))["domain_label"][0] == "agriculture"


def test_model_path_is_relative_to_the_pipeline_file(tmp_path: Path) -> None:
    from vicorpus.pipeline import Pipeline

    (tmp_path / "models").mkdir()
    shipped_model().save(tmp_path / "models" / "mine.npz")
    config = {
        "sources": [{"name": "s", "format": "jsonl", "path": "x.jsonl"}],
        "stages": [{"domain": {"model": "models/mine.npz"}}],
    }
    pipeline = Pipeline.from_dict(config, base_dir=tmp_path)
    stage = pipeline.stages[0]
    assert isinstance(stage, DomainLabel) and stage.model == str((tmp_path / "models" / "mine.npz").resolve())
    assert DomainLabel().content_digest() is not None  # the shipped model is fingerprinted too


def test_model_setting_must_be_a_domain_model(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="no such model file"):
        DomainLabel(model=str(tmp_path / "missing.npz"))
    (tmp_path / "bad.npz").write_bytes(b"not a model")
    with pytest.raises(ValidationError, match="not a vicorpus domain model"):
        DomainLabel(model=str(tmp_path / "bad.npz"))
    shipped_model().save(tmp_path / "mine.npz")
    stage = DomainLabel(model=str(tmp_path / "mine.npz"))
    digest = stage.content_digest()
    shipped_model().save(tmp_path / "mine.npz")  # same model, same bytes? the digest says so
    assert stage.content_digest() == digest
    (tmp_path / "mine.npz").write_bytes((tmp_path / "mine.npz").read_bytes() + b"\0")
    assert stage.content_digest() != digest  # a changed model file is a changed configuration


def _vntc_test(stride: int) -> list[dict[str, str]]:
    """Every ``stride``-th Test_Full article (the file is ordered by topic)."""
    path = shared_data("vntc/vntc_test.jsonl.xz")
    with lzma.open(path, "rt", encoding="utf-8") as lines:
        return [json.loads(line) for line in islice(lines, 0, None, stride)]


def test_held_out_vntc_quality() -> None:
    from vicorpus.topic.corpora import _with_seed_labels
    from vicorpus.topic.labels import VNTC_TOPICS

    rows = _vntc_test(16)  # ≈ 3,150 articles; Test_Full was never trained on
    texts = [row["text"].strip() for row in rows]
    gold = _with_seed_labels(texts, [VNTC_TOPICS[row["label"]] for row in rows])
    result = evaluate("vntc", gold, shipped_model().predict(texts).labels, DOMAIN_LABELS)
    # measured 0.90 accuracy on all 50,373 test articles (docs/domain.md); bar a little lower
    assert result.accuracy >= 0.85


def test_hand_labelled_news_quality() -> None:
    labels_path = Path(__file__).parent / "data" / "domain_labels_baomoi.jsonl"
    labels = {row["id"]: row["label"] for row in map(json.loads, labels_path.read_text().splitlines())}
    texts, gold = [], []
    with lzma.open(shared_data("baomoi-news-2017/baomoi_news.jsonl.xz"), "rt", encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            if row["id"] in labels:
                texts.append(row["text"].strip())
                gold.append(labels[row["id"]])
    assert len(texts) == len(labels)
    result = evaluate("baomoi", gold, shipped_model().predict(texts).labels, DOMAIN_LABELS)
    # measured 0.771 (docs/domain.md): a different outlet mix and period than the training data
    assert result.accuracy >= 0.72


def test_train_domain_refuses_missing_data(tmp_path: Path) -> None:
    from conftest import run_cli

    result = run_cli("train-domain", "-o", tmp_path / "model", "--data", tmp_path / "nothing")
    assert result.returncode == 2
    assert "--data:" in result.stderr and "vntc_train.jsonl.xz is missing" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "model").exists()
    labels = tmp_path / "labels.jsonl"
    labels.write_text('{"id": "1", "label": "cooking"}\nnot json\n', encoding="utf-8")
    (tmp_path / "afile").write_text("x")
    bad = run_cli("train-domain", "-o", tmp_path / "afile", "--data", tmp_path, "--hand-labels", labels)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    assert "labels.jsonl:1: unknown label 'cooking'" in bad.stderr
    assert "labels.jsonl:2: not a JSON object with 'id' and 'label'" in bad.stderr
    assert "-o:" in bad.stderr and "is a file" in bad.stderr
    (tmp_path / "model").mkdir()
    shipped_model().save(tmp_path / "model" / "domain_model.npz")
    existing = run_cli("train-domain", "-o", tmp_path / "model", "--data", tmp_path)
    assert existing.returncode == 2 and "pass --overwrite" in existing.stderr


@pytest.mark.slow
def test_train_domain_rebuilds_the_shipped_model(tmp_path: Path) -> None:
    """`vicorpus train-domain` on the shared data gives the shipped model's predictions."""
    from vicorpus.commands.train_domain import train_domain_command

    shared_data("vntc/vntc_train.jsonl.xz")
    labels = Path(__file__).parent / "data" / "domain_labels_baomoi.jsonl"
    result = train_domain_command(shared_data(""), tmp_path, labels)
    rebuilt = DomainModel.load(result.model_path)
    texts = [row["text"] for row in _vntc_test(25)]
    assert rebuilt.predict(texts).labels == shipped_model().predict(texts).labels
