"""vicorpus: turn raw Vietnamese text into LLM training data you can trust and publish."""

from vicorpus.config.source import Source
from vicorpus.errors import ConfigError, ExitCode, OutputFolderConflict, RunFailed
from vicorpus.pipeline import Pipeline
from vicorpus.run.ledger import Ledger
from vicorpus.stages.base import GlobalStage, Stage, StageKind
from vicorpus.stages.dedup.boilerplate import BoilerplateLines
from vicorpus.stages.dedup.exact import ExactDedup
from vicorpus.stages.dedup.minhash import MinhashDedup
from vicorpus.stages.filters.length import LengthFilter
from vicorpus.stages.privacy.redact import RedactPii
from vicorpus.stages.privacy.sensitive import SensitiveFilter
from vicorpus.stages.registry import STAGES
from vicorpus.stages.standardize.normalize import Normalize
from vicorpus.stages.web.optout import OptOut

__all__ = [
    "STAGES",
    "BoilerplateLines",
    "ConfigError",
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
    "RunFailed",
    "SensitiveFilter",
    "Source",
    "Stage",
    "StageKind",
]
