"""IRI scheme of SIKG: namespaces for individuals and the named graphs (docs/CONVENTIONS.md).

Vocabulary terms come from :mod:`kg.terms` (a generated, closed namespace); individuals are minted
here from validated ids only, never by splitting IRIs.
"""

from rdflib import Namespace, URIRef

BASE = "https://w3id.org/sikg/"

SIKG = Namespace(BASE + "ontology#")  # open view of the vocabulary; code should prefer kg.terms
THERAPY = Namespace(BASE + "therapy/")
CONDITION = Namespace(BASE + "condition/")
FINDING = Namespace(BASE + "finding/")
CODESYSTEM = Namespace(BASE + "codesystem/")
CODE = Namespace(BASE + "code/")
RULE = Namespace(BASE + "rule/")
CITATION = Namespace(BASE + "citation/")
STATUS = Namespace(BASE + "status/")
STATE = Namespace(BASE + "state/")
POLICY = Namespace(BASE + "policy/")
PATIENT = Namespace(BASE + "patient/")
GRAPH = Namespace(BASE + "graph/")

ONTOLOGY_IRI = URIRef(BASE + "ontology")
MODULE = Namespace(BASE + "ontology/")

GRAPH_ONTOLOGY = GRAPH["ontology"]
GRAPH_CONTENT = GRAPH["content"]
GRAPH_POLICY = GRAPH["policy"]
GRAPH_INFERRED = GRAPH["inferred"]
KNOWLEDGE_GRAPHS = (GRAPH_ONTOLOGY, GRAPH_CONTENT, GRAPH_POLICY, GRAPH_INFERRED)
PROTECTED_GRAPHS = (GRAPH_ONTOLOGY, GRAPH_CONTENT, GRAPH_INFERRED)  # policy may be changed by admins

PREFIXES = {
    "sikg": str(SIKG),
    "therapy": str(THERAPY),
    "condition": str(CONDITION),
    "finding": str(FINDING),
    "codesystem": str(CODESYSTEM),
    "code": str(CODE),
    "rule": str(RULE),
    "citation": str(CITATION),
    "status": str(STATUS),
    "state": str(STATE),
    "policy": str(POLICY),
    "patient": str(PATIENT),
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "bibo": "http://purl.org/ontology/bibo/",
}


def patient_iri(patient_id: str) -> URIRef:
    """The patient's IRI; ``patient_id`` must already be validated (1-64 of A-Z a-z 0-9 . _ -)."""
    return PATIENT[patient_id]


def patient_graph(patient_id: str) -> URIRef:
    return GRAPH["patient/" + patient_id]


def derived_graph(patient_id: str) -> URIRef:
    return GRAPH["derived/" + patient_id]
