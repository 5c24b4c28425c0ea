"""A jurisdiction's scope as an SQL condition on a region-code column."""

from __future__ import annotations

from sqlalchemy import ColumnElement
from sqlalchemy.orm import InstrumentedAttribute

from approval.jurisdictions import RegionScope


def in_scope(column: InstrumentedAttribute[str], scope: RegionScope) -> ColumnElement[bool]:
    if scope.others is not None:  # the default jurisdiction: every region no other one claims
        return column.not_in(scope.others) if scope.others else column.is_not(None)
    return column.in_(scope.regions)
