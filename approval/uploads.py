"""What an uploaded file is, judged by its bytes (never trusting the declared type)."""

from __future__ import annotations

SIGNATURES = (
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"%PDF-", "application/pdf"),
)


def sniff_media_type(data: bytes) -> str | None:
    """``image/jpeg``, ``image/png``, ``application/pdf`` or None for anything else."""
    for signature, media_type in SIGNATURES:
        if data.startswith(signature):
            return media_type
    return None
