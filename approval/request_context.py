"""The request id that follows a case from its HTTP request into the job that decides it, and
onto every log record on the way (``record.request_id``); and every record's personal numbers
masked as it is made (``approval.privacy.mask_log_record``), whichever handler writes it."""

from __future__ import annotations

import contextvars
import logging
import re
import uuid

from approval.privacy import PersonalDataFilter, mask_log_record

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
# What a client may send as X-Request-ID: short and printable, so logs stay parseable.
_ACCEPTABLE = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")


def new_request_id(offered: str | None) -> str:
    return offered if offered and _ACCEPTABLE.match(offered) else uuid.uuid4().hex


def _install_record_factory() -> None:
    previous = logging.getLogRecordFactory()
    if getattr(previous, "adds_request_id", False):
        return

    def factory(*args, **kwargs) -> logging.LogRecord:  # noqa: ANN002, ANN003
        record = previous(*args, **kwargs)
        record.request_id = request_id.get()
        mask_log_record(record)
        return record

    factory.adds_request_id = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(factory)


_install_record_factory()


def configure_logging(fmt: str = "json", level: int = logging.INFO) -> None:
    """JSON lines (python-json-logger) for operators' log pipelines, or plain text."""
    handler = logging.StreamHandler()
    if fmt == "json":
        from pythonjsonlogger.json import JsonFormatter

        handler.setFormatter(
            JsonFormatter(
                "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
                rename_fields={"levelname": "level", "asctime": "time", "name": "logger"},
            )
        )
    else:
        handler.setFormatter(
            logging.Formatter("%(asctime)s %(levelname)s %(name)s [%(request_id)s]: %(message)s")
        )
    handler.addFilter(PersonalDataFilter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
