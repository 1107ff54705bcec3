"""Numba's BLAS probe skipped at start-up (``vicorpus.numba_start``), nothing else changed.

Each case runs in a fresh interpreter: what is under test is the first import of Numba's
implementation modules, which happens once per process.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

pytest.importorskip("scipy.linalg")  # without SciPy there is no probe to skip

_REPORT = """
import json, sys
import numpy as np
from numba import njit

@njit(cache=False)
def inner(a, b):
    return np.dot(a, b)

@njit(cache=False)
def total(a):
    return a.sum()

total(np.arange(4.0))  # the first compilation imports Numba's implementation modules
import numba.np.arraymath as arraymath
report = {
    "have_blas": arraymath._HAVE_BLAS,
    "scipy_linalg_loaded_by_numba_start": "scipy.linalg" in sys.modules,
    "finders_left": sum(type(f).__name__ == "_ImportWithoutProbe" for f in sys.meta_path),
}
import scipy.linalg  # importable as usual afterwards
report["scipy_linalg_works"] = float(scipy.linalg.norm(np.array([3.0, 4.0])))
report["dot"] = float(inner(np.arange(3.0), np.arange(3.0)))  # Numba's BLAS-backed np.dot
print(json.dumps(report))
"""


_SKIP = "from vicorpus.numba_start import skip_numba_blas_probe\nskip_numba_blas_probe()\n"


def _run(prelude: str) -> dict[str, object]:
    completed = subprocess.run(
        [sys.executable, "-c", prelude + _REPORT], capture_output=True, text=True, check=True, timeout=300
    )
    result: dict[str, object] = json.loads(completed.stdout.strip().splitlines()[-1])
    return result


def test_the_probe_is_skipped_and_scipy_and_numba_linear_algebra_still_work() -> None:
    prelude = _SKIP + "skip_numba_blas_probe()\n"  # twice: idempotent
    report = _run(prelude)
    assert report == {
        "have_blas": False,
        "scipy_linalg_loaded_by_numba_start": False,
        "finders_left": 0,
        "scipy_linalg_works": 5.0,
        "dot": 5.0,
    }


def test_without_it_numba_probes_scipy() -> None:
    report = _run("")
    assert report["have_blas"] is True
    assert report["scipy_linalg_loaded_by_numba_start"] is True
    assert report["dot"] == 5.0


def test_too_late_changes_nothing() -> None:
    prelude = "import numba.np.arraymath\n" + _SKIP
    report = _run(prelude)
    assert report["have_blas"] is True
    assert report["finders_left"] == 0
