"""kg.reasoner on small graphs: closure, inverse links, inconsistency, unsatisfiable classes."""

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from kg.build import ONTOLOGY_DIR
from kg.reasoner import reason
from kg.terms import SIKG

pytestmark = pytest.mark.java

DRUG = URIRef("https://w3id.org/sikg/therapy/test-drug")
CODE = URIRef("https://w3id.org/sikg/code/rxnorm/0")


@pytest.fixture(scope="module")
def tbox() -> Graph:
    return Graph().parse(ONTOLOGY_DIR / "core.ttl", format="turtle")


def with_abox(tbox: Graph, *triples) -> Graph:
    graph = Graph()
    for triple in (*tbox, *triples):
        graph.add(triple)
    return graph


def test_types_subclasses_and_inverses(tbox):
    result = reason(with_abox(tbox, (DRUG, RDF.type, SIKG.TNFiFusionProtein), (DRUG, SIKG.hasCode, CODE),
                              (DRUG, SIKG.answerClass, SIKG.TNFInhibitor)))
    assert result.consistent and result.unsatisfiable == []
    assert {SIKG.TNFInhibitor, SIKG.Biologic, SIKG.PathwayDependentTherapy, SIKG.Therapy} <= result.types_of(DRUG)
    assert OWL.Thing not in result.types_of(DRUG)
    assert (CODE, SIKG.codeOf, DRUG) in result.inferred
    assert (CODE, RDF.type, SIKG.Code) in result.inferred  # range of sikg:hasCode
    assert (SIKG.TNFiFusionProtein, RDFS.subClassOf, SIKG.Concept) in result.inferred
    assert not any(s == o for s, _, o in result.inferred.triples((None, RDFS.subClassOf, None)))
    assert result.types_of(SIKG.TNFInhibitor) == set()  # a punned class keeps its asserted types only


def test_inconsistency_is_reported(tbox):
    result = reason(with_abox(tbox, (DRUG, RDF.type, SIKG.TNFiFusionProtein),
                              (DRUG, RDF.type, SIKG.TNFiMonoclonalAntibody)))
    assert not result.consistent
    assert len(result.inferred) == 0


def test_unsatisfiable_class_is_reported(tbox):
    bad = SIKG.TNFInhibitor + "AndIL17Inhibitor"
    result = reason(with_abox(tbox, (bad, RDF.type, OWL.Class), (bad, RDFS.subClassOf, SIKG.TNFInhibitor),
                              (bad, RDFS.subClassOf, SIKG.IL17Inhibitor)))
    assert result.consistent
    assert result.unsatisfiable == [bad]


def test_imports_are_not_fetched(tbox):
    graph = with_abox(tbox, (URIRef("https://w3id.org/sikg/ontology/core"), OWL.imports,
                             URIRef("http://sikg.invalid/never-fetched")))
    assert reason(graph).consistent
