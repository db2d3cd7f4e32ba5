"""Static CSS for accessibility (WCAG 2.1 AA), injected once by app.py. Never built from data.

- Captions: Streamlit draws st.caption at 60% of the text colour (4.24:1 on white). Here they take the
  page's text colour at 80% opacity: about 8:1 in the light theme and 12:1 in the dark one.
- Focus: every control gets a two-tone ring when focused from the keyboard, a blue outline (5.2:1 on
  white) with a white halo outside it (which carries the 3:1 on dark backgrounds). Radio buttons,
  checkboxes and toggles hide their input, so the ring goes on their label; a slider's on its thumb.
- Accent-coloured text: a slider's values and the chosen pill are drawn in the primary colour, which
  is 5.2:1 on white but 2.9:1 on the dark theme's sidebar; here they take the text colour.
- Shortcut badges: a button with a keyboard shortcut shows the key in a <kbd> at 60% of the text
  colour (4.24:1 on white); here it takes the button's own text colour.
- Headings: the pages' section headings are h2 (st.header), drawn at the size of the former h3
  subheaders so the layout stays the same.
"""

from __future__ import annotations

FOCUS_COLOUR = "#0072B2"
HALO_COLOUR = "#FFFFFF"

A11Y_CSS = f"""
<style>
[data-testid="stCaptionContainer"] {{color: inherit !important; opacity: 0.8;}}
[data-testid="stCaptionContainer"] * {{color: inherit !important;}}
button kbd, button kbd * {{color: inherit !important; opacity: 1 !important;}}
.visually-hidden {{position: absolute !important; width: 1px; height: 1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap;}}
[data-testid="stMain"] h2 {{font-size: 1.75rem; line-height: 1.3;}}
[data-testid="stSliderThumbValue"], button[data-variant="pills"][aria-checked="true"],
button[data-variant="pills"][aria-checked="true"] * {{color: inherit !important;}}
a:focus-visible, button:focus-visible, input:focus-visible, textarea:focus-visible, select:focus-visible,
summary:focus-visible, [role="slider"]:focus-visible, [role="tab"]:focus-visible,
[role="combobox"]:focus-visible, [role="option"]:focus-visible, [tabindex]:focus-visible,
label:has(input:focus-visible), [data-testid="stSlider"] [data-rac]:has(> div > input:focus-visible) {{
  outline: 3px solid {FOCUS_COLOUR} !important;
  outline-offset: 2px !important;
  box-shadow: 0 0 0 7px {HALO_COLOUR} !important;
}}
[data-baseweb="select"]:focus-within > div, [data-baseweb="input"]:focus-within,
[data-baseweb="textarea"]:focus-within {{
  outline: 3px solid {FOCUS_COLOUR} !important;
  outline-offset: 2px !important;
  box-shadow: 0 0 0 7px {HALO_COLOUR} !important;
}}
</style>
"""


def hidden_heading(text: str) -> str:
    """Return an h1 that screen readers announce and the screen does not show (text: code's own, escaped)."""
    from html import escape

    return f'<h1 class="visually-hidden">{escape(text)}</h1>'
