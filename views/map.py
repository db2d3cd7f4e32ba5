"""Map: where the incidents happened, coloured by perpetrator, sized by deaths, precision-aware."""

import time

import streamlit as st

from components import alt_text, catalogue, map_chrome, maps, slides, tables, ui
from components.safe import md

PLAY_STEP_S = (
    0.6  # seconds a year stays on screen while the map plays (years without a new incident are skipped)
)
PLAYING, PLAY_END = "map_playing", "map_play_end"  # the year Play shows now, and where it stops
GENERATION, LAST_CLICK = "map_generation", "map_last_click"  # see maps.incident_deck
DETAIL_ANCHOR = "map-detail"
MAP_H = 560
TODAY, OF_THE_TIME = "Today's borders", "Borders of the time"
BORDERS_KEPT = "map_borders_kept"  # the choice outlives a visit to another page (widget state does not)


def _play(first: int) -> None:
    st.session_state[PLAY_END] = st.session_state.get("map_year", first)
    st.session_state[PLAYING] = first


def _stop() -> None:
    st.session_state.pop(PLAYING, None)


def _controls(y0: int, y1: int, playing: int | None):
    """Draw the year slider (moved by Play), the view, the tiles switch and the borders; return
    (year, density, tiles, historical)."""
    hi, ss = max(y1, y0 + 1), st.session_state
    if playing is not None:
        ss["map_year"] = playing  # the slider moves with Play
    elif not y0 <= ss.get("map_year", -1) <= hi:
        ss["map_year"] = hi  # first visit, or the filters changed the years
    c1, c2, c3 = st.columns([4, 2, 2])
    year = c1.slider(
        "Incidents that began up to",
        y0,
        hi,
        key="map_year",
        help="Step the map through time; the sidebar's year filter still applies.",
        disabled=playing is not None,
    )
    density = c2.radio("View", ["Incidents", "Density"], horizontal=True, key="map_view") == "Density"
    tiles = c3.toggle(
        "Online map tiles",
        value=False,
        key="map_tiles",
        help="Off by default: the map then needs no internet. " + map_chrome.TILES_NOTICE,
    )
    historical = (
        st.radio(
            "Borders",
            [TODAY, OF_THE_TIME],
            index=[TODAY, OF_THE_TIME].index(st.session_state.get(BORDERS_KEPT, TODAY)),
            horizontal=True,
            key="map_borders",
            on_change=lambda: st.session_state.update({BORDERS_KEPT: st.session_state["map_borders"]}),
            disabled=tiles,
            help="Borders of the time follow the year slider: the latest snapshot (1920, 1930, 1938, 1945, "
            "1960) not after the year shown. Online tiles always draw today's borders.",
        )
        == OF_THE_TIME
        and not tiles
    )
    return year, density, tiles, historical


def _read_click(names: dict, playing: int | None) -> str | None:
    """Take a click on the map once: it chooses the incident, and the next map ends the selection (no dimming)."""
    ss = st.session_state
    clicked = maps.selected_incident(ss.get("incident_map"))
    if clicked and clicked in names and clicked != ss.get(LAST_CLICK) and playing is None:
        ss["map_pick"] = clicked
        ss[GENERATION] = ss.get(GENERATION, 0) + 1
        st.toast(f"Details of **{md(names[clicked])}** are shown below the map ↓", icon="📍")
    ss[LAST_CLICK] = clicked
    return ss.get("map_pick")


def map_page() -> None:
    start = ui.filtered_page(
        "Map",
        "Where each incident happened: colour shows the perpetrator, size the highest death figure "
        "(square-root scale), and rings mark places known only to a region or country.",
    )
    if start is None:
        return
    ds, inc, lab = start.ds, start.inc, start.labels
    st.html(map_chrome.MAP_CSS)
    st.html(map_chrome.TOOLTIP_CLAMP_JS, unsafe_allow_javascript=True)
    y0, y1 = int(inc["year_start"].min()), int(inc["year_start"].max())
    playing = st.session_state.get(PLAYING)
    year, density, tiles, historical = _controls(y0, y1, playing)
    st.session_state[slides.MAP_VIEW] = slides.MapView(year, historical)  # for presentation mode and the deck
    shown = inc[inc["year_start"] <= year]
    # What is drawn is kept per filter state and year (at most MAX_POINTS rows, small at any data size).
    where = (start.filters, year)
    top, left_out, points = ui.memo(("map_points", *where), lambda: _points(shown, lab))
    if left_out:
        st.info(
            f"The map shows the {len(points):,} incidents with the highest death figures; {left_out:,} more are "
            "left off. Narrow the filters to see them on the map.",
            icon="ℹ️",
        )
    if tiles:
        st.warning(map_chrome.TILES_NOTICE, icon="🌐")
    _status_and_play(year, playing, len(shown), len(inc), y0)
    names = dict(zip(top["incident_id"], top["name"]))  # the incidents on the map
    pick = _read_click(names, playing)
    build = maps.tile_deck if tiles else maps.incident_deck
    st.markdown(maps.borders_title(year, historical))
    generation, picked = st.session_state.get(GENERATION, 0), pick if pick in names else None
    deck = ui.memo(
        ("map_deck", *where, tiles, density, historical, generation, picked),
        lambda: build(
            points,
            density=density,
            borders=year if historical else None,
            fit=inc,
            generation=generation,
            picked=picked,
        ),
    )
    st.pydeck_chart(
        deck,
        on_select="rerun",
        selection_mode="single-object",
        key="incident_map",
        height=MAP_H,
    )
    if pick in names:
        st.markdown(f"📍 [Details of **{md(names[pick])}** are shown below ↓](#{DETAIL_ANCHOR})")
    _legend_and_caption(points, top, shown, start, lab, year, density, historical)
    _picture(start, year, playing, historical)
    _detail(ds, names, shown, lab, where)
    if playing is not None:
        _advance(playing, inc["year_start"])


def _status_and_play(year: int, playing: int | None, n_shown: int, n_all: int, y0: int) -> None:
    """Draw, above the map, the year shown (the year playing, while Play runs) and the Play or Stop button.

    One keyed button that changes its label: two buttons would leave the other one on screen, faded,
    while Play's runs follow each other.
    """
    with st.container(key="map_status", horizontal=True, vertical_alignment="center"):
        if playing is None:
            st.markdown(f"**Incidents that began up to {year}:** {n_shown:,} of {n_all:,}", width="stretch")
        else:
            st.markdown(
                f"**▶ Playing: {playing}** — {n_shown:,} of {n_all:,} incidents so far", width="stretch"
            )
        st.button(
            "▶ Play through the years" if playing is None else "■ Stop",
            key="map_play",
            on_click=_play if playing is None else _stop,
            args=(y0,) if playing is None else (),
            type="secondary" if playing is None else "primary",
            help="Shows the incidents year by year, up to the year chosen on the slider."
            if playing is None
            else "Stops at the year shown.",
        )


def _points(shown, lab):
    """Return the incidents the map draws (the largest, at most MAX_POINTS), how many are left off, and
    their points."""
    top, left_out = tables.largest(shown, maps.MAX_POINTS)
    return top, left_out, maps.points_frame(top, lab["perpetrators"], lab["countries"])


def _texts(points, top, shown, v, lab) -> tuple[str, str, str, str]:
    """Return the legend (SVG), its text alternative, the map's description and its source line."""
    parties = lab["perpetrators"]
    return (
        maps.legend_svg(points, parties),
        alt_text.legend(top, parties),
        alt_text.describe_points(top, parties),
        v.source_of(shown["source_ids"]),
    )


def _legend_and_caption(points, top, shown, v, lab, year, density, historical) -> None:
    legend, legend_alt, description, source = ui.memo(
        ("map_texts", v.filters, year), lambda: _texts(points, top, shown, v, lab)
    )
    if density:
        st.image(
            map_chrome.density_legend_svg(),
            alt="Colour scale of the density view: light for few incidents, dark for the densest area in view.",
        )
    else:
        st.image(legend, alt=legend_alt)
    st.caption("Map description: " + md(description))
    st.caption(
        f"{md(v.subtitle)}; incidents that began up to {year}. Source: {md(source)} "
        + maps.borders_caption(year, historical)
        + " The land shades only tell neighbouring countries apart and carry no data. Hover over a circle "
        "for its dates, place, the state that held it at the time, death figures and source; click it to "
        "open its details below."
    )


@st.fragment
def _picture(v: catalogue.View, year: int, playing: int | None, historical: bool) -> None:
    """The map as a picture for slides: a plotly figure whose camera button downloads it at print scale.

    It is built and drawn only while its expander is open, and opening it reruns only this fragment:
    closed, it would cost every run of the page a figure and a new tab the whole plotly library.
    """
    box = st.expander("Map as a picture for slides", key="map_picture_open", on_change="rerun")
    if not box.open:
        return
    with box:
        if playing is not None:
            st.caption("Stop Play to draw the picture.")
            return
        st.caption(
            "The same incidents with their title, filters, legend and source inside the picture. The camera "
            "button in the chart's toolbar downloads it as a PNG at print quality; presentation mode and "
            "the lesson deck started from this page show the same picture, with the same year and borders."
        )
        ui.figure(catalogue.map_at, v, year, historical, key="map_picture")


def _detail(ds, names, shown, lab, where) -> None:
    options = ["", *sorted(names, key=lambda i: str(names[i]).lower())]
    pick = st.selectbox(
        "Or choose an incident",
        options,
        key="map_pick",
        format_func=lambda i: "—" if not i else str(names.get(i, i)),
    )
    if pick:
        st.subheader("Details of the chosen incident", anchor=DETAIL_ANCHOR, divider="gray")
        ui.incident_detail(ds, pick)
    with st.expander("Table of the mapped incidents"):
        # Every incident up to the chosen year, mapped or not (up to the table limit), largest first.
        st.dataframe(
            ui.capped_rows(
                shown,
                "largest death figure first",
                by="deaths_max",
                ascending=False,
                memo_key=("map", *where),
                then=lambda rows: maps.points_table(rows, lab),
            ),
            hide_index=True,
            width="stretch",
        )


def _advance(playing: int, year_start) -> None:
    """After a pause, show the next year of Play (a new run, so the slider and the year heading follow)."""
    end = int(st.session_state.get(PLAY_END, playing))
    years = [y for y in map_chrome.play_years(year_start, playing, end) if y > playing]
    time.sleep(PLAY_STEP_S)
    if years:
        st.session_state[PLAYING] = years[0]
    else:
        _stop()
    st.rerun()


map_page()
