"""NumPy's requests for transparent huge pages, turned off in a process vicorpus owns.

NumPy asks the kernel for transparent huge pages (``madvise(MADV_HUGEPAGE)``) for every
array of 4 MiB or more. Under the kernel's usual setting for such requests
(``/sys/kernel/mm/transparent_hugepage/defrag`` = ``madvise``, the default of the common
distributions), the first touch of each 2 MiB of that memory may compact memory to find
a free huge page, and zeroes all 2 MiB of it, used or not. A run allocates its batch
arrays (characters, tokens, folded copies: tens of MB per batch) again for every batch,
and the allocator hands the large ones back to the kernel in between, so this recurs.

Measured on the quality benchmark's 20,000 documents (``bench/bench_quality_vs_fineweb2.py``'s
pipeline, ``--workers 1``, ``POLARS_MAX_THREADS=1``, runs of each interleaved, on the
2-core VM, outputs identical): six runs each, median CPU 5.14 -> 4.86 s (system time
0.90 -> 0.63 s), wall 4.83 -> 4.55 s; eight runs each an hour later, 4.89 -> 4.80 s
(system 0.73 -> 0.58 s, user 4.16 -> 4.22 s: small pages cost some TLB misses in the
compiled loops). The cost of huge pages depends on how fragmented the machine's memory
is, hence the spread. With 4 KiB pages the process takes more page faults (~180,000 ->
~280,000), each far cheaper. The kernel's zeroing of huge pages (``clear_page_erms`` under
``do_huge_pmd_anonymous_page``) was 8-11 % of the run's CPU samples in ``perf``.

Called where vicorpus owns the process (the CLI and its workers), as
``numba_start.skip_numba_blas_probe`` is; a library caller's process keeps NumPy's
setting. A user who sets ``NUMPY_MADVISE_HUGEPAGE`` keeps that choice.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Final

_USER_SETTING: Final = "NUMPY_MADVISE_HUGEPAGE"


def _setter() -> Callable[[bool], bool] | None:
    """NumPy's switch (it returns the previous setting), or None where NumPy has none."""
    try:
        from numpy._core import multiarray  # NumPy 2
    except ImportError:  # pragma: no cover - NumPy 1.26
        from numpy.core import multiarray  # type: ignore[no-redef]
    setter: Callable[[bool], bool] | None = getattr(multiarray, "_set_madvise_hugepage", None)
    return setter


def prefer_small_pages() -> None:
    """Turn NumPy's huge page requests off, unless the user chose through its variable."""
    if _USER_SETTING in os.environ:
        return
    setter = _setter()
    if setter is not None:
        setter(False)
