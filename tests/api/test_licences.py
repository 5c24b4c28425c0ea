"""Licence verification needs what the licence shows: its credit code and the random verification
code printed on it. A wrong code and an unknown credit code get the same answer, and each client
address may only ask a few times a minute."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import create_engine, text

from api.rate_limit import RateLimiter
from approval.credit_codes import VERIFICATION_ALPHABET, VERIFICATION_LENGTH, issue_credit_code
from approval.persistence.db import MIGRATIONS_DIR
from tests.support import id_card_images, post_multipart, registration


@pytest.fixture
def approved(client, portal, person) -> dict:
    case = post_multipart(client, "/v1/cases", portal, registration(person), id_card_images(person)).json()
    assert case["status"] == "approved", case["reasons"]
    return case


def test_the_applicant_gets_the_code_and_the_licence_prints_it(client, portal, approved, person):
    result = approved["result"]
    code = result["verification_code"]
    assert len(code) == VERIFICATION_LENGTH and set(code) <= set(VERIFICATION_ALPHABET)
    url = urlsplit(result["licence"])
    assert url.path == f"/v1/licences/{result['credit_code']}"
    assert parse_qs(url.query) == {"verification_code": [code]}
    # The case as the portal reads it later carries it too.
    assert client.get(f"/v1/cases/{approved['case_id']}", headers=portal).json()["result"] == result
    page = client.get(result["licence"])
    assert page.status_code == 200
    assert code in page.text and person.name in page.text and "核验码" in page.text
    # Typed by hand from the paper: lower case is accepted.
    lower = client.get(f"/v1/licences/{result['credit_code']}", params={"verification_code": code.lower()})
    assert lower.status_code == 200


def test_unknown_wrong_and_missing_codes_get_one_answer(client, approved):
    credit_code, code = approved["result"]["credit_code"], approved["result"]["verification_code"]
    wrong = code[:-1] + ("A" if code[-1] != "A" else "B")
    unknown = issue_credit_code("individual-business", "320614", 99_999)  # valid, never issued
    answers = [
        client.get(f"/v1/licences/{credit_code}", params={"verification_code": wrong}),
        client.get(f"/v1/licences/{unknown}", params={"verification_code": code}),
        client.get(f"/v1/licences/{unknown}", params={"verification_code": wrong}),
        client.get(f"/v1/licences/{credit_code}"),
    ]
    assert {a.status_code for a in answers} == {404}
    assert len({a.content for a in answers}) == 1  # the same bytes: nothing tells them apart
    assert answers[0].json()["error"]["code"] == "not_found"
    assert credit_code not in answers[0].text


def test_guessing_is_rate_limited_per_client_address(client, service, approved):
    per_minute = service.settings.licence_checks_per_minute
    credit_code = approved["result"]["credit_code"]
    statuses = [
        client.get(f"/v1/licences/{credit_code}", params={"verification_code": "AAAAAAAA"}).status_code
        for _ in range(per_minute)
    ]
    assert statuses == [404] * per_minute
    limited = client.get(approved["result"]["licence"])  # even the right code, once over the limit
    assert limited.status_code == 429
    assert limited.json()["error"]["code"] == "rate_limited"
    assert int(limited.headers["Retry-After"]) >= 1


def test_the_token_bucket_refills_with_time_and_counts_each_address_alone():
    now = [0.0]
    limiter = RateLimiter(per_minute=6, clock=lambda: now[0])
    assert [limiter.take("a") for _ in range(6)] == [0.0] * 6
    assert limiter.take("a") == pytest.approx(10.0)  # one check every 10 s
    assert limiter.take("b") == 0.0
    now[0] += 10.0
    assert limiter.take("a") == 0.0 and limiter.take("a") > 0


def test_the_limiter_forgets_full_buckets_when_it_holds_too_many():
    now = [0.0]
    limiter = RateLimiter(per_minute=60, clock=lambda: now[0], max_clients=10)
    for n in range(10):
        limiter.take(f"10.0.0.{n}")
    now[0] += 60.0  # every bucket full again
    limiter.take("10.0.1.1")
    assert len(limiter._buckets) == 1


def test_migration_gives_licences_issued_before_it_a_code(database_url):
    """Entries and approved answers stored under 0007 get a verification code from 0008; idempotency
    keys become digests; tokens get an expiry, except named accounts' identities."""
    from alembic import command
    from alembic.config import Config

    engine = create_engine(database_url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0007")
    credit_code = issue_credit_code("individual-business", "320614", 7)
    result = f'{{"credit_code": "{credit_code}", "licence": "http://x/v1/licences/{credit_code}"}}'
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO cases (id, matter, status, owner_token_id, idempotency_key, submission,"
            " applicant_id_masked, received_at, reasons, result, reason_codes, version, attempts)"
            " VALUES ('c1', 'm', 'approved', 't1', '320684198503020118', '{}', '', :at, '[]', :result,"
            " '', 0, 0)"
        ), {"at": "2026-01-01 00:00:00", "result": result})  # fmt: skip
        connection.execute(text(
            "INSERT INTO register_entries (credit_code, name, name_key, kind, operator_name,"
            " operator_id_number, address, region_code, registered_at, case_id)"
            " VALUES (:code, '店', '店', 'individual-business', '王伟', '320684198503020118', '', '320614',"
            " :at, 'c1')"
        ), {"code": credit_code, "at": "2026-01-01 00:00:00"})  # fmt: skip
        connection.execute(text(
            "INSERT INTO api_tokens (id, token_hash, role, label, created_at, revoked) VALUES"
            " ('t1', 'h1', 'portal', '', :at, false), ('t2', 'h2', 'reviewer', '', :at, false)"
        ), {"at": "2026-01-01 00:00:00"})  # fmt: skip
        connection.execute(
            text("INSERT INTO accounts (username, token_id, password_hash) VALUES ('w', 't2', '')")
        )
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0008")
    with engine.connect() as connection:
        code = connection.scalar(text("SELECT verification_code FROM register_entries"))
        stored = connection.execute(text("SELECT result, idempotency_key FROM cases")).one()
        expiries = dict(connection.execute(text("SELECT id, expires_at FROM api_tokens")).all())
    engine.dispose()
    assert len(code) == VERIFICATION_LENGTH
    answer = stored[0] if isinstance(stored[0], dict) else json.loads(stored[0])
    assert answer["verification_code"] == code
    assert answer["licence"] == f"http://x/v1/licences/{credit_code}?verification_code={code}"
    assert stored[1].startswith("sha256:") and "320684" not in stored[1]
    assert expiries["t1"] is not None and expiries["t2"] is None
