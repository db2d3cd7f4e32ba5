"""Text alternatives for charts and the map: what each shows and its key numbers, written from the data.

Pure: a plotly figure (or the map's points) in, one or two plain sentences out, in the manner of
Datawrapper's alt text: the kind of chart, its title, the largest values with their labels, the
filters in force. Used under every chart on the pages, and as the alt text of exported PNGs.

    describe(fig) -> "Bar chart: Incidents in the data, by perpetrator and period. Soviet Union 130
    incidents, United States 30, United Kingdom 17, ... Split by period: Russian Civil War, ..."
"""

from __future__ import annotations

import html
import math
import re
from bisect import bisect_left, bisect_right
from collections import defaultdict

import pandas as pd

TOP = 5  # labelled values named in a description
_TAG = re.compile(r"<[^>]+>")


def plain(text) -> str:
    """Return plotly label text as plain words: tags dropped, line breaks as spaces, entities decoded."""
    s = re.sub(r"<br\s*/?>", " ", "" if text is None else str(text), flags=re.I)
    return re.sub(r"\s+", " ", html.unescape(_TAG.sub("", s))).strip()


def num(v) -> str:
    """Return a number as a reader writes it: 1,234 / 26.7 / 0.15."""
    v = float(v)
    if v == int(v) or abs(v) >= 100:
        return f"{v:,.0f}"
    return f"{v:,.1f}" if abs(v) >= 1 else f"{v:.2g}"


def _finite(v) -> bool:
    try:
        return v is not None and not math.isnan(float(v))
    except (TypeError, ValueError):
        return False


def _titles(fig) -> tuple[str, str]:
    meta = fig.layout.meta if isinstance(fig.layout.meta, dict) else {}
    title = meta.get("title") or plain(fig.layout.title.text) or "Untitled chart"
    return plain(title), plain(meta.get("subtitle") or "")


def _axis(fig, letter: str):
    return fig.layout["xaxis" if letter == "x" else "yaxis"]


def _ticks(axis) -> dict:
    """Return {position: label} for an axis that names its positions (tickvals/ticktext)."""
    if axis.tickvals is None or axis.ticktext is None:
        return {}
    return {float(v): plain(t) for v, t in zip(axis.tickvals, axis.ticktext)}


def _headers(axis) -> dict:
    """Return {position: label} of the bold tick labels: group headers with their rows after them."""
    if axis.tickvals is None or axis.ticktext is None:
        return {}
    return {float(v): plain(t) for v, t in zip(axis.tickvals, axis.ticktext) if str(t).startswith("<b>")}


def _label(v, ticks: dict, headers: dict | None = None) -> str:
    return _labeller(ticks, headers)(v)


def _labeller(ticks: dict, headers: dict | None = None):
    """Return a function naming a position on a category axis: its text, the group header at or above it,
    or the nearest tick's label (found by bisection: a chart may hold thousands of points)."""
    tick_at = sorted(ticks)
    head_at = sorted(headers or {})

    def label(v) -> str:
        if isinstance(v, str):
            return plain(v)
        if head_at and _finite(v):
            i = bisect_right(head_at, float(v) + 1e-9)
            return (headers or {})[head_at[i - 1] if i else head_at[0]]
        if tick_at and _finite(v):
            i = bisect_left(tick_at, float(v))
            near = tick_at[max(i - 1, 0) : i + 1]
            return ticks[min(near, key=lambda t: abs(t - float(v)))]
        return num(v) if _finite(v) else str(v)

    return label


def _unit(fig, letter: str) -> str:
    """Return the value axis title as a unit ('incidents'), without notes in brackets."""
    t = plain(_axis(fig, letter).title.text)
    t = re.sub(r"\s*\(.*?\)|,.*$", "", t).strip()
    return t[:1].lower() + t[1:] if t else ""


def _listing(pairs: list[tuple[str, str]], more: int) -> str:
    text = ", ".join(f"{label} {value}" for label, value in pairs)
    return text + (f", and {more} more" if more > 0 else "")


def _legend(traces) -> list[str]:
    names = []
    for t in traces:
        n = plain(t.name)
        if n and t.showlegend is not False and n not in names:
            names.append(n)
    return names


def _heatmap(fig, traces) -> str | None:
    t = next((t for t in traces if t.type == "heatmap"), None)
    if t is None or t.z is None:
        return None
    xt, yt = _ticks(_axis(fig, "x")), _ticks(_axis(fig, "y"))
    xs = list(t.x) if t.x is not None else list(range(len(t.z[0])))
    ys = list(t.y) if t.y is not None else list(range(len(t.z)))
    cells = [
        (float(z), _label(ys[i], yt), _label(xs[j], xt))
        for i, row in enumerate(t.z)
        for j, z in enumerate(row)
        if _finite(z) and float(z) != 0
    ]
    unit = plain(t.colorbar.title.text) if t.colorbar and t.colorbar.title else ""
    rows, cols = plain(_axis(fig, "y").title.text).lower(), plain(_axis(fig, "x").title.text).lower()
    head = (
        f"Matrix of {len(ys)} rows{f' ({rows})' if rows else ''} by {len(xs)} columns"
        f"{f' ({cols})' if cols else ''}; {len(cells)} cells hold a value"
    )
    if not cells:
        return head + "."
    cells.sort(key=lambda c: -c[0])
    top = [(f"{r} × {c}", num(z)) for z, r, c in cells[:TOP]]
    return f"{head}. Highest{f' ({unit})' if unit else ''}: {_listing(top, 0)}."


def _years(values) -> tuple[int, int] | None:
    d = pd.to_datetime(pd.Series(list(values)), errors="coerce").dropna()
    return (int(d.min().year), int(d.max().year)) if len(d) else None


def _timeline(fig, traces) -> str | None:
    bars = [t for t in traces if t.type == "bar" and t.base is not None]
    if not bars or _axis(fig, "x").type != "date":
        return None
    counts: dict[str, int] = defaultdict(int)
    starts = []
    for t in bars:
        counts[plain(t.name) or "other"] += len(t.base)
        starts += list(t.base)
    span = _years(starts)
    total = sum(counts.values())
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    when = f" beginning between {span[0]} and {span[1]}" if span else ""
    return f"{total:,} bars{when}. By colour: {_listing([(k, f'{v:,}') for k, v in ranked[:TOP]], len(ranked) - TOP)}."


def _bars(fig, traces) -> str | None:
    bars = [t for t in traces if t.type == "bar"]
    if not bars or (len(bars) < len(traces) / 2 and all(t.base is None for t in bars)):
        return None
    horizontal = all(t.orientation == "h" for t in bars)
    cat, val = ("y", "x") if horizontal else ("x", "y")
    ticks = _ticks(_axis(fig, cat))
    name_of = _labeller(ticks)
    if any(t.base is not None for t in bars):  # ranges: each bar runs from its base to base + length
        spans = []
        for t in bars:
            for c, length, base in zip(t[cat], t[val], t.base):
                if _finite(length) and _finite(base):
                    spans.append((float(base) + float(length), plain(t.name) or name_of(c), float(base)))
        spans.sort(key=lambda s: -s[0])
        unit = _unit(fig, val)
        top = [(label, f"{num(lo)}–{num(hi)}" if lo != hi else num(hi)) for hi, label, lo in spans[:TOP]]
        return f"{len(spans)} ranges{f' of {unit}' if unit else ''}: {_listing(top, len(spans) - TOP)}."
    totals: dict[str, float] = defaultdict(float)
    for t in bars:
        for c, v in zip(t[cat], t[val]):
            if _finite(v):
                totals[name_of(c)] += float(v)
    ranked = sorted(totals.items(), key=lambda kv: -kv[1])
    unit = _unit(fig, val)
    top = [(k, num(v) + (f" {unit}" if unit and i == 0 else "")) for i, (k, v) in enumerate(ranked[:TOP])]
    text = f"{_listing(top, len(ranked) - TOP)}."
    groups = _legend(bars)
    if len(groups) > 1:
        title = plain(fig.layout.legend.title.text) if fig.layout.legend.title else ""
        text += f" Split by {title.lower() or 'colour'}: {', '.join(groups)}."
    return text


def _lines(fig, traces) -> str | None:
    named = [t for t in traces if t.type == "scatter" and plain(t.name) and t.x is not None]
    if not named or _axis(fig, "x").type != "date":
        return None
    peaks = []
    for t in named:
        pts = [(float(y), x) for x, y in zip(t.x, t.y) if _finite(y)]
        if pts:
            y, x = max(pts, key=lambda p: p[0])
            span = _years([x])
            peaks.append((y, plain(t.name), span[0] if span else x))
    peaks.sort(key=lambda p: -p[0])
    unit = _unit(fig, "y")
    top = [(f"{name}", f"{num(y)} in {x}") for y, name, x in peaks[:TOP]]
    return f"{len(peaks)} series. Highest {unit or 'value'} of each: {_listing(top, len(peaks) - TOP)}."


def _points(fig, traces) -> str:
    """Dots and ranges on a category axis: each label with the lowest and highest value drawn for it."""
    horizontal = not any(isinstance(v, str) for t in traces for v in (t.x if t.x is not None else [])[:1])
    cat, val = ("y", "x") if horizontal else ("x", "y")
    ticks, headers = _ticks(_axis(fig, cat)), _headers(_axis(fig, cat))
    name_of = _labeller(ticks, headers)
    spans: dict[str, list[float]] = defaultdict(list)
    for t in traces:
        if t[cat] is None or t[val] is None:
            continue
        for c, v in zip(t[cat], t[val]):
            if _finite(v) and c is not None:
                label = name_of(c) if (ticks or isinstance(c, str)) else plain(t.name)
                spans[label].append(float(v))
    ranked = sorted(spans.items(), key=lambda kv: -max(kv[1]))
    unit = _unit(fig, val)
    top = [(k, f"{num(min(v))}–{num(max(v))}" if min(v) != max(v) else num(v[0])) for k, v in ranked[:TOP]]
    return f"{len(spans)} rows{f' of {unit}' if unit else ''}: {_listing(top, len(spans) - TOP)}."


KINDS = [("Matrix", _heatmap), ("Timeline", _timeline), ("Bar chart", _bars), ("Line chart", _lines)]


def describe(fig) -> str:
    """Return a short description of a plotly figure: kind, title, key numbers, filters in force."""
    title, subtitle = _titles(fig)
    traces = [t for t in fig.data if t.visible is not False]
    if not traces:
        return f"Chart: {title}. It holds no data."
    kind, body = next(((k, b) for k, build in KINDS if (b := build(fig, traces))), (None, None))
    if not body:
        kind, body = "Dot chart", _points(fig, traces)
    return " ".join(
        p for p in (f"{kind}: {title}.", body, f"Showing: {subtitle.rstrip('.')}." if subtitle else "") if p
    )


def describe_points(incidents: pd.DataFrame, perpetrators: dict[str, str]) -> str:
    """Return a description of the mapped incidents: how many, by whom, and the largest by deaths.

    incidents: the incidents on the map (perpetrator id, name, place, deaths_max); perpetrators:
    {id: label}.
    """
    if incidents.empty:
        return "Map of incidents: none match the filters."
    by = incidents["perpetrator"].map(lambda p: perpetrators.get(p, p)).value_counts()
    who = _listing([(str(k), f"{v:,}") for k, v in by.head(TOP).items()], len(by) - TOP)
    text = f"Map of {len(incidents):,} incidents, coloured by perpetrator: {who}."
    top = incidents.dropna(subset=["deaths_max"]).nlargest(3, "deaths_max")
    if len(top):
        biggest = [(plain(r["name"]), f"up to {num(r['deaths_max'])} deaths") for _, r in top.iterrows()]
        text += f" Largest by their highest death figure: {_listing(biggest, 0)}."
    return text


def legend(incidents: pd.DataFrame, perpetrators: dict[str, str]) -> str:
    """Return the alt text of the map's legend image: what each colour, size and style stands for."""
    by = incidents["perpetrator"].map(lambda p: perpetrators.get(p, p)).value_counts()
    who = ", ".join(f"{k} ({v:,})" for k, v in by.items())
    return (
        f"Map legend. Colour shows the perpetrator, with the number of incidents on the map: {who or 'none'}. "
        "Circle area shows the highest death figure (the smallest circles have none). Filled circles are "
        "located to a site or town, rings only to a region or country."
    )
