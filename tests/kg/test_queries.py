"""Every stored query has the header and its declared outputs are its projection (STYLE.md 1-2)."""

from pathlib import Path

import pytest
from rdflib.plugins.sparql import prepareQuery

from kg import queries

ALL = queries.names()
HEADER = ("title", "purpose", "inputs", "outputs")


def test_there_are_queries():
    assert any(n.startswith("qc/") for n in ALL) and any(n.startswith("examples/") for n in ALL)


@pytest.mark.parametrize("name", ALL)
def test_header_and_projection(name):
    query = queries.load(name)
    for key in HEADER:
        assert query.header.get(key), f"{name}: header line '# {key}:' missing or empty"
    prepared = prepareQuery(query.text)  # raises on a syntax error
    if query.form == "SELECT":
        projected = [str(v) for v in prepared.algebra["PV"]]
        declared = list(dict.fromkeys(query.outputs))  # a note may name an output again
        assert declared == projected, name


@pytest.mark.parametrize("name", [n for n in ALL if n.startswith("qc/")])
def test_qc_queries_are_violation_queries(name):
    query = queries.load(name)
    assert Path(name).name.endswith("-violation")
    assert query.form == "SELECT" and query.outputs == ["entity", "property", "value"]


@pytest.mark.parametrize("name", [n for n in ALL if n.startswith("examples/")])
def test_example_inputs_are_projected(name):
    """pyoxigraph substitutes only projected variables, so an input must be an output too."""
    query = queries.load(name)
    assert set(query.inputs) <= set(query.outputs), name


EXAMPLE_INPUTS = {  # an input per example, so each one runs on the real graph
    "examples/recommendations-for-class": {"class": "https://w3id.org/sikg/ontology#TNFInhibitor"},
    "examples/contraindications-of-therapy": {"therapy": "https://w3id.org/sikg/therapy/adalimumab"},
    "examples/source-disagreements": {},
}


@pytest.mark.java
@pytest.mark.parametrize("name", sorted(EXAMPLE_INPUTS))
def test_examples_answer_on_the_real_graph(name, knowledge):
    import pyoxigraph as ox

    from kg import qc
    from kg.build import KNOWLEDGE_FILE

    store = qc.store_from_nquads(knowledge / KNOWLEDGE_FILE)
    substitutions = {ox.Variable(k): ox.NamedNode(v) for k, v in EXAMPLE_INPUTS[name].items()}
    rows = list(store.query(queries.load(name).text, use_default_graph_as_union=True,
                            substitutions=substitutions))
    assert rows, name


def test_every_example_has_inputs_for_its_test():
    # cohort-* examples read derived graphs of stored patients: tests/api/test_service.py runs them
    knowledge_only = {n for n in ALL if n.startswith("examples/") and not n.startswith("examples/cohort-")}
    assert knowledge_only == set(EXAMPLE_INPUTS)
