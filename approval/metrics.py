"""Prometheus metrics (prometheus-client): decisions by matter and outcome, how long deciding
and reading took, and — read from the database at scrape time, so every process reports the
same — the work waiting: unfinished cases, the age of the oldest, overdue review tasks.

Counters and histograms are per process (each API process is scraped on its own port, or
summed by the scraper); the gauges come from the shared database.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

REGISTRY = CollectorRegistry(auto_describe=True)

DECISIONS = Counter(
    "approval_decisions_total",
    "Engine decisions by matter and outcome",
    ["matter", "status"],
    registry=REGISTRY,
)
DECISION_SECONDS = Histogram(
    "approval_decision_seconds",
    "From receipt to the engine's decision",
    ["matter"],
    buckets=(0.1, 0.25, 0.5, 1, 2, 3, 5, 8, 13, 21, 34, 60, 120, 300),
    registry=REGISTRY,
)
OCR_SECONDS = Histogram(
    "approval_ocr_seconds",
    "Reading one document",
    ["kind"],
    buckets=(0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 3, 5, 8, 13, 30, 120),
    registry=REGISTRY,
)


def record_decision(
    matter: str, status: str, received_at: datetime, decided_at: datetime | None = None
) -> None:
    DECISIONS.labels(matter, status).inc()
    elapsed = ((decided_at or datetime.now(UTC)) - received_at).total_seconds()
    DECISION_SECONDS.labels(matter).observe(max(0.0, elapsed))


def record_reading(kind: str, seconds: float | None) -> None:
    if seconds is not None:
        OCR_SECONDS.labels(kind or "unknown").observe(seconds)


class Backlog(Collector):
    """Gauges read from the database when scraped: ``snapshot()`` gives (unfinished cases,
    age in seconds of the oldest, overdue review tasks)."""

    def __init__(self, snapshot: Callable[[], tuple[int, float, int]]) -> None:
        self._snapshot = snapshot

    def collect(self) -> Iterator[GaugeMetricFamily]:
        unfinished, oldest_age, overdue = self._snapshot()
        yield GaugeMetricFamily("approval_unfinished_cases", "Cases stored but not yet decided", unfinished)
        yield GaugeMetricFamily(
            "approval_oldest_unfinished_seconds", "Age of the oldest undecided case", oldest_age
        )
        yield GaugeMetricFamily("approval_overdue_review_tasks", "Routed cases past their due time", overdue)


def exposition(backlog: Callable[[], tuple[int, float, int]]) -> bytes:
    """The text a scraper reads: this process's counters and histograms, then the backlog."""
    scrape = CollectorRegistry(auto_describe=False)
    scrape.register(Backlog(backlog))
    return generate_latest(REGISTRY) + generate_latest(scrape)
