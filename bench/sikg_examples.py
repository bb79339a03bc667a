"""The shared vignettes' facts, for the benchmark (the same files the tests run)."""

from kg.examples import example_facts


def vignettes() -> list[dict]:
    facts = example_facts()
    if not facts:
        raise SystemExit("the shared examples (../shared/clinical/examples) are not there")
    return facts
