"""The dashboard's page as it arrives: Streamlit's index.html says
`lang="en"`, is titled "Streamlit" and holds nothing until its scripts have
loaded, connected and run the page; on a phone's 3G link that is seconds
of a blank screen, and a link to it pasted into Zalo shows no card.

So every dashboard address (the root and the pages' paths) is answered
here with that document rewritten, compressed: the reader's language, the
commune's title, the summary page's Open Graph tags (web/summary.py), a
Vietnamese <noscript> pointing to the summary page; and on the overview in
Vietnamese, with no filter but the commune and the newest period, the four
headline targets' statuses drawn in the HTML itself (services/summary.py,
made once per data change). They cover the page until the dashboard has
drawn its own status row, or has finished its first run without one (a
login, an error, another page); a small inline script removes them. The
figures are the overview's own: the same snapshot, the same period.
"""

from __future__ import annotations

import gzip
import html
import json
import re
from urllib.parse import parse_qsl

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from catalog import using
from i18n.strings import t
from services import summary
from services.communes import catalog_of, shown
from store import Store
from store import communes as registry
from ui.navigation import PAGES
from web import summary as summary_page
from web.static import accepts_gzip, respond, static_dir

ADDRESSES = {"/", *(f"/{entry.url_path}" for entry in PAGES)}
PLAIN = {"xa", "period", "lang"}  # the overview with these only shows the commune-wide figures drawn here
CSS = (
    "#xanh-first{position:fixed;inset:0;z-index:1000001;overflow:auto;background:#fff;color:#31333f;"
    'font:16px/1.5 "Source Sans",sans-serif}#xanh-first>main{max-width:46rem;margin:0 auto;padding:3.75rem 1rem 1rem}'
    "#xanh-first h1{font-size:1.75rem;line-height:1.2;margin:0 0 .3rem}#xanh-first h2{font-size:1.25rem;margin:0 0 .5rem}"
    "#xanh-first .sub,#xanh-first .wait{margin:0 0 1rem;color:#555}"
)
# Removes the drawn statuses once the dashboard shows its own, or has run
# its first script without them; kept small and free of data.
SCRIPT = (
    "(function(){var f=document.getElementById('xanh-first'),r=document.getElementById('root'),ran=false;if(!f)return;"
    "function ready(){var a=document.querySelector('[data-testid=stApp]');if(!a)return false;"
    "var s=a.getAttribute('data-test-script-state');if(s==='running')ran=true;"
    "return r.querySelector('.xanh-status-row')||(ran&&s==='notRunning')||r.querySelector('[role=dialog]');}"
    "new MutationObserver(function(m,o){if(ready()){f.remove();o.disconnect();}})"
    ".observe(r,{subtree:true,childList:true,attributes:true,attributeFilter:['data-test-script-state']});})();"
)


# The app starts at the latest this long after the page is parsed, should
# the browser never report its first paint (no Paint Timing, a tab opened
# in the background): it must never wait for ever.
START_AT_LATEST_MS = 1000


class FirstPaint:
    """ASGI middleware answering GET of a dashboard address with the
    rewritten index.html; everything else passes through."""

    def __init__(self, app, store: Store):
        self.app, self.store = app, store
        self.index = (static_dir() / "index.html").read_text(encoding="utf-8")

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD") or scope["path"] not in ADDRESSES:
            return await self.app(scope, receive, send)
        query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
        base = summary_page.base(Request(scope))
        document = await run_in_threadpool(self.document, scope["path"], query, base)
        gzipped = accepts_gzip(scope)
        body = gzip.compress(document.encode(), 6) if gzipped else document.encode()
        await respond(scope, send, body, "text/html; charset=utf-8", "no-cache", gzipped)

    def document(self, path: str, query: dict[str, str], base: str) -> str:
        """index.html for this address and query."""
        lang = "en" if query.get("lang") == "en" else "vi"
        codes = [u.code for u in registry.listed(self.store)]
        if not codes:  # a store not yet seeded: Streamlit's page as it is, in the reader's language
            return _rewritten(self.index, lang, "", "", "")
        mine = self.store.scoped(shown(codes, query.get("xa")))
        with using(catalog_of(mine)):
            made = summary.of_commune(mine)
        head = f"<title>{html.escape(summary_page.title(made))}</title>" + summary_page.open_graph(made, base, mine.last_change())
        link = f"./tom-tat?xa={made.code}"
        fallback = f'<noscript><p lang="vi">Bảng theo dõi cần JavaScript. <a href="{link}">Xem bản tóm tắt</a>.</p></noscript>'
        drawn = _statuses(made) if path == "/" and lang == "vi" and _plain(query, made.period) else ""
        return _rewritten(self.index, lang, head, fallback, drawn)


def _plain(query: dict[str, str], newest: str | None) -> bool:
    """Whether the overview at this query shows the commune's newest figures."""
    return newest is not None and set(query) <= PLAIN and query.get("period", newest) == newest


def _statuses(made: summary.Summary) -> str:
    """The headline targets' statuses, covering the page until it is drawn."""
    parts = [
        *summary_page.heading(made),
        f"<h2>{html.escape(t('headline_targets'))}</h2>",
        summary_page.tiles(made),
        '<p class="wait" role="status">Đang mở bảng theo dõi đầy đủ…</p>',
    ]
    return f'<div id="xanh-first"><style>{CSS}{summary_page.TILES_CSS}</style><main>{"".join(parts)}</main></div>'


def _rewritten(index: str, lang: str, head: str, fallback: str, drawn: str) -> str:
    document = index.replace('<html lang="en">', f'<html lang="{lang}">', 1)
    if head:
        document = document.replace("<title>Streamlit</title>", head, 1)
    start, end = document.find("<noscript>"), document.find("</noscript>")
    if fallback and start >= 0 and end > start:
        document = document[:start] + fallback + document[end + len("</noscript>") :]
    if not drawn:
        return document
    document, start = _app_after_paint(document)
    return document.replace('<div id="root"></div>', f'{drawn}<div id="root"></div><script>{SCRIPT}{start}</script>', 1)


def _app_after_paint(document: str) -> tuple[str, str]:
    """The document without its render-blocking stylesheet and app script,
    and a script that adds both once the drawn statuses are on the screen.

    Streamlit's stylesheet, written after some sixty module preloads, blocks
    the first paint until a phone's few connections have fetched those; its
    app script then takes the main thread for its first run (seconds on a
    cheap phone). The drawn statuses need neither (their style is inline).
    Its sixty module preloads, too, parse what they fetch on the main thread
    and held the paint back by a few hundred milliseconds. So the stylesheet
    is fetched first but applied later (a preload at the top of the head),
    the module preloads are added once the browser reports the statuses
    painted (or a frame later where it cannot say, and at the latest after
    START_AT_LATEST_MS), and the app starts once the stylesheet applies."""
    css = re.search(r'\s*<link rel="stylesheet" crossorigin href="([^"]+)">', document)
    app = re.search(r'\s*<script type="module" crossorigin src="([^"]+)"></script>', document)
    charset = re.search(r"<meta charset=[^>]*>", document)
    if not (css and app and charset) or css.start() < charset.end():
        return document, ""
    for found in sorted((css, app), key=lambda m: m.start(), reverse=True):
        document = document[: found.start()] + document[found.end() :]
    modules = re.findall(r'<link rel="modulepreload" crossorigin href="([^"]+)">', document)
    document = re.sub(r'\s*<link rel="modulepreload" crossorigin href="[^"]+">', "", document)
    preload = f'\n    <link rel="preload" as="style" crossorigin href="{css.group(1)}">'
    document = document[: charset.end()] + preload + document[charset.end() :]
    start = (
        f"(function(go){{var g=false;function once(){{if(!g){{g=true;setTimeout(go,0);}}}}setTimeout(once,{START_AT_LATEST_MS});"
        "try{if(PerformanceObserver.supportedEntryTypes.indexOf('paint')<0)throw 0;new PerformanceObserver("
        "function(e,o){o.disconnect();once();}).observe({type:'paint',buffered:true});}"
        "catch(x){requestAnimationFrame(once);}})"
        "(function(){var d=document,l=d.createElement('link'),"
        f"s=d.createElement('script');{json.dumps(modules)}.forEach(function(h){{var m=d.createElement('link');"
        "m.rel='modulepreload';m.crossOrigin='';m.href=h;d.head.appendChild(m);});s.type='module';s.crossOrigin='';"
        f"s.src={json.dumps(app.group(1))};l.rel='stylesheet';l.crossOrigin='';l.href={json.dumps(css.group(1))};"
        "l.onload=l.onerror=function(){d.head.appendChild(s);};d.head.appendChild(l);});"
    )
    return document, start
