"""Accuracy on documents the reader was not tuned on: leave one renderer out.

Documents come from several independent renderers (``devtools.synthetic.renderers``: other fonts,
artwork, label and value positions, licence variants), each captured under every framing
(``devtools.synthetic.capture.FRAMINGS``: tight crop, margin, table photo, copy on an A4 page, turned,
low resolution, heavy JPEG, glare, a finger over a corner) and, for ID cards, both sides copied
onto one page. People and businesses are drawn at random (``make_varied_person``) without
looking at what the reader makes of them.

Every document is read by every engine under evaluation once. The leave-one-out table then
does, for each renderer in turn, what a team would do with it unseen: choose the engine on the
other renderers' documents (fewest confident errors on the deciding fields, then most fields
exact) and report the chosen engine on the left-out renderer's documents.
"""

from __future__ import annotations

import concurrent.futures
import multiprocessing
import os
import random
import statistics
import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from devtools.synthetic.people import SyntheticBusiness, SyntheticPerson
from ocr.reading import KIND_FIELDS, Reading

if TYPE_CHECKING:
    from devtools.synthetic.capture import FingerPhoto

KINDS = ("cn_id_card_front", "cn_id_card_back", "cn_business_licence")
BOTH_SIDES = "cn_id_card_both_sides"
# The fields a wrong confident value of which could approve a case wrongly.
CHECKED = ("id_number", "credit_code", "birth_date", "valid_until")
# The fields the rules decide on (``approval.pipeline.document_reading.KIND_FIELDS``).
DECIDING = ("name", "id_number", "valid_from", "valid_until", "credit_code")
HIGH_CONFIDENCE = 0.9
# Renderers whose documents only measure: their misreadings are never shown (see renderers.py).
SEALED = ("ming",)
# Warnings that are false on any complete, legible document, and those only a condition earns.
NEVER_ON_COMPLETE = ("cut_off", "not_a_document")
EARNED_BY = {"occluded": "finger", "both_sides": "both_sides"}


def person_truth(p: SyntheticPerson, kind: str) -> dict[str, str]:
    front = {
        "name": p.name,
        "sex": p.sex,
        "ethnicity": p.ethnicity,
        "birth_date": p.birth_date.isoformat(),
        "address": p.address,
        "id_number": p.id_number,
    }
    back = {
        "issuing_authority": p.issuing_authority,
        "valid_from": p.valid_from.isoformat(),
        "valid_until": "long-term" if p.valid_until is None else p.valid_until.isoformat(),
    }
    if kind == "cn_id_card_front":
        return front
    if kind == BOTH_SIDES:
        return {**front, **back}
    return back


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


@dataclass(frozen=True)
class Job:
    index: int
    renderer: str
    kind: str
    condition: str


def plan(count: int, renderers: tuple[str, ...], conditions: tuple[str, ...]) -> list[Job]:
    """Round robin over renderer, kind and condition, so that every combination is represented
    evenly; ID cards also as both sides on one page."""
    combos = [(r, k, c) for c in conditions for k in KINDS for r in renderers]
    combos += [(r, BOTH_SIDES, "both_sides") for r in renderers]
    return [Job(i, *combos[i % len(combos)]) for i in range(count)]


def make_document(seed: int, job: Job) -> tuple[dict[str, str], bytes]:
    """(truth, uploaded bytes) of one document; the same seed and job give the same bytes."""
    truth, data, _ = _document(seed, job)
    return truth, data


def _document(seed: int, job: Job) -> tuple[dict[str, str], bytes, FingerPhoto | None]:
    """``make_document``, and for a finger photo where the finger lies."""
    from devtools.synthetic.capture import capture_both_sides_page, capture_framing, finger_photo
    from devtools.synthetic.people import make_varied_business, make_varied_person
    from devtools.synthetic.renderers import RENDERERS

    rng = random.Random(f"{seed}:{job.index}")
    renderer = RENDERERS[job.renderer]
    if job.kind == "cn_business_licence":
        business = make_varied_business(rng)
        truth, img = business_truth(business), renderer.licence(business, rng)
    else:
        person = make_varied_person(rng)
        if job.kind == BOTH_SIDES:
            data = capture_both_sides_page(renderer.front(person, rng), renderer.back(person, rng), rng)
            return person_truth(person, BOTH_SIDES), data, None
        draw = renderer.front if job.kind == "cn_id_card_front" else renderer.back
        truth, img = person_truth(person, job.kind), draw(person, rng)
    if job.condition == "finger":
        shot = finger_photo(img, rng, job.kind)
        return truth, shot.data, shot
    return truth, capture_framing(img, job.condition, rng, job.kind), None


# A field is under the finger where the finger covers this share of its printed outline: the
# last character of an 18-character code is about 5 % of it.
HIDDEN_SHARE = 0.02


def _hidden_fields(shot: FingerPhoto) -> frozenset[str]:
    """The fields a finger photo's finger lies over: where each is printed is read from the
    same photo without the finger. A field not read there is not counted as hidden."""
    import cv2
    import numpy as np

    from ocr.read import read_document

    h, w = shot.finger.shape
    hidden = set()
    for name, reading in read_document(shot.without).fields.items():
        printed = np.zeros((h, w), np.uint8)
        for outline in reading.where or ():
            cv2.fillPoly(printed, [np.int32([(x * w, y * h) for x, y in outline])], 1)
        area = int(printed.sum())
        if area and (printed.astype(bool) & shot.finger).sum() > HIDDEN_SHARE * area:
            hidden.add(name)
    return frozenset(hidden)


@dataclass
class Outcome:
    job: Job
    engine: str
    truth: dict[str, str]
    reading: Reading
    hidden: frozenset[str] = frozenset()  # fields a finger lies over (``_hidden_fields``)


def _read_job(seed: int, job: Job, engines: tuple[str, ...]) -> list[Outcome]:
    from ocr.read import read_document

    truth, data, finger = _document(seed, job)
    hidden = _hidden_fields(finger) if finger is not None else frozenset()
    return [Outcome(job, engine, truth, read_document(data, engine=engine), hidden) for engine in engines]


def run(seed: int, jobs: list[Job], engines: tuple[str, ...], workers: int | None = None) -> list[Outcome]:
    """Every job read by every engine, in worker processes (one core each)."""
    workers = workers or max(1, len(os.sched_getaffinity(0)))
    if workers == 1:
        return [o for job in jobs for o in _read_job(seed, job, engines)]
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    from ocr.engine_tesseract import limit_threads

    ctx = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(workers, mp_context=ctx, initializer=limit_threads) as pool:
        futures = [pool.submit(_read_job, seed, job, engines) for job in jobs]
        return [o for f in futures for o in f.result()]


# --- scoring --------------------------------------------------------------------------------


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
class Score:
    """Everything the tables print, for one set of outcomes."""

    documents: int = 0
    fields: Tally = field(default_factory=Tally)
    kind: Tally = field(default_factory=Tally)
    per_field: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    # Per field of the contract (``cn_id_card_front.name``): a both-sides page counts towards the
    # front's and the back's fields, as the card it shows.
    per_contract_field: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    per_condition: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    # Per field, how often nothing was read at all (the rest of its misses were misreadings).
    unread: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    # Right and read with confidence >= HIGH_CONFIDENCE: usable for an automatic decision.
    usable: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    confident_wrong: dict[str, int] = field(default_factory=lambda: dict.fromkeys((*CHECKED, "any field"), 0))
    false_warnings: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    occlusion_found: Tally = field(default_factory=Tally)
    # Per field, exact where no finger lies over it, and how often one did.
    visible: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    under_finger: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    seconds: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    failures: list[str] = field(default_factory=list)

    @property
    def usable_rate(self) -> float:
        """The deciding fields read right and sure enough to decide on."""
        usable = list(self.usable.values())
        return round(sum(t.right for t in usable) / max(1, sum(t.total for t in usable)), 3)

    def objective(self) -> tuple[int, float, int, float]:
        """What the leave-one-out tuning ranks engines by: fewest confident errors on the
        checked fields (a false approval), then most deciding fields right and confident enough
        to decide on (what makes an instant approval possible), then fewest confident errors on
        any field (a reviewer misled), then most fields exact."""
        wrong = sum(self.confident_wrong[f] for f in CHECKED)
        return (-wrong, self.usable_rate, -self.confident_wrong["any field"], self.fields.rate)


def score(outcomes: list[Outcome]) -> Score:
    s = Score()
    for o in outcomes:
        s.documents += 1
        kind_right = o.reading.kind == o.job.kind
        s.kind.add(kind_right)
        s.seconds[o.job.kind].append(o.reading.seconds or 0.0)
        codes = {w.code for w in o.reading.warnings}
        for code in NEVER_ON_COMPLETE:
            s.false_warnings[code] += code in codes
        for code, condition in EARNED_BY.items():
            s.false_warnings[code] += code in codes and o.job.condition != condition
        if o.job.condition == "finger":
            s.occlusion_found.add("occluded" in codes)
        for name in KIND_FIELDS[o.job.kind]:
            got = o.reading.fields.get(name) if kind_right else None
            ok = got is not None and got.value == o.truth[name]
            s.fields.add(ok)
            s.per_field[f"{o.job.kind.removeprefix('cn_')}.{name}"].add(ok)
            s.per_contract_field[f"{_contract_kind(o.job.kind, name).removeprefix('cn_')}.{name}"].add(ok)
            s.unread[f"{o.job.kind.removeprefix('cn_')}.{name}"].add(got is None)
            s.per_condition[o.job.condition].add(ok)
            if name in o.hidden:
                s.under_finger[name] += 1
            else:
                s.visible[name].add(ok)
            if name in DECIDING:
                s.usable[name].add(ok and got.confidence >= HIGH_CONFIDENCE)
            if got is not None and not ok and got.confidence >= HIGH_CONFIDENCE:
                s.confident_wrong["any field"] += 1
                if name in CHECKED:
                    s.confident_wrong[name] += 1
            if not ok and o.job.renderer not in SEALED:
                # The sealed renderer's failures are never listed: nobody may tune on them.
                s.failures.append(
                    f"#{o.job.index} {o.job.renderer}/{o.job.kind}/{o.job.condition} {name}: want "
                    f"{o.truth[name]!r} got {(got.value, got.confidence) if got else None!r} "
                    f"(read as {o.reading.kind})"
                )
    return s


def _contract_kind(kind: str, name: str) -> str:
    """The document kind of the contract whose field ``name`` is, for an upload of ``kind``."""
    if kind != BOTH_SIDES:
        return kind
    return "cn_id_card_front" if name in KIND_FIELDS["cn_id_card_front"] else "cn_id_card_back"


def leave_one_out(outcomes: list[Outcome]) -> dict[str, tuple[str, Score]]:
    """Per renderer: the engine chosen on the other renderers, and its score on this one."""
    renderers = sorted({o.job.renderer for o in outcomes})
    engines = sorted({o.engine for o in outcomes})
    out = {}
    for held_out in renderers:
        others = [o for o in outcomes if o.job.renderer != held_out]
        tuned = {e: score([o for o in others if o.engine == e]) for e in engines}
        chosen = max(engines, key=lambda e: tuned[e].objective())
        mine = [o for o in outcomes if o.engine == chosen and o.job.renderer == held_out]
        out[held_out] = (chosen, score(mine))
    return out


# --- printing -------------------------------------------------------------------------------


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def _row(label: str, cells: list[str], width: int = 30) -> str:
    return f"{label:{width}}" + "".join(f"{c:>12}" for c in cells)


def format_report(seed: int, outcomes: list[Outcome], show_failures: int = 0) -> str:
    engines = sorted({o.engine for o in outcomes})
    renderers = sorted({o.job.renderer for o in outcomes})
    loo = leave_one_out(outcomes)
    held = [loo[r][1] for r in renderers]
    out = [f"OCR evaluation, leave one renderer out: seed={seed}, documents={len(outcomes) // len(engines)}, "
           f"engines={','.join(engines)}", ""]  # fmt: skip
    out.append(_row("held-out renderer", renderers))
    out.append(_row("engine chosen on the others", [loo[r][0] for r in renderers]))
    out.append(_row("documents", [str(s.documents) for s in held]))
    out.append(_row("all contract fields exact", [f"{s.fields.rate:.3f}" for s in held]))
    out.append(_row("worst contract field", [f"{_worst(s.per_contract_field):.3f}" for s in held]))
    out.append(_row("worst field of one upload kind", [f"{_worst(s.per_field):.3f}" for s in held]))
    out.append(_row("worst condition", [f"{_worst(s.per_condition):.3f}" for s in held]))
    for name in ("id_number", "credit_code"):
        out.append(_row(f"{name} exact", [f"{_field_rate(s, name):.3f}" for s in held]))
        out.append(_row(f"{name} under a finger", [str(s.under_finger[name]) for s in held]))
        out.append(_row(f"{name} exact where visible", [_cell(s.visible.get(name)) for s in held]))
    out.append(_row("document kind right", [f"{s.kind.rate:.3f}" for s in held]))
    for name in DECIDING:
        out.append(_row(f"right, conf >= 0.9: {name}", [_cell(s.usable.get(name)) for s in held]))
    for name in (*CHECKED, "any field"):
        out.append(_row(f"wrong, conf >= 0.9: {name}", [str(s.confident_wrong[name]) for s in held]))
    for code in (*NEVER_ON_COMPLETE, *EARNED_BY):
        out.append(_row(f"false warning: {code}", [str(s.false_warnings[code]) for s in held]))
    out.append(_row("finger found (occluded)", [f"{s.occlusion_found.rate:.3f}" for s in held]))
    for kind in (*KINDS, BOTH_SIDES):
        out.append(_row(f"median s: {kind.removeprefix('cn_')}", [_secs(s.seconds[kind]) for s in held]))
    combined = score([o for o in outcomes if o.engine == loo[o.job.renderer][0]])
    visible = ", ".join(f"{name} {_cell(combined.visible.get(name))} ({combined.under_finger[name]} under "
                        "a finger)" for name in ("id_number", "credit_code"))  # fmt: skip
    out += ["", f"Held-out results pooled ({combined.documents} documents): all fields "
            f"{combined.fields.rate:.3f}, kind {combined.kind.rate:.3f}; exact where visible: {visible}",
            ""]  # fmt: skip
    out.append(_row("field (held out, pooled)", renderers + ["all"], 34))
    for key in sorted(combined.per_field):
        cells = [_cell(loo[r][1].per_field.get(key)) for r in renderers] + [_cell(combined.per_field[key])]
        out.append(_row(key, cells, 34))
    out += ["", _row("contract field (held out, pooled)", renderers + ["all"], 34)]
    for key in sorted(combined.per_contract_field):
        cells = [_cell(loo[r][1].per_contract_field.get(key)) for r in renderers]
        out.append(_row(key, [*cells, _cell(combined.per_contract_field[key])], 34))
    out += ["", _row("field not read at all (held out)", renderers + ["all"], 34)]
    for key in sorted(k for k, t in combined.unread.items() if t.right):
        cells = [_cell(loo[r][1].unread.get(key)) for r in renderers] + [_cell(combined.unread[key])]
        out.append(_row(key, cells, 34))
    out += ["", _row("condition (held out, pooled)", renderers + ["all"], 34)]
    for cond in sorted(combined.per_condition):
        cells = [_cell(loo[r][1].per_condition.get(cond)) for r in renderers]
        cells.append(_cell(combined.per_condition[cond]))
        out.append(_row(cond, cells, 34))
    out += ["", "Every engine on every renderer (no tuning):", _row("engine", [*renderers, "all"], 34)]
    for engine in engines:
        per = [score([o for o in outcomes if o.engine == engine and o.job.renderer == r]) for r in renderers]
        every = score([o for o in outcomes if o.engine == engine])
        out.append(_row(f"{engine}: fields exact", [f"{s.fields.rate:.3f}" for s in [*per, every]], 34))
        wrong = [str(sum(s.confident_wrong[f] for f in CHECKED)) for s in [*per, every]]
        out.append(_row(f"{engine}: confident wrong (checked)", wrong, 34))
        out.append(_row(f"{engine}: deciding usable", [f"{s.usable_rate:.3f}" for s in [*per, every]], 34))
        anywhere = [str(s.confident_wrong["any field"]) for s in [*per, every]]
        out.append(_row(f"{engine}: confident wrong (any)", anywhere, 34))
        secs = [_secs([x for v in s.seconds.values() for x in v]) for s in [*per, every]]
        out.append(_row(f"{engine}: median s per image", secs, 34))
    if show_failures:
        out += ["", f"misread fields, held out (first {show_failures}; never those of {', '.join(SEALED)}):"]
        out += ["  " + f for f in combined.failures[:show_failures]]
    return "\n".join(out)


def _worst(tallies: dict[str, Tally]) -> float:
    return min((t.rate for t in tallies.values()), default=float("nan"))


def _secs(values: list[float]) -> str:
    return f"{_median(values):.2f}"


def _field_rate(s: Score, name: str) -> float:
    tallies = [t for key, t in s.per_field.items() if key.endswith("." + name)]
    right, total = sum(t.right for t in tallies), sum(t.total for t in tallies)
    return right / total if total else float("nan")


def _cell(t: Tally | None) -> str:
    return f"{t.rate:.3f}" if t is not None and t.total else "-"


def evaluate(count: int, seed: int | None, engines: tuple[str, ...], renderers: tuple[str, ...] | None = None,
             conditions: tuple[str, ...] | None = None, workers: int | None = None
             ) -> tuple[int, list[Outcome]]:  # fmt: skip
    from devtools.synthetic.capture import FRAMINGS
    from devtools.synthetic.renderers import RENDERERS

    seed = seed if seed is not None else int(time.time() * 1000) % 1_000_000_007
    jobs = plan(count, tuple(renderers or RENDERERS), tuple(conditions or FRAMINGS))
    return seed, run(seed, jobs, engines, workers)
