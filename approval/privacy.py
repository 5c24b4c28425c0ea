"""Masking of personal data for logs, lists and roles that do not need it."""

from __future__ import annotations

import copy
import logging
import re

SENSITIVE_KEYS = {"id_number", "bank_account", "phone", "operator_id_number"}


def mask_id_number(value: str | None) -> str:
    if not value:
        return ""
    text = str(value)
    if len(text) <= 8:
        return "*" * len(text)
    return text[:4] + "*" * (len(text) - 8) + text[-4:]


def mask_name(value: str | None) -> str:
    if not value:
        return ""
    return value[0] + "*" * (len(value) - 1)


def mask_sensitive(data: object) -> object:
    """A deep copy of ``data`` with every sensitive value masked (keys anywhere in the tree)."""
    data = copy.deepcopy(data)

    def walk(node: object) -> object:
        if isinstance(node, dict):
            for key, value in node.items():
                # Facts are named by path ("form.bank_account"): the last part says what it is.
                sensitive = str(key).rsplit(".", 1)[-1] in SENSITIVE_KEYS
                if sensitive and isinstance(value, str):
                    node[key] = mask_id_number(value)
                elif sensitive and isinstance(value, dict) and "value" in value:
                    value["value"] = mask_id_number(str(value["value"]))
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)
        return node

    return walk(data)


# An 18-character 居民身份证号码 (region, birth date 18xx–20xx, sequence, check) and a mainland
# mobile number, standing alone (not inside a longer run of letters or digits such as a UUID).
ID_NUMBER_PATTERN = re.compile(
    r"(?<![0-9A-Za-z])\d{6}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[0-9Xx](?![0-9A-Za-z])"
)
PHONE_PATTERN = re.compile(r"(?<![0-9A-Za-z])(?:\+?86[- ]?)?1[3-9]\d{9}(?![0-9A-Za-z])")


def mask_text(text: str) -> str:
    """``text`` with every ID number and mobile number in it masked (first and last digits kept)."""
    text = ID_NUMBER_PATTERN.sub(lambda m: mask_id_number(m.group()), text)
    return PHONE_PATTERN.sub(lambda m: m.group()[:-8] + "****" + m.group()[-4:], text)


def mask_log_record(record: logging.LogRecord) -> None:
    """Mask personal numbers in a record's message and traceback before any handler sees it: the
    last line of defence (a database error echoing a value, a client's query string, a library's
    own message). The record is formatted here, once."""
    try:
        message = record.getMessage()
    except Exception:  # noqa: BLE001 - a malformed call is the logging module's to report
        return
    masked = mask_text(message)
    if masked != message or record.args:
        record.msg, record.args = masked, ()
    if record.exc_info and not record.exc_text:
        record.exc_text = logging.Formatter().formatException(record.exc_info)
    if record.exc_text:
        record.exc_text = mask_text(record.exc_text)
        # Formatters use exc_text when there is no exc_info to format again (unmasked).
        record.exc_info = None
    if record.stack_info:
        record.stack_info = mask_text(record.stack_info)


_RECORD_ATTRIBUTES = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}


class PersonalDataFilter(logging.Filter):
    """For handlers: also masks the ``extra=`` fields a record was given after it was made."""

    def filter(self, record: logging.LogRecord) -> bool:
        mask_log_record(record)
        for key, value in vars(record).items():
            if key not in _RECORD_ATTRIBUTES and isinstance(value, str):
                setattr(record, key, mask_text(value))
        return True
