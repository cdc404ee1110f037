"""The direction of the imports is the direction of the data, enforced by import-linter (.importlinter)."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

LINT_IMPORTS = str(Path(sys.executable).parent / "lint-imports")


def lint_imports(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run([LINT_IMPORTS, "--config", str(root / ".importlinter")], cwd=root,
                          capture_output=True, text=True, env={"PYTHONPATH": str(root), "PATH": ""})


def test_the_project_keeps_its_import_contracts():
    done = lint_imports(ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Contracts: 2 kept, 0 broken." in done.stdout


def copy_packages(tmp_path: Path) -> Path:
    for name in ("etl", "lagesbild"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / ".importlinter", tmp_path)
    return tmp_path


def test_a_back_import_fails_naming_both_modules(tmp_path):
    root = copy_packages(tmp_path)
    fmt = root / "lagesbild" / "fmt.py"
    fmt.write_text(fmt.read_text() + "\nfrom etl import build  # noqa: E402\n")
    done = lint_imports(root)
    assert done.returncode == 1
    assert "lagesbild.fmt -> etl.build" in done.stdout


def test_a_cycle_inside_a_package_fails(tmp_path):
    root = copy_packages(tmp_path)
    est = root / "etl" / "est.py"
    est.write_text(est.read_text() + "\n\ndef rebuild(data_dir):\n    from etl import build\n    build.build(data_dir)\n")
    done = lint_imports(root)
    assert done.returncode == 1
    assert "No cycles are allowed in etl" in done.stdout and ".est -> .build" in done.stdout
