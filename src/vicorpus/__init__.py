"""vicorpus: turn raw Vietnamese text into LLM training data you can trust and publish."""

from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from vicorpus.config.governance import CollectionPeriod, Crawler
    from vicorpus.config.release import ReleaseInfo
    from vicorpus.config.source import Source
    from vicorpus.errors import ConfigError, ExitCode, OutputFolderConflict, RunFailed
    from vicorpus.pipeline import Pipeline
    from vicorpus.run.ledger import Ledger
    from vicorpus.stages.annotate.dialect import Dialect
    from vicorpus.stages.annotate.domain import DomainLabel
    from vicorpus.stages.base import GlobalStage, Stage, StageKind, Threshold
    from vicorpus.stages.dedup.boilerplate import BoilerplateLines
    from vicorpus.stages.dedup.exact import ExactDedup
    from vicorpus.stages.dedup.minhash import MinhashDedup
    from vicorpus.stages.filters.length import LengthFilter
    from vicorpus.stages.privacy.redact import RedactPii
    from vicorpus.stages.privacy.sensitive import SensitiveFilter
    from vicorpus.stages.registry import STAGES
    from vicorpus.stages.standardize.normalize import Normalize
    from vicorpus.stages.web.optout import OptOut
    from vicorpus.subset import Selection, select_subset

__all__ = [
    "STAGES",
    "BoilerplateLines",
    "CollectionPeriod",
    "ConfigError",
    "Crawler",
    "Dialect",
    "DomainLabel",
    "ExactDedup",
    "ExitCode",
    "GlobalStage",
    "Ledger",
    "LengthFilter",
    "MinhashDedup",
    "Normalize",
    "OptOut",
    "OutputFolderConflict",
    "Pipeline",
    "RedactPii",
    "ReleaseInfo",
    "RunFailed",
    "Selection",
    "SensitiveFilter",
    "Source",
    "Stage",
    "StageKind",
    "Threshold",
    "select_subset",
    "write_release_papers",
]

# The public names are imported on first use (PEP 562), so that importing any part of
# vicorpus (the CLI, a worker, one kernel) does not import every stage and its models.
_LAZY: dict[str, str] = {
    "CollectionPeriod": "vicorpus.config.governance",
    "Crawler": "vicorpus.config.governance",
    "ReleaseInfo": "vicorpus.config.release",
    "Source": "vicorpus.config.source",
    "ConfigError": "vicorpus.errors",
    "ExitCode": "vicorpus.errors",
    "OutputFolderConflict": "vicorpus.errors",
    "RunFailed": "vicorpus.errors",
    "Pipeline": "vicorpus.pipeline",
    "Ledger": "vicorpus.run.ledger",
    "Dialect": "vicorpus.stages.annotate.dialect",
    "DomainLabel": "vicorpus.stages.annotate.domain",
    "GlobalStage": "vicorpus.stages.base",
    "Stage": "vicorpus.stages.base",
    "StageKind": "vicorpus.stages.base",
    "Threshold": "vicorpus.stages.base",
    "BoilerplateLines": "vicorpus.stages.dedup.boilerplate",
    "ExactDedup": "vicorpus.stages.dedup.exact",
    "MinhashDedup": "vicorpus.stages.dedup.minhash",
    "LengthFilter": "vicorpus.stages.filters.length",
    "RedactPii": "vicorpus.stages.privacy.redact",
    "SensitiveFilter": "vicorpus.stages.privacy.sensitive",
    "STAGES": "vicorpus.stages.registry",
    "Normalize": "vicorpus.stages.standardize.normalize",
    "OptOut": "vicorpus.stages.web.optout",
    "Selection": "vicorpus.subset",
    "select_subset": "vicorpus.subset",
}


if not TYPE_CHECKING:  # mypy sees the imports above, and flags names that do not exist

    def __getattr__(name: str) -> Any:
        module = _LAZY.get(name)
        if module is None:
            # A subpackage reached as an attribute (``vicorpus.quality``), as when every
            # subpackage was imported with the package.
            try:
                return import_module(f"{__name__}.{name}")
            except ModuleNotFoundError as missing:
                if missing.name != f"{__name__}.{name}":
                    raise
                raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
        value = getattr(import_module(module), name)
        globals()[name] = value  # later look-ups skip this function
        return value

    def __dir__() -> list[str]:
        return sorted(set(globals()) | set(__all__))


def write_release_papers(output_dir: str | Path) -> list[Path]:
    """Write the release papers and report.html of a finished run (``vicorpus report``)."""
    from vicorpus.release.papers import write_release_papers as write

    return write(Path(output_dir))
