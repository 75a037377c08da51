"""The dashboard's pages as data: script, title key, icon, URL, in the
order the sidebar lists them (one flat list: Streamlit's grouped sections
put headers between the items of the list, which screen readers reject).

app.py builds st.navigation from it; the browser test and the page
benchmark read it to visit every page. No streamlit import here."""

from __future__ import annotations

from typing import NamedTuple


class Entry(NamedTuple):
    script: str  # page file, relative to app.py
    title: str  # i18n key of the title
    icon: str
    url_path: str
    default: bool = False
    city: bool = False  # shown only when the store holds more than one commune

    @property
    def url(self) -> str:
        """Where a browser finds the page: Streamlit serves the default page
        at the root, whatever its url_path."""
        return "" if self.default else self.url_path


PAGES: tuple[Entry, ...] = (
    Entry("views/overview.py", "page_overview", ":material/dashboard:", "tong-quan", default=True),
    Entry("views/indicators.py", "page_indicators", ":material/monitoring:", "chi-tieu"),
    Entry("views/villages.py", "page_villages", ":material/holiday_village:", "thon"),
    Entry("views/sectors.py", "page_sectors", ":material/category:", "linh-vuc"),
    Entry("views/tasks.py", "page_tasks", ":material/checklist:", "nhiem-vu"),
    Entry("views/explore.py", "page_explore", ":material/table_view:", "kham-pha"),
    Entry("views/report.py", "page_report", ":material/summarize:", "bao-cao"),
    Entry("views/data.py", "page_data", ":material/upload_file:", "du-lieu"),
    Entry("views/city.py", "page_city", ":material/location_city:", "toan-thanh-pho", city=True),
)


def visible(communes: int) -> list[Entry]:
    """The pages a store of this many communes shows."""
    return [entry for entry in PAGES if communes > 1 or not entry.city]
