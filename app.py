"""Entry point: page config, navigation, the shared sidebar filters and the content note."""

import streamlit as st

from components import css, data, present, printing, sidebar, teach_ui, ui, urlstate

SITE_TITLE = "Allied and Soviet war crimes, 1917–1991: a data dashboard"
st.set_page_config(
    page_title=SITE_TITLE,
    page_icon="📚",  # an emoji: a material icon would be fetched from a font server
    layout="wide",
    initial_sidebar_state="expanded",
)

# A flat list: sectioned navigation puts <div>s inside its <ul>, which screen readers cannot list.
pages = [
    st.Page(path, title=title, icon=icon, default=not url_path, url_path=url_path or None)
    for path, title, icon, _section, url_path, _ in ui.PAGES
]
urlstate.begin()
presenting = present.requested()
pg = st.navigation(pages, position="hidden" if presenting else "sidebar")
st.set_page_config(page_title=("Presentation · " if presenting else "") + f"{pg.title} · {SITE_TITLE}")
st.html(css.A11Y_CSS)
ds = ui.dataset_or_stop()
st.session_state["filters"] = sidebar.filters(ds)
present.toggle(pg.url_path)
st.sidebar.caption(
    "Content note: this dashboard describes mass violence, including killings and sexual "
    "violence, in neutral and non-graphic terms."
)
printing.inject(st)  # after the sidebar's content: its script takes no room there
notices = st.empty()  # filled at the end of the run, once the page has claimed its URL keys
if presenting:
    map_view = present.show(ds)
else:
    pg.run()
    map_view = present.page_map_view(pg.url_path)
urlstate.finish(notices)
teach_ui.footer(ds, "Presentation" if presenting else pg.title, map_view, presenting)
data.trim_memory()  # only when the process is large (data far beyond the real package's size)
