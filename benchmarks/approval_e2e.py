"""End to end through `POST /v1/cases`: are eligible cases approved instantly, and never an ineligible one?

    python benchmarks/approval_e2e.py [--renderer NAME|all]… [--count 24] [--seed S]
        [--framings tight,margin,…] [--ineligible-share 0.3] [--check-rules] [--url URL --token T]

The target: eligible submissions whose ID cards come from the renderer left out of the OCR's
development are approved instantly in >= 95 % of cases; ineligible ones are approved in none.

For each renderer (``devtools.synthetic.RENDERERS``; default all, each reported separately) it draws
``--count`` submissions with the seed (printed; fresh unless given): individual-business
registrations, sole-proprietorship registrations and senior-allowance claims in 海门区 (320614),
about ``--ineligible-share`` of them ineligible (under age, expired card, typed name or ID number
not the card's, business address or household outside the jurisdiction, a licensed scope item,
"有限公司" in a sole proprietorship's name). Each card side is rendered by the renderer and framed
as a framing drawn from ``--framings`` (default: all ``FRAMINGS``); when ``page`` is among them, a
share of submissions (``--both-sides-share``, default 0.1) instead carries both sides copied onto
one A4 page (身份证复印件) in the id_card_front slot and no id_card_back part, which the service
accepts (approval/pipeline/materials_check.py and document_reading.py pair the page with the empty
emblem-side slot). People and documents are never filtered by what the OCR reads: there are no
retries and no keeping only the readable ones.

Before the OCR run, every submission is posted once to a second in-process service whose OCR is
replaced by perfect readings built from the synthetic truth: every eligible one must be approved and
no ineligible one, or the run stops (exit 2) — so in the OCR run the reader is the only variable.
``--check-rules`` runs only that pass.

The OCR run starts the real service in-process (``ApprovalService`` + ``create_app`` on a scratch
SQLite directory, the real OCR pool) and posts multipart submissions through ``TestClient`` one at
a time, after one uncounted warm-up case; with ``--url`` and ``--token`` (a portal token) it posts to
a running server instead. It prints per renderer: eligible n / approved / routed / returned / rate,
ineligible n / approved, median and p90 seconds per case, the commonest reason codes of eligible
cases not approved, and a pooled line; then the same submissions as data-only JSON (no images:
every matter needs ID cards, so these are answered "returned" with material.missing, but they go
through intake, evidence and the rules) timed the same way, and the ratio of the medians.
Exit 1 if any ineligible case was approved.

Smoke run (about a minute):

    .venv/bin/python benchmarks/approval_e2e.py --count 1 --renderer noto --framings margin
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import hashlib
import json
import random
import statistics
import sys
import tempfile
import time
import warnings
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from approval.settings import REPO_ROOT
from approval.working_days import CHINA
from devtools.ocr_evaluation import BOTH_SIDES, person_truth
from devtools.synthetic import (
    FRAMINGS,
    RENDERERS,
    SyntheticPerson,
    capture_both_sides_page,
    capture_framing,
    make_varied_person,
)
from devtools.synthetic.people import REGION_BY_CODE, REGIONS, SURNAMES, make_id_number, make_varied_address
from ocr.codes import validity_years
from ocr.normalize import add_years, age_on

IBR = "individual-business-registration"
SPR = "sole-proprietorship-registration"
SENIOR = "senior-allowance"
MATTERS = (IBR, SPR, SENIOR)
HOME_CODE = "320614"
HOME = REGION_BY_CODE[HOME_CODE]
PNG_MAGIC = b"\x89PNG"
FRONT, BACK = "cn_id_card_front", "cn_id_card_back"

# Ineligible kinds per matter; each must fail at least one rule whatever else is true.
INELIGIBLE = {
    IBR: ("under_18", "expired_card", "name_mismatch", "number_mismatch", "address_outside",
          "region_outside", "licensed_scope"),
    SPR: ("under_18", "expired_card", "name_mismatch", "number_mismatch", "address_outside",
          "licensed_scope", "company_words"),
    SENIOR: ("under_80", "expired_card", "name_mismatch", "number_mismatch", "household_outside"),
}  # fmt: skip
# 字号 characters: none is part of a reserved word (中国, 人民, 国际 …) or a company word (有限, 公司).
TRADE_CHARS = (
    "嘉禾春晖聚福良品吉祥安康同心明德瑞丰宏达永盛润汇通天和恒顺万佳惠乐购兴旺四季满美金鑫泰隆昌源锦绣鸿运"  # noqa: E501
)
IBR_TERMS = (
    "便利店", "百货店", "五金店", "服装店", "理发店", "水果店", "花店", "文具店", "电器店", "家电维修部",
    "小吃店",
)  # fmt: skip
# A form that does not say the trade (经营部, 工作室, 维修部) needs an industry word before it
# (rules/catalogues/names.yaml): 五金经营部, 摄影工作室.
SPR_TERMS = ("商行", "贸易商行", "五金经营部", "摄影工作室", "五金厂", "加工厂", "服装厂", "商贸中心")
NAME_REGIONS = ("海门区", "海门", "南通海门", "江苏省南通市海门区")


def china_today() -> dt.date:
    return dt.datetime.now(CHINA).date()


def _rules_yaml(relative: str) -> Any:
    return yaml.safe_load((REPO_ROOT / "rules" / relative).read_text("utf-8"))


@dataclass
class Case:
    renderer: str
    matter: str
    kind: str  # "eligible" or one of INELIGIBLE[matter]
    submission: dict
    documents: dict[str, bytes]
    framings: tuple[str, ...]
    truth: dict[str, dict] = field(default_factory=dict)  # sha256 of an upload -> its perfect reading

    @property
    def eligible(self) -> bool:
        return self.kind == "eligible"


@dataclass
class Answer:
    case: Case
    status: str  # approved / routed / returned / processing, or "http NNN"
    reasons: list[str]
    seconds: float
    error: str = ""


# -- drawing people and submissions ---------------------------------------------------------------------
class Drawer:
    """Draws the cases of one renderer from its own rng; business names are unique across drawers
    (an approved registration takes its name, so a repeat would be returned as name.not_taken)."""

    def __init__(self, rng: random.Random, today: dt.date, used_names: set[str]) -> None:
        self.rng = rng
        self.today = today
        self.used_names = used_names
        self.general_scope = list(_rules_yaml("catalogues/business_scope.yaml")["general"])
        self.licensed_scope = list(_rules_yaml("catalogues/business_scope.yaml")["licensed"])

    def birth_date(self, min_age: int, max_age: int) -> dt.date:
        """Aged min_age..max_age today, at least 3 days from a birthday boundary (China time)."""
        latest = add_years(self.today, -min_age) - dt.timedelta(days=3)
        earliest = add_years(self.today, -(max_age + 1)) + dt.timedelta(days=4)
        return earliest + dt.timedelta(days=self.rng.randrange((latest - earliest).days + 1))

    def expired_card(self, born: dt.date) -> tuple[dt.date, dt.date]:
        """(issued_on, valid_until) of a card that ran for its lawful term and ran out before today."""
        for _ in range(1000):
            years = self.rng.choice((5, 10, 20))
            low, high = {5: (1, 15), 10: (16, 25), 20: (26, 45)}[years]
            issued = add_years(born, self.rng.randint(low, high)) + dt.timedelta(days=self.rng.randrange(365))
            until = add_years(issued, years)
            if validity_years(age_on(born, issued)) == years and until <= self.today - dt.timedelta(days=30):
                return issued, until
        raise RuntimeError(f"no expired card for someone born {born}")

    def person(self, matter: str, kind: str) -> SyntheticPerson:
        rng = self.rng
        if matter == SENIOR:
            ages = (60, 79) if kind == "under_80" else (80, 100)
            region = HOME_CODE  # the household (and so the card) is in 海门
        else:
            ages = (16, 17) if kind == "under_18" else (18, 75)
            region = HOME_CODE if rng.random() < 0.5 else rng.choice(REGIONS).code
        born = self.birth_date(*ages)
        extra: dict[str, Any] = {}
        if kind == "expired_card":
            extra["issued_on"], extra["valid_until"] = self.expired_card(born)
        return make_varied_person(rng, region_code=region, birth_date=born, today=self.today, **extra)

    def trade_name(self, region: str, terms: tuple[str, ...]) -> str:
        for _ in range(1000):
            trade = "".join(self.rng.sample(TRADE_CHARS, self.rng.choice((2, 2, 3, 4))))
            name = f"{region}{trade}{self.rng.choice(terms)}"
            if name not in self.used_names:
                self.used_names.add(name)
                return name
        raise RuntimeError("ran out of business names")

    def scope(self, licensed: bool) -> list[str]:
        items = self.rng.sample(self.general_scope, self.rng.choice((1, 1, 2, 3)))
        if licensed:
            items.insert(self.rng.randrange(len(items) + 1), self.rng.choice(self.licensed_scope))
        return items

    def outside_region(self) -> Any:
        return self.rng.choice([r for r in REGIONS if r.code != HOME_CODE])

    def submission(self, matter: str, kind: str, p: SyntheticPerson) -> dict:
        rng = self.rng
        phone = f"1{rng.choice('3589')}{rng.randrange(10**9):09d}"
        applicant = {"name": p.name, "id_number": p.id_number, "phone": phone}
        if kind == "name_mismatch":
            applicant["name"] = rng.choice([s for s in SURNAMES if s != p.name[0]]) + p.name[1:]
        elif kind == "number_mismatch":
            # Another valid number: same region and birth date, another serial (so the age is right).
            other = p.id_number
            while other == p.id_number:
                other = make_id_number(rng, p.id_number[:6], p.birth_date, p.sex)
            applicant["id_number"] = other
        if matter == SENIOR:
            household = HOME_CODE if p.id_number[:6] == HOME_CODE or rng.random() < 0.5 else "320684"
            if kind == "household_outside":
                household = self.outside_region().code
            account = "6217" + "".join(str(rng.randrange(10)) for _ in range(15))
            form: dict[str, Any] = {"household_region_code": household, "bank_account": account}
        else:
            address, region_code = make_varied_address(rng, HOME), HOME_CODE
            if kind == "address_outside":  # the form says 320614 but the address is elsewhere
                address = make_varied_address(rng, self.outside_region())
            elif kind == "region_outside":  # the address and its code both elsewhere
                elsewhere = self.outside_region()
                address, region_code = make_varied_address(rng, elsewhere), elsewhere.code
            scope = self.scope(licensed=kind == "licensed_scope")
            if matter == IBR:
                form = {
                    "organization_form": rng.choice(("individual", "individual", "family")),
                    "business_scope": scope,
                    "business_address": address,
                    "region_code": region_code,
                    "capital_cny": rng.choice((10000, 30000, 50000, 100000, 200000)),
                    "employees": rng.randint(0, 8),
                }
                if rng.random() < 0.7:
                    form["business_name"] = self.trade_name(rng.choice(NAME_REGIONS), IBR_TERMS)
            else:
                name = self.trade_name(rng.choice(NAME_REGIONS), SPR_TERMS)
                if kind == "company_words":
                    name += rng.choice(("有限公司", "有限责任公司"))
                form = {
                    "enterprise_name": name,
                    "business_scope": scope,
                    "business_address": address,
                    "region_code": region_code,
                    "capital_cny": rng.choice((10000, 50000, 100000, 300000, 500000)),
                    "contribution_form": rng.choice(("personal", "family")),
                }
        return {
            "matter": matter,
            "applicant": applicant,
            "form": form,
            "declarations": {"information_true": True},
        }


def draw_cases(
    renderer: str, count: int, seed: int, framings: list[str], share: float, today: dt.date, used: set[str],
    stream: str = "", both_sides: float = 0.0,
) -> list[Case]:  # fmt: skip
    # One rng per renderer: the same cases whichever other renderers run.
    rng = random.Random(f"{seed}:{renderer}{stream}")
    drawer = Drawer(rng, today, used)
    n_bad = round(count * share)
    kinds = [False] * (count - n_bad) + [True] * n_bad
    rng.shuffle(kinds)
    cases = []
    for ineligible in kinds:
        matter = rng.choice(MATTERS)
        kind = rng.choice(INELIGIBLE[matter]) if ineligible else "eligible"
        person = drawer.person(matter, kind)
        submission = drawer.submission(matter, kind, person)
        one_page = "page" in framings and rng.random() < both_sides
        cases.append(render_case(renderer, matter, kind, submission, person, framings, rng, one_page))
    return cases


def render_case(
    renderer: str, matter: str, kind: str, submission: dict, p: SyntheticPerson, framings: list[str],
    rng: random.Random, one_page: bool = False,
) -> Case:  # fmt: skip
    r = RENDERERS[renderer]
    if one_page:  # both sides on one A4 page in the photo-side slot, no emblem-side part
        data = capture_both_sides_page(r.front(p, rng), r.back(p, rng), rng)
        fields = {k: {"value": v, "confidence": 0.99} for k, v in person_truth(p, BOTH_SIDES).items()}
        truth = {hashlib.sha256(data).hexdigest(): {"kind": BOTH_SIDES, "fields": fields, "warnings": []}}
        return Case(renderer, matter, kind, submission, {"id_card_front": data}, ("both_sides_page",), truth)
    documents, truth, chosen = {}, {}, []
    for part, doc_kind, draw in (("id_card_front", FRONT, r.front), ("id_card_back", BACK, r.back)):
        framing = rng.choice(framings)
        data = capture_framing(draw(p, rng), framing, rng, doc_kind)
        documents[part] = data
        chosen.append(framing)
        fields = {k: {"value": v, "confidence": 0.99} for k, v in person_truth(p, doc_kind).items()}
        truth[hashlib.sha256(data).hexdigest()] = {"kind": doc_kind, "fields": fields, "warnings": []}
    return Case(renderer, matter, kind, submission, documents, tuple(chosen), truth)


# -- posting ------------------------------------------------------------------------------------------
def _files(documents: dict[str, bytes]) -> dict[str, tuple[str, bytes, str]]:
    out = {}
    for part, data in documents.items():
        png = data.startswith(PNG_MAGIC)
        out[part] = (f"{part}.{'png' if png else 'jpg'}", data, "image/png" if png else "image/jpeg")
    return out


def post(client: Any, headers: dict, case: Case, *, data_only: bool = False) -> Answer:
    t0 = time.perf_counter()
    if data_only:
        response = client.post("/v1/cases", headers=headers, json=case.submission)
    else:
        response = client.post(
            "/v1/cases",
            headers=headers,
            data={"submission": json.dumps(case.submission, ensure_ascii=False)},
            files=_files(case.documents),
        )
    seconds = time.perf_counter() - t0
    if response.status_code not in (200, 201, 202):
        return Answer(case, f"http {response.status_code}", [], seconds, response.text[:500])
    body = response.json()
    codes = list(dict.fromkeys(r["code"] for r in body.get("reasons", [])))
    return Answer(case, body["status"], codes, seconds)


@contextlib.contextmanager
def local_service(perfect: bool, ocr_workers: int) -> Iterator[tuple[Any, dict]]:
    """A fresh in-process service on a scratch SQLite directory; with ``perfect`` its OCR is replaced
    by the truth registered in ``PERFECT`` (keyed by the upload's SHA-256)."""
    with warnings.catch_warnings():  # starlette's notice that TestClient will move to httpx2
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    from api.app import create_app
    from approval.service import ApprovalService
    from approval.settings import Settings
    from approval.tokens import create_token

    with tempfile.TemporaryDirectory(prefix="approval-e2e-") as tmp:
        data_dir = Path(tmp)
        settings = Settings(
            # The decision itself is measured: the answer waits for it (no 202).
            answer_within_seconds=600,
            data_dir=data_dir,
            DATABASE_URL=f"sqlite:///{data_dir / 'db.sqlite3'}",
            ocr_workers=ocr_workers,
        )
        service = ApprovalService.open(settings, read_documents=perfect_reader if perfect else None)
        try:
            headers = {"Authorization": f"Bearer {create_token(service.sessions, 'portal')}"}
            with TestClient(create_app(settings, service)) as client:
                yield client, headers
        finally:
            service.close()


PERFECT: dict[str, dict] = {}


def perfect_reader(items: dict[str, bytes]) -> dict[str, dict]:
    unknown = {"kind": "unknown", "fields": {}, "warnings": []}
    return {part: PERFECT.get(hashlib.sha256(data).hexdigest(), unknown) for part, data in items.items()}


@contextlib.contextmanager
def remote(url: str, token: str) -> Iterator[tuple[Any, dict]]:
    import httpx

    with httpx.Client(base_url=url.rstrip("/"), timeout=300) as client:
        yield client, {"Authorization": f"Bearer {token}"}


# -- report -------------------------------------------------------------------------------------------
def p90(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, -(-len(ordered) * 9 // 10) - 1)] if ordered else float("nan")


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


HEADER = (
    f"{'renderer':<9s} {'elig n':>6s} {'approved':>8s} {'routed':>6s} {'returned':>8s} {'other':>5s} "
    f"{'rate':>6s}   {'inel n':>6s} {'approved':>8s}   {'median s':>8s} {'p90 s':>6s}"
)


def row(label: str, answers: list[Answer]) -> str:
    good = [a for a in answers if a.case.eligible]
    bad = [a for a in answers if not a.case.eligible]
    counts = Counter(a.status for a in good)
    other = len(good) - counts["approved"] - counts["routed"] - counts["returned"]
    rate = f"{100 * counts['approved'] / len(good):5.1f}%" if good else "    - "
    seconds = [a.seconds for a in answers]
    return (
        f"{label:<9s} {len(good):6d} {counts['approved']:8d} {counts['routed']:6d} {counts['returned']:8d} "
        f"{other:5d} {rate:>6s}   {len(bad):6d} {sum(a.status == 'approved' for a in bad):8d}   "
        f"{median(seconds):8.2f} {p90(seconds):6.2f}"
    )


def top_reasons(answers: list[Answer], n: int = 8) -> str:
    counter: Counter[str] = Counter()
    for a in answers:
        if a.case.eligible and a.status != "approved":
            counter.update(a.reasons or [a.status])
    return ", ".join(f"{code} ×{k}" for code, k in counter.most_common(n)) or "(none)"


def describe(a: Answer) -> str:
    c = a.case
    return (
        f"  {c.renderer:<5s} {c.matter:<33s} {c.kind:<17s} {'+'.join(c.framings):<22s} "
        f"{a.status:<9s} {a.seconds:6.2f}s  {', '.join(a.reasons)}{'  ' + a.error if a.error else ''}"
    )


# -- main ---------------------------------------------------------------------------------------------
def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--renderer", action="append", help=f"one of {', '.join(RENDERERS)} or 'all' (repeatable)"
    )
    parser.add_argument("--count", type=int, default=24, help="submissions per renderer (default 24)")
    parser.add_argument("--seed", type=int, help="default: a fresh one, printed")
    parser.add_argument("--framings", default=",".join(FRAMINGS), help="comma-separated (default: all)")
    parser.add_argument("--ineligible-share", type=float, default=0.3)
    parser.add_argument(
        "--both-sides-share",
        type=float,
        default=0.1,
        help="share with both card sides on one A4 page, no id_card_back part (only if 'page' is a framing)",
    )
    parser.add_argument("--check-rules", action="store_true", help="only the perfect-readings pass")
    parser.add_argument("--url", help="post the OCR run to this running server instead (needs --token)")
    parser.add_argument("--token", help="portal token for --url")
    parser.add_argument(
        "--ocr-workers", type=int, default=0, help="in-process OCR pool size (0: one per core)"
    )
    parser.add_argument("--verbose", action="store_true", help="one line per case")
    args = parser.parse_args(argv)
    names = args.renderer or ["all"]
    args.renderers = list(RENDERERS) if "all" in names else list(dict.fromkeys(names))
    unknown = [r for r in args.renderers if r not in RENDERERS]
    framings = [f.strip() for f in args.framings.split(",") if f.strip()]
    bad_framings = [f for f in framings if f not in FRAMINGS]
    if unknown or bad_framings or not framings:
        parser.error(f"renderers: {', '.join(RENDERERS)}; framings: {', '.join(FRAMINGS)}")
    if args.url and not args.token:
        parser.error("--url needs --token (a portal token)")
    if not 0 <= args.ineligible_share <= 1 or not 0 <= args.both_sides_share <= 1 or args.count < 1:
        parser.error("--count >= 1, and the shares between 0 and 1")
    args.framings = framings
    return args


def check_rules(cases: list[Case], verbose: bool) -> bool:
    """Every eligible case approved and no ineligible one, on perfect readings."""
    for case in cases:
        PERFECT.update(case.truth)
    with local_service(perfect=True, ocr_workers=1) as (client, headers):
        answers = [post(client, headers, c) for c in cases]
    good = [a for a in answers if a.case.eligible]
    bad = [a for a in answers if not a.case.eligible]
    wrong = [a for a in answers if (a.status == "approved") != a.case.eligible]
    print(
        f"perfect readings: eligible {sum(a.status == 'approved' for a in good)}/{len(good)} approved, "
        f"ineligible {sum(a.status == 'approved' for a in bad)}/{len(bad)} approved"
    )
    kinds = Counter((a.case.kind, a.status) for a in bad)
    if kinds:
        print("  ineligible outcomes: " + ", ".join(f"{k}→{s} ×{n}" for (k, s), n in sorted(kinds.items())))
    for a in answers if verbose else wrong:
        print(describe(a))
    return not wrong


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1, 2**31)
    today = china_today()
    print(
        f"seed {seed}  application date {today} (China)  renderers {','.join(args.renderers)}  "
        f"count {args.count}  ineligible share {args.ineligible_share}  framings {','.join(args.framings)}"
    )
    used = {e["name"] for e in _rules_yaml("reference/business_register.yaml")["register"]}
    t0 = time.perf_counter()
    by_renderer = {
        r: draw_cases(
            r,
            args.count,
            seed,
            args.framings,
            args.ineligible_share,
            today,
            used,
            both_sides=args.both_sides_share,
        )  # fmt: skip
        for r in args.renderers
    }
    cases = [c for cs in by_renderer.values() for c in cs]
    print(f"drew and rendered {len(cases)} submissions in {time.perf_counter() - t0:.1f} s")
    if not check_rules(cases, args.verbose):
        print("the harness is wrong: with perfect readings the outcomes above are not as drawn")
        return 2
    if args.check_rules:
        return 0

    warm = draw_cases(args.renderers[0], 1, seed, ["margin"], 0.0, today, used, stream=":warm-up")[0]
    service = remote(args.url, args.token) if args.url else local_service(False, args.ocr_workers)
    with service as (client, headers):
        post(client, headers, warm)  # starts the OCR pool and the rule worker; not counted
        # The baseline first: its cases are returned, so they register no name the OCR run needs.
        baseline = [post(client, headers, c, data_only=True) for c in cases]
        answers: dict[str, list[Answer]] = {}
        for renderer, rcases in by_renderer.items():
            answers[renderer] = [post(client, headers, c) for c in rcases]

    print()
    print(HEADER)
    pooled = [a for rs in answers.values() for a in rs]
    for renderer, rs in answers.items():
        print(row(renderer, rs))
    if len(answers) > 1:
        print(row("pooled", pooled))
    print()
    for renderer, rs in answers.items():
        print(f"{renderer}: eligible not approved: {top_reasons(rs)}")
    if len(answers) > 1:
        print(f"pooled: eligible not approved: {top_reasons(pooled)}")
    kinds = Counter((a.case.kind, a.status) for a in pooled if not a.case.eligible)
    if kinds:
        print("ineligible outcomes: " + ", ".join(f"{k}→{s} ×{n}" for (k, s), n in sorted(kinds.items())))

    base_seconds = [a.seconds for a in baseline]
    ocr_median = median([a.seconds for a in pooled])
    print(
        f"\ndata-only JSON baseline (same {len(baseline)} submissions, no images): "
        f"median {median(base_seconds):.3f} s, p90 {p90(base_seconds):.3f} s; "
        f"outcomes {dict(Counter(a.status for a in baseline))}; "
        f"reasons {dict(Counter(code for a in baseline for code in a.reasons).most_common(3))}"
    )
    print(f"OCR path / data-only path (median s): {ocr_median / median(base_seconds):.1f}")

    errors = [a for a in pooled + baseline if a.status.startswith("http")]
    if errors:
        print(f"\nunexpected HTTP answers: {len(errors)}")
        for a in errors:
            print(describe(a))
    leaked = [a for a in pooled if not a.case.eligible and a.status == "approved"]
    if leaked:
        print(f"\nINELIGIBLE CASES APPROVED: {len(leaked)}")
        for a in leaked:
            print(describe(a))
    if args.verbose:
        print("\ncases:")
        for a in pooled:
            print(describe(a))
    return 1 if leaked else 0


if __name__ == "__main__":
    sys.exit(main())
