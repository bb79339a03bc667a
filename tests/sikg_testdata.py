"""Paths and shared data for the tests (importable from any test module; conftest is not)."""

import json
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_DIR = REPO_ROOT.parent / "shared"
ONTOLOGY_DIR = REPO_ROOT / "ontology"
QUERY_DIR = REPO_ROOT / "queries"
FIXTURE_DIR = Path(__file__).resolve().parent / "fixtures"
EXAMPLES_DIR = SHARED_DIR / "clinical" / "examples"


def example_cases() -> list[dict]:
    """The shared vignettes (facts and expectations), in file order."""
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(EXAMPLES_DIR.glob("*.json"))]
