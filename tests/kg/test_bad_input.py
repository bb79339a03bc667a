"""Malformed and out-of-range patient facts are rejected by ``from_json`` (CONTRACT.md, CODES.md).

Each case names the JSON path of the offending field; the rejection must carry a problem whose path
is that field (or a sub-path of it).
"""

from __future__ import annotations

import copy

import pytest

from kg.eligibility import Engine
from kg.patients import InvalidFacts, from_json

BASE = {
    "id": "pt-0001",
    "age": 40,
    "sex": "male",
    "diagnoses": [{"system": "icd10cm", "code": "M45.8"}],
    "conditions": [{"system": "icd10cm", "code": "K50.90", "status": "active"}],
    "findings": [{"code": "crp-elevated", "value": True}],
    "treatments": [{"therapy": {"system": "rxnorm", "code": "7258"}, "dose": "full", "durationDays": 28, "outcome": "failure"}],
}


def patched(**changes) -> dict:
    """BASE with top-level fields replaced (value ``...`` deletes the field)."""
    d = copy.deepcopy(BASE)
    for k, v in changes.items():
        if v is ...:
            d.pop(k, None)
        else:
            d[k] = v
    return d


def treatment(**changes) -> dict:
    t = copy.deepcopy(BASE["treatments"][0])
    for k, v in changes.items():
        if v is ...:
            t.pop(k, None)
        else:
            t[k] = v
    return patched(treatments=[t])


def finding(code, value) -> dict:
    return patched(findings=[{"code": code, "value": value}])


CASES = [
    ("missing-id", patched(id=...), "id"),
    ("id-bad-characters", patched(id="pt 01/!"), "id"),
    ("id-empty", patched(id=""), "id"),
    ("id-65-chars", patched(id="a" * 65), "id"),
    ("id-number", patched(id=17), "id"),
    ("age-minus-1", patched(age=-1), "age"),
    ("age-121", patched(age=121), "age"),
    ("age-string", patched(age="62"), "age"),
    ("age-float", patched(age=40.5), "age"),
    ("sex-unknown-value", patched(sex="M"), "sex"),
    ("unknown-top-level-field", patched(diagnosis=[{"system": "icd10cm", "code": "M45.8"}]), "diagnosis"),
    ("unknown-diagnosis-system", patched(diagnoses=[{"system": "icd9cm", "code": "720.0"}]), "diagnoses[0].system"),
    ("unknown-condition-system", patched(conditions=[{"system": "read", "code": "N100."}]), "conditions[0].system"),
    ("condition-status-past", patched(conditions=[{"system": "icd10cm", "code": "K50.90", "status": "past"}]), "conditions[0].status"),
    ("diagnosis-without-code", patched(diagnoses=[{"system": "icd10cm"}]), "diagnoses[0].code"),
    ("treatment-unknown-system", treatment(therapy={"system": "ndc", "code": "0093-0147"}), "treatments[0].therapy"),
    ("treatment-code-not-in-catalog", treatment(therapy={"system": "rxnorm", "code": "999999"}), "treatments[0].therapy"),
    ("treatment-sikg-id-not-in-catalog", treatment(therapy={"system": "sikg", "code": "aspirin"}), "treatments[0].therapy"),
    ("treatment-missing-outcome", treatment(outcome=...), "treatments[0].outcome"),
    ("treatment-bad-outcome", treatment(outcome="failed"), "treatments[0].outcome"),
    ("duration-minus-1", treatment(durationDays=-1), "treatments[0].durationDays"),
    ("duration-36526", treatment(durationDays=36526), "treatments[0].durationDays"),
    ("duration-1.5", treatment(durationDays=1.5), "treatments[0].durationDays"),
    ("duration-string", treatment(durationDays="28"), "treatments[0].durationDays"),
    ("dose-high", treatment(dose="high"), "treatments[0].dose"),
    ("unknown-finding-code", finding("hla-b27", True), "findings[0]"),
    ("repeated-finding", patched(findings=[{"code": "crp-elevated", "value": True}, {"code": "crp-elevated", "value": False}]), "findings[1]"),
    ("nyha-class-string", finding("nyha-class", "3"), "findings[0]"),
    ("nyha-class-5", finding("nyha-class", 5), "findings[0]"),
    ("nyha-class-0", finding("nyha-class", 0), "findings[0]"),
    ("nyha-class-2.5", finding("nyha-class", 2.5), "findings[0]"),
    ("sij-bme-yes", finding("sij-bme", "yes"), "findings[0]"),
    ("sij-bme-1", finding("sij-bme", 1), "findings[0]"),
    ("sij-jsn-extreme", finding("sij-jsn", "extreme"), "findings[0]"),
    ("smoking-true", finding("smoking", True), "findings[0]"),
    ("egfr-300", finding("egfr", 300), "findings[0]"),
    ("egfr-negative", finding("egfr", -1), "findings[0]"),
    ("gestational-weeks-46", finding("gestational-weeks", 46), "findings[0]"),
    ("block-relief-101", finding("sij-block-relief-pct", 101), "findings[0]"),
    ("block-relief-true", finding("sij-block-relief-pct", True), "findings[0]"),
    ("finding-without-value", patched(findings=[{"code": "crp-elevated"}]), "findings[0]"),
    ("facts-a-list", [BASE], "$"),
    ("facts-a-string", "pt-0001", "$"),
    ("diagnoses-not-a-list", patched(diagnoses={"system": "icd10cm", "code": "M45.8"}), "diagnoses"),
]


def _points_at(path: str, expected: str) -> bool:
    return path == expected or path.startswith(expected + ".") or path.startswith(expected + "[")


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.load()


@pytest.mark.parametrize("data, path", [(d, p) for _, d, p in CASES], ids=[c[0] for c in CASES])
def test_rejected(engine, data, path):
    with pytest.raises(InvalidFacts) as exc:
        from_json(data, engine.catalog)
    problems = exc.value.problems
    assert problems, "InvalidFacts without problems"
    assert any(_points_at(p.path, path) for p in problems), [(p.path, p.msg) for p in problems]
    assert all(p.msg for p in problems)


def test_base_is_valid(engine):
    from_json(copy.deepcopy(BASE), engine.catalog)


@pytest.mark.parametrize("data", [
    patched(age=0), patched(age=120), patched(id="a" * 64), patched(id="A.z_0-9"),
    patched(sex=None), patched(age=None), patched(conditions=None),
    treatment(durationDays=0), treatment(durationDays=36525), treatment(dose=...), treatment(dose="submaximal"),
    finding("nyha-class", 1), finding("nyha-class", 4), finding("egfr", 250), finding("egfr", 0),
    finding("gestational-weeks", 45), finding("gestational-weeks", 0), finding("sij-block-relief-pct", 100),
    finding("sij-block-relief-pct", 0), finding("sij-block-relief-pct", 75.5), finding("sij-jsn", "severe"),
    patched(conditions=[{"system": "icd10cm", "code": "K50.90", "status": "history"}]),
    treatment(therapy={"system": "atc", "code": "M01AE02"}),
    treatment(therapy={"system": "sikg", "code": "naproxen"}, outcome="nonunion"),
], ids=["age0", "age120", "id64", "id-charset", "sex-null", "age-null", "conditions-null", "dur0", "dur36525",
        "dose-omitted", "dose-submax", "nyha1", "nyha4", "egfr250", "egfr0", "gw45", "gw0", "relief100", "relief0",
        "relief75.5", "jsn-severe", "status-history", "atc", "sikg-nonunion"])
def test_accepted_edges(engine, data):
    from_json(data, engine.catalog)


def test_unknown_diagnosis_accepted_and_reported(engine):
    data = patched(diagnoses=[{"system": "icd10cm", "code": "M45.8"}, {"system": "icd10cm", "code": "M54.5"}],
                   conditions=[{"system": "icd10cm", "code": "E11.9"}])
    pg = from_json(data, engine.catalog)
    answer = engine.evaluate(pg)
    codes = {(n.get("system"), n.get("code")) for n in answer["notRecognised"]}
    assert ("icd10cm", "M54.5") in codes
    assert ("icd10cm", "E11.9") in codes
    assert ("icd10cm", "M45.8") not in codes
    assert answer["pathway"] == "inflammatory"
