"""The pipeline: sources, stages, output and run settings; YAML in and out."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError

from vicorpus.config.governance import CollectionPeriod, Crawler
from vicorpus.config.messages import key_path, nearest, render_validation_error, unknown_key
from vicorpus.config.release import ReleaseInfo
from vicorpus.config.source import Source
from vicorpus.errors import ConfigError
from vicorpus.stages.base import Stage
from vicorpus.stages.registry import STAGES

if TYPE_CHECKING:
    from vicorpus.run.ledger import Ledger

MiB = 1024 * 1024


class Pipeline(BaseModel):
    """A vicorpus pipeline, as written in YAML or built in Python."""

    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)

    sources: tuple[Source, ...] = Field(min_length=1)
    stages: tuple[Stage, ...] = ()
    output: str | None = Field(None, description="Output folder (the CLI's --output wins).")
    workers: int | None = Field(None, ge=1, description="Worker processes; null = one per core.")
    batch_size: int = Field(2000, ge=1, description="Documents per batch inside a task.")
    batch_bytes: int = Field(8 * MiB, ge=1024, description="Text bytes per batch, at most.")
    task_bytes: int = Field(
        64 * MiB,
        ge=1024,
        description="Uncompressed JSONL and Parquet files are split into tasks of about this size.",
    )
    max_record_bytes: int = Field(16 * MiB, ge=1024, description="A larger record is quarantined (record_too_large).")
    max_bad_fraction: float = Field(
        0.001,
        ge=0.0,
        le=1.0,
        description="Fail the run if more than this share of records is quarantined.",
    )
    release: ReleaseInfo = Field(
        default_factory=ReleaseInfo,
        description="What the release papers (dataset card, Croissant, EU summary) say about the dataset.",
    )
    _base_dir: Path = PrivateAttr(default_factory=Path.cwd)

    # --- construction -------------------------------------------------------------

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], base_dir: str | Path | None = None) -> Pipeline:
        """Validate a config mapping; raises ConfigError naming every bad key path."""
        if not isinstance(data, Mapping):
            raise ConfigError("<top level>: the pipeline must be a mapping with 'sources' and 'stages'")
        valid = list(cls.model_fields)
        problems: list[str] = []
        for key in data:
            if key not in valid:
                problems.append(unknown_key("<top level>", str(key), valid))
        stages = _parse_stages(data.get("stages") or [], problems, base_dir)
        fields = {k: v for k, v in data.items() if k in valid and k != "stages"}
        pipeline: Pipeline | None = None
        try:
            pipeline = cls(**fields, stages=tuple(stages))
        except ValidationError as error:
            problems.extend(render_validation_error(error, (), _valid_keys_at))
        if pipeline is not None:
            problems.extend(_check_sources(pipeline.sources))
            problems.extend(_check_stage_order(pipeline.stages))
        if problems or pipeline is None:
            raise ConfigError(problems)
        pipeline._base_dir = Path(base_dir) if base_dir is not None else Path.cwd()
        return pipeline

    @classmethod
    def from_yaml(cls, text_or_path: str | Path) -> Pipeline:
        """Load from a YAML file path or a YAML string.

        Relative paths in a file are taken relative to the file's folder.
        """
        base_dir: Path | None = None
        text: str
        if isinstance(text_or_path, Path) or ("\n" not in text_or_path and text_or_path.endswith((".yaml", ".yml"))):
            path = Path(text_or_path)
            try:
                text = path.read_text(encoding="utf-8")
            except OSError as error:
                raise ConfigError(f"cannot read pipeline file {path}: {error.strerror}") from None
            base_dir = path.resolve().parent
        else:
            text = text_or_path
        try:
            data = yaml.load(text, Loader=_ConfigLoader)  # a SafeLoader: no arbitrary objects
        except yaml.YAMLError as error:
            raise ConfigError(f"the pipeline is not valid YAML: {error}") from None
        return cls.from_dict(data if data is not None else {}, base_dir=base_dir)

    # --- serialization ------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "sources": [s.model_dump(mode="json") for s in self.sources],
            "stages": [{stage.name: stage.settings()} for stage in self.stages],
        }
        for key in type(self).model_fields:
            if key not in ("sources", "stages"):
                value = getattr(self, key)
                data[key] = value.model_dump(mode="json") if isinstance(value, BaseModel) else value
        return data

    def to_yaml(self) -> str:
        return yaml.safe_dump(self.to_dict(), sort_keys=False, allow_unicode=True)

    def __eq__(self, other: object) -> bool:
        # Equal when they describe the same pipeline, wherever they were loaded from.
        if not isinstance(other, Pipeline):
            return NotImplemented
        return self.to_dict() == other.to_dict()

    __hash__ = BaseModel.__hash__

    def labelled_stages(self) -> list[tuple[str, Stage]]:
        """Stages with the label used in ``dropped_by`` and the statistics: the stage
        name, suffixed with ``#n`` when a stage appears more than once."""
        totals = Counter(stage.name for stage in self.stages)
        seen: Counter[str] = Counter()
        labelled = []
        for stage in self.stages:
            seen[stage.name] += 1
            label = stage.name if totals[stage.name] == 1 else f"{stage.name}#{seen[stage.name]}"
            labelled.append((label, stage))
        return labelled

    # --- paths and running ------------------------------------------------------------

    @property
    def base_dir(self) -> Path:
        return self._base_dir

    def resolve(self, path: str) -> Path:
        """A config path made absolute against the pipeline file's folder."""
        candidate = Path(path).expanduser()
        return candidate if candidate.is_absolute() else self._base_dir / candidate

    def run(
        self,
        output: str | Path | None = None,
        *,
        workers: int | None = None,
        overwrite: bool = False,
        progress: bool = False,
        executor: Literal["local", "ray"] = "local",
        address: str | None = None,
    ) -> Ledger:
        """Run the pipeline; returns the ledger. Raises RunFailed or ConfigError.

        ``executor="ray"`` runs the same tasks on a Ray cluster (``address``, e.g. "auto";
        None starts a local Ray instance): the output is byte-identical."""
        from vicorpus.run.runner import run_pipeline

        return run_pipeline(
            self,
            output=output,
            workers=workers,
            overwrite=overwrite,
            progress=progress,
            executor=executor,
            address=address,
        )


class _ConfigLoader(yaml.SafeLoader):
    """YAML's safe loader, except that dates stay strings: the config checks them itself
    and names the key of an impossible one (2025-02-30) instead of failing in the parser."""


_ConfigLoader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _valid_keys_at(location: tuple[str | int, ...]) -> list[str]:
    if location[:1] == ("sources",):
        if len(location) > 2 and location[2] in ("collection_period", "crawler"):
            nested = CollectionPeriod if location[2] == "collection_period" else Crawler
            return list(nested.model_fields)
        return list(Source.model_fields)
    if location[:1] == ("release",):
        return list(ReleaseInfo.model_fields)
    return list(Pipeline.model_fields)


def _parse_stages(items: Any, problems: list[str], base_dir: str | Path | None = None) -> list[Stage]:
    """Stages from their YAML items; a stage setting that names a file (a model) is
    resolved against ``base_dir`` (the pipeline file's folder), as source paths are."""
    if not isinstance(items, Sequence) or isinstance(items, str):
        problems.append("stages: must be a list such as [{normalize: {}}, {length_filter: {min_chars: 200}}]")
        return []
    stages: list[Stage] = []
    names = sorted(STAGES)
    for index, item in enumerate(items):
        where = f"stages[{index}]"
        if isinstance(item, Stage):
            stages.append(item)
            continue
        if isinstance(item, str):
            item = {item: {}}
        if not isinstance(item, Mapping) or len(item) != 1:
            problems.append(f"{where}: each stage is a one-key mapping, e.g. '- length_filter: {{min_chars: 200}}'")
            continue
        ((name, settings),) = item.items()
        cls = STAGES.get(str(name))
        if cls is None:
            hint = nearest(str(name), names)
            did_you_mean = f" (did you mean '{hint}'?)" if hint else ""
            problems.append(f"{where}: unknown stage '{name}'{did_you_mean}; valid stages: {', '.join(names)}")
            continue
        settings = settings if settings is not None else {}
        if not isinstance(settings, Mapping):
            problems.append(f"{where}.{name}: settings must be a mapping (or {{}})")
            continue
        try:
            context = {"base_dir": Path(base_dir) if base_dir is not None else Path.cwd()}
            stages.append(cls.model_validate(dict(settings), context=context))
        except ValidationError as error:
            problems.extend(render_validation_error(error, ("stages", index, str(name)), list(cls.model_fields)))
    return stages


def _check_stage_order(stages: Sequence[Stage]) -> list[str]:
    """A stage that reads another stage's columns needs that stage before it."""
    problems = []
    for index, stage in enumerate(stages):
        needed = stage.requires_stage
        if needed and needed not in {earlier.name for earlier in stages[:index]}:
            problems.append(
                f"stages[{index}].{stage.name}: reads the columns of '{needed}'; add '- {needed}: {{}}' before it"
            )
    return problems


def _check_sources(sources: Sequence[Source]) -> list[str]:
    problems = []
    seen: set[str] = set()
    for index, source in enumerate(sources):
        if source.name in seen:
            problems.append(f"{key_path(('sources', index, 'name'))}: duplicate source name '{source.name}'")
        seen.add(source.name)
        reserved = {
            "id",
            "text",
            "source",
            "url",
            "domain",
            "origin",
            "license",
            "date",
            "metadata",
        }
        for field in source.keep_fields:
            if field in reserved:
                problems.append(f"sources[{index}].keep_fields: '{field}' is a core column already")
    return problems
