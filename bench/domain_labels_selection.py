"""Which Báo Mới articles were hand-labelled for the domain evaluation set, reproduced.

    .venv/bin/python bench/domain_labels_selection.py [--out selection.jsonl]

(1) 200 articles drawn uniformly at random (file order, ``random.Random(20261123).sample``);
(2) for each rarer domain, in the order below, up to 25 more articles whose title
(line 1, NFC, lower-cased) matches one of a few keywords as whole words, drawn with the
same generator (continuing its stream) among the matches not chosen yet. The labels
themselves were given by reading each article (tests/data/domain_labels_baomoi.md); the
keyword only chose what to read. Prints one JSON line per article: id, selected_by,
keyword domain.
"""

from __future__ import annotations

import argparse
import json
import lzma
import random
import re
import sys
import unicodedata
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "baomoi-news-2017" / "baomoi_news.jsonl.xz"
SEED = 20261123
RANDOM_ARTICLES = 200
PER_DOMAIN = 25
KEYWORDS = {  # one string per domain, keywords separated by "|"
    "education": "giáo dục|học sinh|sinh viên|trường học|đại học|tuyển sinh|thi thpt|giáo viên|học phí|điểm thi|"
    "du học|mầm non",
    "agriculture": "lúa|nông dân|chăn nuôi|thủy sản|thuỷ sản|cây trồng|phân bón|nông nghiệp|nông sản|lợn|heo|tôm|"
    "cá tra|trồng rừng|vụ mùa|trái cây|thanh long",
    "transport": "giao thông|tai nạn|ô tô|xe máy|đường sắt|hàng không|cao tốc|csgt|sân bay|tàu hỏa|tàu hoả|xe buýt|"
    "bot|xe khách",
    "health": "bệnh viện|bệnh nhân|sức khỏe|sức khoẻ|bác sĩ|ung thư|dịch bệnh|vắc xin|vaccine|y tế|sốt xuất huyết|"
    "điều trị|ngộ độc",
    "technology": "điện thoại|smartphone|iphone|công nghệ|facebook|google|ứng dụng|phần mềm|internet|laptop|"
    "máy tính|4g|wi-fi",
    "science": "nhà khoa học|khoa học|nghiên cứu|nasa|vũ trụ|hành tinh|hóa thạch|hoá thạch|khủng long|thiên thạch|"
    "sao hỏa|sao hoả|mặt trăng|loài mới",
}


def select() -> dict[str, tuple[str, str]]:
    with lzma.open(DATA, "rt", encoding="utf-8") as lines:
        rows = [json.loads(line) for line in lines]
    rng = random.Random(SEED)
    ids = [row["id"] for row in rows]
    titles = {row["id"]: unicodedata.normalize("NFC", row["text"].split("\n", 1)[0]).lower() for row in rows}
    chosen = dict.fromkeys(rng.sample(ids, RANDOM_ARTICLES), ("random", ""))
    for domain, keywords in KEYWORDS.items():
        pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, keywords.split("|"))) + r")(?!\w)")
        matches = [article for article in ids if article not in chosen and pattern.search(titles[article])]
        for article in rng.sample(matches, min(PER_DOMAIN, len(matches))):
            chosen[article] = ("keyword", domain)
    return chosen


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, help="write here instead of standard output")
    args = parser.parse_args()
    lines = [
        json.dumps({"id": article, "selected_by": by, "keyword_domain": domain}, ensure_ascii=False)
        for article, (by, domain) in select().items()
    ]
    text = "\n".join(lines) + "\n"
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
