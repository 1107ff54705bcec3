"""Name → stage class, for the YAML loader and ``vicorpus stages``."""

from __future__ import annotations

from vicorpus.stages.annotate.dialect import Dialect
from vicorpus.stages.annotate.domain import DomainLabel
from vicorpus.stages.annotate.language import Language
from vicorpus.stages.annotate.quality_signals import QualitySignalsStage
from vicorpus.stages.base import Stage
from vicorpus.stages.dedup.boilerplate import BoilerplateLines
from vicorpus.stages.dedup.exact import ExactDedup
from vicorpus.stages.dedup.minhash import MinhashDedup
from vicorpus.stages.filters.language import LanguageFilter
from vicorpus.stages.filters.length import LengthFilter
from vicorpus.stages.filters.quality import C4Lines, FineWebQuality, GopherQuality, GopherRepetition
from vicorpus.stages.filters.spam import SpamFilter
from vicorpus.stages.privacy.redact import RedactPii
from vicorpus.stages.privacy.sensitive import SensitiveFilter
from vicorpus.stages.standardize.normalize import Normalize
from vicorpus.stages.web.optout import OptOut

STAGES: dict[str, type[Stage]] = {
    cls.name: cls
    for cls in (
        Normalize,
        Language,
        QualitySignalsStage,
        Dialect,
        DomainLabel,
        LengthFilter,
        LanguageFilter,
        GopherQuality,
        GopherRepetition,
        FineWebQuality,
        C4Lines,
        SpamFilter,
        ExactDedup,
        MinhashDedup,
        BoilerplateLines,
        RedactPii,
        SensitiveFilter,
        OptOut,
    )
}


def stage_class(name: str) -> type[Stage] | None:
    return STAGES.get(name)
