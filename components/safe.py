"""Show text from the data as inert text: Markdown and HTML characters are escaped."""

from __future__ import annotations

import re

import pandas as pd

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>$:])")


def md(text) -> str:
    """Return text escaped so st.markdown shows it literally (no links, images, HTML or maths)."""
    if text is None or text is pd.NA or (isinstance(text, float) and text != text):
        return ""
    return _MD_SPECIAL.sub(r"\\\1", str(text)).replace("\n", " ")
