"""Governance fields of a source: what kind of data it is, under which licence, who
collected it when and how. They fill the release papers (dataset card, Croissant, the
EU training-content summary); nothing in the pipeline's processing depends on them.

The source kinds are the categories of the European Commission's template for the
public summary of training content (C(2025) 5235, §2.1–2.6).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

SourceKind = Literal["public_dataset", "private_licensed", "private_other", "crawled", "user", "synthetic", "other"]
SOURCE_KINDS: tuple[str, ...] = (
    "public_dataset",  # §2.1 publicly available datasets
    "private_licensed",  # §2.2.1 licensed by rightsholders or their representatives
    "private_other",  # §2.2.2 private datasets obtained from other third parties
    "crawled",  # §2.3 crawled and scraped by the provider or on its behalf
    "user",  # §2.4 user data
    "synthetic",  # §2.5 synthetic data
    "other",  # §2.6 other sources
)

# A date as precise as it is known: 2024, 2024-05 or 2024-05-17.
_PARTIAL_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")


def _as_partial_date(value: object) -> object:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    return value


class CollectionPeriod(BaseModel):
    """When the source's content was collected (crawled, downloaded, received)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    start: str = Field(description="First collection date: YYYY, YYYY-MM or YYYY-MM-DD.")
    end: str | None = Field(None, description="Last collection date; null while collection goes on.")

    @field_validator("start", "end", mode="before")
    @classmethod
    def _dates(cls, value: object) -> object:
        value = _as_partial_date(value)
        if value is not None and not (isinstance(value, str) and _PARTIAL_DATE.match(value)):
            raise ValueError(f"'{value}' is not a date written YYYY, YYYY-MM or YYYY-MM-DD")
        if isinstance(value, str) and len(value) == 10:
            try:
                dt.date.fromisoformat(value)
            except ValueError:
                raise ValueError(f"'{value}' is not a calendar date") from None
        return value

    @model_validator(mode="after")
    def _ordered(self) -> CollectionPeriod:
        # "2024" as an end means the whole year: compare the latest day it can mean
        # with the earliest day the start can mean.
        if self.end is not None and (self.end + "-99-99"[len(self.end) - 4 :]) < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        return self


class Crawler(BaseModel):
    """Who crawled a ``crawled`` source, and how (the template's §2.3)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1, description="Crawler name or identifier, e.g. 'CCBot' or your own.")
    user_agent: str | None = Field(None, description="User-agent string it sent.")
    purpose: str | None = Field(None, description="What the crawler collects for.")
    respects_robots_txt: bool | None = Field(None, description="Whether it obeyed robots.txt while crawling.")
    behaviour: str | None = Field(
        None, description="Anything else a site owner should know: paywalls, logins, captchas, crawl rate."
    )
