"""Accuracy evaluation on freshly generated synthetic documents.

Each document is a seeded synthetic front, back or licence captured under one of the
conditions; the reading is compared field by field with the truth it was rendered from.
Documents are generated and read in worker processes (one core each); the seconds reported
are the reading time alone.
"""

from __future__ import annotations

import concurrent.futures
import multiprocessing
import os
import random
import statistics
import time
from dataclasses import dataclass, field

from ocr.reading import KIND_FIELDS, Reading
from ocr.synthetic.capture import CONDITIONS, capture
from ocr.synthetic.people import SyntheticBusiness, SyntheticPerson, make_business, make_person
from ocr.synthetic.render import render_business_licence, render_id_card_back, render_id_card_front

DOC_KINDS = ("cn_id_card_front", "cn_id_card_back", "cn_business_licence")
CHECKED = ("id_number", "credit_code", "birth_date", "valid_until")
HIGH_CONFIDENCE = 0.9


def person_truth(p: SyntheticPerson, kind: str) -> dict[str, str]:
    if kind == "cn_id_card_front":
        return {
            "name": p.name,
            "sex": p.sex,
            "ethnicity": p.ethnicity,
            "birth_date": p.birth_date.isoformat(),
            "address": p.address,
            "id_number": p.id_number,
        }
    return {
        "issuing_authority": p.issuing_authority,
        "valid_from": p.valid_from.isoformat(),
        "valid_until": "long-term" if p.valid_until is None else p.valid_until.isoformat(),
    }


def business_truth(b: SyntheticBusiness) -> dict[str, str]:
    return {
        "credit_code": b.credit_code,
        "name": b.name,
        "type": b.type,
        "operator": b.operator,
        "address": b.address,
        "established_on": b.established_on.isoformat(),
        "scope": b.scope,
        "registration_authority": b.registration_authority,
    }


def make_sample(seed: int, index: int, kind: str, condition: str) -> tuple[dict[str, str], bytes]:
    """(truth, uploaded bytes) of one synthetic document; the same arguments give the same
    document."""
    rng = random.Random(f"{seed}:{index}")
    if kind == "cn_business_licence":
        business = make_business(
            rng, kind=rng.choice(("individual-business", "individual-business",
                                  "sole-proprietorship"))
        )  # fmt: skip
        return business_truth(business), capture(render_business_licence(business), condition, rng)
    person = make_person(rng)
    render = render_id_card_front if kind == "cn_id_card_front" else render_id_card_back
    return person_truth(person, kind), capture(render(person), condition, rng)


@dataclass
class Outcome:
    kind: str
    condition: str
    truth: dict[str, str]
    reading: Reading


def _run_one(seed: int, index: int, kind: str, condition: str, engine: str) -> Outcome:
    from ocr.read import read_document

    truth, data = make_sample(seed, index, kind, condition)
    reading = read_document(data, engine=engine)
    return Outcome(kind, condition, truth, reading)


def plan(count: int, conditions: tuple[str, ...], kinds: tuple[str, ...] = DOC_KINDS
         ) -> list[tuple[str, str]]:  # fmt: skip
    """Round robin over kinds and conditions so every pair is represented evenly."""
    pairs = [(k, c) for c in conditions for k in kinds]
    return [pairs[i % len(pairs)] for i in range(count)]


def run(count: int = 108, seed: int | None = None, engine: str = "tesseract",
        conditions: tuple[str, ...] = CONDITIONS, workers: int | None = None,
        kinds: tuple[str, ...] = DOC_KINDS) -> tuple[int, list[Outcome]]:  # fmt: skip
    seed = seed if seed is not None else int(time.time() * 1000) % 1_000_000_007
    jobs = plan(count, conditions, kinds)
    workers = workers or max(1, len(os.sched_getaffinity(0)))
    if workers == 1:
        return seed, [_run_one(seed, i, k, c, engine) for i, (k, c) in enumerate(jobs)]
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    ctx = multiprocessing.get_context("spawn")
    from ocr.engine_tesseract import limit_threads

    with concurrent.futures.ProcessPoolExecutor(workers, mp_context=ctx,
                                                initializer=limit_threads) as pool:  # fmt: skip
        futures = [pool.submit(_run_one, seed, i, k, c, engine) for i, (k, c) in enumerate(jobs)]
        return seed, [f.result() for f in futures]


@dataclass
class Tally:
    right: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.right += int(ok)
        self.total += 1

    @property
    def rate(self) -> float:
        return self.right / self.total if self.total else float("nan")


@dataclass
class Report:
    seed: int
    engine: str
    documents: int
    per_field: dict[str, Tally] = field(default_factory=dict)
    per_condition: dict[str, Tally] = field(default_factory=dict)
    overall: Tally = field(default_factory=Tally)
    kind: Tally = field(default_factory=Tally)
    confident_wrong: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, list[float]] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)


def score(seed: int, engine: str, outcomes: list[Outcome]) -> Report:
    rep = Report(seed, engine, len(outcomes))
    rep.confident_wrong = dict.fromkeys((*CHECKED, "overall"), 0)
    for o in outcomes:
        rep.kind.add(o.reading.kind == o.kind)
        rep.seconds.setdefault(o.kind, []).append(o.reading.seconds or 0.0)
        cond = rep.per_condition.setdefault(o.condition, Tally())
        for name in KIND_FIELDS[o.kind]:
            key = f"{o.kind.removeprefix('cn_')}.{name}"
            got = o.reading.fields.get(name) if o.reading.kind == o.kind else None
            ok = got is not None and got.value == o.truth[name]
            rep.per_field.setdefault(key, Tally()).add(ok)
            cond.add(ok)
            rep.overall.add(ok)
            if got is not None and not ok and got.confidence >= HIGH_CONFIDENCE:
                rep.confident_wrong["overall"] += 1
                if name in rep.confident_wrong:
                    rep.confident_wrong[name] += 1
            if not ok:
                rep.failures.append(
                    f"{o.kind}/{o.condition} {name}: want {o.truth[name]!r} got "
                    f"{(got.value, got.confidence) if got else None!r} (read as {o.reading.kind})"
                )
    return rep


def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def format_report(rep: Report, show_failures: int = 0) -> str:
    out = [f"OCR evaluation: engine={rep.engine} seed={rep.seed} documents={rep.documents}", ""]
    out.append(f"{'field':40} {'exact':>7} {'n':>5}")
    for key in sorted(rep.per_field):
        t = rep.per_field[key]
        out.append(f"{key:40} {t.rate:7.3f} {t.total:5d}")
    out.append("")
    out.append(f"{'condition':40} {'exact':>7} {'fields':>6}")
    for cond in CONDITIONS:
        if cond in rep.per_condition:
            t = rep.per_condition[cond]
            out.append(f"{cond:40} {t.rate:7.3f} {t.total:6d}")
    out.append("")
    out.append(f"{'all contract fields':40} {rep.overall.rate:7.3f} {rep.overall.total:6d}")
    out.append(f"{'document kind right':40} {rep.kind.rate:7.3f} {rep.kind.total:6d}")
    out.append("")
    out.append(f"wrong values with confidence >= {HIGH_CONFIDENCE}:")
    for name, n in rep.confident_wrong.items():
        out.append(f"  {name:38} {n:5d}")
    out.append("")
    out.append(f"{'seconds per image (one core)':40} {'median':>7} {'p90':>7} {'n':>5}")
    for kind in DOC_KINDS:
        secs = rep.seconds.get(kind, [])
        if secs:
            out.append(f"{kind:40} {statistics.median(secs):7.3f} {_pct(secs, 0.9):7.3f} "
                       f"{len(secs):5d}")  # fmt: skip
    if show_failures and rep.failures:
        out.append("")
        out.append(f"misread fields (first {show_failures}):")
        out.extend("  " + f for f in rep.failures[:show_failures])
    return "\n".join(out)


def evaluate(count: int = 108, seed: int | None = None, engine: str = "tesseract",
             conditions: tuple[str, ...] = CONDITIONS, workers: int | None = None,
             kinds: tuple[str, ...] = DOC_KINDS) -> Report:  # fmt: skip
    seed, outcomes = run(count, seed, engine, conditions, workers, kinds)
    return score(seed, engine, outcomes)
