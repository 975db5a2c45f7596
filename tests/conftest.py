"""Shared test fixtures: where the project's own demo corpus and the evaluation material live."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """../shared (seed reports, gold): evaluation material a user's clone does not have."""
    if not (SHARED / "gold" / "seeds-gold.json").exists():
        pytest.skip("../shared is absent (evaluation material, not part of a clone)")
    return SHARED


@pytest.fixture(scope="session")
def demo_corpus() -> Path:
    return EXAMPLES / "corpus"
