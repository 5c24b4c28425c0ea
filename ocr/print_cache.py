"""Small prints of thousands of characters, kept on disk between processes.

Comparing a glyph with every character no recogniser can output (``ocr.glyphs.likeliest``)
first needs each of them printed small in every face: about 19,000 prints, 8–15 s of one core.
A worker process that paid that on its first rare name kept an applicant waiting as long, once
per process. The prints depend only on the characters, the face files, the print's settings and
the libraries that draw them, so they are written once to ``APPROVAL_CACHE_DIR`` (default
``$XDG_CACHE_HOME/approval`` or ``~/.cache/approval``) under a name made from all of those, and
every later process loads them in a fraction of a second. A cache that cannot be read or
written is only slower: the prints are made again, never guessed.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

import cv2
import numpy as np
import PIL

log = logging.getLogger(__name__)

# Raised whenever what is stored changes shape, so that an old file is never read as new.
FORMAT = 1

Print = np.ndarray | None
Face = tuple[str, int]


def cache_dir() -> Path:
    configured = os.environ.get("APPROVAL_CACHE_DIR")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "approval"


def cached_prints(candidates: Sequence[str], faces: Sequence[Face], settings: dict[str, object],
                  make: Callable[[str, str, int], Print]) -> dict[Face, list[Print]]:  # fmt: skip
    """Per face, ``make(candidate, path, index)`` for every candidate (uint8 prints or None), read
    from the disk cache when one was written for exactly these inputs, else made and written."""
    path = cache_dir() / f"prints-{_key(candidates, faces, settings)}.npz"
    loaded = _load(path, len(candidates), faces)
    if loaded is not None:
        return loaded
    made = {face: [make(c, *face) for c in candidates] for face in faces}
    _store(path, made, faces)
    return made


def _key(candidates: Sequence[str], faces: Sequence[Face], settings: dict[str, object]) -> str:
    def stamp(path: str) -> list[int]:
        try:
            st = os.stat(path)
        except OSError:
            return [0, 0]
        return [st.st_size, st.st_mtime_ns]

    described = {
        "format": FORMAT,
        "candidates": "".join(candidates),
        "faces": [[path, index, *stamp(path)] for path, index in faces],
        "settings": settings,
        "libraries": [PIL.__version__, cv2.__version__, np.__version__],
    }
    return hashlib.sha256(json.dumps(described, sort_keys=True).encode()).hexdigest()[:24]


def _load(path: Path, count: int, faces: Sequence[Face]) -> dict[Face, list[Print]] | None:
    try:
        with np.load(path) as stored:
            shapes, ink = stored["shapes"], stored["ink"]
    except FileNotFoundError:
        return None
    except Exception as exc:  # a torn or foreign file: make the prints again
        log.warning("print cache %s unreadable (%s); printing again", path, exc)
        return None
    if shapes.shape != (len(faces) * count, 2) or int(np.prod(shapes, axis=1).sum()) != ink.size:
        log.warning("print cache %s does not fit its key; printing again", path)
        return None
    out: dict[Face, list[Print]] = {}
    offset = 0
    for i, face in enumerate(faces):
        prints: list[Print] = []
        for h, w in shapes[i * count : (i + 1) * count]:
            size = int(h) * int(w)
            prints.append(ink[offset : offset + size].reshape(int(h), int(w)) if size else None)
            offset += size
        out[face] = prints
    return out


def _store(path: Path, made: dict[Face, list[Print]], faces: Sequence[Face]) -> None:
    prints = [p for face in faces for p in made[face]]
    shapes = np.array([p.shape if p is not None else (0, 0) for p in prints], dtype=np.int32).reshape(-1, 2)
    ink = np.concatenate([p.ravel() for p in prints if p is not None] or [np.zeros(0, np.uint8)])
    written: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Written beside its final name and renamed: a reader sees the whole file or none.
        with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".tmp", delete=False) as tmp:
            written = tmp.name
            np.savez(tmp, shapes=shapes, ink=ink.astype(np.uint8))
        os.replace(written, path)
    except OSError as exc:
        log.info("print cache not written to %s (%s)", path, exc)
        if written is not None:
            Path(written).unlink(missing_ok=True)
