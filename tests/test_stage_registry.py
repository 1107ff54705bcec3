"""The stage registry and the package's lazy attributes: a look-up imports only what it
names, so a run imports only the stages of its pipeline; the lazy table cannot drift
from the stage classes."""

from __future__ import annotations

import importlib
import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import vicorpus
import vicorpus.stages
from conftest import write_pipeline
from vicorpus.stages.base import Stage
from vicorpus.stages.registry import STAGE_PATHS, STAGES, stage_class

TEXT = "Hà Nội mùa thu, những con đường rợp bóng cây và tiếng rao đêm. " * 5


@pytest.mark.parametrize("name", sorted(STAGE_PATHS))
def test_each_entry_imports_a_stage_class_of_that_name(name: str) -> None:
    cls = STAGES[name]
    assert isinstance(cls, type) and issubclass(cls, Stage)
    assert cls.name == name
    assert f"{cls.__module__}:{cls.__qualname__}" == STAGE_PATHS[name]
    assert stage_class(name) is cls


def test_every_stage_class_is_registered() -> None:
    """A stage class (one that sets its own ``name``) anywhere under vicorpus.stages is in
    the table: a new stage cannot be forgotten."""
    defined: dict[str, type[Stage]] = {}
    for module in pkgutil.walk_packages(vicorpus.stages.__path__, "vicorpus.stages."):
        for value in vars(importlib.import_module(module.name)).values():
            if isinstance(value, type) and issubclass(value, Stage) and "name" in vars(value):
                defined[value.name] = value
    assert sorted(defined) == sorted(STAGE_PATHS)
    assert all(STAGES[name] is cls for name, cls in defined.items())


def test_the_mapping_answers_names_without_importing() -> None:
    assert len(STAGES) == len(STAGE_PATHS) == len(set(STAGE_PATHS))
    assert list(STAGES) == list(STAGE_PATHS)
    assert "normalize" in STAGES and "lenght_filter" not in STAGES and 3 not in STAGES
    assert STAGES.get("lenght_filter") is None and stage_class("lenght_filter") is None
    with pytest.raises(KeyError):
        STAGES["lenght_filter"]
    assert dict(STAGES.items()) == {name: STAGES[name] for name in STAGE_PATHS}


def test_the_public_names_are_the_defining_modules_objects() -> None:
    for name in vicorpus.__all__:
        value = getattr(vicorpus, name)
        assert value is not None
        if name != "STAGES" and hasattr(value, "__module__") and name != "write_release_papers":
            assert getattr(importlib.import_module(value.__module__), name) is value
    assert set(vicorpus.__all__) <= set(dir(vicorpus))
    assert vicorpus.STAGES is STAGES
    with pytest.raises(AttributeError, match="no attribute 'Nope'"):
        _ = vicorpus.Nope  # type: ignore[attr-defined]


def _modules_after(code: str, cwd: Path) -> set[str]:
    """The vicorpus modules a fresh interpreter has imported after running ``code``."""
    script = f"{code}\nimport json, sys\nprint(json.dumps(sorted(m for m in sys.modules if m.startswith('vicorpus'))))"
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=cwd, capture_output=True, text=True, timeout=600, check=False
    )
    assert result.returncode == 0, result.stderr
    return set(json.loads(result.stdout.strip().splitlines()[-1]))


def test_the_cli_imports_no_stage(tmp_path: Path) -> None:
    modules = _modules_after("import vicorpus.cli", tmp_path)
    assert not {m for m in modules if m.startswith(("vicorpus.stages", "vicorpus.pipeline"))}


def test_a_run_imports_only_the_stages_of_its_pipeline(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_text(json.dumps({"text": TEXT}, ensure_ascii=False) + "\n", encoding="utf-8")
    config = write_pipeline(
        tmp_path,
        {
            "sources": [{"name": "s", "format": "jsonl", "path": "a.jsonl"}],
            "stages": [{"normalize": {}}, {"length_filter": {"min_chars": 10}}, {"exact_dedup": {}}],
        },
    )
    code = (
        "from vicorpus.cli import app\n"
        f"app(['run', {str(config)!r}, '--output', 'out', '--quiet', '--workers', '1'], standalone_mode=False)"
    )
    modules = _modules_after(code, tmp_path)
    assert (tmp_path / "out" / "ledger.json").exists()
    used = {"normalize", "length_filter", "exact_dedup"}
    stage_modules = {path.partition(":")[0] for path in STAGE_PATHS.values()}
    wanted = {STAGE_PATHS[name].partition(":")[0] for name in used}
    assert modules & stage_modules == wanted
    for unused in ("vicorpus.topic", "vicorpus.dialect", "vicorpus.pii", "vicorpus.minhash", "vicorpus.langid"):
        assert unused not in modules
