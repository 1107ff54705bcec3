"""Turn validation failures into messages that name the key path and the choices."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Sequence

from pydantic import ValidationError


def key_path(parts: Iterable[str | int]) -> str:
    """``("sources", 0, "text_field")`` → ``sources[0].text_field``."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out or "<top level>"


def nearest(word: str, choices: Sequence[str]) -> str | None:
    found = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return found[0] if found else None


def unknown_key(path: str, key: str, valid: Sequence[str]) -> str:
    hint = nearest(key, valid)
    did_you_mean = f" (did you mean '{hint}'?)" if hint else ""
    return f"{path}: unknown key '{key}'{did_you_mean}; valid keys: {', '.join(valid)}"


def render_validation_error(
    error: ValidationError,
    prefix: Sequence[str | int],
    valid_keys: Sequence[str] | Callable[[tuple[str | int, ...]], Sequence[str]],
) -> list[str]:
    """One message per problem, with the full key path from the top of the config.

    ``valid_keys`` is the list of keys for an unknown-key error, or a function of
    the error's location (within the validated object) that returns it.
    """
    problems = []
    errors = error.errors()
    failed_items = {tuple(e["loc"][:1]) for e in errors if len(e["loc"]) > 1}
    for item in errors:
        if item["type"] == "too_short" and tuple(item["loc"]) in failed_items:
            continue  # "at least 1 item" only because the item itself failed
        loc = [*prefix, *item["loc"]]
        if item["type"] == "extra_forbidden":
            key = str(loc[-1])
            keys = valid_keys(tuple(item["loc"][:-1])) if callable(valid_keys) else valid_keys
            problems.append(unknown_key(key_path(loc[:-1]), key, keys))
            continue
        message = item["msg"]
        given = item.get("input")
        if item["type"] == "literal_error" and isinstance(given, str):
            expected = str(item.get("ctx", {}).get("expected", ""))
            choices = [c.strip(" '") for c in expected.replace(" or ", ",").split(",") if c.strip()]
            hint = nearest(given, choices)
            if hint:
                message += f" (did you mean '{hint}'?)"
        problems.append(f"{key_path(loc)}: {message}")
    return problems
