"""Reading many documents in parallel worker processes.

OCR is CPU-bound and Tesseract is not thread-safe per handle, so documents go to a process
pool sized to the cores. Workers are spawned (not forked: the service has threads) with
``OMP_THREAD_LIMIT=1``, since Tesseract's own threads only contend with the other workers.
``read_many`` blocks: callers on an event loop run it in a thread.
"""

from __future__ import annotations

import concurrent.futures
import logging
import multiprocessing
import os
import threading
from concurrent.futures.process import BrokenProcessPool

from ocr.engine_tesseract import limit_threads
from ocr.read import read_document
from ocr.reading import Reading, UnsupportedDocument
from ocr.warnings_catalogue import warning

DEFAULT_TIMEOUT_SECONDS = 120.0
log = logging.getLogger(__name__)


def _init_worker() -> None:
    os.environ["OMP_THREAD_LIMIT"] = "1"
    limit_threads()


def _read(data: bytes, engine: str, name: str) -> Reading:
    try:
        return read_document(data, engine=engine, filename=None)
    except UnsupportedDocument:
        reading = Reading("unknown", warnings=[warning("not_a_document")])
        return reading


def _cores() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _failed() -> Reading:
    return Reading("unknown", warnings=[warning("engine_error")])


class OcrPool:
    def __init__(self, max_workers: int | None = None, engine: str = "combined",
                 timeout: float = DEFAULT_TIMEOUT_SECONDS) -> None:  # fmt: skip
        self.max_workers = max_workers or _cores()
        self.engine = engine
        self.timeout = timeout
        self._lock = threading.Lock()
        self._executor: concurrent.futures.ProcessPoolExecutor | None = None

    def _pool(self) -> concurrent.futures.ProcessPoolExecutor:
        with self._lock:
            if self._executor is None:
                # Children inherit the environment at spawn time, before they load Tesseract.
                os.environ.setdefault("OMP_THREAD_LIMIT", "1")
                self._executor = concurrent.futures.ProcessPoolExecutor(
                    max_workers=self.max_workers,
                    mp_context=multiprocessing.get_context("spawn"),
                    initializer=_init_worker,
                )
            return self._executor

    def _replace(self, broken: concurrent.futures.ProcessPoolExecutor) -> None:
        """Throw away a pool whose worker died or hung; the next call starts a fresh one."""
        with self._lock:
            if self._executor is broken:
                self._executor = None
            else:
                return
        for proc in list(getattr(broken, "_processes", {}).values()):
            if proc.is_alive():
                proc.kill()
        broken.shutdown(wait=False, cancel_futures=True)

    def read_many(self, items: dict[str, bytes]) -> dict[str, Reading]:
        """Readings keyed like ``items``. Never raises for a bad document or a crashed worker:
        a document whose worker died is read once more on a fresh pool (the death was ours, not
        the document's); what still fails comes back ``unknown`` with an ``engine_error``."""
        if not items:
            return {}
        results, lost = self._read_once(items)
        if lost:
            log.warning("OCR worker died; reading %d document(s) again", len(lost))
            retried, _ = self._read_once({name: items[name] for name in lost})
            results.update(retried)
        return {name: results[name] for name in items}

    def _read_once(self, items: dict[str, bytes]) -> tuple[dict[str, Reading], list[str]]:
        """(readings, names whose worker process died)."""
        pool = self._pool()
        futures: dict[str, concurrent.futures.Future] = {}
        results: dict[str, Reading] = {}
        lost: list[str] = []
        for name, data in items.items():
            try:
                futures[name] = pool.submit(_read, data, self.engine, name)
            except (BrokenProcessPool, RuntimeError):
                self._replace(pool)
                results[name] = _failed()
                lost.append(name)
        for name, fut in futures.items():
            try:
                reading = fut.result(timeout=self.timeout)
            except BrokenProcessPool:
                self._replace(pool)
                reading = _failed()
                lost.append(name)
            except concurrent.futures.TimeoutError:
                self._replace(pool)
                reading = _failed()
            except Exception:  # an unexpected bug while reading one document
                log.exception("reading %s failed", name)
                reading = _failed()
            reading.file = name
            results[name] = reading
        return results, lost

    def shutdown(self) -> None:
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> OcrPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()
