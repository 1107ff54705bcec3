"""The ``redact_pii`` and ``sensitive_filter`` stages in a pipeline: redacted text, counts
per document and in the run statistics, the density drop, sensitive records dropped and
articles about hospitals or banks kept, and configuration mistakes named before reading.

Every document here is written for the tests; the numbers are invented."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from conftest import read_rows, run_cli, write_pipeline

DOCUMENTS = [
    {"url": "u/contact", "text": "Liên hệ chị Lan qua số 0912.345.678 hoặc email lan.nguyen@example.vn nhé."},
    {"url": "u/clean", "text": "Sáng nay trời Hà Nội se lạnh, nhiệt độ khoảng 18 độ, giá vàng 1.500.000 đồng."},
    {"url": "u/accident", "text": "Xe tải BKS 29C-123.45 va chạm với xe máy 37K1-648.69 trên Quốc lộ 1A."},
    {
        "url": "u/list",
        "text": "Danh bạ: 0912345670, 0912345671, 0912345672, 0912345673, CMND 123456789.",
    },
    {"url": "u/company", "text": "Công ty TNHH Thương mại An Phát, MST: 0312345673, hotline 1900 1234."},
]
MEDICAL_RECORD = """BỆNH ÁN NỘI KHOA
Họ và tên bệnh nhân: Trần Văn B
Mã bệnh nhân: BN-2024-0001
Ngày vào viện: 03/02/2024
Lý do vào viện: sốt cao, ho
Tiền sử bệnh: tăng huyết áp
Chẩn đoán: viêm phổi
Mạch: 90 lần/phút
Huyết áp: 140/90 mmHg
Điều trị: kháng sinh đường tĩnh mạch
Bác sĩ điều trị: Lê Thị C"""
BANK_STATEMENT = """SAO KÊ TÀI KHOẢN
Chủ tài khoản: Phạm Văn D
Số dư đầu kỳ: 12.500.000
Ngày giao dịch | Nội dung | Ghi nợ | Ghi có
01/03/2024 | Chuyển tiền điện | 450.000 |
05/03/2024 | Lương tháng 2 | | 15.000.000
09/03/2024 | Rút tiền ATM | 2.000.000 |
Số dư cuối kỳ: 25.050.000"""
HOSPITAL_NEWS = """Bệnh viện tỉnh vừa tiếp nhận một bệnh nhân bị sốt cao.
Theo bác sĩ, chẩn đoán ban đầu là viêm phổi, bệnh nhân đang được điều trị tích cực.
Ngành y tế khuyến cáo người dân đi khám sớm khi có triệu chứng.
Ông cho biết số dư tài khoản của bệnh viện không đủ mua thiết bị.
Chẩn đoán: viêm phổi nặng."""


def _run(tmp_path: Path, documents: list[dict[str, Any]], stages: list[dict[str, Any]]) -> Path:
    (tmp_path / "in.jsonl").write_text(
        "".join(json.dumps(document, ensure_ascii=False) + "\n" for document in documents), "utf-8"
    )
    config = {
        "sources": [{"name": "t", "format": "jsonl", "path": "in.jsonl", "text_field": "text", "url_field": "url"}],
        "stages": stages,
    }
    out = tmp_path / "out"
    result = run_cli("run", write_pipeline(tmp_path, config), "--output", out, "--quiet")
    assert result.returncode == 0, result.stderr
    return out


def test_redact_pii_replaces_spans_and_counts_them(tmp_path: Path) -> None:
    out = _run(tmp_path, DOCUMENTS, [{"normalize": {}}, {"redact_pii": {}}])
    kept = {row["url"]: row for row in read_rows(out / "kept")}
    assert kept["u/contact"]["text"] == "Liên hệ chị Lan qua số <PHONE> hoặc email <EMAIL> nhé."
    assert (kept["u/contact"]["pii_phone"], kept["u/contact"]["pii_email"]) == (1, 1)
    assert kept["u/clean"]["text"] == DOCUMENTS[1]["text"]
    assert all(kept["u/clean"][f"pii_{kind}"] == 0 for kind in ("phone", "email", "citizen_id", "licence_plate"))
    assert kept["u/accident"]["text"] == "Xe tải BKS <PLATE> va chạm với xe máy <PLATE> trên Quốc lộ 1A."
    assert kept["u/list"]["pii_phone"] == 4 and kept["u/list"]["pii_citizen_id"] == 1
    # A company's tax code and a 1900 service number are not personal data.
    assert kept["u/company"]["text"] == DOCUMENTS[4]["text"]
    stage = json.loads((out / "manifest.json").read_text())["stages"][1]
    assert stage["counters"]["pii_phone"] == 5
    assert stage["counters"]["pii_email"] == 1
    assert stage["counters"]["pii_licence_plate"] == 2
    assert stage["counters"]["pii_citizen_id"] == 1
    assert stage["counters"]["pii_company_tax_code"] == 0


def test_dense_documents_are_dropped_redacted(tmp_path: Path) -> None:
    stages = [{"redact_pii": {"drop_density": 20, "placeholders": {"phone": "[SĐT]"}}}]
    out = _run(tmp_path, DOCUMENTS, stages)
    (rejected,) = read_rows(out / "rejected")
    assert rejected["url"] == "u/list" and rejected["drop_reason"] == "pii_dense"
    assert rejected["dropped_by"] == "redact_pii"
    assert rejected["text"] == "Danh bạ: [SĐT], [SĐT], [SĐT], [SĐT], CMND <ID>."
    kept = {row["url"]: row for row in read_rows(out / "kept")}
    assert kept["u/contact"]["text"] == "Liên hệ chị Lan qua số [SĐT] hoặc email <EMAIL> nhé."
    ledger = json.loads((out / "ledger.json").read_text())
    assert ledger["balanced"] and ledger["total"]["kept"] == 4


def test_kinds_and_company_tax_codes_are_configurable(tmp_path: Path) -> None:
    stages = [{"redact_pii": {"kinds": ["email", "company_tax_code"]}}]
    out = _run(tmp_path, DOCUMENTS, stages)
    kept = {row["url"]: row for row in read_rows(out / "kept")}
    assert kept["u/contact"]["text"] == "Liên hệ chị Lan qua số 0912.345.678 hoặc email <EMAIL> nhé."
    assert kept["u/company"]["text"] == "Công ty TNHH Thương mại An Phát, MST: <TAX_CODE>, hotline 1900 1234."
    assert kept["u/company"]["pii_company_tax_code"] == 1


def test_sensitive_filter_drops_records_and_keeps_articles(tmp_path: Path) -> None:
    documents = [
        {"url": "u/record", "text": MEDICAL_RECORD},
        {"url": "u/statement", "text": BANK_STATEMENT},
        {"url": "u/news", "text": HOSPITAL_NEWS},
        {"url": "u/clean", "text": DOCUMENTS[1]["text"]},
    ]
    out = _run(tmp_path, documents, [{"sensitive_filter": {}}])
    rejected = {row["url"]: row["drop_reason"] for row in read_rows(out / "rejected")}
    assert rejected == {"u/record": "sensitive_medical", "u/statement": "sensitive_financial"}
    kept = {row["url"]: row for row in read_rows(out / "kept")}
    assert set(kept) == {"u/news", "u/clean"}
    assert kept["u/news"]["sensitive_medical_labels"] == 1


def test_bad_settings_are_config_errors_naming_the_key(tmp_path: Path) -> None:
    (tmp_path / "in.jsonl").write_text('{"text": "x"}\n', "utf-8")
    config = {
        "sources": [{"name": "t", "format": "jsonl", "path": "in.jsonl", "text_field": "text"}],
        "stages": [
            {"redact_pii": {"kinds": ["phone", "phonenumber"]}},
            {"redact_pii": {"placeholders": {"email": "<EMAIL-1>"}}},
            {"redact_pii": {"drop_density": 0}},
            {"sensitive_filter": {"min_share": 2}},
        ],
    }
    result = run_cli("run", write_pipeline(tmp_path, config), "--output", tmp_path / "out")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    for expected in (
        "stages[0].redact_pii.kinds[1]: Input should be 'phone', 'email'",
        "stages[1].redact_pii.placeholders: Value error, placeholder for email must not contain digits",
        "stages[2].redact_pii.drop_density: Input should be greater than 0",
        "stages[3].sensitive_filter.min_share: Input should be less than or equal to 1",
    ):
        assert expected in result.stderr, result.stderr
    assert not (tmp_path / "out").exists()
