"""The dashboard's pages as data: section, script, title key, icon, URL.

app.py builds st.navigation from it; the browser test and the page
benchmark read it to visit every page. No streamlit import here."""

from __future__ import annotations

from typing import NamedTuple


class Entry(NamedTuple):
    section: str  # i18n key of the section
    script: str  # page file, relative to app.py
    title: str  # i18n key of the title
    icon: str
    url_path: str
    default: bool = False

    @property
    def url(self) -> str:
        """Where a browser finds the page: Streamlit serves the default page
        at the root, whatever its url_path."""
        return "" if self.default else self.url_path


PAGES: tuple[Entry, ...] = (
    Entry("section_follow", "pages/overview.py", "page_overview", ":material/dashboard:", "tong-quan", default=True),
    Entry("section_follow", "pages/indicators.py", "page_indicators", ":material/monitoring:", "chi-tieu"),
    Entry("section_follow", "pages/villages.py", "page_villages", ":material/holiday_village:", "thon"),
    Entry("section_follow", "pages/sectors.py", "page_sectors", ":material/category:", "linh-vuc"),
    Entry("section_follow", "pages/tasks.py", "page_tasks", ":material/checklist:", "nhiem-vu"),
    Entry("section_data", "pages/explore.py", "page_explore", ":material/table_view:", "kham-pha"),
    Entry("section_data", "pages/report.py", "page_report", ":material/summarize:", "bao-cao"),
    Entry("section_data", "pages/data.py", "page_data", ":material/upload_file:", "du-lieu"),
)
