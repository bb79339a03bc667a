"""The eligibility engine end to end: the shared vignettes, JSON vs RDF input, answer shape,
policy parameters and rules as data (edit the graph, see the answers change)."""

import ast
import re

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from sikg_testdata import REPO_ROOT, example_cases
from kg.eligibility import Engine
from kg.iris import GRAPH_CONTENT, GRAPH_POLICY, POLICY, RULE, SIKG, STATUS
from kg.patients import from_json, from_rdf

CAN = {"recommended", "eligible", "caution"}
CASES = example_cases()


def evaluate(engine, facts):
    answer = engine.evaluate(from_json(facts, engine.catalog))
    assert_explained(answer)
    return answer


def status_of(answer, therapy):
    return next(t["status"] for t in answer["therapies"] if t["therapy"] == therapy)


def assert_explained(answer):
    """CONTRACT.md: every entry not `eligible` carries a reason with a rule id and a citation."""
    for entry in answer["therapies"]:
        if entry["status"] != "eligible":
            assert any(r["rule"] and r["citations"] for r in entry["reasons"]), entry
        for reason in entry["reasons"]:
            for c in reason["citations"]:
                assert {"key", "verified", "direction", "strength"} <= c.keys(), c
        if entry["status"] == "unknown":
            assert entry.get("missing"), entry


@pytest.mark.parametrize("case", CASES, ids=[c["case"] for c in CASES])
def test_vignette(engine, case):
    answer = evaluate(engine, case["facts"])
    expect = case["expect"]
    statuses = {t["therapy"]: t["status"] for t in answer["therapies"]}
    if "pathway" in expect:
        assert answer["pathway"] == expect["pathway"]
    for t in expect.get("recommended", []):
        assert statuses[t] == "recommended", (t, statuses[t])
    for t in expect.get("can", []):
        assert statuses[t] in CAN, (t, statuses[t])
    for t in expect.get("cannot", []):
        assert statuses[t] not in CAN, (t, statuses[t])
    for t, s in expect.get("status", {}).items():
        assert statuses[t] == s, (t, statuses[t])
    warned = {w["rule"] for w in answer["warnings"]}
    assert set(expect.get("warnings", [])) <= warned
    if expect.get("missingNonEmpty"):
        assert answer["missing"]


@pytest.mark.parametrize("case", CASES, ids=[c["case"] for c in CASES])
def test_json_and_rdf_input_agree(engine, case):
    """JSON -> RDF -> answer and RDF (Turtle, JSON-LD) -> answer give the same answer."""
    from_facts = from_json(case["facts"], engine.catalog)
    expected = engine.evaluate(from_facts)
    for media_type, fmt in (("text/turtle", "turtle"), ("application/ld+json", "json-ld")):
        data = from_facts.graph.serialize(format=fmt)
        assert engine.evaluate(from_rdf(data, media_type, engine.catalog)) == expected, media_type


def test_answer_shape(engine):
    answer = evaluate(engine, CASES[0]["facts"])
    ids = [t.id for t in engine.catalog.therapies]
    assert sorted(t["therapy"] for t in answer["therapies"]) == sorted(ids)  # every therapy, once
    order = [s.name for s in sorted(engine.catalog.statuses.values(), key=lambda s: s.display)]
    assert order == ["recommended", "eligible", "caution", "unknown", "deferred", "not-indicated",
                     "not-recommended", "contraindicated"]
    keys = [(order.index(t["status"]), ids.index(t["therapy"])) for t in answer["therapies"]]
    assert keys == sorted(keys)
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}\+[0-9a-f]{12}", answer["knowledgeVersion"])
    adalimumab = next(t for t in answer["therapies"] if t["therapy"] == "adalimumab")
    assert adalimumab["class"] == "tnf-inhibitor"
    assert {"system": "rxnorm", "code": "327361", "verified": False} in adalimumab["codes"]
    assert {"system": "atc", "code": "L04AB04", "verified": True} in adalimumab["codes"]


def test_contract_example_reasons(engine):
    """The CONTRACT.md example patient: IL-17 inhibitor because TNFi are contraindicated (NYHA 3)."""
    facts = {"id": "pt-0001", "age": 62, "sex": "male",
             "diagnoses": [{"system": "icd10cm", "code": "M45.8"}],
             "conditions": [{"system": "icd10cm", "code": "I50.22", "status": "active"},
                            {"system": "icd10cm", "code": "E11.9"}],
             "findings": [{"code": "nyha-class", "value": 3}, {"code": "sij-jsn", "value": "severe"},
                          {"code": "crp-elevated", "value": True}],
             "treatments": [{"therapy": {"system": "rxnorm", "code": "7258"}, "dose": "full", "durationDays": 35, "outcome": "failure"},
                            {"therapy": {"system": "sikg", "code": "adalimumab"}, "durationDays": 112, "outcome": "primary-nonresponse"},
                            {"therapy": {"system": "cpt", "code": "27096"}, "outcome": "failure"}]}
    answer = evaluate(engine, facts)
    assert answer["notRecognised"] == [{"system": "icd10cm", "code": "E11.9"}]
    secukinumab = next(t for t in answer["therapies"] if t["therapy"] == "secukinumab")
    assert secukinumab["status"] == "recommended"
    r5 = [r for r in secukinumab["reasons"] if r["rule"] == "R5" and r["effect"] == "recommended"]
    assert {r["about"] for r in r5} == {"il17-inhibitor"}
    assert any("finding nyha-class=3" in r["facts"] for r in r5)  # TNFi not an option
    assert any("treatment adalimumab: primary-nonresponse, 112 days" in r["facts"] for r in r5)  # a TNFi failed
    acr = next(c for c in r5[0]["citations"] if c["key"] == "ACR2019")
    assert acr["doi"] == "10.1002/art.41042" and acr["verified"] is False
    adalimumab = next(t for t in answer["therapies"] if t["therapy"] == "adalimumab")
    assert adalimumab["status"] == "contraindicated"
    assert {"R10", "R7"} <= {r["rule"] for r in adalimumab["reasons"]}  # losing reasons are kept


def test_missing_durations_are_named_by_json_path(engine):
    facts = {"id": "m1", "diagnoses": [{"system": "icd10cm", "code": "M45.8"}],
             "treatments": [{"therapy": {"system": "sikg", "code": "naproxen"}, "outcome": "response"},
                            {"therapy": {"system": "sikg", "code": "ibuprofen"}, "outcome": "failure"}]}
    answer = evaluate(engine, facts)
    assert status_of(answer, "adalimumab") == "unknown"
    assert answer["missing"] == ["treatments[1].durationDays"]


# ---------------------------------------------------------------- policy parameters are data

def _fresh_engine(engine) -> Engine:
    """A private copy of the session engine, safe to change."""
    import pyoxigraph as ox

    store = ox.Store()
    store.extend(list(engine.store))
    return Engine(store, engine.knowledge_version)


def _set_policy(engine, name, value):
    g = Graph()
    for q in engine.store.quads_for_pattern(None, None, None, _ox(GRAPH_POLICY)):
        g.add((URIRef(q.subject.value), URIRef(q.predicate.value), _lit(q.object)))
    param = POLICY[name]
    assert (param, SIKG.parameterValue, None) in g, name
    g.set((param, SIKG.parameterValue, Literal(str(value), datatype=XSD.decimal)))
    engine.replace_graph(GRAPH_POLICY, g)


def _ox(iri):
    import pyoxigraph as ox

    return ox.NamedNode(str(iri))


def _lit(term):
    import pyoxigraph as ox

    if isinstance(term, ox.Literal):
        return Literal(term.value, datatype=URIRef(term.datatype.value), lang=term.language) if not term.language else Literal(term.value, lang=term.language)
    return URIRef(term.value)


AS = [{"system": "icd10cm", "code": "M45.8"}]
CRP = [{"code": "crp-elevated", "value": True}]


def _nsaid(code, days, outcome="failure"):
    return {"therapy": {"system": "sikg", "code": code}, "durationDays": days, "outcome": outcome}


MECHANICAL_ALL_FAILED = [_nsaid("naproxen", 56),
                         {"therapy": {"system": "sikg", "code": "physical-therapy-active"}, "outcome": "failure", "durationDays": 90},
                         {"therapy": {"system": "cpt", "code": "27096"}, "outcome": "failure"},
                         {"therapy": {"system": "sikg", "code": "sij-radiofrequency-ablation"}, "outcome": "failure"}]

POLICY_FLIPS = [
    # parameter, new value, facts, therapy, status before, status after
    ("nsaid-trial-count", 2, {"id": "c", "diagnoses": AS, "findings": CRP, "treatments": [_nsaid("naproxen", 35)]},
     "adalimumab", "recommended", "deferred"),
    ("nsaid-trial-days", 42, {"id": "d", "diagnoses": AS, "findings": CRP, "treatments": [_nsaid("naproxen", 35)]},
     "adalimumab", "recommended", "deferred"),
    ("fusion-block-relief-pct", 50, {"id": "f", "diagnoses": [{"system": "icd10cm", "code": "M53.3"}],
                                     "findings": [{"code": "sij-block-relief-pct", "value": 60}, {"code": "continued-sij-pain", "value": True}],
                                     "treatments": MECHANICAL_ALL_FAILED},
     "percutaneous-sij-fusion", "not-indicated", "recommended"),
    ("tnfi-primary-nonresponse-days", 84, {"id": "t", "diagnoses": AS, "findings": CRP,
                                           "treatments": [_nsaid("naproxen", 35), _nsaid("adalimumab", 112)]},
     "golimumab", "eligible", "recommended"),
    ("nsaid-pregnancy-week", 30, {"id": "p", "diagnoses": AS, "findings": CRP + [{"code": "gestational-weeks", "value": 25}]},
     "naproxen", "contraindicated", "recommended"),
    ("jaki-age-caution", 50, {"id": "j", "age": 55, "diagnoses": AS, "findings": CRP,
                              "treatments": [_nsaid("naproxen", 35), _nsaid("adalimumab", 300)]},
     "tofacitinib", "eligible", "caution"),
]


def test_every_policy_parameter_is_flipped(engine):
    rows = engine.store.query(
        "SELECT ?n WHERE { ?p a <https://w3id.org/sikg/ontology#PolicyParameter> ; <https://w3id.org/sikg/ontology#parameterName> ?n }",
        use_default_graph_as_union=True)
    names = {row["n"].value for row in rows}
    assert names == {f[0] for f in POLICY_FLIPS}


@pytest.mark.parametrize("name,value,facts,therapy,before,after", POLICY_FLIPS, ids=[f[0] for f in POLICY_FLIPS])
def test_policy_parameter_changes_answer(engine, name, value, facts, therapy, before, after):
    private = _fresh_engine(engine)
    assert status_of(evaluate(private, facts), therapy) == before
    _set_policy(private, name, value)
    assert status_of(evaluate(private, facts), therapy) == after
    assert status_of(evaluate(engine, facts), therapy) == before  # the shared engine is untouched


# ---------------------------------------------------------------- rules are data

def _edit_content(engine, remove=(), add=()):
    import pyoxigraph as ox

    g = _ox(GRAPH_CONTENT)
    for s, p, o in remove:
        for q in list(engine.store.quads_for_pattern(_ox(s) if s else None, _ox(p) if p else None,
                                                     (_ox(o) if isinstance(o, URIRef) else None) if o is not None else None, g)):
            engine.store.remove(q)
    for s, p, o in add:
        engine.store.add(ox.Quad(_ox(s), _ox(p), _ox(o), g))
    engine.reload()


P09 = next(c["facts"] for c in CASES if c["case"] == "P09")
P04 = next(c["facts"] for c in CASES if c["case"] == "P04")


def test_removing_a_rule_effect_changes_the_answer(engine):
    """R14's only effect removed: prednisone falls back to the default rule (R0, not-indicated)."""
    private = _fresh_engine(engine)
    assert status_of(evaluate(private, P09), "prednisone") == "not-recommended"
    _edit_content(private, remove=[(RULE["R14/effect/1"], None, None)])
    answer = evaluate(private, P09)
    assert status_of(answer, "prednisone") == "not-indicated"
    prednisone = next(t for t in answer["therapies"] if t["therapy"] == "prednisone")
    assert [r["rule"] for r in prednisone["reasons"]] == ["R0"]


def test_editing_a_rule_effect_status_changes_the_answer(engine):
    """R4's first effect edited from recommended to eligible: TNF inhibitors become eligible."""
    private = _fresh_engine(engine)
    assert status_of(evaluate(private, P09), "adalimumab") == "recommended"
    effect = RULE["R4/effect/1"]
    _edit_content(private, remove=[(effect, SIKG.yieldsStatus, None)], add=[(effect, SIKG.yieldsStatus, STATUS["eligible"])])
    assert status_of(evaluate(private, P09), "adalimumab") == "eligible"


def test_removing_a_contraindication_changes_the_answer(engine):
    """R10's heart-failure effect removed: TNF inhibitors are no longer contraindicated for P04."""
    private = _fresh_engine(engine)
    assert status_of(evaluate(private, P04), "adalimumab") == "contraindicated"
    _edit_content(private, remove=[(RULE["R10/effect/1"], None, None)])
    assert status_of(evaluate(private, P04), "adalimumab") != "contraindicated"


def test_removing_an_override_changes_the_answer(engine):
    """Without `R6 overridesRule R4`, R4's `recommended` for the other TNFi no longer loses to R6."""
    facts = next(c["facts"] for c in CASES if c["case"] == "P06")
    private = _fresh_engine(engine)
    answer = evaluate(private, facts)
    assert status_of(answer, "golimumab") == "eligible"
    # R6 primary nonresponse: secukinumab recommended by R6 and R5; R5's eligible clause does not apply
    _edit_content(private, remove=[(RULE["R6/effect/1"], SIKG.yieldsStatus, None)],
                  add=[(RULE["R6/effect/1"], SIKG.yieldsStatus, STATUS["eligible"])])
    assert status_of(evaluate(private, facts), "secukinumab") == "eligible"  # R6 overrides R5's recommended
    _edit_content(private, remove=[(RULE["R6"], SIKG.overridesRule, RULE["R5"])])
    answer = evaluate(private, facts)
    assert status_of(answer, "secukinumab") == "eligible"  # both stand now, the lower level wins
    _edit_content(private, remove=[(RULE["R6/effect/1"], None, None)])
    assert status_of(evaluate(private, facts), "secukinumab") == "recommended"  # only R5 speaks


ENGINE_MODULES = ["eligibility.py", "catalog.py", "patients.py", "codes.py", "rows.py"]


def test_no_rule_or_therapy_id_literal_in_engine_code(engine):
    ids = {t.id for t in engine.catalog.therapies} | {t.class_id for t in engine.catalog.therapies}
    for module in ENGINE_MODULES:
        tree = ast.parse((REPO_ROOT / "kg" / module).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                assert not re.fullmatch(r"R\d{1,2}", node.value), (module, node.value)
                assert node.value not in ids, (module, node.value)
