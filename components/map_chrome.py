"""What the Map page adds around the deck (pure: constants and strings): tooltips kept inside the map,
no dimming while the page reruns, the density view's colour scale, and the play sequence.

The script and the style sheet are static text written here, never built from data.
"""

from __future__ import annotations

from xml.sax.saxutils import escape as xml_escape

import pandas as pd

# The density view's colours, light to dark (ColorBrewer YlOrRd, readable in greyscale), passed to the
# HeatmapLayer so that the scale under the map shows the same ramp.
DENSITY_COLOURS = (
    (255, 255, 178),
    (254, 217, 118),
    (254, 178, 76),
    (253, 141, 60),
    (240, 59, 32),
    (189, 0, 38),
)
DENSITY_RADIUS_PX = 45

# deck.gl places its tooltip at the pointer (a CSS transform) and the map's frame clips it at the right
# and bottom edges. This moves the tooltip to the pointer's other side when it would leave the map, and
# clamps it inside, with the separate `translate` property (so deck.gl's own transform is left alone).
# It watches each tooltip's style, which deck.gl sets on every hover; installed once per browser tab.
TOOLTIP_CLAMP_JS = """
<script>
(() => {
  const root = window.parent && window.parent.document ? window.parent : window;
  if (root.__tooltipClamp) return;
  root.__tooltipClamp = true;
  const GAP = 14;
  const clamp = (el) => {
    if (el.style.display === "none") return;
    const m = /translate\\(\\s*(-?[\\d.]+)px,\\s*(-?[\\d.]+)px\\)/.exec(el.style.transform || "");
    const frame = el.parentElement;
    if (!m || !frame) return;
    const x = parseFloat(m[1]), y = parseFloat(m[2]);
    const W = frame.clientWidth, H = frame.clientHeight, w = el.offsetWidth, h = el.offsetHeight;
    let left = x, top = y;
    if (x + w > W) left = x - w - GAP >= 0 ? x - w - GAP : Math.max(0, W - w);
    if (y + h > H) top = y - h - GAP >= 0 ? y - h - GAP : Math.max(0, H - h);
    const want = `${Math.round(left - x)}px ${Math.round(top - y)}px`;
    if (el.style.translate !== want) el.style.translate = want;
  };
  const watch = () => {
    root.document.querySelectorAll(".deck-tooltip:not([data-clamped])").forEach((el) => {
      el.setAttribute("data-clamped", "1");
      new MutationObserver(() => clamp(el)).observe(el, {attributes: true, attributeFilter: ["style"]});
    });
  };
  watch();
  root.setInterval(watch, 500);
})();
</script>
"""
# Streamlit fades the elements of the previous run while the page reruns (after a click on the map,
# or a step of Play): the map stays as it is instead of dimming; tooltips wrap inside their width.
MAP_CSS = """
<style>
[data-testid="stElementContainer"][data-stale="true"]:has([data-testid="stDeckGlJsonChart"]) {
  opacity: 1 !important; transition: none !important;
}
.deck-tooltip {white-space: normal; overflow-wrap: anywhere; box-sizing: border-box;}
</style>
"""
TILES_NOTICE = (
    "Online tiles come from a tile server on the internet. This dashboard runs offline by default: "
    "without a connection, the map shows the incidents on a blank background. Turn the switch off "
    "for the bundled map of countries."
)


def density_legend_svg(width: int = 760) -> str:
    """Return the density view's colour scale as an SVG image: the ramp, its two ends, and what it measures."""
    bar_w, bar_h, x0 = min(360, width - 40), 16, 0
    n = len(DENSITY_COLOURS)
    stops = "".join(
        f'<stop offset="{k / (n - 1):.3f}" stop-color="rgb{tuple(c)}"/>'
        for k, c in enumerate(DENSITY_COLOURS)
    )
    lines = [
        '<text x="0" y="16" class="h">Incidents close together (density view)</text>',
        f'<defs><linearGradient id="ramp">{stops}</linearGradient></defs>',
        f'<rect x="{x0}" y="26" width="{bar_w}" height="{bar_h}" fill="url(#ramp)" stroke="#888"/>',
        f'<text x="{x0}" y="60">few</text>',
        f'<text x="{x0 + bar_w}" y="60" text-anchor="end">most in view</text>',
        '<text x="0" y="82">'
        + xml_escape(
            f"Each incident counts once, spread over about {DENSITY_RADIUS_PX} pixels; the darkest colour"
        )
        + "</text>",
        '<text x="0" y="100">'
        + xml_escape("marks the densest area in the current view (a relative scale: zooming changes it).")
        + "</text>",
    ]
    height = 110
    style = (
        "<style>text{font-family:DejaVu Sans,Arial,sans-serif;font-size:13px;fill:#222}"
        ".h{font-weight:bold}</style>"
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}">{style}{"".join(lines)}</svg>'
    )


def play_years(year_start: pd.Series, first: int, last: int) -> list[int]:
    """Return the years Play shows: the first, each year between in which an incident begins, and the last."""
    begins = {int(y) for y in year_start.dropna() if first <= int(y) <= last}
    return sorted({first, *begins, last})
