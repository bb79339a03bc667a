"""The edited ontology sources are in the one canonical Turtle form (STYLE.md 6)."""

import pytest

from kg import build, canonical

SOURCES = [build.TOP_FILE, *build.module_files()]


@pytest.mark.parametrize("path", SOURCES, ids=[p.name for p in SOURCES])
def test_module_is_canonical(path):
    text = path.read_text(encoding="utf-8")
    assert canonical.canonical_text(text) == text, f"run `sikg format` ({path.name} is not canonical)"


def test_format_is_idempotent_and_keeps_header():
    text = "@prefix sikg: <https://w3id.org/sikg/ontology#> .\n# header line\n\nsikg:b sikg:p sikg:c .\n# gone\nsikg:a sikg:p 1 .\n"
    once = canonical.canonical_text(text)
    assert once.startswith("# header line\n\n@prefix")
    assert "# gone" not in once
    assert canonical.canonical_text(once) == once


@pytest.mark.parametrize("path", SOURCES, ids=[p.name for p in SOURCES])
def test_canonical_form_keeps_every_triple(path):
    from rdflib import Graph
    from rdflib.compare import isomorphic

    text = path.read_text(encoding="utf-8")
    before = Graph().parse(data=text, format="turtle")
    after = Graph().parse(data=canonical.canonical_text(text), format="turtle")
    assert isomorphic(before, after)


def test_typed_literals_keep_their_lexical_form():
    text = '@prefix sikg: <https://w3id.org/sikg/ontology#> .\n@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\nsikg:a sikg:v "28"^^xsd:decimal, 1.5, 3, true .\n'
    out = canonical.canonical_text(text)
    assert '"28"^^xsd:decimal' in out and "1.5" in out and " 3" in out and "true" in out
