"""Map: where the incidents happened, coloured by perpetrator, sized by deaths, precision-aware."""

import time

import streamlit as st

from components import alt_text, maps, tables, ui
from components.safe import md

PLAY_STEP_S = 0.35  # seconds per year when the map plays through time
TODAY, OF_THE_TIME = "Today's borders", "Borders of the time"
BORDERS_KEPT = "map_borders_kept"  # the choice outlives a visit to another page (widget state does not)


def map_page() -> None:
    start = ui.filtered_page(
        "Map",
        "Where each incident happened: colour shows the perpetrator, size the highest death figure "
        "(square-root scale), and rings mark places known only to a region or country.",
    )
    if start is None:
        return
    ds, inc, lab = start.ds, start.inc, start.labels
    y0, y1 = int(inc["year_start"].min()), int(inc["year_start"].max())
    c1, c2, c3 = st.columns([4, 2, 2])
    year = c1.slider(
        "Incidents that began up to",
        y0,
        max(y1, y0 + 1),
        max(y1, y0 + 1),
        key="map_year",
        help="Step the map through time; the sidebar's year filter still applies.",
    )
    density = c2.radio("View", ["Incidents", "Density"], horizontal=True, key="map_view") == "Density"
    tiles = c3.toggle(
        "Online map tiles",
        value=False,
        key="map_tiles",
        help="Off by default: the map then needs no internet. On, it fetches map tiles from a tile server.",
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
    shown = inc[inc["year_start"] <= year]
    top, left_out = tables.largest(shown, maps.MAX_POINTS)
    points = maps.points_frame(top, lab["perpetrators"], lab["countries"])
    if left_out:
        st.info(
            f"The map shows the {len(points):,} incidents with the highest death figures; {left_out:,} more are "
            "left off. Narrow the filters to see them on the map.",
            icon="ℹ️",
        )
    if tiles:
        st.caption("Online tiles are on: the map fetches tiles from the internet.")
    build = maps.tile_deck if tiles else maps.incident_deck
    label = st.empty()
    label.markdown(maps.borders_title(year, historical))
    holder = st.empty()
    event = holder.pydeck_chart(
        build(points, density=density, borders=year if historical else None),
        on_select="rerun",
        selection_mode="single-object",
        key="incident_map",
        height=560,
    )
    play, stop = st.columns([3, 1])
    if play.button(
        "▶ Play through the years", help="Shows the incidents year by year up to the chosen year."
    ):
        # Pressing Stop (or any other control) reruns the page, which ends the animation.
        stop.button("■ Stop", key="map_stop", help="Stops the animation and shows the chosen year again.")
        for y in range(y0, year + 1):
            frame = maps.points_frame(
                tables.largest(shown[shown["year_start"] <= y], maps.MAX_POINTS)[0],
                lab["perpetrators"],
                lab["countries"],
            )
            label.markdown(maps.borders_title(y, historical))
            holder.pydeck_chart(build(frame, density=density, borders=y if historical else None), height=560)
            time.sleep(PLAY_STEP_S)
    st.image(maps.legend_svg(points, lab["perpetrators"]), alt=alt_text.legend(top, lab["perpetrators"]))
    st.caption("Map description: " + md(alt_text.describe_points(top, lab["perpetrators"])))
    st.caption(
        f"{md(start.subtitle)}; incidents that began up to {year}. Source: {md(start.source_of(shown['source_ids']))} "
        + maps.borders_caption(year, historical)
        + " The land shades only tell neighbouring countries apart and carry no data. Hover over a circle "
        "for its dates, place, the state that held it at the time, death figures and source; click it to "
        "open its details below."
    )

    chosen = maps.selected_incident(event)
    names = dict(zip(top["incident_id"], top["name"]))  # the incidents on the map
    options = ["", *sorted(names, key=lambda i: str(names[i]).lower())]
    if chosen in names:
        st.session_state["map_pick"] = chosen
    pick = st.selectbox(
        "Or choose an incident",
        options,
        key="map_pick",
        format_func=lambda i: "—" if not i else str(names.get(i, i)),
    )
    if pick:
        st.divider()
        ui.incident_detail(ds, pick)
    with st.expander("Table of the mapped incidents"):
        # Every incident up to the chosen year, mapped or not (up to the table limit), largest first.
        st.dataframe(
            maps.points_table(
                ui.capped_rows(shown, "largest death figure first", by="deaths_max", ascending=False), lab
            ),
            hide_index=True,
            width="stretch",
        )


map_page()
