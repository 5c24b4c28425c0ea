"""Which instant approvals are checked afterwards (事后监管): a share of each matter's, drawn
by a keyed hash of the case id, so the draw is random to applicants, recorded with each
approval, and reproducible by whoever holds the seed (`approval checks verify`).

The share per matter is rules data: ``rules/catalogues/post_approval_checks.yaml``.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from approval.settings import Settings

DEFAULT_SHARE = 0.05
SEED_FILE = "post_check.seed"


@dataclass(frozen=True)
class Draw:
    value: float  # uniform in [0, 1), from the seed and the case id
    share: float  # the matter's share when it was drawn
    seed_id: str  # which seed: the first 16 hex digits of its SHA-256

    @property
    def selected(self) -> bool:
        return self.value < self.share

    def as_event(self) -> dict:
        return {"draw": round(self.value, 6), "share": self.share, "seed": self.seed_id,
                "selected": self.selected}  # fmt: skip


def share_for(catalogues: dict, matter: str) -> float:
    checks = catalogues.get("post_approval_checks") or {}
    shares = checks.get("matters") or {}
    share = shares.get(matter, checks.get("default_share", DEFAULT_SHARE))
    return min(1.0, max(0.0, float(share)))


def draw(seed: bytes, case_id: str, share: float) -> Draw:
    digest = hmac.new(seed, case_id.encode(), hashlib.sha256).digest()
    value = int.from_bytes(digest[:8], "big") / 2**64
    return Draw(value=value, share=share, seed_id=hashlib.sha256(seed).hexdigest()[:16])


def seed_of(settings: Settings) -> bytes:
    """The configured seed, or the one kept in the data directory (made once, by whichever
    process gets there first)."""
    if settings.post_check_seed:
        return settings.post_check_seed.encode()
    path = Path(settings.data_dir) / SEED_FILE
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        # Written whole under another name, then linked into place: a process never reads half
        # a seed, and if two make one, the first link wins and both use it.
        made = path.with_name(f"{SEED_FILE}.{secrets.token_hex(4)}")
        made.write_text(secrets.token_hex(32))
        made.chmod(0o600)
        try:
            os.link(made, path)
        except FileExistsError:
            pass
        finally:
            made.unlink()
    return path.read_text().strip().encode()
