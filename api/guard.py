"""The first look at every request, before any route: what no route should ever see is refused
with a 4xx in the one error envelope (a NUL character in the URL or a header, a URL or a body over
its limit), and a body is counted as it arrives, so nothing large is held in memory.

A pure ASGI middleware: Starlette's ``BaseHTTPMiddleware`` would stand between the body and the
route, and could not answer before the body has been read."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.responses import Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import answer_for
from approval.settings import Settings


class Refused(StarletteHTTPException):
    """A request over a limit or holding what cannot be stored, found while it is read. An
    ``HTTPException`` so that FastAPI's own body parsing lets it through unchanged."""

    def __init__(self, status: int, code: str, message: str, errors: list[dict] | None = None) -> None:
        super().__init__(status_code=status, detail=message)
        self.code, self.message, self.errors = code, message, errors

    def response(self, request: Request) -> Response:
        """JSON, or a page for the reviewer pages in a browser (``api.errors.answer_for``)."""
        return answer_for(request, self.status_code, self.code, self.message, self.errors)


def over_limit(code: str, what: str, limit: int, setting: str, loc: list, status: int = 413) -> Refused:
    """The refusal for a limit, naming it, its value and the setting that changes it."""
    message = f"{what} is over the limit of {limit} (setting {setting})"
    error = {"loc": loc, "type": code, "msg": message, "limit": limit, "setting": setting}
    return Refused(status, code, message, [error])


def nul_in(loc: list, status: int = 400) -> Refused:
    message = f"the {' '.join(str(p) for p in loc)} contains a NUL character, which no text here may hold"
    error = {"loc": loc, "type": "invalid_character", "msg": message}
    return Refused(status, "invalid_character", message, [error])


def is_multipart(content_type: str) -> bool:
    return content_type.lower().startswith("multipart/")


class RequestGuard:
    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app, self.settings = app, settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracked_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            self._check_head(scope)
            content_type = _header(scope, b"content-type")
            if is_multipart(content_type):
                # Files are spooled to disk by the parser (api/submission_body.py), so the body
                # streams through, counted; anything else is small enough to hold and look at.
                limit = self.settings.max_multipart_bytes
                self._check_length(scope, limit, "APPROVAL_MAX_MULTIPART_BYTES")
                receive = _counted(receive, limit)
            else:
                self._check_length(scope, self.settings.max_json_bytes, "APPROVAL_MAX_JSON_BYTES")
                body = await self._read_small_body(receive)
                if body is None:
                    return  # the client went away
                _check_body_text(body, content_type)
                receive = _replay(body, receive)
            await self.app(scope, receive, tracked_send)
        except Refused as refused:
            if started:
                raise
            await refused.response(Request(scope))(scope, receive, send)

    def _check_head(self, scope: Scope) -> None:
        path: str = scope["path"]
        query: bytes = scope.get("query_string", b"")
        url_bytes = len(scope.get("raw_path") or path.encode()) + len(query)
        if url_bytes > self.settings.max_url_bytes:
            limit = self.settings.max_url_bytes
            raise over_limit("url_too_long", "the URL", limit, "APPROVAL_MAX_URL_BYTES", ["url"], 414)
        if "\x00" in path:
            raise nul_in(["path"])
        if b"\x00" in query or b"%00" in query:
            raise nul_in(["query"])
        for name, value in scope["headers"]:
            if b"\x00" in name or b"\x00" in value:
                raise nul_in(["header", name.decode("latin-1").replace("\x00", "")])

    @staticmethod
    def _check_length(scope: Scope, limit: int, setting: str) -> None:
        declared = _header(scope, b"content-length")
        if declared.isdigit() and int(declared) > limit:
            raise over_limit("body_too_large", "the request body", limit, setting, ["body"])

    async def _read_small_body(self, receive: Receive) -> bytes | None:
        limit, chunks, size = self.settings.max_json_bytes, [], 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return None
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                raise over_limit(
                    "body_too_large", "the request body", limit, "APPROVAL_MAX_JSON_BYTES", ["body"]
                )
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)


def _header(scope: Scope, name: bytes) -> str:
    for key, value in scope["headers"]:
        if key.lower() == name:
            return value.decode("latin-1")
    return ""


def _check_body_text(body: bytes, content_type: str) -> None:
    """No NUL character in a JSON or form body: PostgreSQL text cannot hold one, so refusing it
    here keeps SQLite and PostgreSQL answering alike. (A submission's JSON is checked again,
    with its other limits, where it is parsed: api/submission_body.py.)"""
    kind = content_type.split(";")[0].strip().lower()
    if kind == "application/x-www-form-urlencoded":
        if b"\x00" in body or b"%00" in body:
            raise nul_in(["body"], 422)
    elif (not kind or kind == "application/json" or kind.endswith("+json")) and _json_has_nul(body):
        raise nul_in(["body"], 422)


def _json_has_nul(body: bytes) -> bool:
    """Whether the JSON text holds the escape \\u0000 (a backslash escaped itself does not count:
    ``"\\\\u0000"`` is a backslash followed by "u0000")."""
    at = body.find(b"\\u0000")
    while at != -1:
        before = at - 1
        while before >= 0 and body[before] == ord("\\"):
            before -= 1
        if (at - 1 - before) % 2 == 0:
            return True
        at = body.find(b"\\u0000", at + 1)
    return False


def _counted(receive: Receive, limit: int) -> Receive:
    seen = 0

    async def counted() -> Message:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                what = "the multipart body"
                raise over_limit("body_too_large", what, limit, "APPROVAL_MAX_MULTIPART_BYTES", ["body"])
        return message

    return counted


def _replay(body: bytes, receive: Receive) -> Receive:
    given = False

    async def replay() -> Message:
        nonlocal given
        if given:
            return await receive()  # waits for the client to disconnect, as ASGI expects
        given = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay


async def _refused(request: Request, exc: Refused) -> Response:
    return exc.response(request)


def install(app: FastAPI, settings: Settings) -> None:
    app.add_middleware(RequestGuard, settings=settings)
    # A refusal raised inside a route's reading of the body (the multipart limit) is answered here.
    app.add_exception_handler(Refused, _refused)
