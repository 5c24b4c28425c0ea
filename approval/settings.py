"""Every setting of the service, read once from the environment (prefix ``APPROVAL_``)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="APPROVAL_", extra="ignore")

    # DATABASE_URL is the conventional name operators expect, so it is read unprefixed.
    database_url: str | None = Field(default=None, validation_alias="DATABASE_URL")
    data_dir: Path = REPO_ROOT / "data"
    rules_dir: Path = REPO_ROOT / "rules"
    jurisdiction_code: str = "320614"
    public_base_url: str = "http://127.0.0.1:8000"
    # Any single evaluation (OCR + rules) slower than this routes the case to a human.
    pipeline_timeout_seconds: float = 30.0
    # How long POST /v1/cases waits for the decision before answering 202 "processing" (the
    # case is decided all the same; the portal reads it at its URL).
    answer_within_seconds: float = 10.0
    rule_timeout_seconds: float = 5.0
    # Webhook deliveries that fail are tried again after base × 2^attempts seconds (at most 1 h).
    webhook_retry_base_seconds: float = 2.0
    # How long a reviewer's sign-in lasts.
    web_session_hours: float = 8.0
    # How long a new API token lasts unless made for longer (`approval tokens create --days N`).
    token_days: float = Field(default=90, ge=0)
    # Document bytes of a closed case (approved, rejected, or returned and not resubmitted) are
    # deleted this many days after its decision; the decision, readings and history stay.
    document_retention_days: float = Field(default=180, gt=0)
    # Public licence verifications a client address may make per minute (GET /v1/licences/…).
    licence_checks_per_minute: int = Field(default=10, ge=1)
    # The secret the checks after instant approval (事后监管) are drawn with: whoever holds it
    # can recompute every draw, and an applicant who does not cannot aim between them. Empty:
    # one is made at first use and kept in data_dir/post_check.seed.
    post_check_seed: str = ""
    # A review task turns yellow once this share of its promised working days is used (电子监察).
    review_yellow_share: float = Field(default=0.8, gt=0, le=1)
    # Where stored cases wait to be decided: "auto" is procrastinate on PostgreSQL (run
    # `approval worker` processes) and threads in the API process on SQLite.
    job_queue: Literal["auto", "procrastinate", "in-process"] = "auto"
    # A case whose decision was begun this many times without an answer (its worker killed each
    # time, say) goes to a reviewer with engine.error instead of being tried again.
    max_attempts: int = 3
    # Workers write a heartbeat this often; a job whose worker has been silent for
    # worker_stalled_after_seconds is given to another worker.
    worker_heartbeat_seconds: float = 2.0
    worker_stalled_after_seconds: float = 10.0
    ocr_workers: int = 0  # 0 = one per core
    # "combined": PP-OCR reads, Tesseract confirms codes and dates (see the README for why);
    # "rapidocr" is the old name of "combined".
    ocr_engine: Literal["combined", "ppocr", "tesseract", "rapidocr"] = "combined"
    # Limits on input (README "Limits on input"): each is enforced while the request is read,
    # and a request over one is refused with a 4xx naming it, before anything is stored.
    # One uploaded file (a material), and the whole of a multipart body.
    max_upload_bytes: int = Field(default=10 * 1024 * 1024, ge=1)
    max_multipart_bytes: int = Field(default=64 * 1024 * 1024, ge=1)
    # Parts of a multipart body: the submission and one per material (a company of 50
    # shareholders sends 2 × 50 cards, the legal representative's 2 and the submission: 103).
    max_parts: int = Field(default=110, ge=1)
    # Any other body (JSON, forms); a submission is a few kilobytes.
    max_json_bytes: int = Field(default=1024 * 1024, ge=1)
    # Inside a JSON submission: nesting, digits of a number, characters of one string.
    max_json_depth: int = Field(default=32, ge=2)
    max_number_digits: int = Field(default=30, ge=1)
    max_string_chars: int = Field(default=2000, ge=1)
    # Path plus query string of a URL.
    max_url_bytes: int = Field(default=8192, ge=256)
    # An image's width × height, read from its header; the OCR itself refuses more than 80 MP.
    max_image_pixels: int = Field(default=80_000_000, ge=1, le=80_000_000)
    max_pdf_pages: int = Field(default=20, ge=1)

    @property
    def uses_procrastinate(self) -> bool:
        if self.job_queue == "auto":
            return self.effective_database_url.startswith("postgresql")
        return self.job_queue == "procrastinate"

    @property
    def effective_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'approval.sqlite3'}"


@lru_cache
def get_settings() -> Settings:
    return Settings()
