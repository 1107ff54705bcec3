"""The ``release:`` block of a pipeline: what the release papers say about the dataset
as a whole. Everything is optional; what is left empty is marked in the papers as a
field for a person to fill."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class ReleaseInfo(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str | None = Field(
        None, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", description="Short machine name (default: the output folder's)."
    )
    pretty_name: str | None = Field(None, description="Human-readable title of the dataset.")
    description: str | None = Field(None, description="What the dataset is, in a few sentences.")
    version: str = Field("1.0.0", description="Version of this release.")
    url: str | None = Field(None, description="Where the dataset is published.")
    creators: tuple[str, ...] = Field((), description="People or organisations who made the dataset.")
    contact: str | None = Field(None, description="Who answers questions and takes removal requests.")
    citation: str | None = Field(None, description="BibTeX or a sentence to cite the dataset.")
    provider: str | None = Field(
        None,
        description="EU summary §1.1: the model provider's name and contact (usually filled by the model builder).",
    )
