"""The phone tab of the Dữ liệu page: issue a link per village or unit and
period (each shown once, with its QR code, an A4 sheet to print and the
text to paste into Zalo), see where each stands, revoke one, and accept or
return what the links sent after seeing what it would change."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from catalog import load_catalog
from catalog.periods import today
from charts import period_label
from reports.link_sheet import SheetLink, link_sheet_pdf, qr_png, zalo_text
from services import links, phone_desk
from services.accounts import Editor
from services.entries import provenance
from store import links as stored
from ui.desk.common import act, offered_periods, when
from ui.desk.upload import counts, problems_table
from ui.state import View, store
from ui.widgets import plain

ISSUED_KEY = "phone_issued"  # the links just issued: their URLs exist only now


def phone_tab(view: View, editor: Editor) -> None:
    st.caption(view.t("phone_help"))
    current = links.open_period()
    choices = offered_periods(view, current)
    period = st.selectbox(
        view.t("period"),
        choices,
        index=choices.index(current) if current in choices else 0,  # the period villages are reporting now
        format_func=lambda p: period_label(p, view.lang),
        key="phone_period",
    )
    links_section(view, editor, period)
    standing_section(view, editor, period)
    pending_section(view, editor)


def links_section(view: View, editor: Editor, period: str) -> None:
    st.subheader(view.t("phone_issue"))
    names = view.snap.village_names()
    left, right = st.columns(2)
    villages = left.multiselect(
        view.t("phone_villages"),
        list(names),
        format_func=names.get,
        placeholder=view.t("phone_all_villages"),
        key="phone_villages",
    )
    units = right.multiselect(view.t("phone_units"), links.units(), placeholder=view.t("phone_no_units"), key="phone_units")
    address = st.text_input(view.t("phone_base_url"), value=links.base_url(), key="phone_base_url")
    if st.button(view.t("phone_issue_button"), type="primary", key="phone_issue_button"):

        def issue() -> str:
            issued = phone_desk.issue(store(), editor, period, villages, units, address)
            st.session_state[ISSUED_KEY] = issued
            return view.t("phone_issued", n=len(issued))

        act(issue)
    issued = [i for i in st.session_state.get(ISSUED_KEY, []) if i.period == period]
    if issued:
        show_issued(view, issued)


def show_issued(view: View, issued: list[links.Issued]) -> None:
    """The links just issued: each URL with its QR code, the A4 sheet, the Zalo text."""
    st.info(view.t("phone_once"))
    sheet = [SheetLink(i.name if i.unit else f"Thôn {i.name}", i.url, i.expires) for i in issued]
    commune, label = load_catalog().commune.name_vi, period_label(issued[0].period, view.lang)
    st.download_button(
        view.t("phone_sheet"),
        data=link_sheet_pdf(sheet, commune=commune, period_label=label, issued=today()),
        file_name=f"lien-ket-{issued[0].period}.pdf",
        mime="application/pdf",
        icon=":material/qr_code_2:",
        key="phone_sheet",
    )
    st.text_area(view.t("phone_zalo"), zalo_text(sheet, commune=commune, period_label=label), height=160, key="phone_zalo")
    for item, link in zip(issued, sheet):
        with st.expander(link.name):
            st.code(item.url, language=None)
            st.image(qr_png(item.url), caption=view.t("phone_qr", name=link.name), width=220)


def standing_section(view: View, editor: Editor, period: str) -> None:
    st.subheader(view.t("phone_standing", period=period_label(period, view.lang)))
    rows = phone_desk.standing(store(), period)
    table = pd.DataFrame(
        {
            view.t("phone_who"): [r["name"] for r in rows],
            view.t("phone_link"): [view.t(f"link_{r['link']}") if r["link"] else "—" for r in rows],
            view.t("status"): [view.t(f"progress_{r['progress']}") for r in rows],
            view.t("phone_sent_at"): [when(view, pd.Timestamp(r["sent_at"])) if r["sent_at"] else "" for r in rows],
        }
    )
    st.dataframe(table, hide_index=True, width="stretch")
    active = [r for r in rows if r["link"] == "active"]
    if not active:
        return
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    chosen = left.selectbox(view.t("phone_revoke_which"), active, format_func=lambda r: r["name"], key="phone_revoke_which")
    if right.button(view.t("phone_revoke"), key="phone_revoke"):
        act(
            lambda: (
                phone_desk.revoke(store(), editor, period, chosen["village"], chosen["unit"])
                or view.t("phone_revoked", name=chosen["name"])
            )
        )


def pending_section(view: View, editor: Editor) -> None:
    st.subheader(view.t("phone_pending"))
    waiting = [(e, link) for e, link in stored.listed_entries(store(), ("pending",))]
    if not waiting:
        st.info(view.t("phone_none_pending"))
        return
    entry, link = st.selectbox(
        view.t("phone_choose_entry"),
        waiting,
        format_func=lambda pair: view.t(
            "phone_entry_label", id=pair[0].id, name=pair[1].name, time=when(view, pd.Timestamp(pair[0].received_at))
        ),
        key="phone_entry",
    )
    st.caption(view.t("phone_from", who=plain(provenance(entry, link, editor.name).split(";")[0])))
    st.dataframe(
        pd.DataFrame(
            {view.t("phone_field"): list(phone_desk.typed(entry)), view.t("value"): list(phone_desk.typed(entry).values())}
        ),
        hide_index=True,
        width="stretch",
    )
    report = phone_desk.preview(store(), entry.id)
    counts(view, report.summary)
    if report.problems:
        problems_table(view, report)
    left, right = st.columns(2)
    if left.button(view.t("phone_accept"), type="primary", key="phone_accept"):
        act(lambda: view.t("phone_accepted", id=entry.id, submission=phone_desk.accept(store(), editor, entry.id).submission_id))
    note = right.text_area(view.t("phone_note"), key="phone_note", max_chars=2000)
    if right.button(view.t("phone_return"), key="phone_return"):
        act(lambda: phone_desk.give_back(store(), editor, entry.id, note) or view.t("phone_returned", id=entry.id))
