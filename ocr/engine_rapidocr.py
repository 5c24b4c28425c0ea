"""RapidOCR's PP-OCRv4 text recogniser (ONNX Runtime on the CPU, models inside the wheel, no
network) as a second reader of person names, the field Tesseract's ``chi_sim`` reads worst.

Optional: installed by ``pip install 'instant-approval[rapidocr]'`` (the install script does it)
and chosen with ``APPROVAL_OCR_ENGINE=rapidocr``. Layout, codes and dates stay with Tesseract;
only a name's crop goes through this recogniser.
"""

from __future__ import annotations

import functools
import logging
import os

import numpy as np

from ocr.engine_tesseract import EngineError

log = logging.getLogger(__name__)


@functools.lru_cache(maxsize=1)
def _recogniser():  # noqa: ANN202 - the library's own class
    try:
        from rapidocr_onnxruntime import RapidOCR
    except ImportError as exc:
        raise EngineError(
            "the rapidocr engine needs rapidocr_onnxruntime: run ./scripts/install, or "
            "pip install --no-deps rapidocr_onnxruntime onnxruntime pyclipper shapely"
        ) from exc
    # One thread per worker process, as for Tesseract: parallelism comes from the pool.
    threads = int(os.environ.get("OMP_THREAD_LIMIT", "1") or 1)
    logging.getLogger("RapidOCR").setLevel(logging.WARNING)
    return RapidOCR(intra_op_num_threads=threads, inter_op_num_threads=1)


def available() -> bool:
    try:
        _recogniser()
    except EngineError:
        return False
    return True


def read_line(gray: np.ndarray) -> tuple[str, float]:
    """Text of one single-line crop and the recogniser's own score (0..1)."""
    if gray.size == 0:
        return "", 0.0
    image = np.stack([gray] * 3, axis=-1) if gray.ndim == 2 else gray
    result, _ = _recogniser()(image, use_det=False, use_cls=False, use_rec=True)
    if not result:
        return "", 0.0
    text, score = result[0][0], float(result[0][1])
    return str(text), max(0.0, min(1.0, score))
