"""``vicorpus.pii``: every kind on made-up examples, what it must leave alone, and the
properties of ``redact`` (text outside spans untouched, no overlaps, idempotent).

All numbers here are invented for the tests (check digits computed where a kind has one).
"""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum import luhn
from stdnum.vn import mst

from vicorpus.pii import DEFAULT_PLACEHOLDERS, PiiKind, find_pii, redact

ALL_KINDS = list(PiiKind)


def _tax_code(first_nine: str) -> str:
    return first_nine + mst.calc_check_digit(first_nine)


def _card(first_fifteen: str) -> str:
    return first_fifteen + luhn.calc_check_digit(first_fifteen)


PERSONAL_TAX_CODE = _tax_code("803456713")
COMPANY_TAX_CODE = _tax_code("031234567")
NAPAS_CARD = _card("970412345678901")

FOUND = [
    # phones: mobile, old 11-digit mobile, landlines old and new, international, foreign
    ("Liên hệ anh Hùng 0912 345 678 để biết thêm.", PiiKind.PHONE, "0912 345 678"),
    ("SĐT: 0912.345.678.", PiiKind.PHONE, "0912.345.678"),
    ("gọi 0388-123-456 nhé", PiiKind.PHONE, "0388-123-456"),
    ("ĐT 0523456789", PiiKind.PHONE, "0523456789"),
    ("số cũ 01696 724 109 vẫn dùng", PiiKind.PHONE, "01696 724 109"),
    ("Hotline: +84 912 345 678", PiiKind.PHONE, "+84 912 345 678"),
    ("Zalo (+84) 912 345 678", PiiKind.PHONE, "(+84) 912 345 678"),
    ("liên hệ 84912345678", PiiKind.PHONE, "84912345678"),
    ("Văn phòng: (024) 3825 1234", PiiKind.PHONE, "(024) 3825 1234"),
    ("Tổng đài 028.3930.1234", PiiKind.PHONE, "028.3930.1234"),
    ("Quầy vé 0236 3550 111", PiiKind.PHONE, "0236 3550 111"),
    ("ĐT: 04.3825.1234 (giờ hành chính)", PiiKind.PHONE, "04.3825.1234"),
    ("ĐT: (08) 3930 1234", PiiKind.PHONE, "(08) 3930 1234"),
    ("Số 0511 3822 123 ở Đà Nẵng", PiiKind.PHONE, "0511 3822 123"),
    ("gọi sang Mỹ +1 202 555 0143", PiiKind.PHONE, "+1 202 555 0143"),
    ("lh 0338929069catvitel", PiiKind.PHONE, "0338929069"),
    ("Số điện thoại: 069. 292. 8312", PiiKind.PHONE, "069. 292. 8312"),
    # spelled out digit by digit, as spam writes them to slip past filters
    ("Zalo em: 0 3 6 8 • 4 2 9 • 1 5 7 nha", PiiKind.PHONE, "0 3 6 8 • 4 2 9 • 1 5 7"),
    ("gọi 0 3 2 5 . 7 1 4 . 6 8 9 ngay", PiiKind.PHONE, "0 3 2 5 . 7 1 4 . 6 8 9"),
    ("lh 0 7 0 3 – 9 6 5 – 2 8 1.", PiiKind.PHONE, "0 7 0 3 – 9 6 5 – 2 8 1"),
    ("ĐT 0.9.2.8.4.7.1.6.3.5.", PiiKind.PHONE, "0.9.2.8.4.7.1.6.3.5"),
    ("máy bàn 0 2 4 3 8 2 5 1 2 3 4", PiiKind.PHONE, "0 2 4 3 8 2 5 1 2 3 4"),
    ("z.a.l.o 09 3 8 5 2 7 4 1 6", PiiKind.PHONE, "09 3 8 5 2 7 4 1 6"),
    # a number of two digits or more after it ends the run; a line break is no gap
    ("Zalo 0 3 8 7 2 5 1 9 6 4 - 500k/shot", PiiKind.PHONE, "0 3 8 7 2 5 1 9 6 4"),
    ("gọi 0 9 1 2 3 4 5 6 7 8 24/7", PiiKind.PHONE, "0 9 1 2 3 4 5 6 7 8"),
    ("Giá 500 \n0 9 1 2 3 4 5 6 7 8", PiiKind.PHONE, "0 9 1 2 3 4 5 6 7 8"),
    # groups spaced out around a dot, dash or bullet
    ("LH 0869 . 274 . 153 (có zalo)", PiiKind.PHONE, "0869 . 274 . 153"),
    ("Hotline: 0938 ● 572 ● 416 – chị Loan", PiiKind.PHONE, "0938 ● 572 ● 416"),
    ("gọi 0905 – 371 – 648.", PiiKind.PHONE, "0905 – 371 – 648"),
    ("ĐT: 0869 . 274 . 153 - 0912 . 345 . 678", PiiKind.PHONE, "0869 . 274 . 153"),  # the first of two
    ("mã 1234 . 0912 . 345 . 678 . 999", PiiKind.PHONE, "0912 . 345 . 678"),  # inside a longer row
    # e-mail, masked e-mail
    ("gửi về nguyen.van.an@gmail.com nhé", PiiKind.EMAIL, "nguyen.van.an@gmail.com"),
    ("Email:lienhe@cong-ty.com.vn.", PiiKind.EMAIL, "lienhe@cong-ty.com.vn"),
    ("(lanphuong...@yahoo.com) hỏi", PiiKind.EMAIL, "lanphuong...@yahoo.com"),
    # citizen IDs
    ("Số CCCD: 001089012345, cấp ngày 1/1/2021", PiiKind.CITIZEN_ID, "001089012345"),
    ("mã định danh 079201004567", PiiKind.CITIZEN_ID, "079201004567"),
    ("anh ấy có số 079201004567 trên thẻ", PiiKind.CITIZEN_ID, "079201004567"),
    ("CMND số 123456789 do Công an cấp", PiiKind.CITIZEN_ID, "123456789"),
    ("chứng minh nhân dân: 025123456", PiiKind.CITIZEN_ID, "025123456"),
    ("số sổ BHXH 0115040184 của chị", PiiKind.CITIZEN_ID, "0115040184"),
    # passport
    ("hộ chiếu số B1234567", PiiKind.PASSPORT, "B1234567"),
    ("Passport No. C7654321", PiiKind.PASSPORT, "C7654321"),
    # tax codes
    (f"Ông Minh, mã số thuế cá nhân {PERSONAL_TAX_CODE}", PiiKind.TAX_CODE, PERSONAL_TAX_CODE),
    # cards
    ("thẻ Visa 4111 1111 1111 1111 hết hạn", PiiKind.BANK_CARD, "4111 1111 1111 1111"),
    (f"thẻ ATM {NAPAS_CARD}", PiiKind.BANK_CARD, NAPAS_CARD),
    # bank accounts
    ("STK: 0011002643148 Vietcombank", PiiKind.BANK_ACCOUNT, "0011002643148"),
    ("Số tài khoản: 102.010.002.585.585 tại VietinBank", PiiKind.BANK_ACCOUNT, "102.010.002.585.585"),
    ("chuyển vào tài khoản 19034567891011 Techcombank", PiiKind.BANK_ACCOUNT, "19034567891011"),
    ("STK 0912345678 (MB Bank)", PiiKind.BANK_ACCOUNT, "0912345678"),
    ("nộp vào 123456789012 tại Agribank chi nhánh Hà Nội", PiiKind.BANK_ACCOUNT, "123456789012"),
    # licence plates
    ("xe ô tô BKS 29A-123.45 va chạm", PiiKind.LICENCE_PLATE, "29A-123.45"),
    ("xe máy 37K1 648.69 chạy", PiiKind.LICENCE_PLATE, "37K1 648.69"),
    ("xe mô tô 99E1-329.39.", PiiKind.LICENCE_PLATE, "99E1-329.39"),
    ("xe tải 86C-04783 đỗ", PiiKind.LICENCE_PLATE, "86C-04783"),
    ("xe khách 27B.00122 của nhà xe", PiiKind.LICENCE_PLATE, "27B.00122"),
    ("xe 36C-020.46,35C-037.04 và", PiiKind.LICENCE_PLATE, "36C-020.46"),
    ("xe 29LD-012.34 đỗ", PiiKind.LICENCE_PLATE, "29LD-012.34"),
    # IP addresses
    ("truy cập từ 192.168.1.10 lúc đêm", PiiKind.IP_ADDRESS, "192.168.1.10"),
    ("địa chỉ IP 10.0.0.1 bị chặn", PiiKind.IP_ADDRESS, "10.0.0.1"),
    ("máy chủ 2001:db8:85a3::8a2e:370:7334 lỗi", PiiKind.IP_ADDRESS, "2001:db8:85a3::8a2e:370:7334"),
]

NOT_PII = [
    "Ngày 12/05/2017, lúc 10:30, ông về nhà.",
    "Hội nghị 12-05-2017 và 25.12.2006 kết thúc.",
    "Giá 1.500.000 đồng, tổng 2.100.100.100 đồng.",
    "Dân số 96.208.984 người, GDP tăng 6,81%.",
    "Tỷ số 2-1, hiệp một 1-0.",
    "Năm học 2016-2017 và giai đoạn 2016-2020 của Agribank.",
    "Theo Điều 15, khoản 2 Luật Doanh nghiệp.",
    "Nghị định 356/2025/NĐ-CP và Quyết định số 1234567/QĐ-UBND.",
    "ISBN 978-604-1-12345-6, mã sản phẩm SM-G950F, iPhone 15 Pro.",
    "Tổng đài 1900 1234, 1800.5555.85, 1900 545 411, gọi 113 hoặc 115.",
    "Bảng: 2015 2016 2017 2018 2019 2020 và 11 12 13 14 15 16 17.",
    "Mục 2.1.1.1 và phiên bản 10.0.19041.1.",
    "Quốc lộ 1A, tuyến buýt số 32, chương trình 135, xe 16 chỗ.",
    "Mã số 0100109106 của hồ sơ.",
    f"Công ty TNHH Thương mại ABC, MST: {COMPANY_TAX_CODE}.",
    f"Chi nhánh, mã số thuế {COMPANY_TAX_CODE}-001.",
    "Số tiền 123.456.789 đồng đã chuyển.",
    "Xem lúc 20:15:30 ngày 1.2.2020.",
    "Trong năm 2017 0,5 triệu người.",
    "Bộ số trúng thưởng 02-08-21-29-37-45, kỳ trước 05-13-21-27-29-45.",
    "BIDV niêm yết từ 22.560-22.630 đồng/USD; dân số 4.082.000 (2005).",
    "ISBN 0-7190-3526-0; ISBN 978-0521779333; ISBN 0-521-37293-3, 0521372933.",
    "doi:10.1073/pnas.0508989102, phiên bản 1.0.154.36, US$ 441.538.",
    "1 ounce bằng 28,349523125 gam; từ 02004-01-01 1 tháng 1 năm 2004; mặt nạ 255.255.255.0.",
    "tài khoản của Tsaritsina có gần 250.000 người theo dõi, tài khoản có sẵn 130.000 đồng",
    # single digits in a row that are not a spelled-out number: scores, a table row, too
    # few digits, a 10-digit run without a mobile prefix, digits glued to a word
    "các trận 0-3 2-1 1-1 4-0 2-2, 0 - 3 2 - 1 1 - 1 4 - 0 2 - 2, 0-3 | 2-1 | 1-1 | 4-0 | 2-2.",
    "tỉ lệ 3,0 3 6 8 4 2 9 1 5 7 (a decimal, then digits)",
    "Bảng A: 12 0 3 6 8 4 2 9 1 5 7 điểm; dãy 0 9 1 2 3 4 5 6 7; dãy 0 1 2 3 4 5 6 7 8 9.",
    "mã 0 3 6 8 4 2 9 1 5 7x và 1 0 3 6 8 4 2 9 1 5 7 và 0 3 6 8 4 2 9 1 5 7 0",
    # spaced groups that are no phone: lottery results in pairs, an amount, a longer row
    "kết quả 05 - 08 - 15 - 25 - 31; giá 1 . 500 . 000 đồng; 3,0912 . 345 . 678; x0912 . 345 . 678",
]


def test_two_spaced_out_numbers_in_a_row_are_both_found() -> None:
    spans = find_pii("0869 • 274 • 153 • 0912 • 345 • 678", ALL_KINDS)
    assert [span.text for span in spans] == ["0869 • 274 • 153", "0912 • 345 • 678"]


@pytest.mark.parametrize(("text", "kind", "expected"), FOUND)
def test_finds_each_kind_with_exact_boundaries(text: str, kind: PiiKind, expected: str) -> None:
    spans = find_pii(text, ALL_KINDS)
    assert [(span.kind, span.text) for span in spans][:1] == [(kind, expected)], spans
    for span in spans:
        assert text[span.start : span.end] == span.text


@pytest.mark.parametrize("text", NOT_PII)
def test_leaves_look_alikes_alone(text: str) -> None:
    assert find_pii(text) == []


def test_company_tax_codes_are_found_only_when_asked() -> None:
    text = f"Công ty TNHH Thương mại ABC, MST: {COMPANY_TAX_CODE}, số điện thoại 0912345678."
    assert [span.kind for span in find_pii(text)] == [PiiKind.PHONE]
    spans = find_pii(text, [PiiKind.COMPANY_TAX_CODE])
    assert [(span.kind, span.text) for span in spans] == [(PiiKind.COMPANY_TAX_CODE, COMPANY_TAX_CODE)]


def test_a_labelled_tax_code_is_never_a_phone_and_a_branch_code_needs_no_label() -> None:
    wrong_check_digit = COMPANY_TAX_CODE[:-1] + str((int(COMPANY_TAX_CODE[-1]) + 1) % 10)
    spans = find_pii(f"Công ty TNHH Xanh (mã số thuế {wrong_check_digit})", ALL_KINDS)
    assert [(span.kind, span.text) for span in spans] == [(PiiKind.COMPANY_TAX_CODE, wrong_check_digit)]
    spans = find_pii(f"đơn vị phụ thuộc {COMPANY_TAX_CODE}-002 nộp thuế", ALL_KINDS)
    assert [(span.kind, span.text) for span in spans] == [(PiiKind.COMPANY_TAX_CODE, f"{COMPANY_TAX_CODE}-002")]
    assert find_pii(f"đơn vị phụ thuộc {wrong_check_digit}-002 nộp thuế", ALL_KINDS) == []


def test_a_label_belongs_to_the_number_right_after_it() -> None:
    spans = find_pii("STK: 0011002643148, ĐT: 0987654321")
    assert [(span.kind, span.text) for span in spans] == [
        (PiiKind.BANK_ACCOUNT, "0011002643148"),
        (PiiKind.PHONE, "0987654321"),
    ]


def test_two_numbers_in_one_run_are_two_spans() -> None:
    spans = find_pii("gọi 0912345678 0987654321 hoặc năm 2017 0912 345 678")
    assert [span.text for span in spans] == ["0912345678", "0987654321", "0912 345 678"]


def test_redact_uses_typed_placeholders_and_reports_original_offsets() -> None:
    text = "Anh Nam 0912.345.678, email nam@example.com, CCCD 001089012345."
    redacted, spans = redact(text)
    assert redacted == "Anh Nam <PHONE>, email <EMAIL>, CCCD <ID>."
    assert [text[span.start : span.end] for span in spans] == ["0912.345.678", "nam@example.com", "001089012345"]
    assert redact(text, placeholder="[X]")[0] == "Anh Nam [X], email [X], CCCD [X]."
    assert redact(text, kinds=["email"])[0] == "Anh Nam 0912.345.678, email <EMAIL>, CCCD 001089012345."
    assert redact(text, placeholder={PiiKind.PHONE: "[SĐT]"})[0] == "Anh Nam [SĐT], email <EMAIL>, CCCD <ID>."


def test_placeholders_must_not_hold_digits_or_at_signs() -> None:
    with pytest.raises(ValueError, match="placeholder"):
        redact("0912345678", placeholder="<0>")


def test_redacting_never_creates_a_new_label_binding() -> None:
    # After redaction "IP" stands 4 characters before the amount; "<IP>" blocks it.
    text = "IP 192.168.1.1 và 2001:db8::1, giá 2.100.100.100 đồng"
    redacted, _ = redact(text)
    assert redacted == "IP <IP> và <IP>, giá 2.100.100.100 đồng"
    assert redact(redacted) == (redacted, [])


# --- properties ----------------------------------------------------------------------

_PIECES = st.sampled_from(
    [
        " ",
        "\n",
        ".",
        "-",
        ":",
        "(",
        ")",
        "+",
        "/",
        "@",
        "0",
        "09",
        "12",
        "345",
        "6789",
        "84",
        "0912345678",
        "001089012345",
        "4111111111111111",
        "29A-123.45",
        "192.168.1.1",
        "a@b.vn",
        "STK ",
        "CMND ",
        "MST ",
        "IP ",
        "hộ chiếu ",
        "B1234567",
        "Vietcombank",
        "Công ty ",
        "đồng",
        "số ",
        "ngõ ",
        "Lê Lợi",
        "<PHONE>",
        "x",
        "Đ",
    ]
)
_TEXTS = st.lists(st.one_of(_PIECES, st.text(max_size=3)), max_size=30).map("".join)


@settings(max_examples=400, deadline=None)
@given(_TEXTS)
def test_spans_are_ordered_disjoint_and_exact(text: str) -> None:
    spans = find_pii(text, ALL_KINDS)
    for span in spans:
        assert text[span.start : span.end] == span.text and span.start < span.end
    for left, right in itertools.pairwise(spans):
        assert left.end <= right.start


@settings(max_examples=400, deadline=None)
@given(_TEXTS, st.sampled_from([None, ALL_KINDS]))
def test_redaction_changes_only_the_spans_and_is_idempotent(text: str, kinds: list[PiiKind] | None) -> None:
    redacted, spans = redact(text, kinds)
    rebuilt, position = [], 0
    for left, right in itertools.pairwise(spans):
        assert left.end <= right.start
    for span in spans:
        assert text[span.start : span.end] == span.text
        rebuilt += [text[position : span.start], DEFAULT_PLACEHOLDERS[span.kind]]
        position = span.end
    rebuilt.append(text[position:])
    assert redacted == "".join(rebuilt)
    assert redact(redacted, kinds) == (redacted, [])
