"""Slide kit: every main figure for a filter set as PNG and SVG, the lesson deck (.pptx), and an index.

    python scripts/slide_kit.py --out slides --filters "years=1939-1945&perp=soviet_union"
    python scripts/slide_kit.py --map-year 1941 --borders time   # the map on the borders of 1938

The filters use the dashboard's URL syntax (the same parser). Figures are rendered by
kaleido with the system Chromium (no download, no MathJax from a CDN).
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PNG_SCALE = 2
WIDTH = 1280  # a 16:9 slide


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=str(ROOT / "slides"))
    ap.add_argument(
        "--filters", default="", help="URL-style filters, e.g. 'years=1939-1945&perp=soviet_union'"
    )
    ap.add_argument("--only", nargs="*", help="slide keys to export (default: all)")
    ap.add_argument("--map-year", type=int, help="the map shows the incidents that began up to this year")
    ap.add_argument(
        "--borders",
        choices=("today", "time"),
        default="today",
        help="the map's borders: today's (default) or those of the time (the snapshot of --map-year)",
    )
    ap.add_argument(
        "--url", default="http://127.0.0.1:8501/", help="the dashboard's address, for the deck's citation"
    )
    args = ap.parse_args()

    # Load inputs.
    import kaleido

    from components import alt_text, cite, deck, slides
    from components.data import load_dataset
    from components.filters import describe, from_query, to_query, vocabulary
    from components.labels import filter_labels

    ds = load_dataset()
    f, notices = from_query(
        parse_qs(args.filters, keep_blank_values=True),
        vocabulary(ds),
    )
    for n in notices:
        print(f"warning: {n}", file=sys.stderr)
    labels = filter_labels(ds)
    map_view = slides.MapView(args.map_year, args.borders == "time")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    # Process data.
    kaleido.start_sync_server(mathjax=False)
    index = [f"# Slide kit\n\n{describe(f, labels)}.\n"]
    try:
        for s in slides.SLIDES:
            if args.only and s.key not in args.only:
                continue
            fig = s.build(ds, f, map_view)
            if fig is None:
                index.append(f"## {s.key}\n\nNo incidents match these filters.\n")
                continue
            height = int(fig.layout.height or 600)
            for ext in ("png", "svg"):
                fig.write_image(
                    out / f"{s.key}.{ext}", width=WIDTH, height=height, scale=PNG_SCALE if ext == "png" else 1
                )
            meta = fig.layout.meta
            alt = alt_text.describe(fig).replace("\n", " ").replace("]", ")").replace("[", "(")
            index.append(
                f"## {meta['title']}\n\n![{alt}]({s.key}.png)\n\n{s.caption}\n\n"
                f"*{meta['subtitle']}.* Source: {meta['source']}\n\nFiles: [{s.key}.png]({s.key}.png), "
                f"[{s.key}.svg]({s.key}.svg)\n"
            )
            print(out / f"{s.key}.png")
        # The lesson deck of the same figures, drawn by the same server.
        view = cite.View(
            page="Slide kit",
            filters=describe(f, labels),
            url=cite.permalink(args.url, to_query(f)),
            accessed=date.today(),
            version=cite.version(),
            year=cite.package_year(ds.descriptor),
        )
        deck_path = out / deck.file_name(f, labels)
        deck_path.write_bytes(deck.build(ds, f, labels, view=view, keys=args.only or None, map_view=map_view))
        index.append(
            f"## Lesson deck\n\n[{deck_path.name}]({deck_path.name}): these figures as 16:9 slides "
            "with alt text, speaker notes, sources and how to cite.\n"
        )
        print(deck_path)
    finally:
        kaleido.stop_sync_server()

    # Save outputs.
    (out / "index.md").write_text("\n".join(index), encoding="utf-8")
    print(out / "index.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
