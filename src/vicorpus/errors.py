"""Errors a user can act on, each tied to the exit code the CLI returns for it."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Process exit codes of the ``vicorpus`` command line."""

    OK = 0
    RUN_FAILED = 1
    USAGE = 2


class ConfigError(ValueError):
    """The pipeline configuration is invalid; raised before any data is read.

    Every message names the key path (``sources[0].text_field``) and, where it
    helps, the valid choices or the nearest valid key.
    """

    def __init__(self, problems: list[str] | str) -> None:
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("\n".join(self.problems))


class RunFailed(RuntimeError):
    """The run started but could not finish correctly (exit code 1)."""


class OutputFolderConflict(RuntimeError):
    """The output folder holds a different run; refused unless overwriting is asked for."""
