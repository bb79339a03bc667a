"""Patient records in a store: put, get, list, delete, and the derived graph of each patient.

A patient lives in ``graph/patient/{id}``; its evaluated statuses in ``graph/derived/{id}`` (one
``sikg:TherapyAssessment`` per therapy, and the patient's derived states), so cohort questions
("who can get an IL-17 inhibitor?") are plain SPARQL on any store. Both graphs are written in one
update request: all or nothing.
"""

from __future__ import annotations

from rdflib import RDF, RDFS, Graph, Literal, URIRef

from kg import queries
from kg.catalog import Catalog
from kg.iris import PATIENT, STATE, SIKG, derived_graph, patient_graph
from kg.patients import PatientGraph, graph_facts
from kg.store.base import Store

PAGE_MAX = 1000


def derived_triples(answer: dict, catalog: Catalog, patient: URIRef) -> Graph:
    """The answer as RDF: assessments (status, rules) and the patient's states."""
    g = Graph()
    rule_iri = {r.id: r.iri for r in catalog.rules.values()}
    therapy_iri = {t.id: t.iri for t in catalog.therapies}
    status_iri = {s.name: s.iri for s in catalog.statuses.values()}
    for entry in answer["therapies"]:
        node = PATIENT[f"{answer['patient']}/assessment/{entry['therapy']}"]
        g.add((node, RDF.type, SIKG.TherapyAssessment))
        g.add((node, RDFS.label, Literal(f"{entry['therapy']}: {entry['status']}")))
        g.add((node, SIKG.forPatient, patient))
        g.add((node, SIKG.assessedTherapy, therapy_iri[entry["therapy"]]))
        g.add((node, SIKG.hasStatus, status_iri[entry["status"]]))
        g.add((node, SIKG.knowledgeVersion, Literal(answer["knowledgeVersion"])))
        for reason in entry["reasons"]:
            g.add((node, SIKG.becauseOfRule, rule_iri[reason["rule"]]))
            if reason["effect"] == entry["status"]:
                g.add((node, SIKG.decidedByRule, rule_iri[reason["rule"]]))
        for m in entry.get("missing", []):
            g.add((node, SIKG.missingFact, Literal(m)))
    for state in answer.get("states", []):
        g.add((patient, SIKG.inState, STATE[state]))
    return g


def put(store: Store, patient: PatientGraph, answer: dict, catalog: Catalog) -> bool:
    """Store the patient's facts and derived statuses; ``True`` when the patient is new."""
    created = not store.has_graph(patient_graph(patient.id))
    store.replace_graphs({patient_graph(patient.id): patient.graph,
                          derived_graph(patient.id): derived_triples(answer, catalog, patient.iri)})
    return created


def get(store: Store, patient_id: str, catalog: Catalog) -> PatientGraph | None:
    """The stored patient (as validated and completed when it was put), or None."""
    graph = store.get_graph(patient_graph(patient_id))
    patients = list(graph.subjects(RDF.type, SIKG.Patient))
    if not patients:
        return None
    p = patients[0]
    not_recognised = [
        {"system": str(graph.value(r, SIKG.recordedSystem)), "code": str(graph.value(r, SIKG.recordedCode))}
        for r in sorted(graph.objects(p, SIKG.hasCondition)) if graph.value(r, SIKG.ofCondition) is None
    ]
    return PatientGraph(patient_id, p, graph, not_recognised)


def delete(store: Store, patient_id: str) -> bool:
    existed = store.has_graph(patient_graph(patient_id))
    store.replace_graphs({patient_graph(patient_id): Graph(), derived_graph(patient_id): Graph()})
    return existed


def list_ids(store: Store, after: str = "", limit: int = 100) -> list[str]:
    """Patient ids in order, after ``after`` (keyset paging; at most PAGE_MAX)."""
    rows = store.select(queries.load("api/patient-ids").text, {"after": Literal(after)})
    return [str(r["id"]) for r in rows][: min(limit, PAGE_MAX)]


def to_facts(patient: PatientGraph, catalog: Catalog) -> dict:
    """The stored patient as contract JSON (codes as recorded; records in source order)."""
    return graph_facts(patient.graph, patient.iri, catalog)[0]
