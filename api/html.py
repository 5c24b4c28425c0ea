"""The one page shell every browser page uses (reviewer pages, statistics, errors shown to a
browser)."""

from __future__ import annotations

from html import escape

from fastapi.responses import HTMLResponse

STYLE = """<style>body{font-family:sans-serif;margin:2em;max-width:80em}table{border-collapse:collapse}
td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}
.red{background:#fdd}.yellow{background:#ffc}.differs{background:#fdd;font-weight:bold}
.passed{color:#070}.failed{color:#a00}.undetermined{color:#a60}img.doc{max-width:30em;border:1px solid #999}
.cols{display:flex;gap:2em;flex-wrap:wrap}</style>"""

BACK_TO_QUEUE = "<p><a href=/review>返回队列 Back to the queue</a></p>"


def page(title: str, body: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(
        f"<!doctype html><html lang=zh><meta charset=utf-8><title>{escape(title)}</title>"
        f"{STYLE}<body><h1>{escape(title)}</h1>{body}</body></html>",
        status_code=status,
    )
