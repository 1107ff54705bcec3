"""The topic labels of the ``domain`` stage and how labelled corpora map onto them.

The twelve labels are the ones cheap domain models are trained for (education, health,
agriculture, transport, …); ``other`` collects what fits none of them. The column is
``domain_label``: ``domain`` is the web domain (DESIGN.md, column names).
"""

from __future__ import annotations

DOMAIN_LABELS: tuple[str, ...] = (
    "education",
    "health",
    "agriculture",
    "transport",
    "law",
    "business_finance",
    "technology",
    "science",
    "politics_society",
    "culture_entertainment",
    "sports",
    "other",
)

# VNTC's ten topics (Vu Cong Duy Hoang et al., RIVF 2007) → our labels. "Thế giới"
# (world news) is mostly diplomacy and states, so politics_society; "Đời sống" (life:
# family, fashion, food, relationships) is lifestyle, which our label guidelines
# (tests/data/domain_labels_baomoi.md) file under culture_entertainment. No corpus
# has "other": the stage gives it when no label is probable enough (its min_score).
VNTC_TOPICS: dict[str, str] = {
    "Chinh tri Xa hoi": "politics_society",
    "Doi song": "culture_entertainment",
    "Khoa hoc": "science",
    "Kinh doanh": "business_finance",
    "Phap luat": "law",
    "Suc khoe": "health",
    "The gioi": "politics_society",
    "The thao": "sports",
    "Van hoa": "culture_entertainment",
    "Vi tinh": "technology",
}
