"""Limits on input and hostile requests (#14): each is a 4xx in the one envelope, naming the
limit (its value and setting) or what was refused, and nothing is stored. The limits are lowered
here so the bodies stay small; tests/service/test_memory_bound.py sends the large ones to a server
process."""

from __future__ import annotations

import importlib
import io
import json
import pkgutil
import types
import typing

import pytest
from fastapi import APIRouter
from fastapi.routing import APIRoute
from PIL import Image
from pydantic.fields import FieldInfo

import api.routes
from tests.api.test_bad_input import error_of, parts
from tests.support import id_card_images, registration, single_colour_png


def refused(response, status: int, code: str, setting: str | None = None, limit: int | None = None) -> dict:
    error = error_of(response, status)
    assert error["code"] == code, error
    if setting:
        assert error["errors"][0]["setting"] == setting
        assert error["errors"][0]["limit"] == limit
        assert str(limit) in error["errors"][0]["msg"] + error["message"]
    return error


def json_post(client, headers: dict, raw: bytes, url: str = "/v1/cases"):  # noqa: ANN001, ANN201
    return client.post(url, headers={**headers, "Content-Type": "application/json"}, content=raw)


# -- sizes ------------------------------------------------------------------------------------------
def test_a_json_body_over_its_limit_is_413_before_it_is_read(
    client, portal, person, settings, nothing_stored
):
    settings.max_json_bytes = 2000
    raw = json.dumps({**registration(person), "padding": "x" * 3000}).encode()
    response = json_post(client, portal, raw)
    refused(response, 413, "body_too_large", "APPROVAL_MAX_JSON_BYTES", 2000)
    nothing_stored()


def test_a_streamed_json_body_is_cut_off_at_its_limit(client, portal, settings, nothing_stored):
    settings.max_json_bytes = 2000
    chunks = iter([b'{"matter": "', *[b"x" * 500] * 100, b'"}'])  # no Content-Length: counted as it comes
    response = client.post(
        "/v1/cases", headers={**portal, "Content-Type": "application/json"}, content=chunks
    )
    refused(response, 413, "body_too_large", "APPROVAL_MAX_JSON_BYTES", 2000)
    nothing_stored()


def test_any_other_body_has_the_same_limit(client, portal, settings):
    settings.max_json_bytes = 100
    response = client.put("/v1/webhook", headers=portal, json={"url": "https://portal.example/" + "x" * 200})
    refused(response, 413, "body_too_large", "APPROVAL_MAX_JSON_BYTES", 100)


def test_a_multipart_body_over_its_limit_is_413(client, portal, person, settings, nothing_stored):
    settings.max_multipart_bytes = 5000
    docs = {**id_card_images(person), "id_card_back": b"\x89PNG\r\n\x1a\n" + b"\x00" * 6000}
    response = client.post("/v1/cases", headers=portal, **parts(registration(person), docs))
    refused(response, 413, "body_too_large", "APPROVAL_MAX_MULTIPART_BYTES", 5000)
    nothing_stored()


def test_one_file_over_its_limit_is_413_naming_the_part(client, portal, person, settings, nothing_stored):
    settings.max_upload_bytes = 3000
    docs = {**id_card_images(person), "id_card_back": b"\x89PNG\r\n\x1a\n" + b"\x00" * 4000}
    response = client.post("/v1/cases", headers=portal, **parts(registration(person), docs))
    error = refused(response, 413, "material_too_large", "APPROVAL_MAX_UPLOAD_BYTES", 3000)
    assert error["errors"][0]["loc"] == ["files", "id_card_back"]
    nothing_stored()


def test_too_many_parts_is_413(client, portal, person, settings, nothing_stored):
    settings.max_parts = 3
    docs = {f"id_card_{n}": b"\x89PNG\r\n\x1a\n" for n in range(5)}
    response = client.post("/v1/cases", headers=portal, **parts(registration(person), docs))
    refused(response, 413, "too_many_parts", "APPROVAL_MAX_PARTS", 3)
    nothing_stored()


def test_a_submission_part_over_the_json_limit_is_413(client, portal, person, settings, nothing_stored):
    settings.max_json_bytes = 500
    body = {**registration(person), "padding": "x" * 600}
    response = client.post("/v1/cases", headers=portal, **parts(body, id_card_images(person)))
    error = refused(response, 413, "body_too_large", "APPROVAL_MAX_JSON_BYTES", 500)
    assert error["errors"][0]["loc"] == ["submission"]
    nothing_stored()


def test_a_string_over_its_limit_is_422_with_its_path(client, portal, person, settings, nothing_stored):
    body = registration(person, business_address="江苏省南通市海门区" + "路" * settings.max_string_chars)
    error = refused(client.post("/v1/cases", headers=portal, json=body), 422, "string_too_long",
                    "APPROVAL_MAX_STRING_CHARS", settings.max_string_chars)  # fmt: skip
    assert error["errors"][0]["loc"] == ["form", "business_address"]
    nothing_stored()


def test_nesting_over_its_limit_names_the_setting(client, portal, person, settings, nothing_stored):
    settings.max_json_depth = 4
    body = registration(person, business_scope=[[[["日用百货销售"]]]])
    refused(
        client.post("/v1/cases", headers=portal, json=body), 422, "too_deep", "APPROVAL_MAX_JSON_DEPTH", 4
    )
    nothing_stored()


def test_a_url_over_its_limit_is_414(client, portal, settings):
    refused(client.get("/v1/cases/" + "a" * settings.max_url_bytes, headers=portal), 414, "url_too_long",
            "APPROVAL_MAX_URL_BYTES", settings.max_url_bytes)  # fmt: skip


# -- pixels and pages: judged from the header when submitted, before anything is stored ---------------
def jpeg(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(out, "JPEG")
    return out.getvalue()


def pdf(pages: int) -> bytes:
    out = io.BytesIO()
    blank = Image.new("RGB", (60, 40), "white")
    blank.save(out, "PDF", save_all=True, append_images=[blank] * (pages - 1))
    return out.getvalue()


def test_an_image_over_the_pixel_limit_is_413_when_submitted(
    client, portal, person, fake_ocr, nothing_stored
):
    docs = {**id_card_images(person), "id_card_front": single_colour_png(10_000, 10_000)}  # 100 MP
    response = client.post("/v1/cases", headers=portal, **parts(registration(person), docs))
    error = refused(response, 413, "image_too_large")
    first = error["errors"][0]
    assert (first["loc"], first["type"], first["limit"]) == (
        ["files", "id_card_front"],
        "image_too_large",
        80_000_000,
    )
    assert fake_ocr.calls == []  # refused before any reading
    nothing_stored()


@pytest.mark.parametrize("image", [single_colour_png(101, 100), jpeg(101, 100)], ids=["png", "jpeg"])
def test_the_pixel_limit_is_a_setting(client, portal, person, settings, image, nothing_stored):
    settings.max_image_pixels = 100 * 100
    docs = {**id_card_images(person), "id_card_back": image}
    response = client.post("/v1/cases", headers=portal, **parts(registration(person), docs))
    assert refused(response, 413, "image_too_large")["errors"][0]["limit"] == 10_000
    nothing_stored()


def test_an_image_within_the_limit_is_taken(client, portal, person, settings):
    settings.max_image_pixels = 100 * 100
    docs = {**id_card_images(person), "id_card_back": single_colour_png(100, 100)}
    response = client.post("/v1/cases", headers=portal, **parts(registration(person), docs))
    assert response.status_code == 201, response.text  # read (as nothing the fake OCR knows): returned


def test_a_pdf_over_the_page_limit_is_413(client, portal, person, settings, nothing_stored):
    settings.max_pdf_pages = 2
    docs = {**id_card_images(person), "id_card_back": pdf(3)}
    response = client.post("/v1/cases", headers=portal, **parts(registration(person), docs))
    error = refused(response, 413, "pdf_too_many_pages")
    assert error["errors"][0]["limit"] == 2 and "3" in error["errors"][0]["msg"]
    nothing_stored()


def test_dry_run_and_resubmission_have_the_same_limits(client, portal, author, person, settings):
    settings.max_pdf_pages = 1
    docs = {**id_card_images(person), "id_card_back": pdf(2)}
    refused(client.post("/v1/rules/dry-run", headers=author, **parts(registration(person), docs)), 413,
            "pdf_too_many_pages")  # fmt: skip
    case = client.post("/v1/cases", headers=portal, json=registration(person)).json()  # no cards: returned
    assert case["status"] == "returned"
    response = client.post(f"/v1/cases/{case['case_id']}/resubmission", headers=portal,
                           **parts(registration(person), docs))  # fmt: skip
    refused(response, 413, "pdf_too_many_pages")
    assert client.get(f"/v1/cases/{case['case_id']}", headers=portal).json()["status"] == "returned"


# -- NUL characters: PostgreSQL text cannot hold them, so none gets in (the same on SQLite) ------------
@pytest.mark.parametrize(
    ("url", "where"),
    [
        ("/v1/cases/abc%00def", "path"),
        ("/v1/cases/abc/documents/id%00card", "path"),
        ("/v1/licences/9132%000", "path"),
        ("/v1/review/tasks/a%00b/claim", "path"),
        ("/v1/review/tasks?matter=a%00b", "query"),
        ("/v1/review/tasks?q=%00", "query"),
        ("/v1/cases?changed_since=2026-01-01%00", "query"),
    ],
)
def test_a_nul_in_the_url_is_400(client, reviewer, url, where):
    method = client.post if url.endswith("/claim") else client.get
    error = refused(method(url, headers=reviewer), 400, "invalid_character")
    assert error["errors"][0]["loc"] == [where]


@pytest.mark.parametrize("url", ["/review?status=routed%00", "/review/cases/a%00b"])
def test_a_browser_refused_on_the_reviewer_pages_gets_a_page_not_json(client, reviewer, url):
    response = client.get(url, headers=reviewer)
    assert response.status_code == 400 and response.headers["content-type"].startswith("text/html")
    assert "<html" in response.text and '"error"' not in response.text


@pytest.mark.parametrize("header", ["Idempotency-Key", "X-Request-ID", "Authorization"])
def test_a_nul_in_a_header_is_400(client, portal, person, header, nothing_stored):
    headers = {**portal, header: portal["Authorization"] if header == "Authorization" else "key"}
    headers[header] = headers[header][:10] + "\x00" + headers[header][10:]
    error = refused(
        client.post("/v1/cases", headers=headers, json=registration(person)), 400, "invalid_character"
    )
    assert error["errors"][0]["loc"] == ["header", header.lower()]
    nothing_stored()


def raw_multipart(body: dict, disposition: bytes, content_type: bytes, data: bytes) -> tuple[dict, bytes]:
    boundary = b"corpus-boundary"
    raw = (b"--" + boundary + b'\r\nContent-Disposition: form-data; name="submission"\r\n\r\n'
           + json.dumps(body).encode() + b"\r\n--" + boundary + b"\r\nContent-Disposition: form-data; "
           + disposition + b"\r\nContent-Type: " + content_type + b"\r\n\r\n" + data
           + b"\r\n--" + boundary + b"--\r\n")  # fmt: skip
    return {"Content-Type": "multipart/form-data; boundary=corpus-boundary"}, raw


@pytest.mark.parametrize(
    ("disposition", "content_type"),
    [
        (b'name="id_card_front"; filename="front.png"', b"image/png\x00"),
        (b'name="id_card_front"; filename="fr\x00ont.png"', b"image/png"),
        (b'name="id_card\x00front"; filename="front.png"', b"image/png"),
    ],
    ids=["content type", "file name", "part name"],
)
def test_a_nul_in_a_part_header_is_400(client, portal, person, disposition, content_type, nothing_stored):
    headers, raw = raw_multipart(
        registration(person), disposition, content_type, id_card_images(person)["id_card_front"]
    )
    refused(client.post("/v1/cases", headers={**portal, **headers}, content=raw), 400, "invalid_character")
    nothing_stored()


def test_a_nul_in_a_json_body_is_422_everywhere(client, portal, reviewer, person, nothing_stored):
    refused(client.put("/v1/webhook", headers=portal, json={"url": "https://portal.example/\u0000"}), 422,
            "invalid_character")  # fmt: skip
    decision = {"outcome": "reject", "comment": "\u0000"}
    refused(
        client.post("/v1/review/tasks/x/decision", headers=reviewer, json=decision), 422, "invalid_character"
    )
    body = registration(person)
    body["applicant"]["id_number"] = "\u0000" + person.id_number[1:]
    refused(client.post("/v1/cases", headers=portal, json=body), 422, "invalid_character")
    nothing_stored()


def test_an_escaped_backslash_before_u0000_is_no_nul(client, portal):
    # "\\u0000" in JSON is a backslash and the letters u0000: harmless text, taken as it is.
    raw = b'{"url": "https://portal.example/\\\\u0000"}'
    response = client.put("/v1/webhook", headers={**portal, "Content-Type": "application/json"}, content=raw)
    assert response.status_code == 200, response.text


def test_a_nul_in_a_form_is_422(client):
    response = client.post("/review/login", data={"username": "wang\x00", "password": "x", "csrf": "y"})
    # The sign-in form is a browser's: it is answered with a page.
    assert response.status_code == 422 and response.headers["content-type"].startswith("text/html")


# -- numbers, times and text in query parameters are bounded (422 naming the parameter) ---------------
@pytest.mark.parametrize(
    "url",
    [
        "/v1/cases?offset=9223372036854775808",
        "/v1/cases?limit=99999999999999999999999999",
        "/v1/cases?offset=-1",
        "/v1/cases?changed_since=9999-12-31T23:59:59-14:00",
        "/v1/cases?changed_since=0001-01-01T00:00:00%2B14:00",
    ],
)
def test_portal_query_out_of_bounds_is_422(client, portal, url):
    error = refused(client.get(url, headers=portal), 422, "invalid_request")
    assert error["errors"][0]["loc"][0] == "query"


@pytest.mark.parametrize(
    "url",
    [
        "/v1/review/tasks?offset=9223372036854775808",
        "/v1/review/tasks?limit=100000",
        "/v1/review/tasks?due_before=9999-12-31T23:59:59-14:00",
        "/v1/review/tasks?received_after=0001-01-01T00:00:00%2B14:00",
        "/v1/review/tasks?matter=" + "m" * 65,
        "/v1/review/tasks?reason=" + "r" * 65,
        "/v1/review/tasks?assignee=" + "a" * 65,
        "/v1/statistics?until=9999-12-31T23:59:59-14:00",
        "/v1/statistics?since=0001-01-01T00:00:00%2B14:00",
    ],
)
def test_reviewer_query_out_of_bounds_is_422(client, reviewer, url):
    error = refused(client.get(url, headers=reviewer), 422, "invalid_request")
    assert error["errors"][0]["loc"][0] == "query"


# -- the whole class: every parameter a route declares is bounded ------------------------------------
def declared_parameters() -> list[tuple[str, str, str, FieldInfo]]:
    """``(path, where, name, field)`` of every query, path and header parameter of every route,
    their dependencies' included."""
    found = []

    def walk(path: str, dependant) -> None:  # noqa: ANN001 - FastAPI's Dependant
        kinds = {
            "query": dependant.query_params,
            "path": dependant.path_params,
            "header": dependant.header_params,
        }
        for where, fields in kinds.items():
            found.extend((path, where, field.name, field.field_info) for field in fields)
        for sub in dependant.dependencies:
            walk(path, sub)

    for info in pkgutil.iter_modules(api.routes.__path__):
        module = importlib.import_module(f"api.routes.{info.name}")
        for router in (value for value in vars(module).values() if isinstance(value, APIRouter)):
            for route in (r for r in router.routes if isinstance(r, APIRoute)):
                walk(route.path, route.dependant)
    return found


def constraints(field: FieldInfo) -> list:
    """The constraints on a parameter, also those inside ``Annotated[…] | None``."""
    out, todo = list(field.metadata), [field.annotation]
    while todo:
        annotation = todo.pop()
        todo.extend(typing.get_args(annotation))
        for extra in getattr(annotation, "__metadata__", ()):
            out.extend(extra.metadata if isinstance(extra, FieldInfo) else [extra])
    return out


def base_types(field: FieldInfo) -> set:
    out, todo = set(), [field.annotation]
    while todo:
        annotation = todo.pop()
        if typing.get_origin(annotation) is typing.Annotated:
            todo.append(typing.get_args(annotation)[0])
        elif typing.get_origin(annotation) in (typing.Union, types.UnionType):
            todo.extend(typing.get_args(annotation))
        else:
            out.add(annotation)
    return out - {type(None)}


def test_every_int_parameter_has_an_upper_bound_and_every_text_query_a_length():
    unbounded = []
    for path, where, name, field in declared_parameters():
        kinds, bounds = base_types(field), {type(c).__name__ for c in constraints(field)}
        if int in kinds and not bounds & {"Le", "Lt"}:
            unbounded.append(f"{path} {where} {name}: an int without an upper bound")
        # Path texts are bounded by the URL's limit (APPROVAL_MAX_URL_BYTES); queries name theirs.
        if str in kinds and where == "query" and "MaxLen" not in bounds:
            unbounded.append(f"{path} {where} {name}: a text without max_length")
    assert unbounded == []
    assert len(declared_parameters()) > 30  # the walk finds the routes' parameters
