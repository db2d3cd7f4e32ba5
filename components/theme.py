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
EXPORT_SCALE = 3
LABEL_WRAP = 22  # characters per line of a wrapped axis label
SOURCE_WRAP = 95  # characters per line of the source line (right-aligned under the plot, fits 1280x720)
SOURCE_LINE_PX = 17
AXIS_PX = 58  # room for x tick labels and the axis title above the source line
TOP_PX = 96  # room for the title and a one-line subtitle
SUBTITLE_WRAP = 88  # characters per subtitle line
SUBTITLE_LINE_PX = 18
TITLE_WRAP = 62  # characters per title line at TITLE_SIZE
TITLE_LINE_PX = 27
FIGURE_W = (
    780  # the figure width on a 1280x720 screen with the sidebar open (legend rows are estimated for it)
)
DEFAULT_H = 450  # plotly's default figure height
LEGEND_ITEM_PX, LEGEND_CHAR_PX, LEGEND_ROW_PX = (
    44,
    7.6,
    31,
)  # the toolbar's PNG is three times the screen size: print quality

pio.templates[TEMPLATE] = go.layout.Template(
    layout=dict(
        font=dict(family=FONT, size=BASE_SIZE, color="#222222"),
        title=dict(font=dict(size=TITLE_SIZE)),
        margin=dict(l=70, r=30, t=96, b=95),
        legend=dict(title_font=dict(size=BASE_SIZE - 1), font=dict(size=BASE_SIZE - 2)),
        hoverlabel=dict(font=dict(family=FONT, size=BASE_SIZE - 1)),
        colorway=list(PARTY_COLOURS.values()),
        xaxis=dict(title_standoff=8, automargin=True),
        yaxis=dict(title_standoff=8, automargin=True),
    )
)
pio.templates.default = f"plotly_white+{TEMPLATE}"


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


def legend_rows(fig: go.Figure, width_px: int = FIGURE_W) -> int:
    """Return how many rows a horizontal legend of the figure's named traces needs at width_px."""
    names = [t.name for t in fig.data if t.name and t.showlegend is not False]
    groups = {t.legendgrouptitle.text for t in fig.data if t.legendgrouptitle and t.legendgrouptitle.text}
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
    return rows + len(groups)  # a titled group stacks its items under its title


def finish(fig: go.Figure, *, title: str, subtitle: str, source: str, height: int | None = None) -> go.Figure:
    """Put the title, a subtitle (filters in force) and a source line inside the figure; return it.

    Title and subtitle sit at the top-left of the whole figure and the source line under the
    plot; both wrap, and the margins grow with them (never shrinking a builder's own). A
    legend the builder did not place runs horizontally under the subtitle, so the plot keeps
    the full width; one placed below the plot moves above it, clear of the source line.
    """
    lines = textwrap.wrap(f"Source: {source}", SOURCE_WRAP) or [""]
    sub_lines = textwrap.wrap(subtitle, SUBTITLE_WRAP) or [""]
    title_lines = textwrap.wrap(title, TITLE_WRAP) or [""]
    bottom = AXIS_PX + SOURCE_LINE_PX * len(lines) + 12
    head = TOP_PX + SUBTITLE_LINE_PX * (len(sub_lines) - 1) + TITLE_LINE_PX * (len(title_lines) - 1)
    m = fig.layout.margin
    own_top = max((m.t or 0) - TOP_PX, 0)  # what the builder reserved above the plot besides the title
    leg = fig.layout.legend
    # Any legend the builder did not place, or placed horizontally above or below the plot, runs
    # under the subtitle; a builder's vertical legend stays where it is.
    place_legend = fig.layout.showlegend is not False and (
        leg.orientation is None or (leg.orientation == "h" and (leg.y is None or leg.y >= 1 or leg.y < 0))
    )
    titled = bool(leg.title and leg.title.text)
    leg_px = (legend_rows(fig) + titled) * LEGEND_ROW_PX + 6 if place_legend else 0
    bottom = max(m.b or 0, bottom)
    # The legend gets its own room: the plot keeps the height the builder asked for.
    total_h = ((height + bottom - 95) if height else (fig.layout.height or DEFAULT_H)) + leg_px
    fig.update_layout(
        template=f"plotly_white+{TEMPLATE}",
        title=dict(
            text="<br>".join(_escape(x) for x in title_lines),
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
            pad=dict(t=14, l=12),
        ),
        margin=dict(t=head + own_top + leg_px, b=bottom),
        meta={**(fig.layout.meta or {}), "title": title, "subtitle": subtitle, "source": source},
    )
    if height or leg_px:
        fig.update_layout(height=total_h)
    if place_legend and leg_px:
        # A horizontal legend stacks each legend group on its own row: ungroup single-trace groups.
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
        fig.update_layout(
            legend=dict(
                orientation="h",
                x=0.012,
                xanchor="left",
                xref="container",
                y=1 - (head - 10) / total_h,
                yanchor="top",
                yref="container",
                title_side="top left",
                traceorder="normal",
            )
        )
    fig.add_annotation(
        text="<br>".join(_escape(ln) for ln in lines),
        name="source",
        xref="paper",
        yref="paper",
        x=1,
        y=0,
        yshift=-AXIS_PX,
        xanchor="right",
        yanchor="top",
        showarrow=False,
        align="right",
        font=dict(size=SOURCE_SIZE, color="#555555"),
    )
    return fig


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
