"""Query parameter types bounded so that no value reaches the database that it cannot hold or
compare (a date far outside any case's life overflows when turned to UTC)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import Query
from pydantic import AfterValidator

FIRST_YEAR, LAST_YEAR = 1900, 2999


def _plausible(moment: datetime) -> datetime:
    if not FIRST_YEAR <= moment.year <= LAST_YEAR:
        raise ValueError(f"must be a time between the years {FIRST_YEAR} and {LAST_YEAR}")
    return moment


# A point in time (ISO 8601; without a zone it is taken as UTC).
Moment = Annotated[datetime, AfterValidator(_plausible)]
# A code or id given as a filter: matter codes, reason codes, token ids.
Code = Annotated[str, Query(max_length=64)]
