"""Shared test fixtures: repository paths and the knowledge build, run once per session."""

from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_DIR = REPO_ROOT.parent / "shared"
ONTOLOGY_DIR = REPO_ROOT / "ontology"
QUERY_DIR = REPO_ROOT / "queries"
FIXTURE_DIR = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def knowledge() -> Path:
    """The build directory after ``kg.build.ensure_built()`` (builds only when stale)."""
    from kg.build import ensure_built

    return ensure_built().parent


EXAMPLES_DIR = SHARED_DIR / "clinical" / "examples"


def example_cases() -> list[dict]:
    """The shared vignettes (facts and expectations), in file order."""
    import json

    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(EXAMPLES_DIR.glob("*.json"))]


@pytest.fixture(scope="session")
def engine(knowledge):
    """One eligibility engine for the whole session (knowledge loaded once)."""
    from kg.eligibility import Engine

    return Engine.load()
