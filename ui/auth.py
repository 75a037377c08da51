"""Editor sign-in on the pages (PRODUCT.md "Roles").

With an identity provider configured (an [auth] section in
.streamlit/secrets.toml), st.login signs people in and the addresses listed
under [xanh] editors may write. Otherwise the local accounts of
services/accounts.py, checked here against a name and password; the signed-in
name and the session's throttle of wrong passwords live in st.session_state,
so a reload of the browser tab signs the editor out.
"""

from __future__ import annotations

import math

import streamlit as st

from services import accounts
from ui.state import View, store
from ui.widgets import plain

EDITOR_KEY = "editor"
THROTTLE_KEY = "sign_in_throttle"


def oidc_configured() -> bool:
    """Whether an identity provider is set up ([auth] in secrets.toml)."""
    return st.secrets.load_if_toml_exists() and "auth" in st.secrets


def editor() -> accounts.Editor | None:
    """Who may write in this session, and which communes: the signed-in
    editor, else None."""
    if not oidc_configured():
        name = st.session_state.get(EDITOR_KEY)
        return accounts.account_editor(store(), name) if name else None
    if not st.user.is_logged_in:
        return None
    listed = st.secrets.get("xanh", {}).get("editors", [])
    return accounts.oidc_editor(st.user.to_dict(), listed)


def sign_in_form(view: View) -> None:
    """What a viewer sees in place of the editors' tools."""
    st.info(view.t("editors_only"))
    if oidc_configured():
        _provider_sign_in(view)
    else:
        _password_sign_in(view)


def signed_in_bar(view: View, editor: accounts.Editor) -> None:
    left, right = st.columns([5, 1], vertical_alignment="center")
    left.caption(view.t("signed_in_as", name=plain(editor.name)))
    right.button(view.t("sign_out"), on_click=st.logout if oidc_configured() else _forget, key="sign_out")


def _forget() -> None:
    st.session_state.pop(EDITOR_KEY, None)


def _provider_sign_in(view: View) -> None:
    if st.user.is_logged_in:  # signed in at the provider, but not listed as an editor
        st.warning(view.t("not_an_editor", email=plain(st.user.get("email") or "?")))
        st.button(view.t("sign_out"), on_click=st.logout, key="sign_out")
    else:
        st.button(view.t("sign_in_provider"), on_click=st.login, type="primary", key="sign_in_provider")


def _password_sign_in(view: View) -> None:
    with st.form("sign_in"):
        name = st.text_input(view.t("user_name"), key="sign_in_name")
        password = st.text_input(view.t("password"), type="password", key="sign_in_password")
        submitted = st.form_submit_button(view.t("sign_in"), type="primary")
    st.markdown(view.t("sign_in_help"))
    if submitted:
        throttle = st.session_state.setdefault(THROTTLE_KEY, accounts.Throttle())
        attempt = accounts.sign_in(store(), name, password, throttle)
        if attempt.editor:
            st.session_state[EDITOR_KEY] = attempt.editor
            st.rerun()
        st.error(_refusal(view, attempt))


def _refusal(view: View, attempt: accounts.Attempt) -> str:
    """Why a try failed, and how long to wait before the next one."""
    wait = _duration(view, attempt.wait)
    if attempt.blocked:
        return view.t("sign_in_blocked", n=attempt.failures, wait=wait)
    sentence = view.t("sign_in_wrong")
    return f"{sentence} {view.t('sign_in_wait', wait=wait)}" if attempt.wait >= 2 else sentence


def _duration(view: View, seconds: float) -> str:
    if seconds < 60:
        return view.t("seconds", n=max(1, math.ceil(seconds)))
    return view.t("minutes", n=math.ceil(seconds / 60))
