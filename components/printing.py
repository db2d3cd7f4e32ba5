"""The print stylesheet: A4 and letter portrait, no controls, every figure kept whole with its caption.

Static CSS and script written here, never built from data. A chart is drawn at the width of the
screen; for print a small script gives each chart's SVG a viewBox when the print media applies
(before the browser lays the page out for paper), so the CSS can scale it to the page width.
"""

from __future__ import annotations

PAGE_MARGIN_MM = 12

CONTROLS = ", ".join(
    f'[data-testid="{t}"]'
    for t in (
        "stSidebar",
        "stSidebarCollapsedControl",
        "stExpandSidebarButton",
        "stHeader",
        "stToolbar",
        "stDecoration",
        "stStatusWidget",
        "stButton",
        "stDownloadButton",
        "stLinkButton",
        "stFormSubmitButton",
        "stPopover",
        "stRadio",
        "stCheckbox",  # also st.toggle
        "stSlider",
        "stSelectbox",
        "stMultiSelect",
        "stButtonGroup",
        "stTextInput",
        "stNumberInput",
        "stDateInput",
        "stElementToolbar",
        "stToast",
    )
)

PRINT_CSS = f"""
<style>
@page {{ size: auto; margin: {PAGE_MARGIN_MM}mm; }}
@media print {{
  {CONTROLS}, footer, .modebar-container, [data-testid="stExpander"] summary {{display: none !important;}}
  html, body, [data-testid="stApp"], [data-testid="stAppViewContainer"], [data-testid="stMain"],
  [data-testid="stMainBlockContainer"], [data-testid="stVerticalBlock"], [data-testid="stHorizontalBlock"],
  [data-testid="stColumn"], [data-testid="stElementContainer"], [data-testid="stPlotlyChart"],
  [data-testid="stExpanderDetails"], [data-testid="stExpander"] details {{
    overflow: visible !important; height: auto !important; max-height: none !important;
  }}
  [data-testid="stMainBlockContainer"] {{max-width: none !important; padding: 0 !important; margin: 0 !important;}}
  /* Blocks as plain blocks: page breaks then honour break-inside/after (they do not inside a flex column). */
  [data-testid="stMainBlockContainer"] [data-testid="stVerticalBlock"] {{display: block !important;}}
  [data-testid="stMainBlockContainer"] [data-testid="stVerticalBlock"] > * {{margin-bottom: 0.5rem;}}
  [data-testid="stMain"] h1, [data-testid="stMain"] h2, [data-testid="stMain"] h3 {{padding-top: 0.2rem !important;}}
  [data-testid="stMain"] {{position: static !important;}}
  [data-testid="stPlotlyChart"], [data-testid="stDeckGlJsonChart"], [data-testid="stImage"],
  [data-testid="stDataFrame"], [data-testid="stMetric"], [data-testid="stAlert"] {{
    break-inside: avoid; page-break-inside: avoid;
  }}
  /* Their element containers too, as blocks: Chrome breaks inside a flex item whatever it asks for. */
  [data-testid="stElementContainer"] {{display: block !important;}}
  [data-testid="stElementContainer"]:has([data-testid="stPlotlyChart"]),
  [data-testid="stElementContainer"]:has([data-testid="stDeckGlJsonChart"]),
  [class*="st-key-figure-"] {{
    break-inside: avoid; page-break-inside: avoid;
  }}
  /* A figure stays on the sheet of its description and the caption after it; a heading with what it heads. */
  [data-testid="stElementContainer"]:has([data-testid="stPlotlyChart"]),
  [data-testid="stElementContainer"]:has([data-testid="stDeckGlJsonChart"]),
  [data-testid="stElementContainer"]:has([data-testid="stHeading"]),
  [data-testid="stElementContainer"]:has([data-testid="stPlotlyChart"]) + [data-testid="stElementContainer"] {{
    break-after: avoid; page-break-after: avoid;
  }}
  [data-testid="stExpander"] {{break-inside: avoid; border: none !important;}}
  .js-plotly-plot, .js-plotly-plot .plot-container {{width: 100% !important; height: auto !important;}}
  .js-plotly-plot .svg-container[data-print-fit] {{width: 100% !important; height: auto !important;}}
  .js-plotly-plot .svg-container[data-print-fit] > .main-svg {{width: 100% !important; height: 100% !important;}}
}}
</style>
"""

# Scales every chart to the paper: a viewBox of its drawn size while the print media applies.
PRINT_JS = """
<script>
(() => {
  if (window.__printFit) return;
  window.__printFit = true;
  const set = () => document.querySelectorAll('.js-plotly-plot .svg-container').forEach((box) => {
    const svgs = box.querySelectorAll(':scope > .main-svg');
    if (!svgs.length) return;
    const w = svgs[0].getAttribute('width'), h = svgs[0].getAttribute('height'), vb = `0 0 ${w} ${h}`;
    box.setAttribute('data-print-fit', '');
    if (box.style.aspectRatio !== `${w} / ${h}`) box.style.aspectRatio = `${w} / ${h}`;
    svgs.forEach((svg) => svg.getAttribute('viewBox') !== vb && svg.setAttribute('viewBox', vb));
  });
  const unset = () => document.querySelectorAll('.js-plotly-plot .svg-container[data-print-fit]').forEach((box) => {
    box.removeAttribute('data-print-fit');
    box.style.aspectRatio = '';
    box.querySelectorAll(':scope > .main-svg').forEach((svg) => svg.removeAttribute('viewBox'));
  });
  // A chart that redraws while the print media applies (its box changed width) is fitted again.
  const watch = new MutationObserver(() => set());
  const fit = (on) => {
    watch.disconnect();
    if (!on) return unset();
    set();
    watch.observe(document.body, {subtree: true, childList: true, attributes: true, attributeFilter: ['width', 'height']});
  };
  window.matchMedia('print').addEventListener('change', (e) => fit(e.matches));
  window.addEventListener('beforeprint', () => fit(true));
  window.addEventListener('afterprint', () => fit(false));
})();
</script>
"""


def inject(st) -> None:
    """Add the print stylesheet to the page and its script to the sidebar (where it takes no room)."""
    st.html(PRINT_CSS)
    st.sidebar.html(PRINT_JS, unsafe_allow_javascript=True)
