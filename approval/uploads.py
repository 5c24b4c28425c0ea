"""What an uploaded file is, judged by its bytes (never trusting the declared type)."""

from __future__ import annotations

from ocr.decode import image_pixels, pdf_pages

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


def size_problem(data: bytes, max_pixels: int, max_pages: int) -> tuple[str, str, int] | None:
    """``(code, message, limit)`` when an image has more pixels or a PDF more pages than allowed,
    judged from the header alone (nothing is decoded); None otherwise, and for files whose header
    cannot be read (the OCR then reports them unreadable, as a reason to return the case)."""
    media_type = sniff_media_type(data)
    if media_type in ("image/jpeg", "image/png"):
        pixels = image_pixels(data)
        if pixels is not None and pixels > max_pixels:
            return (
                "image_too_large",
                f"an image may have at most {max_pixels} pixels (width × height)",
                max_pixels,
            )
    elif media_type == "application/pdf":
        pages = pdf_pages(data)
        if pages is not None and pages > max_pages:
            return (
                "pdf_too_many_pages",
                f"a PDF may have at most {max_pages} pages; this one has {pages}",
                max_pages,
            )
    return None
