"""The phone page behind a link (/n/TOKEN): the village's Biểu 01 (or the
unit's Biểu 04 tasks) to type in, checked as it is typed and again here,
kept on the phone until sent, one entry per send whatever the network does,
then a receipt; opening the link again shows what was sent and any note.

The page calls the services like the dashboard's pages do (services/links,
services/entries); it never trusts the request about who or what it may
write: the link decides the commune, the village or unit and the period.
"""

from __future__ import annotations

import json
import os
import secrets

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from catalog import load_catalog, using
from catalog.periods import VIETNAM_TIME, period_title
from loaders.problems import MESSAGES, Problem
from services import entries, links
from services.communes import catalog_of
from store import Store
from store import links as stored
from web.guard import HEADERS, Limiter, TooLarge, capped_form, client, form_token, valid_form_token
from web.html import PHONE_CSP, data_script, esc, message_page, page

NUMERIC_MODES = {"integer": "numeric", "decimal": "decimal", "percent": "decimal"}
# Sends per link, and requests per address (a commune office shares one), a
# minute; a deployment tunes them (XANH_LINK_RATE, XANH_ADDRESS_RATE), and
# the proxy in front adds its own (deploy/).
PER_LINK = Limiter(int(os.environ.get("XANH_LINK_RATE", "12")), 60)
PER_ADDRESS = Limiter(int(os.environ.get("XANH_ADDRESS_RATE", "120")), 60)
SENT_WORDS = {"pending": "Đang chờ xã duyệt", "accepted": "Xã đã nhận số liệu", "returned": "Xã trả lại để sửa"}
ASK = "Hãy hỏi cán bộ xã đã gửi liên kết cho bạn để nhận liên kết mới."


def handler(store: Store):
    """The route's endpoint over a store (web/server.py makes it)."""

    async def phone(request: Request) -> Response:
        if not PER_ADDRESS.allow(client(request)):
            return _answer(
                message_page(
                    "Quá nhiều yêu cầu", "Bạn đã mở trang quá nhiều lần trong một phút.", "Hãy đợi một phút rồi thử lại."
                ),
                429,
            )
        token = request.path_params["token"]
        if request.method == "POST":
            if not PER_LINK.allow(token):
                return _answer(
                    message_page(
                        "Gửi quá nhiều lần", "Liên kết này vừa gửi nhiều lần trong một phút.", "Hãy đợi một phút rồi bấm Gửi lại."
                    ),
                    429,
                )
            try:
                form = await capped_form(request)
            except TooLarge:
                return _answer(message_page("Phiếu quá lớn", "Phiếu gửi lên lớn hơn mức cho phép.", ASK), 413)
            return await run_in_threadpool(_post, store, token, form)
        return await run_in_threadpool(_get, store, token, request.query_params.get("gui"))

    return phone


def _opened(store: Store, token: str) -> tuple[Store, stored.Link] | Response:
    try:
        return links.opened(store, token)
    except links.LinkError as refused:
        title = "Không mở được liên kết" if refused.status == 404 else "Liên kết đã hết dùng"
        return _answer(message_page(title, str(refused), ASK), refused.status)


def _get(store: Store, token: str, sent: str | None) -> Response:
    found = _opened(store, token)
    if isinstance(found, Response):
        return found
    mine, link = found
    with using(catalog_of(mine)):
        form = entries.form_of(mine, link)
        receipt = next((e for e in stored.entries_of_link(mine, link.id) if sent and str(e.id) == sent), None)
        return _answer(_form_page(mine, form, token, {}, (), receipt), 200)


def _post(store: Store, token: str, posted: dict[str, str]) -> Response:
    found = _opened(store, token)
    if isinstance(found, Response):
        return found
    mine, link = found
    if not valid_form_token(stored.form_secret(store), links.hashed(token), posted.get("csrf", "")):
        return _answer(
            message_page("Trang đã cũ", "Phiếu này không gửi từ trang của liên kết.", "Hãy mở lại liên kết rồi gửi lại."), 400
        )
    with using(catalog_of(mine)):
        key = posted.get("key") or secrets.token_hex(16)
        got = entries.receive(mine, link, posted, key)
        if got.entry is None:
            form = entries.form_of(mine, link)
            return _answer(_form_page(mine, form, token, posted, got.problems, None), 422)
    return RedirectResponse(f"{links.PATH}{token}?gui={got.entry.id}", status_code=303, headers=HEADERS)


def _answer(body: str, status: int) -> HTMLResponse:
    return HTMLResponse(body, status_code=status, headers={**HEADERS, "Content-Security-Policy": PHONE_CSP})


# ----- the page -----------------------------------------------------------------


def _form_page(
    store: Store, form: entries.PhoneForm, token: str, typed: dict[str, str], problems, receipt: stored.Entry | None
) -> str:
    link = form.link
    who = f"Thôn {link.name}" if link.village else link.name
    period = period_title(link.period, upper=False)
    by_input: dict[str | None, list[Problem]] = {}
    for name, found in problems:
        by_input.setdefault(name, []).append(found)
    commune = form.commune[:1].upper() + form.commune[1:]
    parts = [f"<h1>{esc(who)}</h1>", f'<p class="sub">Báo cáo {esc(period.lower())} · {esc(commune)}</p>']
    parts += _history(store, form, receipt)
    whole = by_input.get(None, [])
    if problems:
        listed = "".join(f"<li>{esc(p.sentence())}</li>" for _, p in problems)
        parts.append(
            f'<div class="box w" role="alert"><p><strong>Chưa gửi được: hãy sửa các ô dưới đây.</strong></p><ul>{listed}</ul></div>'
        )
    fields = "".join(_group(g, typed, by_input) for g in form.groups)
    parts.append(
        f'<form method="post" action="{links.PATH}{esc(token)}" id="f" novalidate>'
        f'<input type="hidden" name="csrf" value="{form_token(stored.form_secret(store), links.hashed(token))}">'
        f'<input type="hidden" name="key" value="{esc(typed.get("key") or secrets.token_hex(16))}">'
        f'{fields}<button type="submit">Gửi</button>'
        f'<p id="gui" class="n" role="status" aria-live="polite">{"".join(esc(p.sentence()) for p in whole)}</p></form>'
        '<p class="n">Số đã nhập được giữ trên điện thoại này cho đến khi gửi xong, kể cả khi mất sóng hay tắt máy. '
        "Ô để trống là chưa báo cáo: số đã có không bị xóa.</p>"
    )
    parts.append(data_script("rules", _rules(form)))
    title = f"{who} - báo cáo {period.lower()}"
    return page(title, "".join(parts), {"link": str(link.id), "sent": receipt.key if receipt else ""}, script=True)


def _history(store: Store, form: entries.PhoneForm, receipt: stored.Entry | None) -> list[str]:
    """The receipt of a send, else the newest entry's state, what it sent and any note."""
    if receipt is not None:
        return [
            f'<div class="box" role="status"><p><strong>Đã gửi.</strong> Mã phiếu: <strong>P{receipt.id:05d}</strong>. '
            f"Xã sẽ xem và nhận số liệu; mở lại liên kết này để xem kết quả.</p>{_sent(form, receipt)}</div>"
        ]
    sent = stored.entries_of_link(store, form.link.id)
    if not sent:
        return []
    newest = sent[-1]
    note = f"<p>Lý do: {esc(newest.note)}</p>" if newest.note else ""
    kind = "w" if newest.state == "returned" else "p" if newest.state == "pending" else ""
    return [
        f'<div class="box {kind}"><p><strong>{SENT_WORDS[newest.state]}</strong>: phiếu P{newest.id:05d}, '
        f"gửi lúc {newest.received_at.astimezone(VIETNAM_TIME):%H:%M ngày %d/%m/%Y}.</p>{note}{_sent(form, newest)}</div>"
    ]


def _sent(form: entries.PhoneForm, entry: stored.Entry) -> str:
    """What an entry sent, field by field in the form's order."""
    typed = json.loads(entry.typed)
    shown = [i for g in form.groups for i in g.inputs if i.name in typed]
    return "<dl>" + "".join(f"<dt>{esc(_label(i))}</dt><dd>{esc(typed[i.name])}</dd>" for i in shown) + "</dl>"


def _group(group: entries.Group, typed: dict[str, str], problems: dict[str | None, list[Problem]]) -> str:
    inputs = "".join(_input(i, typed.get(i.name, ""), problems.get(i.name, [])) for i in group.inputs)
    return f"<fieldset><legend>{esc(group.title)}</legend>{inputs}</fieldset>"


def _input(item: entries.Input, value: str, problems: list[Problem]) -> str:
    field, name = item.field, item.name
    ident = "i-" + name.replace("|", "-")
    unit = f' <span class="u">({esc(field.unit)})</span>' if field.unit else ""
    hints = [f"Kỳ trước: {item.previous}" if item.previous else "", f"Đã có kỳ này: {item.current}" if item.current else ""]
    hint = " · ".join(h for h in hints if h)
    described = f"h-{ident} e-{name}" if hint else f"e-{name}"
    invalid = ' aria-invalid="true"' if problems else ""
    common = f'id="{ident}" name="{esc(name)}" aria-describedby="{esc(described)}"{invalid}'
    if item.choices:
        options = "".join(f"<option{' selected' if c == value else ''}>{esc(c)}</option>" for c in ("", *item.choices))
        control = f"<select {common}>{options}</select>"
    elif field.kind == "text":
        control = f'<textarea {common} maxlength="2000">{esc(value)}</textarea>'
    else:
        mode = NUMERIC_MODES.get(field.kind, "text")
        control = f'<input {common} value="{esc(value)}" inputmode="{mode}" autocomplete="off" maxlength="40">'
    return (
        f'<div class="q"><label for="{ident}">{esc(field.header_vi)}{unit}</label>{control}'
        + (f'<p class="h" id="h-{ident}">{esc(hint)}</p>' if hint else "")
        + f'<p class="e" id="e-{esc(name)}">{esc(" ".join(p.sentence() for p in problems))}</p></div>'
    )


def _rules(form: entries.PhoneForm) -> dict:
    """What the page's script checks as the person types: each number
    field's kind and label, the ≤ rules between them, and the sentences the
    Excel path uses for the same problems."""
    fields = {i.name: {"kind": i.field.kind, "label": i.field.header_vi} for g in form.groups for i in g.inputs}
    comparisons = [
        {"left": r.left, "right": r.right, "severity": r.severity}
        for r in load_catalog().rules.comparisons
        if r.form == form.form and r.left in fields and r.right in fields
    ]
    codes = ("not_a_number", "not_whole_number", "negative", "percent_out_of_range", "exceeds")
    messages = {code: MESSAGES[code][0] for code in codes} | {
        "fix": "Chưa gửi: hãy sửa các ô báo lỗi.",
        "sending": "Đang gửi…",
        "offline": "Chưa gửi được: mạng yếu hoặc mất sóng. Số đã nhập vẫn được giữ; bấm Gửi lại khi có sóng.",
    }
    return {"fields": fields, "comparisons": comparisons, "messages": messages}


def _label(item: entries.Input) -> str:
    """A field as the receipt names it: with its task, on a unit's page."""
    task = item.name.split(entries.SEP)[0] if entries.SEP in item.name else None
    return f"{task} · {item.field.header_vi}" if task else item.field.header_vi
