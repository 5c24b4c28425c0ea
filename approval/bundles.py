"""一件事 bundles: one submission, one set of materials, several matters.

A bundle (``rules/catalogues/bundles.yaml``) begins with a registration (one of its
``registration`` matters) and may ask for any of its other ``parts``, each decided after the
registration by its own rules, which depend on the registration's outcome. Every part becomes an
ordinary case of its matter, with the shared applicant and declarations and its own form.

A submission::

    {"bundle": "open-business",
     "applicant": {...}, "declarations": {...},
     "registration": {"matter": "company-registration", "form": {...}},
     "parts": {"seal-engraving-filing": {"form": {...}}, ...}}
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from approval.errors import SubmissionError
from approval.pipeline.intake import check_envelope

REGISTRATION = "registration"
UNFINISHED = ("received", "processing")


@dataclass(frozen=True)
class Part:
    """One case of the bundle: its role (``registration`` or the matter's code), its matter and
    the body it is submitted with (the ``bundle`` link is added when the bundle is stored)."""

    role: str
    matter: str
    body: dict


def bundle_specs(catalogues: dict) -> dict[str, dict]:
    return {k: v for k, v in (catalogues.get("bundles") or {}).items() if isinstance(v, dict)}


def _error(loc: list, kind: str, msg: str, message: str) -> dict:
    return {"loc": loc, "field": ".".join(map(str, loc)), "type": kind, "msg": msg, "message": message}


def split_submission(body: Any, catalogues: dict, matters: dict) -> tuple[str, list[Part]]:
    """The bundle's kind and its parts, the registration first; SubmissionError (422) naming
    every fault of the envelope at once."""
    if not isinstance(body, dict):
        raise SubmissionError("the bundle submission must be a JSON object")
    specs = bundle_specs(catalogues)
    kind = body.get("bundle")
    if kind not in specs:
        error = _error(
            ["bundle"],
            "unknown_bundle",
            f"bundle must be one of: {', '.join(sorted(specs))}",
            f"请选择要办理的一件事：{'、'.join(sorted(specs))}。",
        )
        raise SubmissionError("unknown bundle", [error])
    spec = specs[kind]
    errors: list[dict] = []
    shared = {"applicant": body.get("applicant"), "declarations": body.get("declarations") or {}}
    registration = body.get(REGISTRATION)
    matter = registration.get("matter") if isinstance(registration, dict) else None
    if matter not in (spec.get("registration") or ()):
        choices = ", ".join(spec.get("registration") or ())
        errors.append(
            _error(
                [REGISTRATION, "matter"],
                "unknown_matter",
                f"the registration is one of: {choices}",
                f"请选择设立登记的类型：{'、'.join(spec.get('registration') or ())}。",
            )
        )
    parts = [Part(REGISTRATION, str(matter), {**shared, "matter": matter, "form": _form(registration)})]
    asked = body.get("parts") or {}
    if not isinstance(asked, dict):
        errors.append(
            _error(
                ["parts"],
                "type",
                "parts must be an object keyed by matter code",
                "“parts”应为以事项编码为键的对象。",
            )
        )
        asked = {}
    for code, part in asked.items():
        if code not in (spec.get("parts") or ()):
            errors.append(
                _error(
                    ["parts", code],
                    "unknown_part",
                    f"{kind} has no part {code!r}; its parts: {', '.join(spec.get('parts') or ())}",
                    f"本一件事不含事项“{code}”。",
                )
            )
            continue
        parts.append(Part(code, code, {**shared, "matter": code, "form": _form(part)}))
    for part in parts:
        try:
            check_envelope(part.body, matters)
        except SubmissionError as exc:
            for error in exc.errors:
                # Named where the portal wrote it: the applicant (shared) once, the matter and the
                # form under their part.
                where = [REGISTRATION] if part.role == REGISTRATION else ["parts", part.role]
                if error["loc"][0] == "form":
                    loc = [*where, "form"]
                elif error["loc"][0] == "matter":
                    loc = [REGISTRATION, "matter"] if part.role == REGISTRATION else where
                else:
                    loc = error["loc"]
                error = {**error, "loc": loc, "field": ".".join(map(str, loc))}
                if error["field"] not in {e["field"] for e in errors}:
                    errors.append(error)
    if errors:
        raise SubmissionError("the bundle submission is not valid", errors)
    return str(kind), parts


def _form(section: Any) -> Any:
    return section.get("form", {}) if isinstance(section, dict) else {}


def bundle_status(statuses: list[str]) -> str:
    """A bundle is approved only when every part is; while a part is being decided it is
    processing; otherwise what the applicant must do comes first (returned), then what reviewers
    are deciding (routed), then rejected. A part decided otherwise never undoes another's approval:
    each part keeps its own status."""
    if statuses and all(s == "approved" for s in statuses):
        return "approved"
    for status in ("processing", "returned", "routed", "rejected"):
        if any(s == status or (status == "processing" and s in UNFINISHED) for s in statuses):
            return status
    # A status added later (a registration revoked after a check) is the bundle's as it is.
    return next((s for s in statuses if s != "approved"), "processing")
