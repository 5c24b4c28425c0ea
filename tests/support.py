"""Helpers shared by the service and API tests: fake OCR readings of synthetic people and
submissions that pass (or deliberately fail) the rules."""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import signal

from approval.working_days import CHINA
from devtools.ocr_evaluation import business_truth, person_truth
from devtools.synthetic import SyntheticBusiness, SyntheticPerson, make_business, make_person

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
FAKE_MARK = b"FAKE-OCR-READING\n"
IBR = "individual-business-registration"
SPR = "sole-proprietorship-registration"
FOOD = "food-business-licence"
SENIOR = "senior-allowance"
HOME = "江苏省南通市海门区"


def china_today() -> dt.date:
    return dt.datetime.now(CHINA).date()


def fake_image(reading: dict) -> bytes:
    """Bytes that pass the upload check (PNG signature) and that ``FakeOcr`` reads as ``reading``."""
    return PNG_MAGIC + FAKE_MARK + json.dumps(reading, ensure_ascii=False, sort_keys=True).encode()


class FakeOcr:
    """Stands in for the OCR pool: returns the reading each fake image carries."""

    def __init__(self) -> None:
        self.calls: list[dict[str, bytes]] = []

    def __call__(self, items: dict[str, bytes]) -> dict[str, dict]:
        self.calls.append(dict(items))
        out = {}
        for part, data in items.items():
            if data.startswith(PNG_MAGIC + FAKE_MARK):
                out[part] = json.loads(data[len(PNG_MAGIC + FAKE_MARK) :])
            else:
                out[part] = {"kind": "unknown", "fields": {}, "warnings": []}
        return out


def _fields(values: dict[str, str], confidence: float) -> dict:
    """Readings as the reader gives them, each with where it is printed (a band of its own)."""
    return {
        name: {"value": value, "confidence": confidence,
               "where": [[[0.1, 0.1 * i], [0.9, 0.1 * i], [0.9, 0.1 * i + 0.08], [0.1, 0.1 * i + 0.08]]]}
        for i, (name, value) in enumerate(values.items())
    }  # fmt: skip


def front_reading(person: SyntheticPerson, confidence: float = 0.98, **changes: str) -> dict:
    values = {**person_truth(person, "cn_id_card_front"), **changes}
    return {"kind": "cn_id_card_front", "fields": _fields(values, confidence), "warnings": []}


def back_reading(person: SyntheticPerson, confidence: float = 0.98, **changes: str) -> dict:
    values = {**person_truth(person, "cn_id_card_back"), **changes}
    return {"kind": "cn_id_card_back", "fields": _fields(values, confidence), "warnings": []}


def id_card_images(person: SyntheticPerson) -> dict[str, bytes]:
    return {
        "id_card_front": fake_image(front_reading(person)),
        "id_card_back": fake_image(back_reading(person)),
    }


def new_person(seed: int, age: int = 40, **kwargs) -> SyntheticPerson:
    """A person aged ``age`` today (China time), whose card is valid today."""
    today = china_today()
    rng = random.Random(seed)
    born = today.replace(year=today.year - age) - dt.timedelta(days=rng.randint(20, 300))
    return make_person(rng, birth_date=born, today=today, **kwargs)


def registration(person: SyntheticPerson, **form) -> dict:
    """An individual-business registration that passes every rule (no business name)."""
    base = {
        "organization_form": "individual",
        "business_scope": ["日用百货销售"],
        "business_address": f"{HOME}长江路88号",
        "region_code": "320614",
        "capital_cny": 50000,
        "employees": 2,
    }
    base.update(form)
    return {
        "matter": IBR,
        "applicant": {"name": person.name, "id_number": person.id_number, "phone": "13812345678"},
        "form": {k: v for k, v in base.items() if v is not None},
        "declarations": {"information_true": True},
    }


def food_licence(person: SyntheticPerson, credit_code: str) -> dict:
    return {
        "matter": FOOD,
        "applicant": {"name": person.name, "id_number": person.id_number, "phone": "13812345678"},
        "form": {
            "credit_code": credit_code,
            "business_address": f"{HOME}人民路1号",
            "food_categories": ["预包装食品销售"],
        },
        "declarations": {"information_true": True},
    }


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def licence_reading(business: SyntheticBusiness, confidence: float = 0.98) -> dict:
    values = business_truth(business)
    return {"kind": "cn_business_licence", "fields": _fields(values, confidence), "warnings": []}


def food_documents(person: SyntheticPerson, business: SyntheticBusiness) -> dict[str, bytes]:
    return {
        "id_card_front": fake_image(front_reading(person)),
        "business_licence": fake_image(licence_reading(business)),
    }


def new_business(seed: int, operator: SyntheticPerson) -> SyntheticBusiness:
    return make_business(random.Random(seed), operator=operator, today=china_today())


COMPANY = "company-registration"


def company(shareholders: list[SyntheticPerson], **form) -> dict:
    """A company registration that passes every rule: the first shareholder is the applicant,
    sole director and legal representative; the capital split evenly; no supervisor, by the
    shareholders' agreement."""
    first = shareholders[0]
    share = 300000
    due = (china_today() + dt.timedelta(days=3 * 365)).isoformat()
    base = {
        "company_name": "海门区瑞诚达商贸有限公司",
        "business_scope": ["日用百货销售", "办公用品销售"],
        "business_address": f"{HOME}长江路18号",
        "region_code": "320614",
        "registered_capital_cny": share * len(shareholders),
        "shareholders": [
            {"name": p.name, "id_number": p.id_number, "subscribed_cny": share, "contribution_due": due}
            for p in shareholders
        ],
        "directors": [{"name": first.name, "id_number": first.id_number}],
        "legal_representative": {"name": first.name, "id_number": first.id_number},
        "no_supervisor": True,
        "standard_articles": True,
    }
    base.update(form)
    return {
        "matter": COMPANY,
        "applicant": {"name": first.name, "id_number": first.id_number, "phone": "13812345678"},
        "form": {k: v for k, v in base.items() if v is not None},
        "declarations": {"information_true": True},
    }


def company_cards(shareholders: list[SyntheticPerson], **extra: SyntheticPerson) -> dict[str, bytes]:
    """Each shareholder's card in form order (and any extra person's, e.g. the legal representative)."""
    out = {}
    for n, person in enumerate(shareholders, start=1):
        out[f"shareholder_{n}_id_card_front"] = fake_image(front_reading(person))
        out[f"shareholder_{n}_id_card_back"] = fake_image(back_reading(person))
    for role, person in extra.items():
        out[f"{role}_id_card_front"] = fake_image(front_reading(person))
        out[f"{role}_id_card_back"] = fake_image(back_reading(person))
    return out


class _KillAfterSend:
    """The rule worker's stdin: once a request has been flushed to it, the (stopped) worker is
    killed, so it dies holding a case whatever the machine's speed (no timer)."""

    def __init__(self, stream, pid: int) -> None:  # noqa: ANN001
        self._stream, self._pid, self._armed = stream, pid, True

    def flush(self) -> None:
        self._stream.flush()
        if self._armed:
            self._armed = False
            os.kill(self._pid, signal.SIGKILL)

    def __getattr__(self, name: str):  # noqa: ANN204
        return getattr(self._stream, name)


def kill_worker_holding_next_case(worker) -> int:  # noqa: ANN001 - a RuleWorker
    """Arrange for the running rule worker to die as soon as it has been sent the next case;
    returns its pid."""
    process = worker._process
    os.kill(process.pid, signal.SIGSTOP)  # it cannot answer the case it is about to receive …
    process.stdin = _KillAfterSend(process.stdin, process.pid)  # … and dies once it has it
    return process.pid


def stored_case_ids(service) -> list[str]:  # noqa: ANN001 - an ApprovalService
    with service.uow() as uow:
        return uow.cases.case_ids()


def stored_case(service, case_id: str):  # noqa: ANN001, ANN201 - the service and its CaseRow
    with service.uow() as uow:
        return uow.cases.get(case_id)


def store_only(service, body: dict, documents: dict[str, bytes], owner: str = "portal-x") -> str:  # noqa: ANN001
    # (an ApprovalService)
    """What a crash right after storing leaves behind: a ``received`` case, nothing decided."""
    import datetime as _dt
    import uuid

    from approval.persistence.case_store import UploadedDocument
    from approval.use_cases.submission import request_digest

    docs = [UploadedDocument(p, f"{p}.png", "image/png", d) for p, d in documents.items()]
    for doc in docs:
        service.blobs.put(doc.data)
    case_id = str(uuid.uuid4())
    with service.uow() as uow:
        uow.cases.add_case(
            owner_token_id=owner,
            idempotency_key=None,
            request_digest=request_digest(body, docs),
            matter=body["matter"],
            submission=body,
            documents=docs,
            case_id=case_id,
            received_at=_dt.datetime.now(_dt.UTC),
        )
        uow.commit()
    return case_id


def authenticate_new(service, role: str):  # noqa: ANN001, ANN201 - a Principal of a fresh token
    from approval.tokens import authenticate, create_token

    return authenticate(service.sessions, create_token(service.sessions, role))


PASSWORD = "correct horse battery staple"


def csrf_of(html: str) -> str:
    import re

    return re.search(r"name=csrf value='([^']*)'", html).group(1)


def sign_in(client, service, username: str = "wang", name: str = "王科员", role: str = "reviewer") -> str:  # noqa: ANN001
    """Create the account and sign in through the form; returns the session's CSRF token."""
    from approval.accounts import create_account

    create_account(service.sessions, username, name, role, PASSWORD)
    csrf = csrf_of(client.get("/review/login").text)
    done = client.post("/review/login", data={"username": username, "password": PASSWORD, "csrf": csrf},
                       follow_redirects=False)  # fmt: skip
    assert done.status_code == 303, done.text
    return csrf_of(client.get("/review").text)


def id_card_documents(person: SyntheticPerson):  # noqa: ANN201 - UploadedDocuments of the fake card
    from approval.persistence.case_store import UploadedDocument

    return [UploadedDocument(p, f"{p}.png", "image/png", d) for p, d in id_card_images(person).items()]


def post_multipart(client, url: str, headers: dict, body: dict, documents: dict[str, bytes]):  # noqa: ANN001, ANN201
    """A submission as a portal posts it: a JSON ``submission`` part and a file part per material."""
    return client.post(url, headers=headers, data={"submission": json.dumps(body, ensure_ascii=False)},
                       files={p: (f"{p}.png", d, "image/png") for p, d in documents.items()})  # fmt: skip


def single_colour_png(width: int, height: int) -> bytes:
    """A real PNG of one colour (1-bit grey), built row by row with zlib: 20,000 × 20,000 pixels
    come to ~80 KB, made without ever holding the pixels."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    packer, row = zlib.compressobj(9), b"\x00" + b"\xff" * ((width + 7) // 8)  # filter 0, white
    idat = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return PNG_MAGIC + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
