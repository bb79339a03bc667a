"""GET /ontology: content negotiation in four syntaxes, each parsed back and compared as a graph."""

from __future__ import annotations

import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic

from tests.api.conftest import KNOWLEDGE_NQ


def ontology_graph() -> Graph:
    ds = Dataset()
    ds.parse(data=KNOWLEDGE_NQ, format="nquads")
    g = Graph()
    for t in ds.graph(URIRef("https://w3id.org/sikg/graph/ontology")):
        g.add(t)
    return g


@pytest.mark.parametrize("accept,fmt", [("text/turtle", "turtle"), ("application/rdf+xml", "xml"),
                                        ("application/ld+json", "json-ld"), ("application/n-triples", "nt")])
def test_negotiated(client, accept, fmt):
    r = client.get("/ontology", headers={"Accept": accept})
    assert r.status_code == 200 and r.headers["content-type"].startswith(accept)
    assert isomorphic(Graph().parse(data=r.text, format=fmt), ontology_graph())


def test_default_is_turtle_and_q_values_count(client):
    assert client.get("/ontology").headers["content-type"].startswith("text/turtle")
    r = client.get("/ontology", headers={"Accept": "text/turtle;q=0.2, application/rdf+xml;q=0.9"})
    assert r.headers["content-type"].startswith("application/rdf+xml")


@pytest.mark.parametrize("param,media", [("ttl", "text/turtle"), ("jsonld", "application/ld+json"),
                                         ("rdfxml", "application/rdf+xml"), ("nt", "application/n-triples")])
def test_format_parameter(client, param, media):
    assert client.get("/ontology", params={"format": param}).headers["content-type"].startswith(media)


@pytest.mark.parametrize("kwargs", [dict(headers={"Accept": "text/html"}), dict(params={"format": "docx"})])
def test_not_acceptable(client, kwargs):
    r = client.get("/ontology", **kwargs)
    assert r.status_code == 406 and r.json()["error"]["code"] == "not_acceptable"
