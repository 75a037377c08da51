"""Server-rendered HTML for the light routes (phone pages): one document,
its CSS and script inline and allowed by hash, no framework, no third-party
byte. Every text from outside (a village's, a unit's or a task's name, what
was typed, a note) goes through `esc`.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

from web.guard import csp

HERE = Path(__file__).parent
PHONE_CSS = (HERE / "phone.css").read_text(encoding="utf-8")
PHONE_JS = (HERE / "phone.js").read_text(encoding="utf-8")
PHONE_CSP = csp([PHONE_JS], [PHONE_CSS])


def esc(text: object) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def page(title: str, body: str, body_attrs: dict[str, str] | None = None, script: bool = False) -> str:
    """A whole document in Vietnamese, sized for a phone."""
    attrs = "".join(f' data-{k}="{esc(v)}"' for k, v in (body_attrs or {}).items())
    return (
        '<!doctype html><html lang="vi"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        '<meta name="robots" content="noindex"><meta name="referrer" content="no-referrer">'
        f"<title>{esc(title)}</title><style>{PHONE_CSS}</style></head>"
        f"<body{attrs}><main>{body}</main>" + (f"<script>{PHONE_JS}</script>" if script else "") + "</body></html>"
    )


def data_script(element_id: str, data: object) -> str:
    """Data for the page's script, as JSON that cannot close its element."""
    text = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/json" id="{element_id}">{text}</script>'


def message_page(title: str, sentence: str, advice: str) -> str:
    """A refusal or an error said in two plain sentences."""
    return page(title, f"<h1>{esc(title)}</h1><p>{esc(sentence)}</p><p>{esc(advice)}</p>")
