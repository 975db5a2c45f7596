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


@pytest.fixture(scope="session")
def demo_data(tmp_path_factory, demo_corpus) -> Path:
    """The demo corpus ingested once per session (graph + search index); tests only read it."""
    from junheng.corpus import Corpus

    data = tmp_path_factory.mktemp("demo") / "data"
    with Corpus(data) as corpus:
        summary = corpus.ingest([demo_corpus], progress=False)
        assert not summary.failed, summary.failed
    return data
