"""The one page shell every browser page uses (reviewer pages, statistics, errors shown to a
browser)."""

from __future__ import annotations

from html import escape

from fastapi.responses import HTMLResponse

from api.page_text import CHINESE, Words

STYLE = """<style>body{font-family:sans-serif;margin:2em;max-width:80em}table{border-collapse:collapse}
td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}
.red{background:#fdd}.yellow{background:#ffc}.differs{background:#fdd;font-weight:bold}
.passed{color:#070}.failed{color:#a00}.undetermined{color:#a60}.lang{float:right}
.cols{display:flex;gap:2em;flex-wrap:wrap}
figure.doc{position:relative;display:inline-block;max-width:30em;margin:0;border:1px solid #999}
figure.doc img{display:block;width:100%}figure.doc svg{position:absolute;inset:0;width:100%;height:100%}
figure.doc polygon{fill:none;stroke:#070;stroke-width:2}figure.doc polygon.doubtful{stroke:#c00}
figure.doc .tag{position:absolute;font-size:.7em;background:#fffd;color:#070;white-space:nowrap;
transform:translateY(-100%)}figure.doc .tag.doubtful{color:#c00}</style>"""


def back_to_queue(words: Words) -> str:
    return f"<p><a href=/review>{escape(words('back_to_queue'))}</a></p>"


def page(title: str, body: str, status: int = 200, words: Words = CHINESE) -> HTMLResponse:
    switch = (f"<p class=lang><a href=/review/language/{'zh' if words.english else 'en'}>"
              f"{escape(words('other_language'))}</a></p>")  # fmt: skip
    return HTMLResponse(
        f"<!doctype html><html lang={words.lang}><meta charset=utf-8><title>{escape(title)}</title>"
        f"{STYLE}<body>{switch}<h1>{escape(title)}</h1>{body}</body></html>",
        status_code=status,
    )
