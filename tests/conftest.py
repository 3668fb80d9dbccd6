from __future__ import annotations

from pathlib import Path

import pytest

import workbench

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_reports"
SHARED = ROOT.parent / "shared"
SEED = SHARED / "corpus" / "seed.txt"


def review_text(text: str) -> workbench.Review:
    """Review pasted text."""
    return workbench.review(text)


@pytest.fixture(scope="session")
def seed_review() -> workbench.Review:
    if not SEED.exists():
        pytest.skip("../shared/corpus/seed.txt is not beside this checkout")
    return workbench.review(SEED)


@pytest.fixture(autouse=True)
def _private_store(tmp_path, monkeypatch):
    """Every test gets its own SQLite store (the app and the library read $WORKBENCH_DB)."""
    monkeypatch.setenv("WORKBENCH_DB", str(tmp_path / "workbench.sqlite3"))
