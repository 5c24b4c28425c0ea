"""The reader against plain OCR calls on the same images: ``python benchmarks/ocr_baselines.py``.

Baselines, each followed by the same few regular expressions for the key fields (ID number,
name, validity dates, credit code, business name):

* plain Tesseract: ``pytesseract.image_to_string(image, lang="chi_sim")`` on the whole upload;
* plain RapidOCR: ``RapidOCR()(image)`` (PP-OCR detection, direction and recognition) on the
  whole upload, lines joined top to bottom.

Documents come from every renderer and framing (``devtools.ocr_evaluation.plan``), drawn by the seed
without looking at any reading. Everything runs in this one process on one core
(``OMP_THREAD_LIMIT=1``, one ONNX thread), so the seconds compare like with like; the table
prints each reader's median seconds per image and its ratio to the reader's.

Options: ``--count N`` (documents, default 96), ``--seed S``, ``--renderers R …``.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

os.environ.setdefault("OMP_THREAD_LIMIT", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

KEY_FIELDS = {
    "cn_id_card_front": ("id_number", "name"),
    "cn_id_card_back": ("valid_from", "valid_until"),
    "cn_business_licence": ("credit_code", "name"),
}
_ID = re.compile(r"(?<![0-9A-Z])(\d{17}[\dX])(?![0-9A-Z])")
_CODE = re.compile(r"(?<![0-9A-Z])([0-9A-Z]{18})(?![0-9A-Z])")
_RANGE = re.compile(r"(\d{4})[.．](\d{2})[.．](\d{2})\s*[-—一]\s*(?:(\d{4})[.．](\d{2})[.．](\d{2})|(长期))")
_NAME = re.compile(r"姓\s*名[:：\s]*([\u4e00-\u9fff·]{2,8})")
_BUSINESS = re.compile(r"名\s*称[:：\s]*([\u4e00-\u9fff（）()·]{2,40})")


def fields_from_text(text: str, kind: str) -> dict[str, str]:
    """What a few regular expressions make of a plain OCR's text."""
    flat = text.replace(" ", "").upper()
    out: dict[str, str] = {}
    if kind == "cn_id_card_front":
        if m := _ID.search(flat):
            out["id_number"] = m.group(1)
        if m := _NAME.search(text):
            out["name"] = m.group(1)
    elif kind == "cn_id_card_back":
        if m := _RANGE.search(flat):
            out["valid_from"] = f"{m.group(1)}-{m.group(2)}-{m.group(3)}"
            out["valid_until"] = "long-term" if m.group(7) else f"{m.group(4)}-{m.group(5)}-{m.group(6)}"
    else:
        if m := _CODE.search(flat):
            out["credit_code"] = m.group(1)
        if m := _BUSINESS.search(text):
            out["name"] = m.group(1)
    return out


def plain_tesseract(rgb) -> str:  # noqa: ANN001 - a numpy array
    import pytesseract
    from PIL import Image

    return pytesseract.image_to_string(Image.fromarray(rgb), lang="chi_sim")


def plain_rapidocr(rgb) -> str:  # noqa: ANN001
    from ocr import ppocr  # noqa: F401 - the same ONNX Runtime, models and threads as the reader

    engine = _rapidocr()
    result, _ = engine(rgb)
    return "\n".join(text for _, text, _ in (result or []))


_ENGINE = None


def _rapidocr():  # noqa: ANN202
    global _ENGINE
    if _ENGINE is None:
        from rapidocr_onnxruntime import RapidOCR

        _ENGINE = RapidOCR(intra_op_num_threads=1, inter_op_num_threads=1)
    return _ENGINE


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="ocr_baselines", description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=96)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--renderers", nargs="+", default=None)
    args = parser.parse_args(argv)

    from devtools.ocr_evaluation import KINDS, make_document, plan
    from devtools.synthetic.capture import FRAMINGS
    from devtools.synthetic.renderers import RENDERERS
    from ocr.decode import decode
    from ocr.read import read_document

    seed = args.seed if args.seed is not None else int(time.time()) % 1_000_000_007
    renderers = tuple(args.renderers or RENDERERS)
    jobs = [j for j in plan(args.count * 2, renderers, FRAMINGS) if j.kind in KINDS][: args.count]
    readers = {
        "reader (combined)": lambda data, rgb, kind: {
            k: f.value for k, f in read_document(data).fields.items()
        },
        "plain Tesseract": lambda data, rgb, kind: fields_from_text(plain_tesseract(rgb), kind),
        "plain RapidOCR": lambda data, rgb, kind: fields_from_text(plain_rapidocr(rgb), kind),
    }
    right: dict[str, dict[str, list[bool]]] = {name: defaultdict(list) for name in readers}
    seconds: dict[str, list[float]] = {name: [] for name in readers}
    # Load every model before timing anything.
    _, warm_data = make_document(seed, jobs[0])
    for read in readers.values():
        read(warm_data, decode(warm_data), jobs[0].kind)
    for job in jobs:
        truth, data = make_document(seed, job)
        for name, read in readers.items():
            start = time.perf_counter()
            got = read(data, decode(data), job.kind)
            seconds[name].append(time.perf_counter() - start)
            for key in KEY_FIELDS[job.kind]:
                right[name][f"{job.kind.removeprefix('cn_')}.{key}"].append(got.get(key) == truth[key])
    print(f"Key fields exact, {len(jobs)} documents (renderers {', '.join(renderers)}; every framing), "
          f"seed {seed}, one core\n")  # fmt: skip
    names = list(readers)
    print(f"{'field':32}" + "".join(f"{n:>20}" for n in names))
    keys = sorted(right[names[0]])
    for key in keys:
        print(f"{key:32}" + "".join(f"{sum(right[n][key]) / len(right[n][key]):20.3f}" for n in names))
    pooled = {n: [ok for k in keys for ok in right[n][k]] for n in names}
    print(f"{'all key fields':32}" + "".join(f"{sum(pooled[n]) / len(pooled[n]):20.3f}" for n in names))
    medians = {n: statistics.median(seconds[n]) for n in names}
    print(f"{'median s per image':32}" + "".join(f"{medians[n]:20.2f}" for n in names))
    base = medians[names[0]]
    print(f"{'time / reader time':32}" + "".join(f"{medians[n] / base:20.2f}" for n in names))
    return 0


if __name__ == "__main__":
    sys.exit(main())
