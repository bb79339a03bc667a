"""Shared test fixtures: repository paths and the knowledge build, run once per session."""

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def knowledge() -> Path:
    """The build directory after ``kg.build.ensure_built()`` (builds only when stale)."""
    from kg.build import ensure_built

    return ensure_built().parent


@pytest.fixture(scope="session")
def engine(knowledge):
    """One eligibility engine for the whole session (knowledge loaded once)."""
    from kg.eligibility import Engine

    return Engine.load()
