"""The submission every benchmark sends: an eligible individual-business registration."""

from __future__ import annotations

from devtools.synthetic import SyntheticPerson


def eligible_registration(person: SyntheticPerson, house_number: int) -> dict:
    """A registration in 海门区 that passes every rule once the person's ID card is read."""
    return {
        "matter": "individual-business-registration",
        "applicant": {"name": person.name, "id_number": person.id_number},
        "form": {
            "organization_form": "individual",
            "business_scope": ["日用百货销售"],
            "business_address": f"江苏省南通市海门区长江路{house_number}号",
            "region_code": "320614",
        },
        "declarations": {"information_true": True},
    }
