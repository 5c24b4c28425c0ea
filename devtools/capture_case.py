"""``approval samples capture CASE_ID``: a decided case as a sample for rule authors.

When a reviewer decides otherwise than the rules did, the case is the best test the rules could
have: ``capture`` writes it as a sample folder whose expected outcome is the final decision, so
``approval rules test`` fails until the rules agree. Personal data is replaced: every person
(applicant, shareholders, representatives) becomes a synthetic one with the same birth date,
sex and region (what the rules judge), phone numbers become 13800000000, and their ID cards are
drawn again for the synthetic person with the validity the real card had. Other documents are
left out (the note says which), since they may carry personal data too.

The folder is not marked as generated: ``approval samples generate`` never deletes it.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import json
import random
from pathlib import Path
from typing import TYPE_CHECKING, Any

from devtools.synthetic import make_person, render_id_card_back, render_id_card_front
from devtools.synthetic.capture import encode
from devtools.synthetic.people import SyntheticPerson

if TYPE_CHECKING:
    from approval.service import ApprovalService

CARD_KINDS = ("cn_id_card_front", "cn_id_card_back")
SAFE_PHONE = "13800000000"


def _birth_and_sex(id_number: str) -> tuple[dt.date, str]:
    born = dt.date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))
    return born, "男" if int(id_number[16]) % 2 else "女"


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def _people(node: Any, found: list[dict]) -> None:
    """Every dict in the submission that describes a person (has an ID number)."""
    if isinstance(node, dict):
        if isinstance(node.get("id_number"), str) and len(node["id_number"]) == 18:
            found.append(node)
        for value in node.values():
            _people(value, found)
    elif isinstance(node, list):
        for item in node:
            _people(item, found)


def capture(app: ApprovalService, case_id: str, samples_dir: Path) -> Path:
    with app.uow() as uow:
        stored = uow.cases.load(case_id)
        if stored is None:
            raise LookupError(case_id)
        documents = {d.part: (d.kind, app.blobs.get(d.sha256)) for d in stored.documents}
    row, decisions = stored.row, stored.decisions
    if not decisions:
        raise ValueError(f"case {case_id} is not decided yet")
    engine = next((d for d in decisions if d.decided_by == "engine"), decisions[0])
    final = decisions[-1]
    body = copy.deepcopy(row.submission["body"])
    rng = random.Random(case_id)
    # The real card's validity, by the ID number it was read with, so the rules judge it alike.
    validity: dict[str, tuple[dt.date | None, dt.date | None]] = {}
    read = stored.extracted
    for part, fields in read.items():
        back = read.get(part.replace("_front", "_back"), {}) if "front" in part else fields
        number = (
            fields.get("id_number") or read.get(part.replace("_back", "_front"), {}).get("id_number") or {}
        )
        if number.get("value"):
            span = (back.get("valid_from") or {}).get("value"), (back.get("valid_until") or {}).get("value")
            validity[str(number["value"]).upper()] = (_date(span[0]), _date(span[1]))
    people: list[dict] = []
    _people(body, people)
    synthetic: dict[str, SyntheticPerson] = {}
    for person in people:
        real = person["id_number"].upper()
        if real not in synthetic:
            born, sex = _birth_and_sex(real)
            made = make_person(rng, birth_date=born, sex=sex, region_code=real[:6], era_appropriate=False)
            valid_from, valid_until = validity.get(real, (None, None))
            if valid_from is not None:
                made = dataclasses.replace(made, valid_from=valid_from, valid_until=valid_until)
            synthetic[real] = made
        person["id_number"], person["name"] = synthetic[real].id_number, synthetic[real].name
        if "phone" in person:
            person["phone"] = SAFE_PHONE
    files, left_out = {}, []
    for part, (kind, _data) in documents.items():
        number = (read.get(part.replace("_back", "_front"), {}).get("id_number") or {}).get("value")
        owner = synthetic.get(str(number).upper()) if number else None
        if kind in CARD_KINDS and owner is not None:
            draw = render_id_card_front if kind == "cn_id_card_front" else render_id_card_back
            files[part] = encode(draw(owner))
        else:
            left_out.append(f"{part} ({kind or 'unread'})")
    note = (
        f"captured from case {case_id[:8]}: the rules said {engine.status}, the decision was {final.status}"
    )
    if left_out:
        note += f"; left out: {', '.join(left_out)}"
    folder = samples_dir / row.matter / f"captured-{case_id[:8]}"
    folder.mkdir(parents=True, exist_ok=False)
    case = {
        **body,
        "as_of": row.received_at.astimezone(dt.timezone(dt.timedelta(hours=8))).date().isoformat(),
        "note": note,
        "expect": {"status": final.status, "reasons": sorted({r["code"] for r in final.reasons or []})},
    }
    (folder / "case.json").write_text(json.dumps(case, ensure_ascii=False, indent=2) + "\n", "utf-8")
    for part, data in files.items():
        (folder / f"{part}.png").write_bytes(data)
    return folder
