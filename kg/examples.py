"""The shared example patients (../shared/clinical/examples), loaded into a store for demos."""

from __future__ import annotations

import json
import os
from pathlib import Path

EXAMPLES_DIR = Path(os.environ.get("SIKG_EXAMPLES_DIR", Path(__file__).resolve().parent.parent.parent / "shared" / "clinical" / "examples"))


def example_facts(directory: Path = EXAMPLES_DIR) -> list[dict]:
    """The ``facts`` of every vignette, in file order (empty when the folder is absent)."""
    return [json.loads(p.read_text(encoding="utf-8"))["facts"] for p in sorted(Path(directory).glob("*.json"))]


def load_examples(store, engine, directory: Path = EXAMPLES_DIR) -> int:
    """Validate, evaluate and store every example patient; returns how many were stored."""
    from kg import records
    from kg.patients import from_json

    patients = [from_json(f, engine.catalog) for f in example_facts(directory)]
    for patient, answer in zip(patients, engine.evaluate_many(patients)):
        records.put(store, patient, answer, engine.catalog)
    return len(patients)
