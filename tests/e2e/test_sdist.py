"""The source distribution is complete: built, unpacked elsewhere, its own tests pass."""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
from pathlib import Path
from xml.etree import ElementTree

import pytest
from e2e_helpers import ROOT

pytestmark = pytest.mark.e2e

# Everything git tracks under these is what a packager needs to rebuild and test the game.
SHIPPED_ROOTS = ("game/", "scenes/", "tests/", "docs/", "benchmarks/", "scripts/", "saves/")
SHIPPED_FILES = {"README.md", "LICENSE", "Makefile", "pyproject.toml"}


@pytest.fixture(scope="module")
def unpacked(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("sdist")
    subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--sdist", "--outdir", str(out), "."],
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=300,
    )
    (archive,) = out.glob("deniable-*.tar.gz")
    with tarfile.open(archive) as tar:
        tar.extractall(out, filter="data")
    (folder,) = [path for path in out.iterdir() if path.is_dir()]
    return folder


def tracked() -> set[str]:
    listed = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    return {
        name
        for name in listed
        if (name.startswith(SHIPPED_ROOTS) or name in SHIPPED_FILES) and (ROOT / name).exists()
    }


def test_the_sdist_holds_every_tracked_file_it_needs_and_nothing_stray(unpacked):
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout: the list of tracked files is not known here")
    shipped = {
        str(path.relative_to(unpacked))
        for path in unpacked.rglob("*")
        if path.is_file() and path.name not in ("PKG-INFO", ".gitignore")
    }
    assert tracked() - shipped == set()
    # byte for byte the checkout's files, so what the checkout's tests prove of them holds
    changed = [
        name for name in tracked() if (unpacked / name).read_bytes() != (ROOT / name).read_bytes()
    ]
    assert changed == []
    assert not [name for name in shipped if "__pycache__" in name or name.endswith(".pyc")]
    assert not [
        name
        for name in shipped
        if name.startswith("saves/") and "examples" not in name and name != "saves/README.md"
    ]


def test_the_tests_that_read_shipped_files_pass_from_the_unpacked_sdist(unpacked):
    env = {**os.environ, "PYTHONPATH": str(unpacked)}
    env.pop("PYTEST_XDIST_WORKER", None)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:cacheprovider",
            "tests/saves/test_saves_store.py",
            "tests/saves/test_saves_imports.py",
            "tests/property/test_fuzz_saves.py",
            "tests/test_campaign_play.py",
            "tests/authoring/test_authoring_campaign.py",
            "tests/test_cli.py",
            # The campaign's whole proof is the checkout's run's to make (on the same bytes,
            # as the test above holds): here it would be made twice more, a minute of CPU.
            "-m",
            "not slow",
            "--deselect",
            "tests/authoring/test_authoring_campaign.py::test_the_campaign_passes_the_exhaustive_playtest",
            f"--junit-xml={unpacked / 'report.xml'}",
        ],
        cwd=unpacked,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    suite = ElementTree.parse(unpacked / "report.xml").getroot().find("testsuite")
    assert int(suite.get("tests")) > 50
    assert suite.get("failures") == suite.get("errors") == "0"


def test_the_long_description_has_no_picture_an_index_cannot_show(unpacked):
    metadata = (unpacked / "PKG-INFO").read_text(encoding="utf-8")
    description = metadata.split("\n\n", 1)[1]
    assert "# Deniable" in description and "make play" in description
    assert "](docs/" not in description  # a relative picture is broken outside the repo
    assert "docs/images/deniable.svg` in the source distribution" in description
    assert "License-File: LICENSE" in metadata
