"""The summary page (/tom-tat): what a leader sees on a phone from a link in
a Zalo group, in one light request: the commune, its newest period, the
four headline targets and four priority tasks with their status in colour
and words, the villages that have not reported, the newest data's date, and
a link into the full dashboard; for a store of several communes without
?xa=, the city's communes by status. Its Open Graph tags (title, the
statuses in words, a picture: /tom-tat/the.png, drawn once per data
change) make the link a useful card in any messenger.
"""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from catalog import using
from catalog.periods import period_title
from charts.labels import status_label
from charts.palette import NO_TARGET_COLOUR, STATUS_COLOURS, text_colour
from i18n import fmt_date
from i18n.strings import t
from reports.card import card_png
from services import links, open_data, summary
from services.communes import catalog_of
from store import Store
from store import communes as registry
from web.guard import HEADERS, csp
from web.html import PHONE_CSS, esc

PATH, IMAGE = "/tom-tat", "/tom-tat/the.png"
TILES_CSS = (
    ".tiles{list-style:none;padding:0;margin:0 0 1rem;display:grid;grid-template-columns:repeat(auto-fit,minmax(9.5rem,1fr));gap:.6rem}"
    ".tiles li{border-radius:.5rem;padding:.6rem .75rem}.tiles .tv{display:block;font-size:1.6rem;font-weight:700}"
    ".tiles .tn,.tiles .tg{display:block;font-size:.92rem}.tiles .tw{font-weight:700}"
    + "".join(
        f".s-{status}{{background:{colour};color:{text_colour(colour)}}}"
        for status, colour in [*STATUS_COLOURS.items(), ("none", NO_TARGET_COLOUR)]
    )
)
CSS = (
    PHONE_CSS
    + TILES_CSS
    + (
        "ol.tasks{padding-left:1.2rem}ol.tasks li{margin:.3rem 0}.chip{display:inline-block;border-radius:.8rem;padding:0 .5rem;font-weight:600}"
        ".more{display:inline-block;margin:1rem 0;padding:.7rem 1rem;border-radius:.5rem;background:#0b6e3a;color:#fff;font-weight:700}"
    )
)
POLICY = csp([], [CSS])
_cards: dict[tuple[str, str, int], bytes] = {}  # the link card's picture, by store, commune and change


def routes(store: Store) -> list:
    from starlette.routing import Route

    async def page(request: Request) -> Response:
        return await run_in_threadpool(_page, store, request)

    async def image(request: Request) -> Response:
        return await run_in_threadpool(_image, store, request.query_params.get("xa"))

    return [Route(PATH, page), Route(IMAGE, image)]


def _commune(store: Store, wanted: str | None) -> Store | None:
    """The store serving ?xa= (or its only commune); None for the city."""
    if wanted:
        return open_data.commune(store, wanted)
    codes = [u.code for u in registry.listed(store)]
    return store.scoped(codes[0]) if len(codes) == 1 else None


def _page(store: Store, request: Request) -> Response:
    try:
        mine = _commune(store, request.query_params.get("xa"))
    except open_data.Unknown as unknown:
        missing = "Không có xã, phường này"
        return _answer(_document(missing, "", [f"<h1>{missing}</h1><p>{esc(unknown)}</p>"], None), 404)
    if mine is None:
        return _answer(_city_page(store), 200)
    with using(catalog_of(mine)):
        made = summary.of_commune(mine)
        return _answer(_commune_page(made, base(request), mine.last_change()), 200)


def _image(store: Store, wanted: str | None) -> Response:
    try:
        mine = _commune(store, wanted)
    except open_data.Unknown:
        return Response(status_code=404)
    if mine is None:
        return Response(status_code=404)
    key = (mine.url, mine.commune, mine.last_change())
    if key not in _cards:
        with using(catalog_of(mine)):
            made = summary.of_commune(mine)
            tiles = [(x.id, x.name, x.value, x.words, x.status) for x in made.targets]
            if len(_cards) > 128:
                _cards.clear()
            _cards[key] = card_png(made.commune, _subtitle(made), tiles)
    return Response(_cards[key], media_type="image/png", headers={"Cache-Control": "public, max-age=300"})


def base(request: Request) -> str:
    """The address the card's picture is fetched from: the public one when
    set (XANH_BASE_URL), else the one this request came to; it comes from
    the request's Host, so it is escaped wherever it is written."""
    return links.public_url() or str(request.base_url).rstrip("/")


def _subtitle(made: summary.Summary) -> str:
    return f"Chuyển đổi xanh · {period_title(made.period, upper=False).lower()}" if made.period else "Chuyển đổi xanh"


def title(made: summary.Summary) -> str:
    """The commune's page title: "Xã Cẩm Giàng: chuyển đổi xanh · 6 tháng đầu năm 2026"."""
    return f"{made.commune}: {_subtitle(made).lower()}"


def open_graph(made: summary.Summary, base: str, change: int) -> str:
    """The tags a messenger reads to draw a link's card: title, the
    statuses in words, the card's picture (its address changes with the data)."""
    picture = esc(f"{base}{IMAGE}?xa={made.code}&v={change}")
    return (
        f'<meta property="og:type" content="website"><meta property="og:locale" content="vi_VN">'
        f'<meta property="og:title" content="{esc(title(made))}"><meta property="og:description" content="{esc(made.sentence())}">'
        f'<meta name="description" content="{esc(made.sentence())}"><meta property="og:image" content="{picture}">'
        f'<meta property="og:image:width" content="1200"><meta property="og:image:height" content="630">'
        f'<meta property="og:image:alt" content="{esc(made.sentence())}"><meta name="twitter:card" content="summary_large_image">'
    )


def heading(made: summary.Summary) -> list[str]:
    """The commune's name, its period and the newest data's date."""
    newest = f" · số liệu mới nhất nhận ngày {fmt_date(made.newest)}" if made.newest else ""
    return [f"<h1>{esc(made.commune)}</h1>", f'<p class="sub">{esc(_subtitle(made))}{esc(newest)}</p>']


def tiles(made: summary.Summary) -> str:
    """The headline targets, each a tile in its status's colour (TILES_CSS)."""
    return (
        '<ul class="tiles">'
        + "".join(
            f'<li class="s-{x.status or "none"}"><strong>{esc(x.id)}</strong> <span class="tn">{esc(x.name)}</span>'
            f'<span class="tv">{esc(x.value)}</span><span class="tw">{esc(x.words)}</span><span class="tg">{esc(x.target)}</span></li>'
            for x in made.targets
        )
        + "</ul>"
    )


def _commune_page(made: summary.Summary, base: str, change: int) -> str:
    head = open_graph(made, base, change)
    body = heading(made)
    if made.period is None:
        body.append(f"<p>{esc(t('summary_empty'))}</p>")
        return _document(title(made), head, body, made.code)
    body.append(f"<h2>{esc(t('headline_targets'))}</h2>")
    body.append(tiles(made))
    body.append(f"<h2>{esc(t('priority_tasks'))}</h2>")
    body.append(
        '<ol class="tasks">'
        + "".join(
            f"<li><strong>{esc(x.id)}</strong> {esc(x.name)}: {esc(x.completion)} · {esc(x.status)}</li>" for x in made.tasks
        )
        + "</ol>"
    )
    missing = f" Chưa báo cáo: {', '.join(made.missing)}." if made.missing else ""
    body.append(f"<p>{made.reported}/{made.villages} thôn đã báo cáo.{esc(missing)}</p>")
    return _document(title(made), head, body, made.code)


def _city_page(store: Store) -> str:
    rows = summary.of_city(store)
    body = [f"<h1>{esc(t('city_title'))}</h1>", f'<p class="sub">{len(registry.listed(store))} xã, phường</p>']
    for ident, name, counts in rows:
        chips = " ".join(
            f'<span class="chip s-{status}">{esc(t("map_no_data") if status == "none" else status_label(status))}: {n}</span>'
            for status, n in counts.items()
        )
        body.append(f"<h2>{esc(ident)} · {esc(name)}</h2><p>{chips}</p>")
    return _document(t("city_title"), "", body, None)


def _document(title: str, head: str, body: list[str], code: str | None) -> str:
    link = f"./?xa={esc(code)}" if code else "./toan-thanh-pho"
    more = f'<p><a class="more" href="{link}">Mở bảng theo dõi đầy đủ</a></p>'
    return (
        '<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{esc(title)}</title>{head}<style>{CSS}</style></head><body><main>{''.join(body)}{more}</main></body></html>"
    )


def _answer(body: str, status: int) -> HTMLResponse:
    headers = {
        **HEADERS,
        "Cache-Control": "no-cache",
        "Referrer-Policy": "strict-origin-when-cross-origin",
        "Content-Security-Policy": POLICY,
    }
    return HTMLResponse(body, status_code=status, headers=headers)
