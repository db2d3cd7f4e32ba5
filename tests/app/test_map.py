"""AppTest of the Map page: default, zero-match filters, URL parameters, a selected incident."""


def test_map_renders_deck_and_legend(app):
    at = app(page="views/map.py")
    assert not at.exception
    decks = at.get("deck_gl_json_chart")
    assert len(decks) == 1
    spec = decks[0].proto.json
    assert '"GeoJsonLayer"' in spec and '"ScatterplotLayer"' in spec and "carto" not in spec.lower()
    assert len(at.get("image")) >= 1 or len(at.get("imgs")) >= 1  # the legend
    # The land tones only separate neighbours: the caption says so, lest they be read as data.
    assert any("land shades only tell neighbouring countries apart" in c.value for c in at.caption)


def test_map_zero_match(app):
    at = app(query={"q": "zzzz-nothing"}, page="views/map.py")
    assert not at.exception
    assert any("No incidents match" in i.value for i in at.info)
    assert not at.get("deck_gl_json_chart")


def test_map_with_url_filters_and_density(app):
    at = app(query={"years": "1939-1945", "perp": "united_states"}, page="views/map.py")
    assert not at.exception
    at.radio(key="map_view").set_value("Density").run()
    assert not at.exception
    assert '"HeatmapLayer"' in at.get("deck_gl_json_chart")[0].proto.json


def test_choosing_an_incident_opens_its_detail(app, ds):
    at = app(page="views/map.py")
    first = ds.incidents["incident_id"].iloc[0]
    at.selectbox(key="map_pick").set_value(first).run()
    assert not at.exception
    assert any("estimates, side by side" in m.value for m in at.markdown)


def test_play_steps_to_the_chosen_year_and_stops(app):
    """Play runs through the years in reruns of its own; at the end the slider stands at the year it started from."""
    at = app(query={"years": "1944-1945"}, page="views/map.py")
    end = at.slider(key="map_year").value
    assert at.button(key="map_play").label == "▶ Play through the years"
    at.button(key="map_play").click().run()
    assert not at.exception
    assert at.slider(key="map_year").value == end
    assert at.button(key="map_play").label == "▶ Play through the years"  # stopped by itself
    assert "map_playing" not in at.session_state


def test_playing_year_is_shown_and_moves_the_slider(app):
    """While Play runs (the state it keeps between its reruns), the slider and the line above the map show that year."""
    at = app(page="views/map.py")
    at.session_state["map_playing"] = 1941
    at.session_state["map_play_end"] = 1941  # the last step: the run after it stops
    at.run()
    assert not at.exception
    assert at.slider(key="map_year").value == 1941
    assert any("Incidents that began up to 1941" in m.value for m in at.markdown)
    assert "map_playing" not in at.session_state


def test_online_tiles_say_upfront_that_they_need_the_internet(app):
    at = app(page="views/map.py")
    assert "internet" in at.toggle(key="map_tiles").help
    at.toggle(key="map_tiles").set_value(True).run()
    assert not at.exception
    assert any("without a connection" in w.value for w in at.warning)


def test_density_view_shows_its_colour_scale(app):
    at = app(page="views/map.py")
    at.radio(key="map_view").set_value("Density").run()
    assert not at.exception
    spec = at.get("deck_gl_json_chart")[0].proto.json
    assert '"colorRange"' in spec


def test_a_chosen_incident_is_pointed_to_and_ringed_on_the_map(app, ds):
    at = app(page="views/map.py")
    first = ds.incidents.sort_values("deaths_max", ascending=False)["incident_id"].iloc[0]
    name = ds.incidents.set_index("incident_id").loc[first, "name"]
    at.selectbox(key="map_pick").set_value(first).run()
    assert not at.exception
    pointer = [m.value for m in at.markdown if "are shown below" in m.value]
    assert pointer and name in pointer[0] and "(#map-detail)" in pointer[0]
    assert '"incident-picked"' in at.get("deck_gl_json_chart")[0].proto.json
    assert any(h.value == "Details of the chosen incident" for h in at.subheader)
