"""One colour map, one plotly template and one way to put title, filters and source inside a figure."""

from __future__ import annotations

import re
import textwrap

import plotly.graph_objects as go
import plotly.io as pio

# One colour per party on every page, each at least 3:1 against the white plot background (WCAG 1.4.11).
# The six perpetrators with the most incidents stay at least 12 apart in CAM02-UCS under simulated
# deuteranopia, protanopia and tritanopia (tests/unit/test_palette.py); the Axis captors are greys
# so the comparison reads as a reference, not a new "side".
PARTY_COLOURS = {
    "soviet_union": "#D55E00",
    "united_states": "#0072B2",
    "united_kingdom": "#85004E",
    "western_allies": "#332288",
    "france": "#594300",
    "canada": "#008636",
    "australia": "#9A6A00",
    "new_zealand": "#7A7A1F",
    "bcof": "#009494",
    "china_nationalist": "#59219B",
    "china_communist": "#A1280D",
    "china": "#28436B",
    "yugoslav_partisans": "#BC6F90",
    "poland": "#661100",
    "czechoslovakia": "#4D7CB3",
    "east_european": "#8C6D31",
    "germany": "#3A3A3A",
    "japan": "#8A8A8A",
}
FALLBACK_COLOUR = "#707070"
# The periods, in time order, where a chart colours by period (each 3:1 on white, 12 apart under
# colour-blind vision as the parties are).
PERIOD_COLOURS = ["#BC7A00", "#0090A6", "#A62159", "#642CBC", "#006400"]
# Sequential scale for POW death rates: light to dark, readable in greyscale print.
RATE_SCALE = "Cividis_r"

FONT = "DejaVu Sans, Arial, sans-serif"  # a system font: nothing is fetched
BASE_SIZE = 15
TITLE_SIZE = 22
SOURCE_SIZE = 12
TEMPLATE = "dashboard"
EXPORT_SCALE = 3  # the toolbar's PNG is three times the screen size: print quality
LABEL_WRAP = 22  # characters per line of a wrapped axis label
LEGEND_WRAP = 20  # characters per line of a legend entry (plotly gives every column the widest entry's width)
SOURCE_WRAP = 95  # characters per line of the source line (right-aligned under the plot, fits 1280x720)
SOURCE_LINE_PX = 17
SUBTITLE_WRAP = 88  # characters per subtitle line (fits a 1280x720 screen with the sidebar open)
SUBTITLE_LINE_PX = 18
# A title is one line (plotly misplaces the first line of a wrapped title): at most this many characters,
# which fit a 1280x720 screen with the sidebar open; what a figure shows in detail goes into its subtitle.
TITLE_WRAP = 60
TITLE_PX = 14 + 30 + 12  # padding above, one title line, gap under the subtitle
LINE_EM = 1.3  # plotly's line height, in font sizes
DEFAULT_H = 450  # plotly's default figure height
LEGEND_ITEM_PX, LEGEND_CHAR_PX, LEGEND_ROW_PX = 44, 7.6, 24  # legend estimates (for the figure height only)
FIGURE_W = 780  # figure width at 1280x720 with the sidebar open (legend rows are estimated for it)

# A small key at the bottom edge of the figure, under the source line (finish makes room for it).
BOTTOM_KEY = dict(
    orientation="h", x=0.012, xanchor="left", xref="container", y=0, yanchor="bottom", yref="container"
)
# A horizontal legend over the plot: plotly lays out its rows at the figure's width and stacks it
# under the title and subtitle (title.automargin), so it never covers them.
TOP_LEGEND = dict(
    orientation="h", x=0, xanchor="left", y=1, yanchor="bottom", yref="paper", traceorder="normal"
)

_OWN = go.layout.Template(
    layout=dict(
        font=dict(family=FONT, size=BASE_SIZE, color="#222222"),
        title=dict(font=dict(size=TITLE_SIZE)),
        margin=dict(l=12, r=24, t=10, b=95),
        legend=dict(title_font=dict(size=BASE_SIZE - 1), font=dict(size=BASE_SIZE - 2)),
        hoverlabel=dict(font=dict(family=FONT, size=BASE_SIZE - 1)),
        colorway=list(PARTY_COLOURS.values()),
        xaxis=dict(title_standoff=8, automargin=True),
        yaxis=dict(title_standoff=8, automargin=True),
    )
)
TRACE_TYPES = ("bar", "scatter", "heatmap")  # the only trace types the figures draw


def _template() -> go.layout.Template:
    """plotly_white under the project's own layout, merged once, with the defaults of the trace types used.

    Every figure and every plotly express call takes this one registered template by name. A name
    joined with '+' would be merged again for every figure (deep copies of both templates: about half
    of a figure's build time), and plotly_white's defaults for twenty unused trace types would travel
    with every chart to the browser.
    """
    merged = pio.templates.merge_templates(pio.templates["plotly_white"], _OWN).to_plotly_json()
    merged["data"] = {k: v for k, v in merged.get("data", {}).items() if k in TRACE_TYPES}
    return go.layout.Template(merged)


pio.templates[TEMPLATE] = _template()
# Streamlit's plotly element sets plotly's default template to its own when it is first imported, so
# a process that imported this module first (a test, a script) would draw every later figure with it.
# Importing it here, before setting ours, makes the order of imports not matter.
import streamlit.elements.plotly_chart  # noqa: E402, F401

pio.templates.default = TEMPLATE


def luminance(colour: str) -> float:
    """Return the WCAG relative luminance of a colour ('#RRGGBB' or 'rgb(r, g, b)')."""
    import plotly.colors as pcolors

    rgb = pcolors.unlabel_rgb(pcolors.convert_colors_to_same_type(colour, "rgb")[0][0])
    lin = [c / 255 / 12.92 if c / 255 <= 0.04045 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    """Return the WCAG contrast ratio of two colours (1 to 21)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def readable_text(background: str) -> str:
    """Return black or white, whichever reads better on the background: at least 4.58:1 on any colour."""
    return "#000000" if contrast("#000000", background) >= contrast("#FFFFFF", background) else "#FFFFFF"


def party_colour(party_id: str) -> str:
    """Return the colour of a party (perpetrator or captor)."""
    return PARTY_COLOURS.get(party_id, FALLBACK_COLOUR)


def legend_rows(fig: go.Figure, width_px: int = FIGURE_W, legend: str = "legend") -> int:
    """Return about how many rows a horizontal legend of the figure's named traces needs at width_px.

    Only the figure's height uses this estimate; plotly itself lays the legend out and makes room for it.
    """
    traces = [t for t in fig.data if (t.legend or "legend") == legend]
    names = [t.name for t in traces if t.name and t.showlegend is not False]
    groups = {t.legendgrouptitle.text for t in traces if t.legendgrouptitle and t.legendgrouptitle.text}
    if not names:
        return 0
    widths = [LEGEND_ITEM_PX + LEGEND_CHAR_PX * len(n) for n in names] + [
        LEGEND_CHAR_PX * len(g) + 20 for g in groups
    ]
    rows, used = 1, 0.0
    for w in widths:
        if used + w > width_px - 40 and used:
            rows, used = rows + 1, 0.0
        used += w
    return rows + len(groups)


def _lines(text: str) -> int:
    return str(text or "").count("<br>") + 1


def _axis_px(fig: go.Figure) -> int:
    """Return the room the bottom x axes take under the plot: tick labels (lifted by a standoff) and titles."""
    need = 0.0
    for key in [k for k in fig.layout if k.startswith("xaxis")] or ["xaxis"]:
        ax = fig.layout[key]
        if ax.side == "top" or ax.visible is False or ax.showticklabels is False:
            continue
        size = (ax.tickfont.size if ax.tickfont and ax.tickfont.size else BASE_SIZE) * LINE_EM
        ticks = max([_lines(t) for t in (ax.ticktext or ())] or [1])
        title = ax.title.text if ax.title else None
        title_px = BASE_SIZE * LINE_EM + (ax.title.standoff or 8) if title else 0
        need = max(need, (ax.ticklabelstandoff or 0) + size * ticks + title_px)
    return int(8 + need + 6) if need else 8


def _bottom_key_px(fig: go.Figure) -> int:
    """Return the room a legend at the bottom edge of the figure (yref container, y=0) takes, under the source."""
    px = 0
    for key in [k for k in fig.layout if k.startswith("legend")]:
        leg = fig.layout[key]
        if leg.yref == "container" and leg.y == 0:
            px = max(px, LEGEND_ROW_PX * legend_rows(fig, legend=key) + 10)
    return px


def _top_legend(fig: go.Figure) -> bool:
    """Return whether the figure has a horizontal legend over its plot (plotly stacks it under the title)."""
    leg = fig.layout.legend
    shown = fig.layout.showlegend is not False and any(t.showlegend is not False and t.name for t in fig.data)
    return shown and leg.orientation == "h" and (leg.y is None or leg.y >= 1)


def finish(
    fig: go.Figure,
    *,
    title: str,
    subtitle: str,
    source: str,
    height: int | None = None,
    plot_height: int | None = None,
    under_plot_px: int | None = None,
    source_left: bool = False,
) -> go.Figure:
    """Put the title, a subtitle (filters in force, what is shown) and a source line inside the figure.

    The title (one line) and the subtitle (wrapped) sit at the top-left of the whole figure; plotly's
    automargin makes room for them and for whatever the builder puts above the plot (a legend at the
    plot's top edge, top tick labels), so nothing is placed by hand. The source line sits under the
    bottom axis. plot_height asks for a plot area of that height (rows times their height) and the
    figure grows by its title, legend and axes; height sets the whole figure's height instead.
    under_plot_px: the room under the plot that the builder fills itself (the map's size key) in place of
    the x axis's tick labels. source_left: the source line starts at the plot's left edge (the map, whose
    key takes the room at its right) instead of ending at its right edge.
    """
    src_lines = textwrap.wrap(f"Source: {source}", SOURCE_WRAP) or [""]
    sub_lines = textwrap.wrap(subtitle, SUBTITLE_WRAP) or [""]
    axis = _axis_px(fig) if under_plot_px is None else under_plot_px
    bottom = max(fig.layout.margin.b or 0, axis + SOURCE_LINE_PX * len(src_lines) + 10 + _bottom_key_px(fig))
    if fig.layout.legend.orientation is None:  # a legend the builder did not place runs over the plot
        fig.update_layout(legend=TOP_LEGEND)
    if _top_legend(fig):
        _ungroup(fig)
    if plot_height:
        head = TITLE_PX + SUBTITLE_LINE_PX * len(sub_lines)
        head += (legend_rows(fig) + 1) * LEGEND_ROW_PX if _top_legend(fig) else 0
        height = int(plot_height + head + bottom)
    # The template is the process's default (pio.templates.default): plotly gave it to the figure when the
    # figure was made, unvalidated. Setting it again here would validate a deep copy of it, per figure.
    fig.update_layout(
        title=dict(
            text=_escape(title),
            subtitle=dict(
                text="<br>".join(_escape(x) for x in sub_lines),
                font=dict(size=BASE_SIZE - 1, color="#555555"),
            ),
            x=0,
            xanchor="left",
            xref="container",
            y=1,
            yanchor="top",
            yref="container",
            pad=dict(t=14, l=12, b=12),
            automargin=True,
        ),
        margin=dict(t=10, b=bottom),
        meta={
            **(fig.layout.meta or {}),
            "title": title,
            "subtitle": subtitle,
            "source": source,
            **({"plot_px": int(plot_height), "built_h": int(height)} if plot_height and height else {}),
        },
    )
    if height:
        fig.update_layout(height=int(height))
    fig.add_annotation(
        text="<br>".join(_escape(ln) for ln in src_lines),
        name="source",
        xref="paper",
        yref="paper",
        x=0 if source_left else 1,
        y=0,
        yshift=-axis,
        xanchor="left" if source_left else "right",
        yanchor="top",
        showarrow=False,
        align="left" if source_left else "right",
        font=dict(size=SOURCE_SIZE, color="#555555"),
    )
    return fig


def label_at(fig: go.Figure, x, y, text: str, *, xref: str = "x", yref: str = "y", **style) -> None:
    """Write `text` (already escaped) at (x, y) in the axes' units, or the paper's, with no arrow."""
    fig.add_annotation(x=x, y=y, xref=xref, yref=yref, text=text, showarrow=False, **style)


def vline(x, **style) -> dict:
    """A vertical line at x across the plot's height (what fig.add_vline draws), as a shape to add_shapes."""
    return dict(type="line", x0=x, x1=x, xref="x", y0=0, y1=1, yref="y domain", **style)


def hline(y, **style) -> dict:
    """A horizontal line at y across the plot's width (what fig.add_hline draws), as a shape to add_shapes."""
    return dict(type="line", x0=0, x1=1, xref="x domain", y0=y, y1=y, yref="y", **style)


def vrect(x0, x1, **style) -> dict:
    """A band from x0 to x1 over the plot's height (what fig.add_vrect draws), as a shape to add_shapes."""
    return dict(type="rect", x0=x0, x1=x1, xref="x", y0=0, y1=1, yref="y domain", **style)


def add_shapes(fig: go.Figure, shapes: list[dict]) -> None:
    """Add shapes to the figure in one update.

    plotly's add_shape (and add_vline, add_hrect, ...) validates the whole tuple of shapes again for each
    new one, so a loop of them costs the square of their number: a timeline's period bands took a third
    of its build time.
    """
    if shapes:
        fig.update_layout(shapes=[*fig.layout.shapes, *shapes])


def add_traces(fig: go.Figure, traces: list[dict]) -> None:
    """Add traces, given as dicts with a 'type' and nested properties ('marker': {'color': ...}), in one update.

    The same figure as one fig.add_bar / add_scatter per trace with shorthand like marker_color, at a
    third of the cost: each add validates the figure's traces again, and each shorthand walks plotly's
    property tree.
    """
    if traces:
        fig.add_traces(traces)


def add_labels(fig: go.Figure, labels: list[dict]) -> None:
    """Add annotations (dicts of label_at's arguments, text already escaped) in one update, no arrows."""
    if labels:
        fig.update_layout(annotations=[*fig.layout.annotations, *({"showarrow": False, **a} for a in labels)])


MIN_ROW_FONT = 9  # row labels never get smaller than this when a figure is fitted into less height


def fit(fig: go.Figure, height: int) -> go.Figure:
    """Give the figure `height` px (a slide's stage) and make its rows fit: row labels and cell numbers shrink
    by the share of its plot height that is left, the type of the title, axes and legend stays.

    Only for figures whose builder asked finish() for a plot height (rows times their height).
    """
    meta = fig.layout.meta or {}
    need, built = meta.get("plot_px"), meta.get("built_h")
    fig.update_layout(height=int(height))
    if not need or not built:
        return fig
    base = fig.layout.font.size or BASE_SIZE
    grow = base / BASE_SIZE  # a projector's larger type makes the title, subtitle and axes taller too
    room = height - (built - need) * grow
    share = min(1.0, max(room, 1) / need)
    size = lambda f: max(MIN_ROW_FONT, round((f.size if f and f.size else base) * share))  # noqa: E731
    for key in [k for k in fig.layout if k.startswith("yaxis")]:
        ax = fig.layout[key]
        if ax.visible is not False:
            ax.tickfont.size = size(ax.tickfont)
    for t in fig.data:
        if t.type == "heatmap":
            t.textfont.size = size(t.textfont)
    for a in fig.layout.annotations:
        if a.name and a.name.startswith("cell:"):
            a.font.size = size(a.font)
    return fig


def _ungroup(fig: go.Figure) -> None:
    """A horizontal legend puts each legend group on its own row: ungroup groups of a single trace."""
    sizes: dict = {}
    for t in fig.data:
        sizes[t.legendgroup] = sizes.get(t.legendgroup, 0) + 1
    for t in fig.data:
        if (
            t.legendgroup
            and sizes[t.legendgroup] == 1
            and not (t.legendgrouptitle and t.legendgrouptitle.text)
        ):
            t.legendgroup = None


def _escape(text: str) -> str:
    """Escape text from the data so plotly shows it literally (plotly renders a subset of HTML)."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def wrap(text: str, width: int = LABEL_WRAP) -> str:
    """Return text broken into lines of about `width` characters with <br> (text escaped)."""
    words, lines, line = str(text).split(), [], ""
    for w in words:
        if line and len(line) + 1 + len(w) > width:
            lines.append(line)
            line = w
        else:
            line = f"{line} {w}".strip()
    lines.append(line)
    return "<br>".join(_escape(x) for x in lines)


def legend_label(text: str) -> str:
    """Return a legend entry's text wrapped (escaped), so a long name never widens every legend column."""
    return wrap(text, LEGEND_WRAP)


def escape(text) -> str:
    """Public escape for hover and labels built from data."""
    return _escape("" if text is None else text)


def slug(text: str) -> str:
    """Return a file-name-safe slug of a title."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:80] or "figure"


def chart_config(title: str) -> dict:
    """Return the plotly config: a PNG camera button at print scale named after the chart."""
    return {
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "scale": EXPORT_SCALE, "filename": slug(title)},
        "modeBarButtonsToRemove": ["lasso2d", "select2d"],
    }


# `streamlit run` flags for the dark theme. config.toml sets light colours, so a dark server overrides
# them too; the screenshot gallery and the dark accessibility test start their servers with these.
DARK_SERVER_ARGS = (
    "--theme.base",
    "dark",
    "--theme.backgroundColor",
    "#0E1117",
    "--theme.secondaryBackgroundColor",
    "#262730",
    "--theme.textColor",
    "#FAFAFA",
)
