"""Masking of personal data for logs, lists and roles that do not need it."""

from __future__ import annotations

import copy

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
