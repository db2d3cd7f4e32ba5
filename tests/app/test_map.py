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
