"""Seed lexicons: weak labels for the domains no labelled Vietnamese corpus covers.

VNTC has no agriculture, transport or education topic (education news sits inside its
"Chính trị – Xã hội"). A document whose head is dense in one seed lexicon — several
distinct terms, one of them in the title — is labelled with that domain for training
(distant supervision, as in Mintz et al. 2009); everything else keeps its corpus label.
Terms are one or two lower-case syllables, matched as the features are (see
:mod:`vicorpus.topic.features`). Terms that are common outside the domain ("cao su" the
company share, "ga" gas, "vườn" in idioms) are left out on purpose.
"""

from __future__ import annotations

import polars as pl

from vicorpus.topic.features import document_syllables

SEED_TERMS: dict[str, frozenset[str]] = {
    "agriculture": frozenset(
        """nông nghiệp|nông dân|nông sản|nông thôn|lúa|lúa gạo|giống lúa|chăn nuôi|gia súc|gia cầm|trồng trọt|
        cây trồng|phân bón|thủy sản|nuôi trồng|ao nuôi|tôm|cá tra|vụ mùa|mùa vụ|thu hoạch|khuyến nông|hồ tiêu|
        thanh long|vải thiều|bò sữa|lở mồm|tai xanh|đồng ruộng|ruộng|thủy lợi|lâm nghiệp|trồng rừng|ngư dân|
        đánh bắt|sâu bệnh|rầy nâu|nhà vườn|trang trại|vật nuôi|thức ăn chăn|thuốc trừ|diện tích gieo|gieo cấy|
        gieo trồng|nông hộ|hợp tác xã|cà phê|chè|cao sản|giá lúa|giá heo|giá lợn|heo hơi|lợn hơi|mía|sắn|
        ngô|bắp|rau màu|cây ăn|ăn trái|chăn thả|thú y|dịch tả|cúm gia|nông lâm|xuất khẩu gạo|gạo""".replace("\n", "")
        .replace("  ", "")
        .split("|")
    ),
    "transport": frozenset(
        """giao thông|tai nạn|ô tô|xe máy|xe buýt|xe khách|xe tải|tài xế|lái xe|đường bộ|cao tốc|quốc lộ|
        đường sắt|tàu hỏa|hàng không|sân bay|máy bay|chuyến bay|hãng bay|cảng biển|tàu biển|đăng kiểm|bằng lái|
        csgt|ùn tắc|kẹt xe|phương tiện|vận tải|bến xe|metro|đường cao|cầu vượt|mũ bảo|nồng độ|làn đường|
        đèn đỏ|hành khách|vé máy|taxi|xe ôm|nhà ga|ga tàu|lưu thông|va chạm|tông xe|cảnh sát giao|trạm thu|
        thu phí|bot|hầm đường|tuyến đường|xe container|xe đầu kéo|hãng hàng|cất cánh|hạ cánh""".replace("\n", "")
        .replace("  ", "")
        .split("|")
    ),
    "education": frozenset(
        """giáo dục|học sinh|sinh viên|giáo viên|giảng viên|trường học|nhà trường|tuyển sinh|kỳ thi|thi tốt|
        đại học|cao đẳng|học phí|sách giáo|lớp học|điểm chuẩn|thí sinh|du học|học bổng|mầm non|tiểu học|thpt|
        thcs|hiệu trưởng|dạy học|đào tạo|bộ gd|gd đt|giáo án|môn học|học kỳ|điểm thi|đề thi|phòng thi|
        trường thpt|trường đh|đh|giảng dạy|học viên|học tập|nghiên cứu sinh|thạc sĩ|tiến sĩ|khoa học giáo""".replace(
            "\n", ""
        )
        .replace("  ", "")
        .split("|")
    ),
}

# A document is weakly labelled when its head holds at least this many distinct seed
# terms of one domain, at least twice as many as of any other seed domain, and its
# title (first line) holds one of them. Set before training, then checked by reading 12
# random weakly labelled VNTC articles per domain (docs/domain.md): most are right; a
# few are crime or world news that mention a vehicle or a farm. One or two terms would
# take in passing mentions ("a farmer said …" in a crime story).
MIN_DISTINCT_TERMS = 4
DOMINANCE = 2.0
SEED_HEAD_CHARS = 1500


def document_terms(texts: list[str], max_chars: int) -> pl.DataFrame:
    """``doc`` and ``term`` for every syllable and pair of neighbouring syllables."""
    syllables = document_syllables(texts, max_chars).rename({"syllable": "term"})
    pairs = syllables.select(
        "doc",
        pl.concat_str([pl.col("term"), pl.col("term").shift(-1)], separator=" ").alias("term"),
        (pl.col("doc").shift(-1) == pl.col("doc")).alias("same_doc"),
    )
    return pl.concat([syllables, pairs.filter(pl.col("same_doc")).drop("same_doc")])


def seed_labels(texts: list[str]) -> list[str | None]:
    """The seed domain of each document, or None when no seed lexicon dominates it."""
    if not texts:
        return []
    seeds = pl.DataFrame(
        [(term, domain) for domain, terms in SEED_TERMS.items() for term in sorted(terms)],
        schema={"term": pl.String, "seed": pl.String},
        orient="row",
    )
    body = document_terms(texts, SEED_HEAD_CHARS).join(seeds, on="term").unique(["doc", "term", "seed"])
    titles = [text.lstrip().split("\n", 1)[0] for text in texts]
    in_title = document_terms(titles, SEED_HEAD_CHARS).join(seeds, on="term").select("doc", "seed").unique()
    distinct = body.group_by("doc", "seed").len("terms").sort("doc", "terms", "seed", descending=[False, True, False])
    labels: list[str | None] = [None] * len(texts)
    titled = set(in_title.iter_rows())
    for doc, rows in distinct.group_by("doc", maintain_order=True):
        counts = rows["terms"].to_list()
        seed_names = rows["seed"].to_list()
        best, runner_up = counts[0], (counts[1] if len(counts) > 1 else 0)
        index = int(doc[0])
        if best >= MIN_DISTINCT_TERMS and best >= DOMINANCE * runner_up and (index, seed_names[0]) in titled:
            labels[index] = seed_names[0]
    return labels
