"""Progress on stderr (rich), or nothing with ``--quiet``."""

from __future__ import annotations

from types import TracebackType

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)


class ProgressReporter:
    """One bar per phase; a no-op when disabled."""

    def __init__(self, enabled: bool) -> None:
        self._progress: Progress | None = None
        if enabled:
            self._progress = Progress(
                TextColumn("{task.description:<22}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[note]}"),
                TimeElapsedColumn(),
                console=Console(stderr=True),
                transient=False,
            )
        self._current: TaskID | None = None

    def __enter__(self) -> ProgressReporter:
        if self._progress is not None:
            self._progress.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._progress is not None:
            self._progress.stop()

    def phase(self, description: str, total: int, done: int = 0) -> None:
        if self._progress is not None:
            self._current = self._progress.add_task(description, total=total, completed=done, note="")

    def advance(self, note: str = "") -> None:
        if self._progress is not None and self._current is not None:
            self._progress.update(self._current, advance=1, note=note)
