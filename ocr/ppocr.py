"""PP-OCR (PaddleOCR's mobile models, run by ONNX Runtime through the ``rapidocr_onnxruntime``
wheel, which carries the model files: no network at run time).

Three models, used separately so the reader controls scale and orientation itself:

* ``detect``: the DB text detector, text lines as quadrilaterals;
* ``upside_down``: the 0/180° direction classifier, per line crop;
* ``recognise``: the CRNN/SVTR recogniser, per line crop, returning every character with its
  own probability and horizontal position (the library only gives a line's mean score).

One ONNX thread per process: parallelism comes from the worker pool, as for Tesseract.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass
from importlib.resources import files

import cv2
import numpy as np

log = logging.getLogger(__name__)

REC_HEIGHT = 48


class ModelsMissing(RuntimeError):
    """rapidocr_onnxruntime (and its model files) is not installed."""


@dataclass(frozen=True)
class RecognisedChar:
    text: str
    conf: float
    x0: float  # in the crop's pixels
    x1: float
    # The recogniser's likeliest readings of this character, best first, with probabilities.
    alternatives: tuple[tuple[str, float], ...] = ()


ALTERNATIVES = 3


@functools.lru_cache(maxsize=1)
def _models():  # noqa: ANN202 - the library's own classes
    try:
        from rapidocr_onnxruntime.ch_ppocr_cls import TextClassifier
        from rapidocr_onnxruntime.ch_ppocr_det import TextDetector
        from rapidocr_onnxruntime.ch_ppocr_rec import TextRecognizer
        from rapidocr_onnxruntime.main import DEFAULT_CFG_PATH
        from rapidocr_onnxruntime.utils import read_yaml, update_model_path
    except ImportError as exc:  # pragma: no cover - install problem
        raise ModelsMissing(
            "PP-OCR needs rapidocr_onnxruntime: run ./scripts/install, or pip install --no-deps "
            "rapidocr_onnxruntime==1.4.4 onnxruntime pyclipper shapely six tqdm"
        ) from exc
    logging.getLogger("RapidOCR").setLevel(logging.WARNING)
    config = update_model_path(read_yaml(str(DEFAULT_CFG_PATH)))
    threads = {"intra_op_num_threads": 1, "inter_op_num_threads": 1}
    # The caller scales the picture; the detector must not scale it again.
    det = TextDetector({**config["Det"], **threads, "limit_type": "max", "limit_side_len": 1 << 16})
    cls = TextClassifier({**config["Cls"], **threads})
    rec = TextRecognizer({**config["Rec"], **threads})
    return det, cls, rec


def available() -> bool:
    try:
        _models()
    except ModelsMissing:
        return False
    return True


def dictionary() -> tuple[str, ...]:
    """Every character the recogniser can output."""
    _, _, rec = _models()
    return tuple(c for c in rec.postprocess_op.character if c.strip())


@functools.cache
def unreadable_characters() -> str:
    """Characters a name may hold that the recogniser cannot output (玹, 笪, 旻 …), from
    ``unreadable_characters.txt`` (written by ``devtools/unreadable_characters.py``)."""
    text = files("ocr").joinpath("unreadable_characters.txt").read_text(encoding="utf-8")
    return "".join(line for line in text.splitlines() if not line.startswith("#"))


def _three_channels(img: np.ndarray) -> np.ndarray:
    return np.repeat(img[..., None], 3, axis=2) if img.ndim == 2 else img


def detect(img: np.ndarray, *, box_thresh: float = 0.4) -> list[np.ndarray]:
    """Text-line quadrilaterals (4×2 float32, clockwise from top-left) in ``img``'s pixels."""
    det, _, _ = _models()
    if img.shape[0] < 32 or img.shape[1] < 32:
        return []
    det.postprocess_op.box_thresh = box_thresh
    boxes, _ = det(_three_channels(img))
    if boxes is None or len(boxes) == 0:
        return []
    return [np.asarray(b, dtype=np.float32) for b in boxes]


def upside_down(crops: list[np.ndarray]) -> list[float]:
    """Per line crop, the classifier's belief that it is upside down, signed: > 0 means 180°."""
    if not crops:
        return []
    _, cls, _ = _models()
    _, results, _ = cls([_three_channels(c) for c in crops])
    return [float(score) if "180" in label else -float(score) for label, score in results]


def recognise(crop: np.ndarray, *, eager: bool = False) -> list[RecognisedChar]:
    """Characters of a one-line crop, with their probabilities and x ranges in the crop.
    ``eager``: also a character the decoder passed over because the CTC blank was its single
    likeliest class, though the characters together were likelier (隗 at 0.21 with 隐 at 0.15
    and 院 at 0.07 against a blank of 0.35): a rare character spreads its probability over
    look-alikes. Such a character comes with its own, low, probability."""
    _, _, rec = _models()
    img = _three_channels(crop)
    h, w = img.shape[:2]
    if h < 4 or w < 4:
        return []
    ratio = w / h
    norm = rec.resize_norm_img(img, max(ratio, 320 / REC_HEIGHT))[np.newaxis, :].astype(np.float32)
    probs = rec.session(norm)[0][0]  # (steps, classes)
    resized_w = min(norm.shape[3], int(np.ceil(REC_HEIGHT * ratio)))
    step_px = norm.shape[3] / probs.shape[0] * (w / max(1, resized_w))
    index = probs.argmax(axis=1)
    best = probs.max(axis=1)
    characters = rec.postprocess_op.character
    out: list[RecognisedChar] = []
    t = 0
    while t < len(index):
        k = index[t]
        start = t
        while t + 1 < len(index) and index[t + 1] == k:
            t += 1
        if k != 0:  # 0 is the CTC blank; spaces are kept, they tell label from value
            peak = start + int(best[start : t + 1].argmax())
            out.append(_char(probs[peak], k, characters, start * step_px, (t + 1) * step_px))
        elif eager:
            out += _passed_over(probs, start, t, characters, step_px)
        t += 1
    return out


def _char(frame: np.ndarray, k: int, characters: list[str], x0: float, x1: float) -> RecognisedChar:
    top = np.argsort(frame)[::-1][:ALTERNATIVES]
    alternatives = tuple((characters[i], float(frame[i])) for i in top if i != 0)
    return RecognisedChar(characters[k], float(frame[k]), x0, x1, alternatives)


def _passed_over(probs: np.ndarray, start: int, end: int, characters: list[str],
                 step_px: float) -> list[RecognisedChar]:  # fmt: skip
    """The character a run of blank frames passed over, if any: at the frame where the
    characters together are likeliest, and only where together they outweigh the blank."""
    frames = probs[start : end + 1]
    peak = int((1.0 - frames[:, 0]).argmax())
    frame = frames[peak]
    if 1.0 - frame[0] < 0.5:
        return []
    k = int(frame[1:].argmax()) + 1
    if not characters[k].strip():
        return []
    return [_char(frame, k, characters, (start + peak) * step_px, (start + peak + 1) * step_px)]


def crop_quad(img: np.ndarray, quad: np.ndarray, pad: float = 0.0) -> np.ndarray:
    """The quadrilateral warped flat (as the library crops lines), optionally grown by ``pad``
    times its height on every side."""
    q = np.asarray(quad, dtype=np.float32)
    if pad:
        height = float(max(np.linalg.norm(q[0] - q[3]), np.linalg.norm(q[1] - q[2])))
        along = q[1] - q[0]
        along /= max(1e-6, float(np.linalg.norm(along)))
        across = np.array([-along[1], along[0]], dtype=np.float32)
        grow = pad * height
        signs = np.array([[-1, -1], [1, -1], [1, 1], [-1, 1]], dtype=np.float32)
        q = q + signs[:, :1] * along * grow + signs[:, 1:] * across * grow
    width = int(max(np.linalg.norm(q[0] - q[1]), np.linalg.norm(q[2] - q[3])))
    height = int(max(np.linalg.norm(q[0] - q[3]), np.linalg.norm(q[1] - q[2])))
    if width < 2 or height < 2:
        return np.zeros((0, 0) + img.shape[2:], img.dtype)
    target = np.float32([[0, 0], [width, 0], [width, height], [0, height]])
    m = cv2.getPerspectiveTransform(q, target)
    return cv2.warpPerspective(img, m, (width, height), borderMode=cv2.BORDER_REPLICATE,
                               flags=cv2.INTER_CUBIC)  # fmt: skip
