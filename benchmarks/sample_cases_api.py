"""Post sample case folders to ``POST /v1/cases`` (real OCR, in-process app, throw-away SQLite)
and compare each answer's status and reason codes with the folder's ``expect``.

    python benchmarks/sample_cases_api.py samples/company-registration

Unlike ``approval rules test`` (the pipeline without HTTP or storage), this goes through the
API, the store and the register. Cases are judged on today's date, not ``as_of``, so a sample
can drift as its people age; the table says which.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from fastapi.testclient import TestClient

from api.app import create_app
from approval.rule_testing import find_cases, load_case
from approval.service import ApprovalService
from approval.settings import Settings
from approval.tokens import create_token


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dirs", nargs="+", type=Path)
    parser.add_argument("--ocr-workers", type=int, default=1)
    args = parser.parse_args()
    folders = list(find_cases(args.dirs))
    with tempfile.TemporaryDirectory(prefix="samples-api-") as scratch:
        settings = Settings(
            data_dir=Path(scratch), DATABASE_URL=None, ocr_workers=args.ocr_workers, answer_within_seconds=600
        )
        service = ApprovalService.open(settings)
        try:
            with TestClient(create_app(settings, service)) as client:
                token = create_token(service.sessions, "portal", "samples")
                headers = {"Authorization": f"Bearer {token}"}
                as_expected = 0
                print(f"{'sample':40s} {'HTTP':>4s} {'status':9s} {'images':>6s} {'seconds':>7s}  result")
                for folder in folders:
                    case = load_case(folder)
                    files = {d.part: (d.filename, d.data, d.media_type) for d in case.documents}
                    data = {"submission": json.dumps(case.body, ensure_ascii=False)}
                    started = time.monotonic()
                    response = client.post("/v1/cases", headers=headers, data=data, files=files)
                    seconds = time.monotonic() - started
                    answer = response.json()
                    got = (answer.get("status"), sorted({r["code"] for r in answer.get("reasons", [])}))
                    want = (case.expect.get("status"), sorted(set(case.expect.get("reasons", []))))
                    as_expected += got == want
                    verdict = "as expected" if got == want else f"got {got}, expected {want}"
                    print(f"{folder.name:40s} {response.status_code:4d} {str(got[0]):9s} {len(files):6d} "
                          f"{seconds:7.1f}  {verdict}")  # fmt: skip
                print(f"{as_expected}/{len(folders)} as expected")
        finally:
            service.close()
    return 0 if as_expected == len(folders) else 1


if __name__ == "__main__":  # the OCR pool spawns processes that import this module
    sys.exit(main())
