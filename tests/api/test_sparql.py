"""/sparql, /sparql/update and /sparql/store through FastAPI's TestClient: formats parsed back, the
dataset parameters, the row limit and the timeout, access control and every kind of bad input."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

from api.main import create_app
from tests.api.conftest import AUTH, make_settings

THERAPIES = "SELECT ?t ?label WHERE { ?t a <https://w3id.org/sikg/ontology#Therapy> ; <http://www.w3.org/2000/01/rdf-schema#label> ?label } ORDER BY ?label"
CONSTRUCT = "CONSTRUCT { ?t <http://www.w3.org/2000/01/rdf-schema#label> ?l } WHERE { GRAPH <https://w3id.org/sikg/graph/content> { ?t <http://www.w3.org/2000/01/rdf-schema#label> ?l } }"
PATIENT_GRAPH = "https://w3id.org/sikg/graph/patient/pt-1"


def labels(client, accept="application/sparql-results+json"):
    return client.get("/sparql", params={"query": THERAPIES}, headers={"Accept": accept})


def expected_graph() -> Graph:
    g = Graph()
    for name in ("adalimumab", "naproxen"):
        g.add((URIRef(f"https://w3id.org/sikg/therapy/{name}"), URIRef("http://www.w3.org/2000/01/rdf-schema#label"),
               Literal(name)))
    return g


# ------------------------------------------------------------------------------ results ----
def test_select_json_over_the_union(client):
    r = labels(client)
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/sparql-results+json")
    rows = r.json()["results"]["bindings"]
    assert [row["label"]["value"] for row in rows] == ["adalimumab", "naproxen"]  # content + inferred graphs


def test_select_xml(client):
    r = labels(client, "application/sparql-results+xml")
    assert r.headers["content-type"].startswith("application/sparql-results+xml")
    ns = "{http://www.w3.org/2005/sparql-results#}"
    values = [lit.text for lit in ET.fromstring(r.content).iter(ns + "literal")]
    assert values == ["adalimumab", "naproxen"]


@pytest.mark.parametrize("accept,delimiter", [("text/csv", ","), ("text/tab-separated-values", "\t")])
def test_select_csv_tsv(client, accept, delimiter):
    r = labels(client, accept)
    assert r.status_code == 200 and r.headers["content-type"].startswith(accept)
    rows = list(csv.reader(io.StringIO(r.text), delimiter=delimiter))
    assert rows[0] == (["t", "label"] if delimiter == "," else ["?t", "?label"])
    assert len(rows) == 3


@pytest.mark.parametrize("accept", ["application/sparql-results+json", "application/sparql-results+xml"])
def test_ask(client, accept):
    r = client.get("/sparql", params={"query": "ASK { ?s a <http://www.w3.org/2002/07/owl#Class> }"},
                   headers={"Accept": accept})
    assert r.status_code == 200
    if "json" in accept:
        assert r.json()["boolean"] is True
    else:
        assert "<boolean>true</boolean>" in r.text


@pytest.mark.parametrize("accept,fmt", [("text/turtle", "turtle"), ("application/n-triples", "nt"),
                                        ("application/ld+json", "json-ld"), ("application/rdf+xml", "xml")])
def test_construct_formats(client, accept, fmt):
    r = client.post("/sparql", content=CONSTRUCT, headers={"Content-Type": "application/sparql-query", "Accept": accept})
    assert r.status_code == 200 and r.headers["content-type"].startswith(accept)
    assert isomorphic(Graph().parse(data=r.text, format=fmt), expected_graph())


def test_post_form(client):
    r = client.post("/sparql", data={"query": THERAPIES})
    assert r.status_code == 200 and len(r.json()["results"]["bindings"]) == 2


def test_protocol_dataset(client):
    q = "SELECT ?t WHERE { ?t a ?c }"
    r = client.get("/sparql", params={"query": q, "default-graph-uri": "https://w3id.org/sikg/graph/inferred"})
    assert [b["t"]["value"] for b in r.json()["results"]["bindings"]] == ["https://w3id.org/sikg/therapy/adalimumab"]
    r = client.get("/sparql", params={"query": "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
                                      "named-graph-uri": "https://w3id.org/sikg/graph/policy"})
    assert {b["g"]["value"] for b in r.json()["results"]["bindings"]} == {"https://w3id.org/sikg/graph/policy"}


def test_from_clause_is_honoured(client):
    q = "SELECT ?t FROM <https://w3id.org/sikg/graph/inferred> WHERE { ?t a ?c }"
    r = client.get("/sparql", params={"query": q})
    assert len(r.json()["results"]["bindings"]) == 1


# ------------------------------------------------------------------------------ limits ----
def test_row_limit_is_an_error_not_a_truncation(tmp_path, build_dir):
    app = create_app(make_settings(tmp_path, build_dir, query_max_rows=3))
    with TestClient(app) as c:
        r = c.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
        assert r.status_code == 422
        assert r.json()["error"]["code"] == "too_many_rows" and "LIMIT" in r.json()["error"]["message"]
        assert c.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 3"}).status_code == 200


def test_timeout_kills_the_query(tmp_path, build_dir):
    app = create_app(make_settings(tmp_path, build_dir, query_timeout_s=0.5))
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o . ?p ?q ?r . ?s ?t ?u }"
    with TestClient(app) as c:
        r = c.get("/sparql", params={"query": slow})
        assert r.status_code == 503 and r.json()["error"]["code"] == "query_timeout"
        assert c.get("/sparql", params={"query": "ASK {}"}).json()["boolean"] is True  # a fresh worker


# ----------------------------------------------------------------------------- bad input ----
@pytest.mark.parametrize("kwargs,status", [
    (dict(method="GET", url="/sparql", params={"query": "SELECT WHERE {"}), 400),
    (dict(method="GET", url="/sparql"), 400),
    (dict(method="GET", url="/sparql", params=[("query", "ASK {}"), ("query", "ASK {}")]), 400),
    (dict(method="GET", url="/sparql", params={"query": "   "}), 400),
    (dict(method="GET", url="/sparql", params={"update": "CLEAR ALL"}), 400),
    (dict(method="GET", url="/sparql", params={"query": "ASK {}", "default-graph-uri": "not an iri"}), 400),
    (dict(method="GET", url="/sparql", params={"query": "SELECT * { SERVICE <http://example.org/> { ?s ?p ?o } }"}), 400),
    (dict(method="GET", url="/sparql", params={"query": "ASK {}"}, headers={"Accept": "image/png"}), 406),
    (dict(method="PUT", url="/sparql", params={"query": "ASK {}"}), 405),
    (dict(method="POST", url="/sparql", content=b"ASK {}", headers={"Content-Type": "text/plain"}), 415),
    (dict(method="POST", url="/sparql", content=b"ASK {}"), 415),
    (dict(method="POST", url="/sparql", content="ASK {}".encode("utf-16"),
          headers={"Content-Type": "application/sparql-query; charset=UTF-16"}), 415),
    (dict(method="POST", url="/sparql", content=b"ASK { \xff }", headers={"Content-Type": "application/sparql-query"}), 400),
    (dict(method="POST", url="/sparql", content=b"query=%FF", headers={"Content-Type": "application/x-www-form-urlencoded"}), 400),
    (dict(method="POST", url="/sparql", content=b"update=CLEAR+ALL", headers={"Content-Type": "application/x-www-form-urlencoded"}), 400),
    (dict(method="POST", url="/sparql", content=b"x" * 11_000_000, headers={"Content-Type": "application/sparql-query"}), 413),
])
def test_bad_query_requests_are_structured_4xx(client, kwargs, status):
    r = client.request(**kwargs)
    assert r.status_code == status, r.text
    body = r.json()["error"]
    assert body["status"] == status and body["message"]


def test_syntax_error_carries_the_parser_message(client):
    r = client.get("/sparql", params={"query": "SELECT ?x WHERE { ?x ?y }"})
    assert r.status_code == 400 and r.json()["error"]["detail"].startswith("error at")


# ------------------------------------------------------------------------------- update ----
def update(client, text, headers=AUTH, **params):
    return client.post("/sparql/update", content=text.encode(), params=params,
                       headers={"Content-Type": "application/sparql-update", **headers})


def test_update_needs_the_token(client):
    text = f"INSERT DATA {{ GRAPH <{PATIENT_GRAPH}> {{ <urn:x:a> <urn:x:p> 1 }} }}"
    assert update(client, text, headers={}).status_code == 401
    assert update(client, text, headers={"Authorization": "Bearer wrong"}).status_code == 403
    assert update(client, text).status_code == 204
    r = client.get("/sparql", params={"query": f"ASK {{ GRAPH <{PATIENT_GRAPH}> {{ <urn:x:a> ?p 1 }} }}"})
    assert r.json()["boolean"] is True  # the query workers see the write


@pytest.mark.parametrize("text,code", [
    ("INSERT DATA { GRAPH <https://w3id.org/sikg/graph/ontology> { <urn:x:a> <urn:x:p> 1 } }", "protected_graph"),
    ("PREFIX g: <https://w3id.org/sikg/graph/> DROP GRAPH g:content", "protected_graph"),
    ("WITH <https://w3id.org/sikg/graph/inferred> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "protected_graph"),
    ("DELETE WHERE { GRAPH <https://w3id.org/sikg/graph/content> { ?s ?p ?o } }", "protected_graph"),
    ("MOVE <https://w3id.org/sikg/graph/content> TO <urn:x:g>", "protected_graph"),
    ("DELETE { GRAPH ?g { ?s ?p ?o } } WHERE { GRAPH ?g { ?s ?p ?o } }", "variable_graph_not_allowed"),
    ("LOAD <http://example.org/data.ttl>", "load_not_allowed"),
])
def test_protected_graphs_are_refused(client, text, code):
    r = update(client, text)
    assert r.status_code == 403 and r.json()["error"]["code"] == code


def test_clear_all_spares_the_protected_graphs(tmp_path, build_dir):
    with TestClient(create_app(make_settings(tmp_path, build_dir))) as c:
        assert update(c, f"INSERT DATA {{ GRAPH <{PATIENT_GRAPH}> {{ <urn:x:a> <urn:x:p> 1 }} }}").status_code == 204
        assert update(c, "CLEAR ALL").status_code == 204
        r = c.get("/sparql", params={"query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"})
        graphs = {b["g"]["value"] for b in r.json()["results"]["bindings"]}
        assert graphs == {"https://w3id.org/sikg/graph/ontology", "https://w3id.org/sikg/graph/content",
                          "https://w3id.org/sikg/graph/inferred"}


def test_policy_graph_may_be_changed(client):
    text = "INSERT DATA { GRAPH <https://w3id.org/sikg/graph/policy> { <urn:x:p> <urn:x:v> 2 } }"
    assert update(client, text).status_code == 204


@pytest.mark.parametrize("kwargs,status", [
    (dict(method="GET", url="/sparql/update", params={"update": "CLEAR ALL"}), 405),
    (dict(method="POST", url="/sparql/update", content=b"CLEAR ALL", headers={"Content-Type": "text/plain", **AUTH}), 415),
    (dict(method="POST", url="/sparql/update", content=b"INSERT NONSENSE", headers={"Content-Type": "application/sparql-update", **AUTH}), 400),
    (dict(method="POST", url="/sparql/update", content=b"update=a&update=b", headers={"Content-Type": "application/x-www-form-urlencoded", **AUTH}), 400),
    (dict(method="POST", url="/sparql/update", params={"using-graph-uri": "urn:x:g"}, content=b"WITH <urn:x:h> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", headers={"Content-Type": "application/sparql-update", **AUTH}), 400),
    (dict(method="POST", url="/sparql/update", content=b"INSERT DATA { <urn:x:a> <urn:x:b> x:y }", headers={"Content-Type": "application/sparql-update", **AUTH}), 400),
])
def test_bad_updates(client, kwargs, status):
    r = client.request(**kwargs)
    assert r.status_code == status, r.text
    assert r.json()["error"]["message"]


def test_writes_off_without_a_token(tmp_path, build_dir):
    with TestClient(create_app(make_settings(tmp_path, build_dir, admin_token=None))) as c:
        r = update(c, "CLEAR ALL")
        assert r.status_code == 403 and r.json()["error"]["code"] == "writes_disabled"
        r = c.put("/sparql/store", params={"graph": PATIENT_GRAPH}, content=b"", headers={"Content-Type": "text/turtle", **AUTH})
        assert r.status_code == 403
        assert c.get("/sparql", params={"query": "ASK {}"}).status_code == 200


# -------------------------------------------------------------------------- graph store ----
def test_graph_store_round_trip(client):
    ttl = b"<urn:x:s> <urn:x:p> 'o' ."
    put = client.put("/sparql/store", params={"graph": PATIENT_GRAPH + "b"}, content=ttl,
                     headers={"Content-Type": "text/turtle", **AUTH})
    assert put.status_code == 201
    got = client.get("/sparql/store", params={"graph": PATIENT_GRAPH + "b"}, headers={"Accept": "application/n-triples"})
    assert isomorphic(Graph().parse(data=got.text, format="nt"), Graph().parse(data=ttl, format="turtle"))
    assert client.post("/sparql/store", params={"graph": PATIENT_GRAPH + "b"}, content=b"<urn:x:s> <urn:x:p> <urn:x:o2> .",
                       headers={"Content-Type": "application/n-triples", **AUTH}).status_code == 204
    assert client.delete("/sparql/store", params={"graph": PATIENT_GRAPH + "b"}, headers=AUTH).status_code == 204
    assert client.get("/sparql/store", params={"graph": PATIENT_GRAPH + "b"}).status_code == 404
    assert client.delete("/sparql/store", params={"graph": PATIENT_GRAPH + "b"}, headers=AUTH).status_code == 404


@pytest.mark.parametrize("kwargs,status", [
    (dict(method="PUT", params={"graph": "https://w3id.org/sikg/graph/content"}, content=b"", headers={"Content-Type": "text/turtle", **AUTH}), 403),
    (dict(method="DELETE", params={"graph": "https://w3id.org/sikg/graph/ontology"}, headers=AUTH), 403),
    (dict(method="PUT", params={"graph": PATIENT_GRAPH}, content=b"<urn:x:s> <urn:x:p>", headers={"Content-Type": "text/turtle", **AUTH}), 400),
    (dict(method="PUT", params={"graph": PATIENT_GRAPH}, content=b"{}", headers={"Content-Type": "application/json", **AUTH}), 415),
    (dict(method="PUT", params={"graph": PATIENT_GRAPH}, content=b"", headers={"Content-Type": "text/turtle"}), 401),
    (dict(method="GET", params={}), 400),
    (dict(method="GET", params={"graph": "no iri"}), 400),
    (dict(method="GET", params=[("graph", "urn:x:a"), ("default", "")]), 400),
])
def test_bad_graph_store_requests(client, kwargs, status):
    r = client.request(url="/sparql/store", **kwargs)
    assert r.status_code == status, r.text
    assert r.json()["error"]["message"]


def test_openapi_lists_the_endpoints(client):
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/sparql", "/sparql/update", "/sparql/store", "/ontology", "/health", "/version"} <= set(paths)
    assert json.loads(json.dumps(paths))  # serialisable
