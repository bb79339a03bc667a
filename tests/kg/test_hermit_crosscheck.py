"""HermiT and SPARQL agree on the patient states OWL can express.

The logic module links patient states to OWL defined classes: ``sikg:stateClass`` (the class's
members are exactly the patients in the state) and ``sikg:sufficientStateClass`` (members are in the
state; the rest of the state needs sums, counts or closed-world negation, which only SPARQL does).
HermiT realises the example patients plus a few made for coverage; each patient's inferred classes
must match the states the SPARQL derivation put it in, both ways for ``stateClass``.

States covered both ways: inflammatory-bowel-disease, crohns-disease, ulcerative-colitis,
recurrent-uveitis, demyelinating-disease, active-tuberculosis, heart-failure-severe,
active-serious-infection, tnfi-contraindicated, tnfi-tried, tnfi-failed, pt-failed,
sij-injection-failed, rfa-failed, high-gi-risk. One way: nsaid-failure, inflammatory-pathway.
"""

import pytest
from rdflib import Graph

from sikg_testdata import example_cases
from kg import queries
from kg.iris import GRAPH_CONTENT, GRAPH_ONTOLOGY, SIKG
from kg.rows import select
from kg.patients import from_json

pytestmark = pytest.mark.java

AS = {"system": "icd10cm", "code": "M45.8"}
EXTRA = [
    {"id": "X-uc", "diagnoses": [AS], "conditions": [{"system": "icd10cm", "code": "K51.90", "status": "history"}]},
    {"id": "X-uveitis", "diagnoses": [AS], "conditions": [{"system": "icd10cm", "code": "H20.023"}]},
    {"id": "X-ms-history", "diagnoses": [AS], "conditions": [{"system": "icd10cm", "code": "G35", "status": "history"}]},
    {"id": "X-tb", "diagnoses": [AS], "conditions": [{"system": "icd10cm", "code": "A15.0"}]},
    {"id": "X-tb-history", "diagnoses": [AS], "conditions": [{"system": "icd10cm", "code": "A15.0", "status": "history"}]},
    {"id": "X-infection", "diagnoses": [AS], "findings": [{"code": "active-serious-infection", "value": True}]},
    {"id": "X-no-infection", "diagnoses": [AS], "findings": [{"code": "active-serious-infection", "value": False}]},
    {"id": "X-nyha4", "diagnoses": [AS], "findings": [{"code": "nyha-class", "value": 4}]},
    {"id": "X-nyha2", "diagnoses": [AS], "conditions": [{"system": "icd10cm", "code": "I50.9"}], "findings": [{"code": "nyha-class", "value": 2}]},
    {"id": "X-anticoag", "diagnoses": [AS], "conditions": [{"system": "icd10cm", "code": "Z79.01"}]},
    {"id": "X-jak", "diagnoses": [{"system": "icd10cm", "code": "M53.3"}],
     "treatments": [{"therapy": {"system": "sikg", "code": "tofacitinib"}, "outcome": "response"}]},
    {"id": "X-etanercept-ongoing", "diagnoses": [AS], "treatments": [{"therapy": {"system": "atc", "code": "L04AB01"}, "outcome": "ongoing"}]},
]


@pytest.fixture(scope="module")
def realised(engine):
    """(SPARQL states, HermiT classes) per patient IRI."""
    from kg.build import load_knowledge_graphs
    from kg.reasoner import reason

    patients = [from_json(c["facts"], engine.catalog) for c in example_cases()]
    patients += [from_json(f, engine.catalog) for f in EXTRA]
    dataset = load_knowledge_graphs()
    graph = Graph()
    for name in (GRAPH_ONTOLOGY, GRAPH_CONTENT):
        for triple in dataset.graph(name):
            graph.add(triple)
    for p in patients:
        graph += p.graph
    result = reason(graph)
    assert result.consistent, result.message
    answers = engine.evaluate_many(patients)
    return {p.iri: (set(a["states"]), result.types_of(p.iri)) for p, a in zip(patients, answers)}


def _links(engine, prop):
    rows = select(engine.store, queries.load("catalog/state-classes"))
    return sorted((r["name"], r["class"]) for r in rows if r["link"] == prop)


def test_state_classes_are_declared(engine):
    assert len(_links(engine, SIKG.stateClass)) >= 15
    assert len(_links(engine, SIKG.sufficientStateClass)) >= 2


def test_equivalent_state_classes_agree_both_ways(engine, realised):
    for name, cls in _links(engine, SIKG.stateClass):
        sparql = {p for p, (states, _) in realised.items() if name in states}
        hermit = {p for p, (_, types) in realised.items() if cls in types}
        assert sparql == hermit, (name, sorted(sparql ^ hermit))
        assert sparql, f"no test patient exercises {name}: the check would be empty"


def test_sufficient_state_classes_imply_the_state(engine, realised):
    for name, cls in _links(engine, SIKG.sufficientStateClass):
        hermit = {p for p, (_, types) in realised.items() if cls in types}
        sparql = {p for p, (states, _) in realised.items() if name in states}
        assert hermit, f"no test patient is a member of {cls}"
        assert hermit <= sparql, (name, sorted(hermit - sparql))
