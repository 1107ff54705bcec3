"""vicorpus: turn raw Vietnamese text into LLM training data you can trust and publish."""

from pathlib import Path

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


def write_release_papers(output_dir: str | Path) -> list[Path]:
    """Write the release papers and report.html of a finished run (``vicorpus report``)."""
    from vicorpus.release.papers import write_release_papers as write

    return write(Path(output_dir))
