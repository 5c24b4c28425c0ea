"""A unit of work: one database transaction and the repositories that work inside it.

    with app.uow() as uow:
        uow.cases.add_case(...)
        uow.commit()

Leaving the block without ``commit()`` rolls everything back. Hooks registered with
``after_commit`` run once the transaction is durable (starting a job that must see the case).
Tests give a use case any object with the same attributes (``tests/fakes.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, Self

from sqlalchemy.orm import Session, sessionmaker

from approval.persistence.blob_store import BlobStore
from approval.persistence.bundle_store import BundleRepository
from approval.persistence.case_store import CaseRepository
from approval.persistence.check_store import CheckRepository
from approval.persistence.rating_store import RatingRepository
from approval.persistence.register_store import RegisterRepository
from approval.persistence.review_store import ReviewRepository


class UnitOfWork(Protocol):
    cases: CaseRepository
    bundles: BundleRepository
    reviews: ReviewRepository
    register: RegisterRepository
    ratings: RatingRepository
    checks: CheckRepository
    session: Session

    def __enter__(self) -> Self: ...

    def __exit__(self, *exc: object) -> None: ...

    def commit(self) -> None: ...

    def after_commit(self, hook: Callable[[], None]) -> None: ...


class SqlUnitOfWork:
    def __init__(self, sessions: sessionmaker[Session], blobs: BlobStore) -> None:
        self._sessions = sessions
        self._blobs = blobs
        self._hooks: list[Callable[[], None]] = []

    def __enter__(self) -> SqlUnitOfWork:
        self.session = self._sessions()
        self.cases = CaseRepository(self.session, self._blobs)
        self.bundles = BundleRepository(self.session)
        self.reviews = ReviewRepository(self.session)
        self.register = RegisterRepository(self.session)
        self.ratings = RatingRepository(self.session)
        self.checks = CheckRepository(self.session)
        self._hooks = []
        return self

    def __exit__(self, *exc: object) -> None:
        # Rolls back whatever was not committed; what was read stays readable (detached).
        self.session.close()

    def commit(self) -> None:
        self.session.commit()
        hooks, self._hooks = self._hooks, []
        for hook in hooks:
            hook()

    def after_commit(self, hook: Callable[[], None]) -> None:
        self._hooks.append(hook)
