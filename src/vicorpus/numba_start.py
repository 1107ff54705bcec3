"""Numba's start-up in a vicorpus process, without its BLAS probe.

When a process first runs (or loads from the cache) a compiled loop, Numba imports its
implementation modules, and one of them, ``numba.np.arraymath``, checks at import time
whether SciPy's BLAS can be loaded (``_HAVE_BLAS``) by importing ``scipy.linalg``: all of
it, ~0.2 s of CPU in every process where SciPy is installed (the ``train`` extra brings
it; a run on 200 documents: 1.25 -> 1.03 CPU s, min of 4). The answer only chooses
between SciPy's and Numba's own inner product in a few NumPy functions compiled later
(``np.cov``, ``np.corrcoef``, …); no vicorpus loop calls them, and Numba's own is exact
too.

:func:`skip_numba_blas_probe` arranges that this one module is imported with
``scipy.linalg`` out of reach, when Numba first imports it, and only for the duration of
that import: a process that never compiles anything pays nothing, SciPy imports as usual
afterwards, and Numba's linear algebra (``np.dot``, ``np.linalg``), which loads SciPy's
BLAS when it compiles, works as before (tested). Called where vicorpus owns the process:
the CLI and its workers.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import sys
from collections.abc import Sequence
from types import ModuleType
from typing import Final

_PROBING_MODULE: Final = "numba.np.arraymath"
_PROBED_MODULE: Final = "scipy.linalg"


class _ImportWithoutProbe(importlib.abc.MetaPathFinder):
    """Finds ``numba.np.arraymath`` as the import system would, and executes it with
    ``scipy.linalg`` unimportable; then leaves ``sys.meta_path``."""

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname != _PROBING_MODULE:
            return None
        sys.meta_path.remove(self)  # once: the module is imported now
        spec = importlib.machinery.PathFinder.find_spec(fullname, path, target)
        loader = None if spec is None else spec.loader
        if loader is None or _PROBED_MODULE in sys.modules:
            return spec  # nothing to save: the import system goes on as usual
        execute = loader.exec_module

        def exec_without_probe(module: ModuleType) -> None:
            sys.modules[_PROBED_MODULE] = None  # type: ignore[assignment]  # import raises ImportError
            try:
                execute(module)
            finally:
                if sys.modules.get(_PROBED_MODULE, False) is None:
                    del sys.modules[_PROBED_MODULE]

        loader.exec_module = exec_without_probe  # type: ignore[method-assign]  # this spec's own loader
        return spec


def skip_numba_blas_probe() -> None:
    """Have Numba's ``numba.np.arraymath`` imported without its SciPy BLAS probe, if it
    is not imported yet (idempotent)."""
    if _PROBING_MODULE in sys.modules or any(isinstance(finder, _ImportWithoutProbe) for finder in sys.meta_path):
        return
    sys.meta_path.insert(0, _ImportWithoutProbe())
