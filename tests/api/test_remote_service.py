"""The whole service end to end on an external SPARQL 1.1 store: a real ``oxigraph serve
--union-default-graph`` on loopback (``oxigraph_server`` fixture), the real knowledge build, the app
configured with ``remote_query_url`` / ``remote_update_url`` / ``remote_store_url``.

Start-up sync of the knowledge graphs, eligibility (same JSON as the embedded engine), stored
patients (put, get as JSON and Turtle, paging, evaluation, delete), the derived graphs read by cohort
SPARQL, /sparql (formats, errors, the row limit), SPARQL Update and the Graph Store Protocol through
the app with protected graphs still refused. Every test needs the oxigraph CLI (PyPI ``oxigraph``)
and is skipped, with that reason, when it is absent.
"""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, URIRef

from api.main import create_app
from kg import queries
from kg.iris import GRAPH_CONTENT, GRAPH_INFERRED, GRAPH_ONTOLOGY, GRAPH_POLICY
from kg.store import RemoteStore, _read_graphs
from kg.store.base import values_clause
from sikg_testdata import example_cases

from conftest import AUTH, make_settings  # tests/api/conftest.py

_OXIGRAPH = Path(sys.executable).parent / "oxigraph"
pytestmark = [
    pytest.mark.live,  # the oxigraph_server fixture starts `oxigraph serve` on 127.0.0.1
    pytest.mark.skipif(not _OXIGRAPH.exists(),  # where the oxigraph_server fixture looks for it
                       reason="the oxigraph CLI is not installed (pip install oxigraph): "
                              "no external SPARQL store to run the service on"),
]

FACTS = {c["case"]: c["facts"] for c in example_cases()}
SIKG = "https://w3id.org/sikg/ontology#"
ADALIMUMAB = "https://w3id.org/sikg/therapy/adalimumab"
JSON_RESULTS = {"accept": "application/sparql-results+json"}


def _urls(url: str) -> dict:
    return dict(remote_query_url=url + "/query", remote_update_url=url + "/update", remote_store_url=url + "/store")


@pytest.fixture(scope="module")
def remote(oxigraph_server) -> str:
    """The oxigraph server, emptied (the compliance suite shares it)."""
    r = httpx.post(oxigraph_server + "/update", content="DROP SILENT ALL",
                   headers={"Content-Type": "application/sparql-update"})
    assert r.status_code < 300, r.text
    return oxigraph_server


@pytest.fixture(scope="module")
def rc(tmp_path_factory, knowledge, remote):
    """The app on the remote store with the real knowledge build and the engine."""
    app = create_app(make_settings(tmp_path_factory.mktemp("remote-svc"), knowledge, load_engine=True, **_urls(remote)))
    with TestClient(app) as c:
        yield c


@pytest.fixture(scope="module")
def direct(remote):
    """A RemoteStore on the same server, to see what the app wrote."""
    store = RemoteStore(**{k.removeprefix("remote_"): v for k, v in _urls(remote).items()})
    yield store
    store.close()


def statuses(answer):
    return {t["therapy"]: t["status"] for t in answer["therapies"]}


def bindings(r):
    assert r.status_code == 200, r.text
    return r.json()["results"]["bindings"]


# ------------------------------------------------------------------------------ start-up ----
def test_knowledge_graphs_are_synced_into_the_remote_store(rc, direct, knowledge):
    import json

    manifest = json.loads((knowledge / "manifest.json").read_text())
    version = manifest.get("knowledgeVersion") or manifest["knowledge_version"]
    health = rc.get("/health")
    assert health.status_code == 200 and health.json() == {"status": "ok", "knowledgeVersion": version}
    assert rc.get("/version").json()["store"] == "RemoteStore"
    names = set(direct.graph_names())
    assert {GRAPH_ONTOLOGY, GRAPH_CONTENT, GRAPH_INFERRED, GRAPH_POLICY} <= names
    q = f"ASK {{ GRAPH <{GRAPH_INFERRED}> {{ <{ADALIMUMAB}> a <{SIKG}TNFInhibitor> }} }}"
    r = rc.post("/sparql", data={"query": q}, headers=JSON_RESULTS)
    assert r.status_code == 200 and r.json()["boolean"] is True
    rows = bindings(rc.get("/sparql", params={"query": f"SELECT ?g WHERE {{ GRAPH ?g {{ <{ADALIMUMAB}> a <{SIKG}TNFInhibitor> }} }}"},
                           headers=JSON_RESULTS))
    assert {b["g"]["value"] for b in rows} == {str(GRAPH_INFERRED)}


def test_ontology_is_read_from_the_remote_store(rc):
    r = rc.get("/ontology", headers={"accept": "text/turtle"})
    assert r.status_code == 200 and "TNFInhibitor" in r.text


# --------------------------------------------------------------------------- eligibility ----
@pytest.mark.parametrize("case", sorted(FACTS))
def test_eligibility_matches_the_embedded_engine(rc, engine, case):
    from kg.patients import from_json

    r = rc.post("/eligibility", json=FACTS[case])
    assert r.status_code == 200, r.text
    assert r.json() == engine.evaluate(from_json(FACTS[case], engine.catalog))


# ------------------------------------------------------------------------------ patients ----
def test_patient_lifecycle(rc, direct, engine):
    from kg.iris import derived_graph, patient_graph
    from kg.patients import from_json

    facts = dict(FACTS["P06"], id="rlife-1")
    r = rc.put("/patients/rlife-1", json=facts)
    assert r.status_code == 201, r.text
    assert r.headers["location"] == "/patients/rlife-1"
    assert rc.put("/patients/rlife-1", json=facts).status_code == 200
    assert direct.has_graph(patient_graph("rlife-1")) and direct.has_graph(derived_graph("rlife-1"))
    got = rc.get("/patients/rlife-1")
    assert got.status_code == 200
    assert got.json()["id"] == "rlife-1"
    assert got.json()["treatments"][1]["therapy"] == {"system": "sikg", "code": "adalimumab"}
    ttl = rc.get("/patients/rlife-1", headers={"accept": "text/turtle"})
    assert ttl.status_code == 200 and ttl.headers["content-type"].startswith("text/turtle")
    assert len(Graph().parse(data=ttl.text, format="turtle")) == len(direct.get_graph(patient_graph("rlife-1")))
    ev = rc.get("/patients/rlife-1/eligibility")
    assert ev.status_code == 200
    assert ev.json() == engine.evaluate(from_json(facts, engine.catalog))
    assert statuses(ev.json())["secukinumab"] == "recommended"
    assert rc.put("/patients/other", json=facts).json()["error"]["code"] == "id_mismatch"
    assert rc.delete("/patients/rlife-1").status_code == 204
    assert not direct.has_graph(patient_graph("rlife-1")) and not direct.has_graph(derived_graph("rlife-1"))
    assert rc.get("/patients/rlife-1").status_code == 404
    assert rc.get("/patients/rlife-1/eligibility").status_code == 404
    assert rc.delete("/patients/rlife-1").status_code == 404


@pytest.fixture(scope="module")
def stored(rc):
    """The example patients P01-P09 stored through the app (removed afterwards)."""
    ids = [f"P0{i}" for i in range(1, 10)]
    for pid in ids:
        r = rc.put(f"/patients/{pid}", json=FACTS[pid])
        assert r.status_code in (200, 201), r.text
    yield ids
    for pid in ids:
        rc.delete(f"/patients/{pid}")


def test_patient_paging(rc, stored):
    first = rc.get("/patients", params={"limit": 4}).json()
    assert first == {"patients": ["P01", "P02", "P03", "P04"], "next": "P04"}
    second = rc.get("/patients", params={"limit": 4, "after": first["next"]}).json()
    assert second == {"patients": ["P05", "P06", "P07", "P08"], "next": "P08"}
    third = rc.get("/patients", params={"limit": 4, "after": second["next"]}).json()
    assert third == {"patients": ["P09"], "next": None}
    assert rc.get("/patients", params={"limit": 0}).status_code == 422


def test_derived_graph_answers_cohort_questions(rc, stored):
    query = queries.load("examples/cohort-can-receive-class").text + values_clause(
        {"class": URIRef(SIKG + "IL17Inhibitor")})
    rows = bindings(rc.post("/sparql", data={"query": query}, headers=JSON_RESULTS))
    recommended = {(b["patientId"]["value"], b["therapy"]["value"]) for b in rows if b["status"]["value"] == "recommended"}
    assert ("P04", "secukinumab") in recommended and ("P06", "ixekizumab") in recommended
    assert not any(b["patientId"]["value"] == "P05" for b in rows)  # Crohn's: IL-17i not recommended


# -------------------------------------------------------------------------------- /sparql ----
THERAPIES = f"SELECT ?t WHERE {{ ?t a <{SIKG}Therapy> }} ORDER BY ?t"


def test_sparql_select_json_and_csv(rc):
    rows = bindings(rc.get("/sparql", params={"query": THERAPIES}, headers=JSON_RESULTS))
    assert {"type": "uri", "value": ADALIMUMAB} in [b["t"] for b in rows]
    r = rc.post("/sparql", content=THERAPIES, headers={"content-type": "application/sparql-query", "accept": "text/csv"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    table = list(csv.reader(io.StringIO(r.text)))
    assert table[0] == ["t"] and [row[0] for row in table[1:]] == [b["t"]["value"] for b in rows]


def test_sparql_construct_as_turtle(rc):
    q = f"CONSTRUCT {{ ?t a <{SIKG}TNFInhibitor> }} WHERE {{ GRAPH <{GRAPH_INFERRED}> {{ ?t a <{SIKG}TNFInhibitor> }} }}"
    r = rc.post("/sparql", data={"query": q}, headers={"accept": "text/turtle"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    g = Graph().parse(data=r.text, format="turtle")
    assert (URIRef(ADALIMUMAB), URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), URIRef(SIKG + "TNFInhibitor")) in g


def test_sparql_ask_and_not_acceptable(rc):
    r = rc.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}, headers={"accept": "application/sparql-results+xml"})
    assert r.status_code == 200 and "<boolean>true</boolean>" in r.text
    r = rc.get("/sparql", params={"query": THERAPIES}, headers={"accept": "image/png"})
    assert r.status_code == 406 and r.json()["error"]["code"] == "not_acceptable"


def test_sparql_errors(rc):
    r = rc.get("/sparql", params={"query": "SELECT WHERE {"})
    assert r.status_code == 400 and r.json()["error"]["code"] == "syntax_error"
    r = rc.post("/sparql", data={"update": "DROP ALL"})
    assert r.status_code == 400 and r.json()["error"]["code"] == "update_not_allowed"
    r = rc.post("/sparql", data={"query": "DROP ALL"})
    assert r.status_code == 400
    r = rc.get("/sparql", params={"query": "SELECT * { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }"})
    assert r.status_code == 400 and r.json()["error"]["code"] == "service_not_allowed"


def test_sparql_protocol_dataset_and_relative_iris(rc):
    q = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    rows = bindings(rc.get("/sparql", params={"query": q, "default-graph-uri": str(GRAPH_POLICY)}, headers=JSON_RESULTS))
    n_policy = int(rows[0]["n"]["value"])
    rows = bindings(rc.get("/sparql", params={"query": q}, headers=JSON_RESULTS))
    assert 0 < n_policy < int(rows[0]["n"]["value"])
    rows = bindings(rc.get("/sparql", params={"query": "SELECT ?x WHERE { BIND(<rel> AS ?x) }"}, headers=JSON_RESULTS))
    assert rows[0]["x"]["value"] == "http://testserver/rel"  # relative IRIs resolve against /sparql's URL


# ------------------------------------------------------------------------------- writes ----
def test_update_through_the_app_reaches_the_remote_store(rc, direct, knowledge):
    g = URIRef("https://w3id.org/sikg/graph/user/remote-test")
    upd = f"INSERT DATA {{ GRAPH <{g}> {{ <urn:x:a> <urn:x:b> 1 }} }}"
    assert rc.post("/sparql/update", content=upd, headers={"content-type": "application/sparql-update"}).status_code == 401
    r = rc.post("/sparql/update", content=upd, headers={"content-type": "application/sparql-update", **AUTH})
    assert r.status_code == 204, r.text
    assert direct.ask("ASK { GRAPH ?g { <urn:x:a> <urn:x:b> 1 } }", {"g": g})
    for bad in (f"INSERT DATA {{ GRAPH <{GRAPH_CONTENT}> {{ <urn:x:a> <urn:x:b> 1 }} }}",
                f"DROP GRAPH <{GRAPH_INFERRED}>", "LOAD <http://127.0.0.1:1/x.ttl>",
                "DELETE { GRAPH ?g { ?s ?p ?o } } WHERE { GRAPH ?g { ?s ?p ?o } }"):
        r = rc.post("/sparql/update", content=bad, headers={"content-type": "application/sparql-update", **AUTH})
        assert r.status_code == 403, (bad, r.text)
    before = len(direct.get_graph(GRAPH_CONTENT))
    r = rc.post("/sparql/update", content="CLEAR ALL", headers={"content-type": "application/sparql-update", **AUTH})
    assert r.status_code == 204, r.text
    assert not direct.has_graph(g)  # user graphs cleared, protected graphs spared
    assert len(direct.get_graph(GRAPH_CONTENT)) == before and direct.has_graph(GRAPH_ONTOLOGY)
    assert direct.has_graph(GRAPH_INFERRED)
    # CLEAR ALL emptied graph/policy too (it is not protected); put it back for the other tests
    r = rc.put("/sparql/store", params={"graph": str(GRAPH_POLICY)}, headers={"content-type": "application/n-triples", **AUTH},
               content=_read_graphs(knowledge / "knowledge.nq")[GRAPH_POLICY].serialize(format="nt"))
    assert r.status_code in (201, 204), r.text


def test_graph_store_through_the_app_reaches_the_remote_store(rc, direct):
    g = URIRef("https://w3id.org/sikg/graph/user/gsp-test")
    ttl = "<urn:x:s> <urn:x:p> \"v\" ."
    nt = {"content-type": "application/n-triples"}
    assert rc.put("/sparql/store", params={"graph": str(g)}, content=ttl, headers=nt).status_code == 401
    r = rc.put("/sparql/store", params={"graph": str(g)}, content=ttl, headers={**nt, **AUTH})
    assert r.status_code == 201, r.text
    assert len(direct.get_graph(g)) == 1
    r = rc.post("/sparql/store", params={"graph": str(g)}, content="<urn:x:s> <urn:x:p> \"w\" .", headers={**nt, **AUTH})
    assert r.status_code == 204 and len(direct.get_graph(g)) == 2
    r = rc.get("/sparql/store", params={"graph": str(g)}, headers={"accept": "application/n-triples"})
    assert r.status_code == 200 and len(Graph().parse(data=r.text, format="nt")) == 2
    for graph in (GRAPH_ONTOLOGY, GRAPH_CONTENT, GRAPH_INFERRED):
        for method in ("PUT", "POST", "DELETE"):
            r = rc.request(method, "/sparql/store", params={"graph": str(graph)}, content=ttl, headers={**nt, **AUTH})
            assert r.status_code == 403 and r.json()["error"]["code"] == "protected_graph", (method, graph)
    assert direct.has_graph(GRAPH_CONTENT)
    assert rc.delete("/sparql/store", params={"graph": str(g)}, headers=AUTH).status_code == 204
    assert not direct.has_graph(g)
    assert rc.delete("/sparql/store", params={"graph": str(g)}, headers=AUTH).status_code == 404
    assert rc.get("/sparql/store", params={"graph": str(g)}).status_code == 404


def test_policy_change_through_the_graph_store_changes_answers(rc):
    facts = dict(FACTS["P09"], treatments=FACTS["P09"]["treatments"][:1])  # one NSAID failed, 28 days
    before = rc.post("/eligibility", json=facts).json()
    assert statuses(before)["adalimumab"] == "recommended"
    policy = rc.get("/sparql/store", params={"graph": str(GRAPH_POLICY)}, headers={"accept": "application/n-triples"}).text
    count = '<https://w3id.org/sikg/policy/nsaid-trial-count> <https://w3id.org/sikg/ontology#parameterValue> "1"'
    assert count in policy
    headers = {"content-type": "application/n-triples", **AUTH}
    try:
        r = rc.put("/sparql/store", params={"graph": str(GRAPH_POLICY)}, content=policy.replace(count, count.replace('"1"', '"2"')),
                   headers=headers)
        assert r.status_code in (200, 201, 204), r.text
        after = rc.post("/eligibility", json=facts).json()
        assert statuses(after)["adalimumab"] == "deferred"
        assert after["knowledgeVersion"] != before["knowledgeVersion"]
    finally:
        rc.put("/sparql/store", params={"graph": str(GRAPH_POLICY)}, content=policy, headers=headers)
    restored = rc.post("/eligibility", json=facts).json()
    assert restored == before  # same answer, and the build's knowledge version again


# ------------------------------------------------------------------------------ row limit ----
@pytest.fixture(scope="module")
def limited(tmp_path_factory, rc, remote):
    """A second app on the same remote store (graphs already there) with query_max_rows=5."""
    app = create_app(make_settings(tmp_path_factory.mktemp("remote-limited"), None, load_knowledge=False,
                                   query_max_rows=5, **_urls(remote)))
    with TestClient(app) as c:
        yield c


@pytest.mark.parametrize("accept", ["application/sparql-results+json", "application/sparql-results+xml",
                                    "text/csv", "text/tab-separated-values", None])
def test_row_limit_select(limited, accept):
    headers = {"accept": accept} if accept else {}
    for n in (1, 5):
        r = limited.get("/sparql", params={"query": THERAPIES + f" LIMIT {n}"}, headers=headers)
        assert r.status_code == 200, r.text
        if accept in (None, "application/sparql-results+json"):
            assert len(r.json()["results"]["bindings"]) == n
    for q in (THERAPIES, THERAPIES + " LIMIT 6", "SELECT * WHERE { ?s ?p ?o }"):
        r = limited.get("/sparql", params={"query": q}, headers=headers)
        assert r.status_code == 422, r.text
        assert r.json()["error"]["code"] == "too_many_rows"


def test_row_limit_construct(limited):
    q = f"CONSTRUCT {{ ?t a <{SIKG}Therapy> }} WHERE {{ ?t a <{SIKG}Therapy> }}"
    r = limited.get("/sparql", params={"query": q + " LIMIT 5"}, headers={"accept": "text/turtle"})
    assert r.status_code == 200 and len(Graph().parse(data=r.text, format="turtle")) == 5
    r = limited.get("/sparql", params={"query": q}, headers={"accept": "text/turtle"})
    assert r.status_code == 422 and r.json()["error"]["code"] == "too_many_rows"


def test_row_limit_leaves_ask_alone(limited):
    r = limited.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}, headers=JSON_RESULTS)
    assert r.status_code == 200 and r.json()["boolean"] is True
