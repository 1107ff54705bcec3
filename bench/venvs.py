"""A reference tool's own virtualenv, outside the repository, created once.

The reference tools (datatrove and what FineWeb-2's filters need) are not vicorpus
dependencies: each benchmark runs its reference in a virtualenv of its own, checked by a
probe script that must import and run what the reference uses and print its version.
"""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def probe(python: Path, script: str) -> str | None:
    """What ``script`` prints in that Python, or None if it fails (or there is no Python)."""
    if not python.exists():
        return None
    done = subprocess.run([str(python), "-c", script], capture_output=True, text=True, check=False)
    return done.stdout.strip() if done.returncode == 0 else None


def ensure_venv(
    venv: Path,
    base_python: str,
    reinstall: bool,
    *,
    script: str,
    installs: Sequence[Sequence[str]],
    option: str,
    what: str,
) -> tuple[Path, str]:
    """Create (once) the virtualenv ``venv`` and run ``pip install`` with each argument list
    of ``installs`` in it, unless ``script`` already runs there; return its Python and what
    ``script`` prints. ``option``: the command-line option naming ``venv`` (for errors);
    ``what``: what is being set up (for messages)."""
    venv = venv.expanduser().resolve()
    if venv == REPO or REPO in venv.parents:
        raise SystemExit(f"FAIL: {option} {venv} is inside the repository; put it outside")
    python = venv / "bin" / "python"
    version = None if reinstall else probe(python, script)
    if version is not None:
        return python, version
    listed = "; ".join(" ".join(arguments) for arguments in installs)
    print(f"setting up {what} in {venv} ({listed}) …", flush=True)
    if not python.exists():
        venv.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([base_python, "-m", "venv", str(venv)], check=True)
    for arguments in installs:
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", *arguments], check=True)
    version = probe(python, script)
    if version is None:
        done = subprocess.run([str(python), "-c", script], capture_output=True, text=True, check=False)
        raise SystemExit(f"FAIL: {what} does not run in {venv} after installing it:\n{done.stderr[-3000:]}")
    return python, version
