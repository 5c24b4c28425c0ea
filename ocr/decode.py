"""Uploaded bytes to an RGB array: JPEG and PNG (with the EXIF orientation phones record), and the
first page of a PDF. Anything else is an ``UnsupportedDocument``."""

from __future__ import annotations

import io
import threading
import warnings

import numpy as np
from PIL import Image, ImageOps

from ocr.reading import UnsupportedDocument

# A phone photo is ~12 MP; anything far beyond that is a mistake or an attack.
MAX_PIXELS = 80_000_000
# Decoding more than this is wasted work: documents are read at well under 3000 px.
WORKING_MAX_SIDE = 3200
PDF_RENDER_LONG_SIDE = 2400
# PDFium is not thread-safe (pypdfium2's documentation): one call at a time in a process, where
# submissions are checked in the API's threads and documents may be read in threads too.
PDFIUM = threading.Lock()


def sniff(data: bytes) -> str | None:
    """'jpeg', 'png', 'pdf' or None, from the leading bytes (never from a file name)."""
    if data[:3] == b"\xff\xd8\xff":
        return "jpeg"
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return "png"
    if b"%PDF-" in data[:1024]:
        return "pdf"
    return None


def image_pixels(data: bytes) -> int | None:
    """Width × height of a JPEG or PNG from its header, without decoding it (None if the header
    cannot be read: the OCR then says the image is unreadable)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as img:
                return img.width * img.height
    except Image.DecompressionBombError:
        return 2 * (Image.MAX_IMAGE_PIXELS or 0) + 1  # Pillow refuses to open more than twice its limit
    except (OSError, ValueError, SyntaxError):
        return None


def pdf_pages(data: bytes) -> int | None:
    """How many pages a PDF has (None if it cannot be opened)."""
    import pypdfium2 as pdfium

    with PDFIUM:
        try:
            pdf = pdfium.PdfDocument(data)
        except Exception:  # noqa: BLE001 - pdfium raises its own PdfiumError and others
            return None
        try:
            return len(pdf)
        finally:
            pdf.close()


def decode(data: bytes) -> np.ndarray:
    """RGB uint8 array of the image, or of the PDF's first page."""
    kind = sniff(data)
    if kind is None:
        raise UnsupportedDocument("not a JPEG, PNG or PDF file")
    if kind == "pdf":
        return _render_pdf(data)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            img = Image.open(io.BytesIO(data))
            if img.width * img.height > MAX_PIXELS:
                raise UnsupportedDocument("image is too large")
            if kind == "jpeg":
                # Let libjpeg decode at 1/2..1/8 scale straight away for huge photos.
                img.draft("RGB", (WORKING_MAX_SIDE, WORKING_MAX_SIDE))
            img = _to_rgb(ImageOps.exif_transpose(img))
    except UnsupportedDocument:
        raise
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombWarning) as exc:
        raise UnsupportedDocument(f"cannot decode the {kind.upper()} image: {exc}") from exc
    return np.asarray(img)


def _to_rgb(img: Image.Image) -> Image.Image:
    """The picture as 8-bit RGB as a viewer shows it. Pillow's own conversion clips a 16-bit
    greyscale scan's values above 255 to white (the whole page blank), and gives transparent
    pixels whatever colour they hold (often black, hiding print stored as transparency): a
    16-bit picture is scaled to 8 bits, and a transparent one laid over white paper."""
    if img.mode in ("I", "I;16", "I;16B", "I;16L", "I;16N"):
        wide = np.asarray(img, dtype=np.uint32)
        img = Image.fromarray((wide >> 8 if wide.max() > 255 else wide).astype(np.uint8), "L")
    if img.mode == "P" and "transparency" in img.info:
        img = img.convert("RGBA")
    if img.mode in ("RGBA", "LA", "PA", "RGBa", "La"):
        rgba = img.convert("RGBA")
        paper = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(paper, rgba).convert("RGB")
    return img.convert("RGB")


def _render_pdf(data: bytes) -> np.ndarray:
    with PDFIUM:
        return _render_first_page(data)


def _render_first_page(data: bytes) -> np.ndarray:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except Exception as exc:  # pdfium raises its own PdfiumError and others
        raise UnsupportedDocument(f"cannot open the PDF: {exc}") from exc
    try:
        if len(pdf) == 0:
            raise UnsupportedDocument("the PDF has no pages")
        page = pdf[0]
        width, height = page.get_size()
        scale = PDF_RENDER_LONG_SIDE / max(width, height, 1)
        bitmap = page.render(scale=scale)
        img = bitmap.to_pil().convert("RGB")
        return np.asarray(img)
    finally:
        pdf.close()
