"""What a use case can refuse with; the API maps each to an HTTP status (``api/errors.py``)."""

from __future__ import annotations

from approval.pipeline.intake import SubmissionError


class NotFound(LookupError):
    """No such case, task, matter or licence (or not one the caller may know of)."""


class ClaimConflict(Exception):
    """Somebody else holds the task, or it is no longer open."""


class IdempotencyConflict(Exception):
    """The key was used before with a different submission."""


class Forbidden(PermissionError):
    """The caller's role may not do this."""


class NotReturned(Exception):
    """Only a case returned to the applicant can be resubmitted."""


class RatingRefused(Exception):
    """A rating that cannot be taken (the service is not finished, it was rated already) or a
    poor rating that cannot be closed."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


class Gone(LookupError):
    """It existed and was deleted for good: a document's bytes after the retention period."""


__all__ = ["ClaimConflict", "Forbidden", "Gone", "IdempotencyConflict", "NotFound", "NotReturned",
           "RatingRefused", "SubmissionError"]  # fmt: skip
