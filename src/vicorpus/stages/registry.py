"""Name → stage class, for the YAML loader and ``vicorpus stages``.

The table names each stage's class as ``"module:Class"`` and imports a module only when
its stage is looked up, so a run imports the stages its pipeline uses and no others
(some pull in models, Numba kernels or large tables). ``STAGES`` is a read-only mapping:
its names and length come from the table alone; ``STAGES[name]``, ``STAGES.get(name)``
and ``.values()``/``.items()`` import the stage modules they reach.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vicorpus.stages.base import Stage

# The key is the stage's ``name``; tests/test_stage_registry.py holds the two equal.
STAGE_PATHS: dict[str, str] = {
    "normalize": "vicorpus.stages.standardize.normalize:Normalize",
    "language": "vicorpus.stages.annotate.language:Language",
    "quality_signals": "vicorpus.stages.annotate.quality_signals:QualitySignalsStage",
    "dialect": "vicorpus.stages.annotate.dialect:Dialect",
    "domain": "vicorpus.stages.annotate.domain:DomainLabel",
    "length_filter": "vicorpus.stages.filters.length:LengthFilter",
    "language_filter": "vicorpus.stages.filters.language:LanguageFilter",
    "gopher_quality": "vicorpus.stages.filters.quality:GopherQuality",
    "gopher_repetition": "vicorpus.stages.filters.quality:GopherRepetition",
    "fineweb_quality": "vicorpus.stages.filters.quality:FineWebQuality",
    "c4_lines": "vicorpus.stages.filters.quality:C4Lines",
    "spam_filter": "vicorpus.stages.filters.spam:SpamFilter",
    "exact_dedup": "vicorpus.stages.dedup.exact:ExactDedup",
    "minhash_dedup": "vicorpus.stages.dedup.minhash:MinhashDedup",
    "boilerplate_lines": "vicorpus.stages.dedup.boilerplate:BoilerplateLines",
    "redact_pii": "vicorpus.stages.privacy.redact:RedactPii",
    "sensitive_filter": "vicorpus.stages.privacy.sensitive:SensitiveFilter",
    "optout": "vicorpus.stages.web.optout:OptOut",
}


def load_stage(path: str) -> type[Stage]:
    """The class a ``"module:Class"`` entry names, imported now."""
    module, _, attribute = path.partition(":")
    cls: type[Stage] = getattr(import_module(module), attribute)
    return cls


class _LazyStages(Mapping[str, "type[Stage]"]):
    """A mapping over ``STAGE_PATHS`` that imports a stage's module on first lookup."""

    def __init__(self, paths: Mapping[str, str]) -> None:
        self._paths = paths
        self._loaded: dict[str, type[Stage]] = {}

    def __getitem__(self, name: str) -> type[Stage]:
        cls = self._loaded.get(name)
        if cls is None:
            cls = self._loaded[name] = load_stage(self._paths[name])  # KeyError for an unknown name
        return cls

    def __contains__(self, name: object) -> bool:
        return name in self._paths

    def get(self, name: str, default: type[Stage] | None = None) -> type[Stage] | None:  # type: ignore[override]
        # Mapping.get would turn a KeyError raised while importing the module into
        # "no such stage"; only names outside the table are absent.
        return self[name] if name in self._paths else default

    def __iter__(self) -> Iterator[str]:
        return iter(self._paths)

    def __len__(self) -> int:
        return len(self._paths)

    def __repr__(self) -> str:
        return f"STAGES({', '.join(self._paths)})"


STAGES: Mapping[str, type[Stage]] = _LazyStages(STAGE_PATHS)


def stage_class(name: str) -> type[Stage] | None:
    return STAGES.get(name)
