"""HTML building blocks of the run report: escaping, number formats, table cells and
sections. Every piece of text that reaches the page goes through :func:`esc`.

Ledger numbers are written as ``<td data-ledger="total.kept" data-value="61">61</td>``:
``data-ledger`` is the dotted path into ledger.json (keys joined as they are, so a source
named ``a.b`` gives ``sources.a.b.kept``; a reader resolves the path against the
ledger's own keys), ``data-value`` the raw value (an integer, or ``true``/``false``),
and the text the same value grouped for reading.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

# Grouping with a narrow no-break space (SI style): a comma or a dot would read as a
# decimal mark to half of the report's readers (Vietnamese writes 1.234,5).
GROUP = "\u202f"
# C0/C1 control characters and lone surrogates: HTML parse errors or unencodable; they
# can come with snippets of broken input, so they are shown as U+FFFD.
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def esc(value: object) -> str:
    """Text safe inside an element or a double-quoted attribute."""
    return html.escape(_UNPRINTABLE.sub("\ufffd", str(value)), quote=True)


def fmt_int(value: int) -> str:
    return f"{value:,}".replace(",", GROUP)


def fmt_number(value: float) -> str:
    """Counts as grouped integers, other numbers with three significant digits."""
    if isinstance(value, int) or float(value).is_integer():
        return fmt_int(int(value))
    return f"{value:.3g}"


def fmt_share(part: float, whole: float) -> str:
    if not whole:
        return "–"
    share = 100 * part / whole
    return f"{share:.1f} %" if share >= 0.1 or share == 0 else "<0.1 %"


def fmt_bytes(size: float) -> str:
    for unit in ("B", "kB", "MB", "GB", "TB"):
        if abs(size) < 1000 or unit == "TB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1000
    raise AssertionError("unreachable")


def fmt_seconds(seconds: float | None) -> str:
    if seconds is None or (isinstance(seconds, float) and math.isnan(seconds)):
        return "–"
    if seconds < 1:
        return f"{1000 * seconds:.0f} ms"
    if seconds < 60:
        return f"{seconds:.2f} s" if seconds < 10 else f"{seconds:.1f} s"
    minutes, rest = divmod(round(seconds), 60)
    if minutes < 60:
        return f"{minutes} min {rest:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


def lookup(ledger: Mapping[str, Any], *keys: str) -> Any:
    """The ledger value under ``keys``; None when any level is missing."""
    node: Any = ledger
    for key in keys:
        if not isinstance(node, Mapping) or key not in node:
            return None
        node = node[key]
    return node


def stage_count(record: Mapping[str, Any], key: str) -> int | None:
    """A count of a manifest stage record; None when the record lacks it (a manifest of
    an older version, or edited by hand)."""
    value = record.get(key)
    return int(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def ledger_value(ledger: Mapping[str, Any], *keys: str, tag: str = "td", css: str = "n") -> str:
    """An element showing one ledger number, tagged with its path for machine checks.

    A path the ledger lacks is shown as a plain dash without ``data-ledger``: the
    attribute promises the value is in ledger.json.
    """
    value = lookup(ledger, *keys)
    if value is None:
        return f'<{tag} class="{css} muted">–</{tag}>'
    path = esc(".".join(keys))
    if isinstance(value, bool):
        raw, text = ("true", "yes") if value else ("false", "NO")
        css = f"{css} {'ok' if value else 'bad'}"
    elif isinstance(value, int):
        raw, text = str(value), fmt_int(value)
    else:  # a ledger holds integers and flags; anything else is shown as it is
        raw = text = str(value)
    return f'<{tag} class="{css}" data-ledger="{path}" data-value="{esc(raw)}">{esc(text)}</{tag}>'


def td(text: object, css: str = "") -> str:
    attribute = f' class="{css}"' if css else ""
    return f"<td{attribute}>{esc(text)}</td>"


def fmt_signed(value: int) -> str:
    """A change with its sign, a true minus for negatives."""
    return ("+" if value > 0 else "−" if value < 0 else "") + fmt_int(abs(value))


def plural(count: int, noun: str) -> str:
    return f"{fmt_int(count)} {noun}{'' if count == 1 else 's'}"


def num(value: float | None, css: str = "n") -> str:
    if value is None:
        return f'<td class="{css} muted">–</td>'
    return f'<td class="{css}">{esc(fmt_number(value))}</td>'


def meter(part: float, whole: float) -> str:
    """A cell with a share as text and as a bar drawn by CSS (no image, no script)."""
    width = 0.0 if not whole else max(0.0, min(100.0, 100 * part / whole))
    return (
        f'<td class="n share"><span class="meter" aria-hidden="true"><span style="width:{width:.1f}%"></span></span>'
        f'<span class="pct">{esc(fmt_share(part, whole))}</span></td>'
    )


def table(
    headers: Sequence[str],
    rows: Iterable[Sequence[str]],
    caption: str = "",
    numeric_from: int = 1,
    numeric_to: int | None = None,
) -> str:
    """A table whose rows are lists of rendered ``<td>`` cells; the first cell of a row
    is its header cell, and a row starting with a ``total`` cell is a totals row.
    Headers of columns ``numeric_from`` up to ``numeric_to`` are right-aligned, over
    their numbers."""
    last = len(headers) if numeric_to is None else numeric_to
    head = "".join(
        f'<th scope="col"{" class=n" if numeric_from <= i < last else ""}>{esc(h)}</th>' for i, h in enumerate(headers)
    )
    body = []
    for cells in rows:
        first = cells[0].replace("<td", '<th scope="row"', 1).replace("</td>", "</th>", 1) if cells else ""
        row_class = ' class="total"' if first.startswith('<th scope="row" class="total"') else ""
        body.append(f"<tr{row_class}>" + first + "".join(cells[1:]) + "</tr>")
    if not body:
        body.append(f'<tr><td colspan="{len(headers)}" class="muted">none</td></tr>')
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    return f'<div class="scroll"><table>{cap}<thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table></div>'


def section(anchor: str, title: str, body: str, intro: str = "") -> str:
    lead = f'<p class="intro">{esc(intro)}</p>' if intro else ""
    heading = f'<h2 id="{esc(anchor)}-h">{esc(title)}</h2>'
    return f'<section id="{esc(anchor)}" aria-labelledby="{esc(anchor)}-h">{heading}{lead}{body}</section>'
