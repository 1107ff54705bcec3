"""Stage ``optout``: drop documents whose owner opted out of AI training (reason ``optout``).

The signals come with each web document (the ``optout`` column the WARC and HTML readers
fill from HTTP headers and meta tags, ``vicorpus.web.optout``); ``signals`` chooses which
ones count (default: TDMRep reservation, robots ``noai``, ``Content-Usage: train-ai=n``,
``Content-Signal: ai-train=no``; ``robots_noimageai`` concerns images). With
``robots_file`` (a robots.txt snapshot, ``vicorpus.web.robots``), a document is also
dropped when a robots.txt group for an AI-training crawler disallows its URL; the agent
is recorded in ``optout_robots``. Listed by default in web pipelines; documents without
signals and without a URL pass.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

import polars as pl
from pydantic import Field, field_validator

from vicorpus.schema import DROP_REASON
from vicorpus.stages.base import Stage, StageKind
from vicorpus.web.optout import OPTOUT_SIGNALS, TEXT_OPTOUTS

if TYPE_CHECKING:
    from vicorpus.web.robots import RobotsSnapshot

DROP_OPTOUT = "optout"


class OptOut(Stage):
    """Drop documents opted out of AI training (TDMRep, noai, Content-Usage/Signal, robots.txt)."""

    name: ClassVar[str] = "optout"
    kind: ClassVar[StageKind] = StageKind.FILTER
    output_columns: ClassVar[dict[str, pl.DataType]] = {"optout_robots": pl.String()}

    signals: list[str] = Field(
        default_factory=lambda: list(TEXT_OPTOUTS),
        description=f"Signals that drop a document; any of {', '.join(OPTOUT_SIGNALS)}.",
    )
    robots_file: str | None = Field(
        None, description="robots.txt snapshot (JSON Lines of {domain, robots_txt, fetched}); absolute path."
    )
    robots_user_agents: list[str] = Field(
        default_factory=list, description="Crawlers whose robots.txt rules count (default: the AI-training crawlers)."
    )

    @field_validator("signals")
    @classmethod
    def _known_signals(cls, value: list[str]) -> list[str]:
        unknown = [signal for signal in value if signal not in OPTOUT_SIGNALS]
        if unknown:
            raise ValueError(f"unknown signal(s) {', '.join(unknown)}; choose from {', '.join(OPTOUT_SIGNALS)}")
        return value

    @field_validator("robots_file")
    @classmethod
    def _readable_snapshot(cls, value: str | None) -> str | None:
        if value is not None:
            _snapshot(value)  # a missing or malformed file is a config error, before any data
        return value

    def content_digest(self) -> str | None:
        # A new robots.txt snapshot at the same path decides differently: a new configuration.
        if self.robots_file is None:
            return None
        return hashlib.sha256(Path(self.robots_file).read_bytes()).hexdigest()

    def __call__(self, batch: pl.DataFrame) -> pl.DataFrame:
        wanted = set(self.signals)
        flagged = [bool(value) and not wanted.isdisjoint(value.split(",")) for value in batch["optout"].to_list()]
        robots: list[str | None] = [None] * batch.height
        if self.robots_file is not None:
            from vicorpus.web.robots import AI_USER_AGENTS

            snapshot = _snapshot(self.robots_file)
            agents = tuple(self.robots_user_agents) or AI_USER_AGENTS
            robots = [snapshot.disallowing_agent(url, agents) if url else None for url in batch["url"].to_list()]
        reasons = [
            DROP_OPTOUT if signal or agent is not None else reason
            for signal, agent, reason in zip(flagged, robots, batch[DROP_REASON].to_list(), strict=True)
        ]
        return batch.with_columns(
            pl.Series("optout_robots", robots, dtype=pl.String),
            pl.Series(DROP_REASON, reasons, dtype=pl.String),
        )


@lru_cache(maxsize=4)
def _snapshot(path: str) -> RobotsSnapshot:
    from vicorpus.web.robots import load_snapshot

    try:
        return load_snapshot(Path(path))
    except OSError as error:
        raise ValueError(f"cannot read robots snapshot {path}: {error.strerror or error}") from error
