"""Against a real ``sikg serve`` (uvicorn) on 127.0.0.1: SPARQLWrapper in every result format,
persistence across a restart."""

from __future__ import annotations

import httpx
import pytest
from rdflib import Graph
from SPARQLWrapper import CSV, JSON, JSONLD, N3, RDFXML, TSV, TURTLE, XML, SPARQLWrapper

from tests.api.conftest import AUTH

pytestmark = pytest.mark.live

SELECT = "SELECT ?t ?label WHERE { ?t <http://www.w3.org/2000/01/rdf-schema#label> ?label } ORDER BY ?label"
ASK = "ASK { ?t <http://www.w3.org/2000/01/rdf-schema#label> 'naproxen' }"
CONSTRUCT = "CONSTRUCT { ?t <http://www.w3.org/2000/01/rdf-schema#label> ?l } WHERE { GRAPH <https://w3id.org/sikg/graph/content> { ?t <http://www.w3.org/2000/01/rdf-schema#label> ?l } }"


def wrapper(server, query, fmt) -> SPARQLWrapper:
    w = SPARQLWrapper(server.url + "/sparql")
    w.setQuery(query)
    w.setReturnFormat(fmt)
    return w


def test_select_json(live_server):
    rows = wrapper(live_server, SELECT, JSON).queryAndConvert()["results"]["bindings"]
    assert [r["label"]["value"] for r in rows] == ["adalimumab", "naproxen", "therapy"]


def test_select_xml(live_server):
    doc = wrapper(live_server, SELECT, XML).queryAndConvert()
    assert [n.firstChild.data for n in doc.getElementsByTagName("literal")] == ["adalimumab", "naproxen", "therapy"]


@pytest.mark.parametrize("fmt,sep", [(CSV, ","), (TSV, "\t")])
def test_select_csv_tsv(live_server, fmt, sep):
    text = wrapper(live_server, SELECT, fmt).queryAndConvert().decode()
    lines = text.strip().splitlines()
    assert len(lines) == 4 and sep in lines[0]


@pytest.mark.parametrize("fmt", [JSON, XML])
def test_ask(live_server, fmt):
    converted = wrapper(live_server, ASK, fmt).queryAndConvert()
    if fmt == JSON:
        assert converted["boolean"] is True
    else:
        assert converted.getElementsByTagName("boolean")[0].firstChild.data == "true"


@pytest.mark.parametrize("fmt", [TURTLE, N3, RDFXML, JSONLD, "nt"])
def test_construct(live_server, fmt):
    w = wrapper(live_server, CONSTRUCT, fmt)
    if fmt == "nt":  # SPARQLWrapper has no N-Triples constant: ask by Accept header
        w.setOnlyConneg(True)
        w.addCustomHttpHeader("Accept", "application/n-triples")
        g = Graph().parse(data=w.query().response.read().decode(), format="nt")
    else:
        g = w.queryAndConvert()
        if not isinstance(g, Graph):  # Turtle/N3/JSON-LD come back as bytes
            g = Graph().parse(data=g, format={TURTLE: "turtle", N3: "n3", JSONLD: "json-ld"}[fmt])
    assert len(g) == 2


def test_update_refused_without_token(live_server):
    r = httpx.post(live_server.url + "/sparql/update", content="CLEAR ALL",
                   headers={"Content-Type": "application/sparql-update"})
    assert r.status_code == 401


def test_patient_graph_survives_a_restart(live_server_factory, tmp_path):
    graph = "https://w3id.org/sikg/graph/patient/pt-live"
    server = live_server_factory()
    r = httpx.put(server.url + "/sparql/store", params={"graph": graph}, content=b"<urn:x:s> <urn:x:p> 'kept' .",
                  headers={"Content-Type": "text/turtle", **AUTH})
    assert r.status_code == 201
    server.stop()
    server = live_server_factory(data_dir=tmp_path / "data")
    r = httpx.get(server.url + "/sparql", params={"query": f"ASK {{ GRAPH <{graph}> {{ ?s ?p 'kept' }} }}"},
                  headers={"Accept": "application/sparql-results+json"})
    assert r.json()["boolean"] is True
    assert httpx.get(server.url + "/version").json()["knowledgeVersion"]
