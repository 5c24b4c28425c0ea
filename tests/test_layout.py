"""The production packages never import development tooling at import time: the image ships
approval/, api/, ocr/ and rules/ only (see the Dockerfile)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def module_level_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    names = set()
    for node in tree.body:  # module level only: the CLI imports devtools inside its commands
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_production_packages_do_not_import_devtools():
    offenders = [
        str(path.relative_to(ROOT))
        for package in ("approval", "api", "ocr")
        for path in (ROOT / package).rglob("*.py")
        if any(name.split(".")[0] == "devtools" for name in module_level_imports(path))
    ]
    assert offenders == []


def test_the_image_copies_no_devtools():
    docker = (ROOT / "Dockerfile").read_text()
    assert "COPY devtools" not in docker and "COPY . " not in docker
