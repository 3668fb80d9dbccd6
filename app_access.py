"""The access gate: on a shared LAN the workbench shows nothing until the access password is given.

- Default: the server listens on 127.0.0.1 only (.streamlit/config.toml) — nobody else can reach it.
- LAN sharing: start with ``--server.address 0.0.0.0`` (or the host's LAN address) *and* an access
  password from the environment (WORKBENCH_PASSWORD) or Streamlit secrets (``access_password`` in
  .streamlit/secrets.toml). Without a password the app refuses to serve anything off loopback.
"""

from __future__ import annotations

import hmac
import os

import streamlit as st

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def configured_password() -> str:
    env = os.environ.get("WORKBENCH_PASSWORD", "")
    if env:
        return env
    try:
        return str(st.secrets.get("access_password", ""))
    except Exception:  # no secrets.toml: Streamlit raises its own "not found" error
        return ""


def decide(address: str, password: str, given: str | None) -> str:
    """ "open" (serve), "ask" (show only the password box), "wrong" or "refuse" (LAN without a password)."""
    if not password:
        return "open" if (address or "127.0.0.1") in LOOPBACK else "refuse"
    if given is None:
        return "ask"
    return "open" if hmac.compare_digest(given.encode(), password.encode()) else "wrong"


def gate() -> bool:
    """True when the page may be shown; otherwise draws the password box (or the refusal) only."""
    if st.session_state.get("access_ok"):
        return True
    address = str(st.get_option("server.address") or "127.0.0.1")
    state = decide(address, configured_password(), st.session_state.get("access_given"))
    if state == "open":
        st.session_state["access_ok"] = True
        return True
    st.title("检视剖析材料评审工作台")
    if state == "refuse":
        st.error(
            "工作台正在局域网上共享，但没有设置访问密码，因此不显示任何内容。"
            "请设置环境变量 WORKBENCH_PASSWORD（或 .streamlit/secrets.toml 中的 access_password）后重新启动。"
        )
        return False
    with st.form("access"):
        given = st.text_input("访问密码", type="password", key="access_input")
        if st.form_submit_button("进入"):
            st.session_state["access_given"] = given
            st.rerun()
    if state == "wrong":
        st.error("密码不正确。")
    return False
