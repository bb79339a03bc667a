"""QC queries: clean on the real graph, each one catches its broken fixture, all in the profile."""

import pytest
from rdflib import Dataset, Literal

from kg import qc
from kg.build import KNOWLEDGE_FILE
from kg.iris import GRAPH_CONTENT
from sikg_testdata import FIXTURE_DIR, SHARED_DIR

QC_FIXTURES = FIXTURE_DIR / "qc"
RULES_MD = SHARED_DIR / "clinical" / "RULES.md"
FIXTURE_BINDINGS = {"missing-rule-violation": {"ruleId": [Literal("R0"), Literal("R1")]}}
BROKEN = "https://w3id.org/sikg/fixture/broken/"
EXPECTED_ENTITY = {  # the entity each fixture's row must name
    "missing-label-violation": "https://w3id.org/sikg/ontology#UnlabelledClass",
    "missing-definition-violation": "https://w3id.org/sikg/ontology#undefinedProperty",
    "missing-rule-violation": "https://w3id.org/sikg/rule/R1",
}


def test_every_qc_query_is_in_the_profile():
    profile = qc.load_profile()
    assert set(qc.check_names()) == set(profile)
    assert set(profile.values()) <= set(qc.SEVERITIES)


def test_there_is_a_fixture_per_qc_query():
    assert {p.stem for p in QC_FIXTURES.glob("*.ttl")} == set(qc.check_names())


@pytest.mark.java
def test_real_graph_has_no_violations(knowledge):
    store = qc.store_from_nquads(knowledge / KNOWLEDGE_FILE)
    bindings = {"ruleId": qc.rule_ids(RULES_MD)} if RULES_MD.is_file() else {}
    problems = {r.name: r.rows[:10] for r in qc.run_checks(store, bindings) if r.rows}
    assert problems == {}


@pytest.mark.parametrize("name", qc.check_names())
def test_query_catches_its_broken_fixture(name):
    dataset = Dataset()
    dataset.graph(GRAPH_CONTENT).parse(QC_FIXTURES / f"{name}.ttl", format="turtle")
    result = qc.run_check(qc.store_from_dataset(dataset), name, FIXTURE_BINDINGS.get(name))
    assert len(result.rows) > 0
    entities = {row[0] for row in result.rows}
    expected = EXPECTED_ENTITY.get(name)
    assert expected in entities if expected else any(e.startswith(BROKEN) for e in entities)


def test_rule_ids_read_from_rules_md():
    if not RULES_MD.is_file():
        pytest.skip(f"{RULES_MD} not present")
    ids = [str(i) for i in qc.rule_ids(RULES_MD)]
    assert ids[:3] == ["R0", "R1", "R2"] and "R31" in ids


def test_values_block_takes_only_rdflib_terms():
    assert qc.values_block("ruleId", [Literal('R1" } ?x')]) == 'VALUES ?ruleId { "R1\\" } ?x" }'
    with pytest.raises(TypeError):
        qc.values_block("ruleId", ["R1"])
    with pytest.raises(ValueError):
        qc.values_block("rule} {", [Literal("R1")])
