"""The service on the real knowledge build: eligibility, stored patients, therapies, rules, the
derived graphs cohort queries read, policy changes, and the informaticists' stored queries run
through /sparql with SPARQLWrapper against a live server."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from SPARQLWrapper import JSON, SPARQLWrapper

from api.main import create_app
from kg import queries
from kg.iris import GRAPH_POLICY
from kg.store.base import values_clause
from rdflib import URIRef
from sikg_testdata import example_cases

from conftest import AUTH, LiveServer, make_settings  # tests/api/conftest.py

CASES = example_cases()
ENGINE_ON = {"SIKG_LOAD_ENGINE": "true"}
FACTS = {c["case"]: c["facts"] for c in CASES}


@pytest.fixture(scope="module")
def real_build(knowledge) -> Path:
    return knowledge


@pytest.fixture(scope="module")
def app_client(tmp_path_factory, real_build):
    app = create_app(make_settings(tmp_path_factory.mktemp("svc"), real_build, load_engine=True, examples=True))
    with TestClient(app) as c:
        yield c


def statuses(answer):
    return {t["therapy"]: t["status"] for t in answer["therapies"]}


@pytest.mark.parametrize("case", sorted(FACTS))
def test_post_eligibility_matches_the_engine(app_client, engine, case):
    r = app_client.post("/eligibility", json=FACTS[case])
    assert r.status_code == 200
    from kg.patients import from_json

    assert r.json() == engine.evaluate(from_json(FACTS[case], engine.catalog))


def test_post_eligibility_accepts_turtle_and_json_ld(app_client, engine):
    from kg.patients import from_json

    patient = from_json(FACTS["P04"], engine.catalog)
    expected = app_client.post("/eligibility", json=FACTS["P04"]).json()
    for media, fmt in (("text/turtle", "turtle"), ("application/ld+json", "json-ld")):
        r = app_client.post("/eligibility", content=patient.graph.serialize(format=fmt), headers={"content-type": media})
        assert r.status_code == 200, r.text
        assert r.json() == expected


BAD = [
    ("malformed-json", b'{"id": ', "application/json", 400, "malformed_json"),
    ("not-an-object", b"[1, 2]", "application/json", 422, "invalid_facts"),
    ("bad-id", b'{"id": "a b"}', "application/json", 422, "invalid_facts"),
    ("unknown-field", b'{"id": "a", "weight": 80}', "application/json", 422, "invalid_facts"),
    ("unknown-therapy", b'{"id": "a", "treatments": [{"therapy": {"system": "rxnorm", "code": "1"}, "outcome": "failure"}]}',
     "application/json", 422, "invalid_facts"),
    ("bad-turtle", b"this is not turtle", "text/turtle", 422, "invalid_facts"),
    ("shacl", b'@prefix sikg: <https://w3id.org/sikg/ontology#> . <http://x/p> a sikg:Patient ; sikg:ageYears 500 .',
     "text/turtle", 422, "invalid_facts"),
    ("media-type", b"id,age", "text/csv", 415, "unsupported_media_type"),
]


@pytest.mark.parametrize("name,body,media,status,code", BAD, ids=[b[0] for b in BAD])
def test_bad_input_is_a_structured_4xx(app_client, name, body, media, status, code):
    r = app_client.post("/eligibility", content=body, headers={"content-type": media})
    assert r.status_code == status, r.text
    assert r.json()["error"]["code"] == code
    if code == "invalid_facts":
        assert all({"path", "msg"} <= p.keys() for p in r.json()["error"]["detail"])
    r = app_client.put("/patients/bad-input", content=body, headers={"content-type": media})
    assert r.status_code == status
    assert app_client.get("/patients/bad-input").status_code == 404  # nothing stored


def test_oversized_body_is_413(app_client):
    r = app_client.post("/eligibility", content=b" " * 10_000_001, headers={"content-type": "application/json"})
    assert r.status_code == 413


def test_patient_lifecycle(app_client):
    facts = dict(FACTS["P06"], id="life-1")
    r = app_client.put("/patients/life-1", json=facts)
    assert r.status_code == 201 and r.headers["location"] == "/patients/life-1"
    assert app_client.put("/patients/life-1", json=facts).status_code == 200
    got = app_client.get("/patients/life-1").json()
    assert got["id"] == "life-1" and got["treatments"][1]["therapy"] == {"system": "sikg", "code": "adalimumab"}
    ttl = app_client.get("/patients/life-1", headers={"accept": "text/turtle"})
    assert ttl.headers["content-type"].startswith("text/turtle") and "patientId" in ttl.text
    assert statuses(app_client.get("/patients/life-1/eligibility").json())["secukinumab"] == "recommended"
    assert app_client.put("/patients/other", json=facts).json()["error"]["code"] == "id_mismatch"
    assert app_client.delete("/patients/life-1").status_code == 204
    assert app_client.get("/patients/life-1").status_code == 404
    assert app_client.delete("/patients/life-1").status_code == 404
    assert app_client.get("/patients/bad%20id").status_code == 422


def test_patient_paging(app_client):
    first = app_client.get("/patients", params={"limit": 4}).json()
    assert first["patients"] == ["P01", "P02", "P03", "P04"] and first["next"] == "P04"
    second = app_client.get("/patients", params={"limit": 4, "after": first["next"]}).json()
    assert second["patients"] == ["P05", "P06", "P07", "P08"]
    assert app_client.get("/patients", params={"limit": 0}).status_code == 422


def test_therapies_rules_citations(app_client):
    therapies = app_client.get("/therapies").json()
    assert len(therapies) == 28 and therapies[0]["therapy"] == "ibuprofen"
    ada = app_client.get("/therapies/adalimumab").json()
    assert ada["class"] == "tnf-inhibitor"
    assert {"R10"} <= {c["rule"] for c in ada["contraindications"]}
    assert {"R4"} <= {i["rule"] for i in ada["indications"]}
    assert any(c["key"] == "ACR2019" for rec in ada["recommendations"] for c in rec["citations"])
    assert app_client.get("/therapies/aspirin").status_code == 404
    rules = app_client.get("/rules").json()
    assert [r["rule"] for r in rules] == [f"R{i}" for i in range(32)]
    r6 = app_client.get("/rules/R6").json()
    assert r6["overrides"] == ["R4", "R5"] and len(r6["effects"]) == 4
    assert app_client.get("/rules/R99").status_code == 404
    citations = {c["key"]: c for c in app_client.get("/citations").json()}
    assert citations["ACR2019"]["verified"] is False and citations["PP2024"]["verified"] is True


def test_derived_graph_answers_cohort_questions(app_client):
    query = queries.load("examples/cohort-can-receive-class").text + values_clause(
        {"class": URIRef("https://w3id.org/sikg/ontology#IL17Inhibitor")})
    r = app_client.post("/sparql", data={"query": query}, headers={"accept": "application/sparql-results+json"})
    rows = r.json()["results"]["bindings"]
    recommended = {(b["patientId"]["value"], b["therapy"]["value"]) for b in rows if b["status"]["value"] == "recommended"}
    assert ("P04", "secukinumab") in recommended and ("P06", "ixekizumab") in recommended
    assert not any(b["patientId"]["value"] == "P05" for b in rows)  # Crohn's: IL-17i not recommended


def test_policy_change_through_the_graph_store_changes_answers(tmp_path, real_build):
    facts = dict(FACTS["P09"], treatments=FACTS["P09"]["treatments"][:1])  # one NSAID failed, 28 days
    app = create_app(make_settings(tmp_path, real_build, load_engine=True))
    with TestClient(app) as c:
        before = c.post("/eligibility", json=facts).json()
        assert statuses(before)["adalimumab"] == "recommended"
        policy = c.get("/sparql/store", params={"graph": str(GRAPH_POLICY)}, headers={"accept": "application/n-triples"}).text
        count = '<https://w3id.org/sikg/policy/nsaid-trial-count> <https://w3id.org/sikg/ontology#parameterValue> "1"'
        assert count in policy
        changed = policy.replace(count, count.replace('"1"', '"2"'))
        r = c.put("/sparql/store", params={"graph": str(GRAPH_POLICY)}, content=changed,
                  headers={"content-type": "application/n-triples", **AUTH})
        assert r.status_code in (200, 201, 204), r.text
        after = c.post("/eligibility", json=facts).json()
        assert statuses(after)["adalimumab"] == "deferred"
        assert after["knowledgeVersion"] != before["knowledgeVersion"]


# ---------------------------------------------------------------- live server, SPARQLWrapper

@pytest.fixture(scope="module")
def live_examples(tmp_path_factory, real_build):
    server = LiveServer(tmp_path_factory.mktemp("live-examples") / "data", real_build, "--examples", env=ENGINE_ON)
    yield server
    server.stop()


def run(server, name, **bindings):
    text = queries.load(name).text + (values_clause({k: URIRef(v) for k, v in bindings.items()}) if bindings else "")
    client = SPARQLWrapper(server.url + "/sparql")
    client.setQuery(text)
    client.setReturnFormat(JSON)
    return [{k: v["value"] for k, v in b.items()} for b in client.query().convert()["results"]["bindings"]]


@pytest.mark.live
def test_informaticist_queries_through_sparqlwrapper(live_examples):
    sikg = "https://w3id.org/sikg/ontology#"
    il17 = run(live_examples, "examples/cohort-can-receive-class", **{"class": sikg + "IL17Inhibitor"})
    assert {"P04", "P06"} <= {r["patientId"] for r in il17}
    contra = run(live_examples, "examples/cohort-tnfi-contraindications")
    assert {(r["patientId"], r["ruleId"]) for r in contra} == {("P04", "R10")}
    recs = run(live_examples, "examples/recommendations-for-class", **{"class": sikg + "TNFInhibitor"})
    assert any(r["rule"].endswith("/R4") and r["citation"].endswith("/ACR2019") and r["strength"].endswith("strong") for r in recs), recs[:3]
    ada = run(live_examples, "examples/contraindications-of-therapy", therapy="https://w3id.org/sikg/therapy/adalimumab")
    assert any(r["rule"].endswith("/R10") for r in ada)
    assert len({r["disagreement"] for r in run(live_examples, "examples/source-disagreements")}) == 6


@pytest.mark.live
def test_stored_patients_survive_a_restart(tmp_path, real_build):
    import httpx

    data = tmp_path / "data"
    server = LiveServer(data, real_build, env=ENGINE_ON)
    try:
        facts = dict(FACTS["P04"], id="keep-me")
        assert httpx.put(server.url + "/patients/keep-me", json=facts, timeout=30).status_code == 201
    finally:
        server.stop()
    server = LiveServer(data, real_build, env=ENGINE_ON)
    try:
        r = httpx.get(server.url + "/patients/keep-me/eligibility", timeout=30)
        assert r.status_code == 200 and statuses(r.json())["secukinumab"] == "recommended"
    finally:
        server.stop()
