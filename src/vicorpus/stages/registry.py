"""Name → stage class, for the YAML loader and ``vicorpus stages``."""

from __future__ import annotations

from vicorpus.stages.base import Stage
from vicorpus.stages.dedup.exact import ExactDedup
from vicorpus.stages.filters.length import LengthFilter
from vicorpus.stages.standardize.normalize import Normalize

STAGES: dict[str, type[Stage]] = {cls.name: cls for cls in (Normalize, LengthFilter, ExactDedup)}


def stage_class(name: str) -> type[Stage] | None:
    return STAGES.get(name)
