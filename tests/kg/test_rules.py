"""Independent clinical tests of the eligibility engine against /work/shared/clinical/RULES.md.

Each expectation below is derived from the specification (RULES.md, CODES.md, CONTRACT.md), not
from the engine's implementation. Where the spec is open to more than one reading the test follows
the most literal one and quotes the line it rests on.
"""

from __future__ import annotations

import re

import pytest

from kg.eligibility import Engine
from kg.patients import InvalidFacts, from_json

# ----------------------------------------------------------------------------- catalog (CODES.md)

NONSELECTIVE = ["ibuprofen", "naproxen", "diclofenac", "indomethacin"]
COX2 = ["celecoxib", "etoricoxib"]
NSAIDS = NONSELECTIVE + COX2
TNFI = ["etanercept", "adalimumab", "infliximab", "golimumab", "certolizumab-pegol"]
IL17 = ["secukinumab", "ixekizumab", "bimekizumab"]
IL17_GRADED = ["secukinumab", "ixekizumab"]
JAK = ["tofacitinib", "upadacitinib"]
CSDMARD = ["sulfasalazine", "methotrexate"]
PT = ["physical-therapy-active", "physical-therapy-passive", "aquatic-therapy"]
INTERVENTIONS = ["sij-corticosteroid-injection", "diagnostic-sij-block", "sij-radiofrequency-ablation", "prolotherapy"]
FUSIONS = ["percutaneous-sij-fusion", "open-sij-fusion"]
CATALOG = NSAIDS + TNFI + IL17 + JAK + CSDMARD + ["prednisone"] + INTERVENTIONS + PT + FUSIONS
# "Therapies that depend on the pathway (TNFi, IL-17i, JAKi, methotrexate, sulfasalazine, SI joint
#  injection, diagnostic block, RFA, prolotherapy, both fusions) get `unknown` from R0"
PATHWAY_DEPENDENT = TNFI + IL17 + JAK + CSDMARD + INTERVENTIONS + FUSIONS
INFLAMMATION_FINDINGS = ["sij-bme", "radiographic-sacroiliitis", "sij-erosions", "crp-elevated"]

STATUSES = ["recommended", "eligible", "caution", "unknown", "deferred", "not-indicated", "not-recommended", "contraindicated"]
POSITIVE = {"recommended", "eligible", "caution"}  # "can be given next"

# ----------------------------------------------------------------------------- fact builders


def tx(therapy: str, outcome: str = "failure", days: int | None = None, dose: str | None = None, system: str = "sikg") -> dict:
    """One treatment record; ``therapy`` is a sikg catalog id unless ``system`` says otherwise."""
    t = {"therapy": {"system": system, "code": therapy}, "outcome": outcome}
    if days is not None:
        t["durationDays"] = days
    if dose is not None:
        t["dose"] = dose
    return t


def nsaid(code: str = "naproxen", days: int | None = 28, outcome: str = "failure", dose: str = "full", system: str = "sikg") -> dict:
    return tx(code, outcome, days, dose, system)


def nsaid_fail() -> list[dict]:
    """Two full-dose NSAID trials of 28 days that failed for lack of effect (NSAID failure)."""
    return [nsaid("naproxen"), nsaid("ibuprofen")]


def _coded(c, default_system="icd10cm") -> dict:
    if isinstance(c, dict):
        return c
    if isinstance(c, tuple):
        if len(c) == 2 and c[1] in ("active", "history"):
            return {"system": default_system, "code": c[0], "status": c[1]}
        if len(c) == 2:
            return {"system": c[0], "code": c[1]}
        return {"system": c[0], "code": c[1], "status": c[2]}
    return {"system": default_system, "code": c}


def facts(dx=("M45.8",), conditions=(), findings: dict | None = None, treatments=(), crp=True, age=40, pid="t-1", **extra) -> dict:
    """A patient dict. Defaults: adult with ankylosing spondylitis (M45.8) and CRP elevated.

    ``dx``/``conditions``: codes (icd10cm), ``(code, status)`` or ``(system, code[, status])``.
    ``findings``: {code: value}; ``crp=None`` leaves crp-elevated unrecorded.
    """
    f = dict(findings or {})
    if crp is not None and "crp-elevated" not in f:
        f["crp-elevated"] = crp
    d = {
        "id": pid,
        "diagnoses": [_coded(c) for c in dx],
        "conditions": [_coded(c) for c in conditions],
        "findings": [{"code": k, "value": v} for k, v in f.items()],
        "treatments": list(treatments),
    }
    if age is not None:
        d["age"] = age
    d.update(extra)
    return d


def mech_fusion(relief=76, pain=True, findings: dict | None = None, treatments=(), conditions=()) -> dict:
    """Mechanical SI joint pain with every non-surgical step failed (the R19 set)."""
    f = {"crp-elevated": False, "sij-bme": False}
    if pain is not None:
        f["continued-sij-pain"] = pain
    if relief is not None:
        f["sij-block-relief-pct"] = relief
    f.update(findings or {})
    return facts(
        dx=("M53.3",),
        conditions=conditions,
        findings=f,
        treatments=[
            tx("physical-therapy-active", "failure", 180),
            nsaid("naproxen", 56),
            tx("27096", "failure", system="cpt"),
            tx("sij-radiofrequency-ablation", "failure"),
            *treatments,
        ],
    )


# ----------------------------------------------------------------------------- answer helpers


def therapy(answer: dict, tid: str) -> dict:
    found = [t for t in answer["therapies"] if t["therapy"] == tid]
    assert len(found) == 1, f"{tid}: {len(found)} entries"
    return found[0]


def status(answer: dict, tid: str) -> str:
    return therapy(answer, tid)["status"]


def statuses(answer: dict, tids) -> dict:
    return {t: status(answer, t) for t in tids}


def rules_of(answer: dict, tid: str) -> list[str]:
    return [r.get("rule") for r in therapy(answer, tid)["reasons"]]


def reasons(answer: dict, tid: str, rule: str) -> list[dict]:
    return [r for r in therapy(answer, tid)["reasons"] if r.get("rule") == rule]


def missing_of(answer: dict, tid: str) -> set[str]:
    t = therapy(answer, tid)
    out = set(t.get("missing") or [])
    for r in t["reasons"]:
        out |= set(r.get("missing") or [])
    return out


def warning_rules(answer: dict) -> list[str]:
    return [w.get("rule") for w in answer["warnings"]]


def explain(answer: dict, tids) -> str:
    return "; ".join(f"{t}={status(answer, t)} {[(r.get('rule'), r.get('effect')) for r in therapy(answer, t)['reasons']]}" for t in tids)


def check_answer(answer: dict) -> None:
    """Invariants of every answer (CONTRACT.md, RULES.md)."""
    ids = [t["therapy"] for t in answer["therapies"]]
    # "One entry per catalog therapy, every time"
    assert sorted(ids) == sorted(CATALOG), ids
    top_missing = set(answer.get("missing") or [])
    for t in answer["therapies"]:
        assert t["status"] in STATUSES, t
        if t["status"] != "eligible":
            # "Every entry with a status other than `eligible` carries at least one reason with a
            #  rule id and at least one citation"
            ok = [r for r in t["reasons"] if re.fullmatch(r"R\d+", str(r.get("rule"))) and r.get("citations")]
            assert ok, f"{t['therapy']} ({t['status']}) has no reason with a rule id and a citation: {t['reasons']}"
        if t["status"] == "unknown":
            # "`unknown` entries name the missing facts"
            assert missing_of(answer, t["therapy"]), f"{t['therapy']} is unknown but names no missing fact"
        for r in t["reasons"]:
            if r.get("effect") == "unknown":
                # top-level missing is the union of the facts named by all unknown reasons, also lost ones
                assert set(r.get("missing") or []) <= top_missing, (t["therapy"], r.get("missing"), top_missing)
        assert set(t.get("missing") or []) <= top_missing, (t["therapy"], t.get("missing"), top_missing)


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.load()


@pytest.fixture(scope="module")
def ev(engine):
    def run(f: dict) -> dict:
        answer = engine.evaluate(from_json(f, engine.catalog))
        check_answer(answer)
        return answer

    return run


def assert_all(answer: dict, tids, expected: str) -> None:
    got = statuses(answer, tids)
    assert all(s == expected for s in got.values()), f"want {expected}: " + explain(answer, tids)


# ============================================================================= R0: pathway


@pytest.mark.parametrize(
    "dx, findings, crp, pathway",
    [
        (("M45.8",), {}, None, "inflammatory"),
        (("M45.A8",), {}, None, "inflammatory"),
        (("M45.A0",), {}, None, "inflammatory"),  # CODES.md: nr-axSpA M45.A0-M45.AB (edge)
        (("M45.AB",), {}, None, "inflammatory"),  # upper edge of the range
        (("M45",), {}, None, "inflammatory"),  # bare M45 listed explicitly
        (("m45.a8",), {}, None, "inflammatory"),  # "Codes are compared trimmed, upper-case, with the dot"
        ((("snomed", "9631008"),), {}, None, "inflammatory"),  # AS by SNOMED CT
        (("M53.3",), {}, True, "mechanical"),  # CRP alone does not override a mechanical code
        (("M53.3",), {"sij-bme": True}, None, "inflammatory"),  # positive imaging whatever the codes
        (("M53.3",), {"sij-erosions": True}, False, "inflammatory"),
        (("M53.3",), {"radiographic-sacroiliitis": True}, False, "inflammatory"),
        (("M53.2X8",), {}, None, "mechanical"),
        (("S33.6XXA",), {}, None, "mechanical"),
        (("M99.04",), {}, None, "mechanical"),
        (("M46.1",), {"sij-bme": False}, None, "mechanical"),
        (("M46.1",), {"sij-bme": False}, False, "mechanical"),
        (("M46.1",), {"sij-bme": False}, True, "inflammatory"),  # CRP elevated, no mechanical code
        (("M46.1",), {}, True, "inflammatory"),
        (("M46.1",), {}, None, "undetermined"),
        (("M46.1",), {}, False, "undetermined"),  # sij-bme not recorded false
        ((), {}, True, "inflammatory"),  # crp-elevated with no mechanical SI joint code
        ((), {}, None, "undetermined"),
        (("M54.5",), {}, None, "undetermined"),  # unrecognised code only
    ],
    ids=lambda v: str(v),
)
def test_R0_pathway(ev, dx, findings, crp, pathway):
    a = ev(facts(dx=dx, findings=findings, crp=crp))
    assert a["pathway"] == pathway


def test_R0_no_diagnosis_no_findings_undetermined(ev):
    a = ev(facts(dx=(), crp=None))
    assert a["pathway"] == "undetermined"
    for t in TNFI + IL17 + JAK + CSDMARD:
        assert status(a, t) == "unknown", explain(a, [t])
        assert "R0" in rules_of(a, t)
        assert set(INFLAMMATION_FINDINGS) | {"diagnosis"} <= missing_of(a, t), (t, missing_of(a, t))
    # "more severe statuses from other rules still win": with nothing tried, R15/R17/R18/R19/R22 defer
    # the interventions in both pathways, so deferred is acceptable; R0's reason is reported either way
    # ("All contributing reasons are reported, also those that lost").
    for t in INTERVENTIONS + ["percutaneous-sij-fusion"]:
        assert status(a, t) in ("unknown", "deferred"), explain(a, [t])
        assert "R0" in rules_of(a, t), explain(a, [t])
    # R20: open fusion not-indicated without revision/aberrant anatomy (more severe than unknown)
    assert status(a, "open-sij-fusion") == "not-indicated"
    assert "R0" in rules_of(a, "open-sij-fusion")
    assert set(INFLAMMATION_FINDINGS) | {"diagnosis"} <= set(a["missing"])
    # "NSAIDs, physical therapy and prednisone do not depend on it."
    assert_all(a, NSAIDS, "recommended")
    assert status(a, "physical-therapy-active") == "recommended"
    assert status(a, "physical-therapy-passive") == "eligible"
    assert status(a, "aquatic-therapy") == "eligible"
    assert status(a, "prednisone") == "not-recommended"
    for t in NSAIDS + PT + ["prednisone"]:
        assert "R0" not in rules_of(a, t)


def test_R0_undetermined_injection_unknown_when_both_pathways_positive(ev):
    # NSAIDs and PT tried: R15 gives eligible (inflammatory) or recommended (mechanical); R0's unknown wins.
    a = ev(facts(dx=(), crp=None, treatments=nsaid_fail() + [tx("physical-therapy-active", "ongoing", 30)]))
    assert a["pathway"] == "undetermined"
    assert status(a, "sij-corticosteroid-injection") == "unknown"
    assert_all(a, TNFI + IL17 + JAK + CSDMARD, "unknown")
    assert_all(a, NSAIDS, "eligible")  # R1 after NSAID failure; failed for lack of effect -> R7 exempt
    assert status(a, "physical-therapy-active") == "recommended"
    assert status(a, "prednisone") == "not-recommended"


def test_R0_missing_lists_only_unrecorded_findings_and_no_diagnosis_with_M46_1(ev):
    a = ev(facts(dx=("M46.1",), findings={"radiographic-sacroiliitis": False}, crp=None))
    assert a["pathway"] == "undetermined"
    m = missing_of(a, "adalimumab")
    assert {"sij-bme", "sij-erosions", "crp-elevated"} <= m
    assert "radiographic-sacroiliitis" not in m
    assert "diagnosis" not in m  # M46.1 is a recognised SI joint diagnosis
    assert "diagnosis" not in a["missing"]


def test_R0_more_severe_status_wins_in_undetermined(ev):
    a = ev(facts(dx=(), crp=None, conditions=["G35"]))
    assert_all(a, TNFI, "contraindicated")  # R10 applies in every pathway
    assert "R0" in rules_of(a, "adalimumab") and "R10" in rules_of(a, "adalimumab")


def test_R0_unknown_diagnosis_reported_not_recognised(ev):
    a = ev(facts(dx=("M54.5",), conditions=["E11.9"]))
    codes = {(n.get("system"), n.get("code")) for n in a["notRecognised"]}
    assert ("icd10cm", "M54.5") in codes and ("icd10cm", "E11.9") in codes
    assert not any(n.get("code") == "M45.8" for n in a["notRecognised"])


# ============================================================================= R1, R2, R4: NSAIDs and NSAID failure


def test_R1_nsaids_recommended_before_failure_both_pathways(ev):
    for f in (facts(), facts(dx=("M53.3",), crp=False)):
        a = ev(f)
        assert_all(a, NSAIDS, "recommended")
        assert "R1" in rules_of(a, "naproxen")


def test_R1_nsaids_eligible_after_failure(ev):
    a = ev(facts(treatments=nsaid_fail()))
    assert_all(a, NSAIDS, "eligible")


def test_R4_tnfi_recommended_after_failure_deferred_before(ev):
    a = ev(facts(treatments=nsaid_fail()))
    assert_all(a, TNFI, "recommended")
    assert all("R4" in rules_of(a, t) for t in TNFI)
    b = ev(facts())
    assert_all(b, TNFI, "deferred")
    assert all("R4" in rules_of(b, t) for t in TNFI)


@pytest.mark.parametrize(
    "treatments, failure",
    [
        ([nsaid("naproxen", 28)], True),  # one full-dose failed trial of exactly 28 days
        ([nsaid("naproxen", 27)], False),
        ([nsaid("naproxen", 14), nsaid("ibuprofen", 14)], True),  # only the sum reaches 28
        ([nsaid("naproxen", 14), nsaid("ibuprofen", 13)], False),
        ([nsaid("naproxen", 14), nsaid("naproxen", 14)], True),  # count parameter 1: one NSAID suffices
        ([nsaid("naproxen", 28, dose="submaximal")], False),
        ([nsaid("naproxen", 60, dose="submaximal"), nsaid("ibuprofen", 14)], False),
        ([nsaid("naproxen", 60, outcome="ongoing")], False),
        ([nsaid("naproxen", 60, outcome="response")], False),
        ([nsaid("naproxen", 14), nsaid("ibuprofen", 20, outcome="ongoing")], False),
        ([nsaid("naproxen", 3, outcome="intolerance")], True),  # (b) regardless of duration
        ([nsaid("naproxen", None, outcome="intolerance")], True),
        ([nsaid("naproxen", 3, outcome="intolerance", dose="submaximal")], True),  # "(b) also counts an NSAID intolerance at any dose"
        ([nsaid("naproxen", 28, outcome="primary-nonresponse")], True),  # failed = failure/...-nonresponse/...
        ([nsaid("celecoxib", 28)], True),
        ([tx("adalimumab", "ongoing", 30)], True),  # (d) a TNFi has been tried
        ([tx("secukinumab", "response", 90)], True),  # (d) an IL-17i has been tried
        ([tx("tofacitinib", "ongoing", 30)], True),  # (d) a JAK inhibitor has been tried
        ([], False),
    ],
    ids=[
        "28d", "27d", "14+14", "14+13", "same-nsaid-14+14", "submax-28", "submax-60+full-14", "ongoing-60",
        "response-60", "14+ongoing-20", "intolerance-3d", "intolerance-undated", "intolerance-submax",
        "primary-nonresponse-28", "celecoxib-28", "tnfi-tried", "il17-tried", "jak-tried", "none",
    ],
)
def test_R2_nsaid_failure(ev, treatments, failure):
    a = ev(facts(treatments=treatments))
    probe = [t for t in TNFI if not any(tr["therapy"]["code"] == t for tr in treatments)]
    expected = "recommended" if failure else "deferred"
    assert_all(a, probe, expected)
    assert not a["missing"]


def test_R2_failed_trial_without_duration_is_unknown(ev):
    a = ev(facts(treatments=[tx("physical-therapy-active", "ongoing", 30), nsaid("naproxen", None)]))
    assert_all(a, TNFI, "unknown")
    for t in TNFI:
        assert "treatments[1].durationDays" in missing_of(a, t)
    assert "treatments[1].durationDays" in a["missing"]


def test_R2_undated_trial_irrelevant_when_failure_established(ev):
    # "If it is not established only because durations are missing" -> here it is established anyway
    a = ev(facts(treatments=[nsaid("ibuprofen", None), nsaid("naproxen", 28)]))
    assert_all(a, TNFI, "recommended")
    assert "treatments[0].durationDays" not in a["missing"]


def test_R2_undated_submaximal_or_ongoing_trial_is_not_missing(ev):
    # submaximal trials and ongoing outcomes never count, so their duration decides nothing
    a = ev(facts(treatments=[nsaid("ibuprofen", None, dose="submaximal"), nsaid("naproxen", None, outcome="ongoing")]))
    assert_all(a, TNFI, "deferred")
    assert not a["missing"]


def test_R2_all_nsaids_contraindicated_establishes_failure(ev):
    a = ev(facts(findings={"egfr": 20}))
    assert_all(a, NSAIDS, "contraindicated")
    assert_all(a, TNFI, "recommended")  # (c)


# ============================================================================= R3 GI risk


@pytest.mark.parametrize("cond", [("Z87.11", "history"), ("Z87.11", "active"), ("Z79.01", "active"),
                                  ("K27.9", "history"), ("K92.2", "history")], ids=str)
def test_R3_gi_risk_prefers_cox2(ev, cond):
    a = ev(facts(conditions=[cond]))
    assert_all(a, COX2, "recommended")
    assert_all(a, NONSELECTIVE, "caution")
    assert all("R3" in rules_of(a, t) for t in NONSELECTIVE)
    assert all("R1" in rules_of(a, t) for t in NONSELECTIVE)  # the losing positive reason is still reported


def test_R3_after_nsaid_failure_cox2_take_R1_level(ev):
    a = ev(facts(conditions=[("Z87.11", "history")], treatments=[nsaid("indomethacin", 28)]))
    assert_all(a, COX2, "eligible")
    assert_all(a, NONSELECTIVE, "caution")


# ============================================================================= R5, R6 IL-17i and TNFi sequencing


def test_R5_il17_eligible_after_nsaid_failure_deferred_before(ev):
    a = ev(facts(treatments=nsaid_fail()))
    assert_all(a, IL17, "eligible")
    assert all("R5" in rules_of(a, t) for t in IL17_GRADED)
    b = ev(facts())
    assert_all(b, IL17, "deferred")


def test_R5_il17_recommended_when_tnfi_contraindicated(ev):
    a = ev(facts(conditions=["G35"], treatments=nsaid_fail()))
    assert_all(a, TNFI, "contraindicated")
    assert_all(a, IL17_GRADED, "recommended")
    assert status(a, "bimekizumab") == "eligible"  # R30


def test_R5_requires_nsaid_failure_even_when_tnfi_not_an_option(ev):
    # "R5, R12, R13 and R23 always require NSAID failure first, also when TNFi are not an option."
    a = ev(facts(conditions=["G35"]))
    assert_all(a, IL17, "deferred")


def test_R5_tnfi_unavailable(ev):
    a = ev(facts(findings={"tnfi-unavailable": True}, treatments=nsaid_fail()))
    assert_all(a, IL17_GRADED, "recommended")
    # "With `tnfi-unavailable` the TNFi keep their own status, with a note that they are not available."
    assert_all(a, TNFI, "recommended")
    for t in TNFI:
        texts = " ".join(r.get("text", "") for r in therapy(a, t)["reasons"]).lower()
        assert "availab" in texts, therapy(a, t)["reasons"]


def test_R5_il17_recommended_after_undated_tnfi_failure(ev):
    # "IL-17i `recommended` when TNFi is not an option or a TNFi failed"; undated failure is "other"
    a = ev(facts(treatments=nsaid_fail() + [tx("adalimumab", "failure")]))
    assert_all(a, IL17_GRADED, "recommended")
    assert status(a, "adalimumab") == "not-recommended"
    assert_all(a, ["etanercept", "infliximab", "golimumab", "certolizumab-pegol"], "recommended")  # R4


@pytest.mark.parametrize("tnfi_tx, kind", [
    (tx("adalimumab", "primary-nonresponse", 112), "primary"),
    (tx("adalimumab", "failure", 168), "primary"),  # up to the window -> primary
    (tx("adalimumab", "failure", 169), "secondary"),
    (tx("adalimumab", "secondary-nonresponse", 400), "secondary"),
], ids=["primary-recorded", "failure-168d", "failure-169d", "secondary-recorded"])
def test_R6_tnfi_failure_kind(ev, tnfi_tx, kind):
    a = ev(facts(treatments=nsaid_fail() + [tnfi_tx]))
    others = ["etanercept", "infliximab", "golimumab", "certolizumab-pegol"]
    assert status(a, "adalimumab") == "not-recommended"  # R7
    if kind == "primary":
        assert_all(a, IL17_GRADED, "recommended")
        assert_all(a, others, "eligible")
        # R6 over R4: the losing R4 reason still reported
        assert all({"R4", "R6"} <= set(rules_of(a, t)) for t in others), explain(a, others)
    else:
        assert_all(a, others, "recommended")
        assert_all(a, IL17_GRADED, "eligible")  # R6 over R5 ("a TNFi failed" -> R5 recommended)
        assert all("R6" in rules_of(a, t) for t in IL17_GRADED), explain(a, IL17_GRADED)
    assert status(a, "bimekizumab") == "eligible"


def test_R6_primary_governs_when_both_kinds(ev):
    a = ev(facts(treatments=nsaid_fail() + [tx("adalimumab", "secondary-nonresponse", 400), tx("etanercept", "primary-nonresponse", 90)]))
    assert_all(a, IL17_GRADED, "recommended")
    assert_all(a, ["infliximab", "golimumab", "certolizumab-pegol"], "eligible")
    assert_all(a, ["adalimumab", "etanercept"], "not-recommended")


# ============================================================================= R7 no repeats


def test_R7_failed_therapy_not_repeated(ev):
    a = ev(facts(treatments=nsaid_fail() + [tx("etanercept", "intolerance", 20), tx("27096", "failure", system="cpt"),
                                          tx("prednisone", "failure", 14)]))
    assert status(a, "etanercept") == "not-recommended"
    assert "R7" in rules_of(a, "etanercept")
    assert status(a, "sij-corticosteroid-injection") == "not-recommended"
    assert "R7" in rules_of(a, "sij-corticosteroid-injection")
    assert status(a, "prednisone") == "not-recommended"


def test_R7_exempt_physical_therapy_and_nsaid_lack_of_effect(ev):
    a = ev(mech_fusion())
    assert status(a, "physical-therapy-active") == "recommended"  # PT failed: continued and adjusted
    assert status(a, "naproxen") == "eligible"  # failed for lack of effect: R1 keeps it as adjunct
    assert status(a, "sij-radiofrequency-ablation") == "not-recommended"
    assert status(a, "sij-corticosteroid-injection") == "not-recommended"


def test_R7_nsaid_intolerance_not_recommended(ev):
    a = ev(facts(treatments=[nsaid("diclofenac", 10, outcome="intolerance")]))
    assert status(a, "diclofenac") == "not-recommended"
    assert "R7" in rules_of(a, "diclofenac")
    assert_all(a, ["ibuprofen", "naproxen", "indomethacin", "celecoxib", "etoricoxib"], "eligible")


def test_R7_submaximal_intolerance_not_recommended(ev):
    a = ev(facts(treatments=[nsaid("naproxen", 5, outcome="intolerance", dose="submaximal")]))
    assert status(a, "naproxen") == "not-recommended"
    assert_all(a, TNFI, "recommended")


def test_R7_open_fusion_exempt_while_revision_condition_holds(ev):
    a = ev(mech_fusion(treatments=[tx("open-sij-fusion", "nonunion")]))
    assert status(a, "open-sij-fusion") == "recommended", explain(a, FUSIONS)
    assert status(a, "percutaneous-sij-fusion") == "not-recommended"


# ============================================================================= R8 IBD


@pytest.mark.parametrize("code", ["K50.90", "K50", ("K50.90", "history"), ("snomed", "34000006"), "k50.90"], ids=str)
def test_R8_crohns(ev, code):
    a = ev(facts(conditions=[code], treatments=nsaid_fail()))
    assert_all(a, ["adalimumab", "infliximab", "certolizumab-pegol"], "recommended")
    assert status(a, "golimumab") == "eligible"
    assert status(a, "etanercept") == "not-recommended"
    assert_all(a, IL17, "not-recommended")
    assert "R8" in rules_of(a, "golimumab") and "R4" in rules_of(a, "golimumab")


def test_R8_ulcerative_colitis(ev):
    a = ev(facts(conditions=["K51.90"], treatments=nsaid_fail()))
    assert_all(a, ["adalimumab", "infliximab", "golimumab"], "recommended")
    assert status(a, "certolizumab-pegol") == "eligible"
    assert status(a, "etanercept") == "not-recommended"
    assert_all(a, IL17, "not-recommended")


def test_R8_R9_disagree_lower_wins(ev):
    # UC: certolizumab eligible (R8); uveitis: certolizumab keeps its level (R9) -> eligible
    # uveitis: IL-17i at most eligible, IBD: not-recommended -> not-recommended
    a = ev(facts(conditions=["K51.90", "H20.022"], treatments=nsaid_fail()))
    assert status(a, "certolizumab-pegol") == "eligible"
    assert_all(a, ["adalimumab", "infliximab"], "recommended")
    assert status(a, "etanercept") == "not-recommended"


def test_R8_crohns_with_primary_nonresponse_R8_over_R6(ev):
    # R6: other TNFi eligible; R8 "keep their level" = the level R4/R6 gave -> eligible; golimumab eligible
    a = ev(facts(conditions=["K50.90"], treatments=nsaid_fail() + [tx("adalimumab", "primary-nonresponse", 100)]))
    assert_all(a, ["infliximab", "certolizumab-pegol", "golimumab"], "eligible")
    assert_all(a, IL17, "not-recommended")


# ============================================================================= R9 uveitis


@pytest.mark.parametrize("code", ["H20.022", ("H20.023", "history")], ids=str)
def test_R9_uveitis(ev, code):
    a = ev(facts(conditions=[code], treatments=nsaid_fail()))
    assert status(a, "etanercept") == "not-recommended"
    assert_all(a, ["adalimumab", "infliximab", "golimumab", "certolizumab-pegol"], "recommended")
    assert_all(a, IL17, "eligible")
    assert "R9" in rules_of(a, "etanercept")


def test_R9_over_R6_after_primary_nonresponse(ev):
    # R6 primary: IL-17i recommended, other TNFi eligible. R9 over R6: adalimumab/infliximab recommended,
    # golimumab/certolizumab keep R6's level (eligible), IL-17i at most eligible.
    a = ev(facts(conditions=["H20.022"], treatments=nsaid_fail() + [tx("golimumab", "primary-nonresponse", 100)]))
    assert_all(a, ["adalimumab", "infliximab"], "recommended")
    assert status(a, "certolizumab-pegol") == "eligible"
    assert status(a, "golimumab") == "not-recommended"
    assert status(a, "etanercept") == "not-recommended"
    assert_all(a, IL17, "eligible")
    assert {"R6", "R9"} <= set(rules_of(a, "secukinumab")), explain(a, ["secukinumab"])


def test_R9_before_nsaid_failure_tnfi_deferred(ev):
    # "adalimumab, infliximab `recommended` once TNFi are reachable"
    a = ev(facts(conditions=["H20.022"]))
    assert_all(a, ["adalimumab", "infliximab"], "deferred")


def test_R9_R24_disagree_lower_wins(ev):
    # pregnancy: certolizumab recommended, other TNFi eligible; uveitis: adalimumab/infliximab recommended
    a = ev(facts(conditions=["H20.022"], findings={"gestational-weeks": 12}, treatments=nsaid_fail()))
    assert status(a, "certolizumab-pegol") == "recommended"
    assert_all(a, ["adalimumab", "infliximab", "golimumab"], "eligible")
    assert status(a, "etanercept") == "not-recommended"


# ============================================================================= R10 TNFi safety / R25 NSAID safety


def test_R10_nyha2_nsaid_caution_tnfi_not_contraindicated(ev):
    a = ev(facts(conditions=["I50.22"], findings={"nyha-class": 2}, treatments=nsaid_fail()))
    assert_all(a, NSAIDS, "caution")
    assert all("R25" in rules_of(a, t) for t in NSAIDS)
    assert_all(a, TNFI, "recommended")


def test_R25_nyha2_caution_beats_recommended(ev):
    a = ev(facts(conditions=["I50.22"], findings={"nyha-class": 2}))
    assert_all(a, NSAIDS, "caution")
    assert all("R1" in rules_of(a, t) for t in NSAIDS)


@pytest.mark.parametrize("conds", [["I50.22"], []], ids=["I50", "nyha-only"])
def test_R10_nyha3_contraindicates_tnfi_and_nsaids(ev, conds):
    # "A `nyha-class` of 3 or 4 counts as heart failure NYHA III-IV with or without an I50 code."
    a = ev(facts(conditions=conds, findings={"nyha-class": 3}, treatments=nsaid_fail()))
    assert_all(a, TNFI, "contraindicated")
    assert_all(a, NSAIDS, "contraindicated")
    # "All contributing reasons are reported, also those that lost": R4's reason too
    for t in TNFI:
        assert {"R10", "R4"} <= set(rules_of(a, t)), explain(a, [t])
    assert_all(a, IL17_GRADED, "recommended")


def test_R10_heart_failure_without_nyha_unknown(ev):
    a = ev(facts(conditions=["I50.9"], treatments=nsaid_fail()))
    assert_all(a, TNFI, "unknown")
    for t in TNFI:
        assert "nyha-class" in missing_of(a, t)
        assert "R10" in rules_of(a, t)
    assert "nyha-class" in a["missing"]
    assert_all(a, NSAIDS, "caution")  # "NSAIDs still get R25's `caution`"
    # "derived facts that depend on it ("TNFi not an option") count as not holding" -> R5 eligible
    assert_all(a, IL17, "eligible")


def test_R10_unknown_that_loses_still_in_missing(ev):
    # before NSAID failure R4 defers the TNFi; the unknown from R10 loses but is still in `missing`
    a = ev(facts(conditions=["I50.9"]))
    assert_all(a, TNFI, "deferred")
    assert "nyha-class" in a["missing"]


def test_R10_heart_failure_history_does_not_count(ev):
    # "Everything else needs status `active`."
    a = ev(facts(conditions=[("I50.9", "history")], treatments=nsaid_fail()))
    assert_all(a, TNFI, "recommended")
    assert_all(a, NSAIDS, "eligible")


@pytest.mark.parametrize("conds, findings", [
    (["G35"], {}),
    ([("G35", "history")], {}),  # demyelinating: history counts
    (["H46.9"], {}),
    (["G37.9"], {}),
    (["A15.0"], {}),
    (["A17.0"], {}),  # A15.*-A19.*
    ([], {"active-serious-infection": True}),
], ids=["G35", "G35-history", "H46.9", "G37.9", "A15.0", "A17.0", "serious-infection"])
def test_R10_tnfi_contraindicated(ev, conds, findings):
    a = ev(facts(conditions=conds, findings=findings, treatments=nsaid_fail()))
    assert_all(a, TNFI, "contraindicated")
    assert all("R10" in rules_of(a, t) for t in TNFI)


def test_R10_active_tb_history_does_not_count(ev):
    a = ev(facts(conditions=[("A15.0", "history")], treatments=nsaid_fail()))
    assert_all(a, TNFI, "recommended")


def test_R10_recurrent_infections_caution(ev):
    a = ev(facts(findings={"recurrent-infections": True}, treatments=nsaid_fail()))
    assert_all(a, TNFI, "caution")


@pytest.mark.parametrize("conds, findings, contraindicated", [
    ([], {"egfr": 29}, True),
    ([], {"egfr": 30}, False),
    (["N18.4"], {}, True),
    (["N18.5"], {}, True),
    (["N18.6"], {}, True),
    (["N18.30"], {}, False),
    (["K25.9"], {}, True),  # active peptic ulcer
    (["K92.2"], {}, True),  # active GI bleed
    ([], {"nyha-class": 4}, True),
], ids=["egfr29", "egfr30", "N18.4", "N18.5", "N18.6", "N18.30", "K25.9", "K92.2", "nyha4"])
def test_R25_nsaid_safety(ev, conds, findings, contraindicated):
    a = ev(facts(conditions=conds, findings=findings))
    if contraindicated:
        assert_all(a, NSAIDS, "contraindicated")
        assert all("R25" in rules_of(a, t) for t in NSAIDS)
    else:
        assert_all(a, NSAIDS, "recommended")


# ============================================================================= R11 latent TB, R28 active infection


@pytest.mark.parametrize("code", ["Z22.7", "R76.11", "R76.12"])
def test_R11_latent_tb_untreated_defers(ev, code):
    a = ev(facts(conditions=[code], treatments=nsaid_fail()))
    assert_all(a, TNFI + IL17 + JAK, "deferred")
    assert all("R11" in rules_of(a, t) for t in TNFI + IL17 + JAK)


def test_R11_latent_tb_treatment_started(ev):
    a = ev(facts(conditions=["Z22.7"], findings={"ltbi-treatment-started": True}, treatments=nsaid_fail()))
    assert status(a, "infliximab") == "caution"
    assert "R11" in rules_of(a, "infliximab")
    assert_all(a, ["etanercept", "adalimumab", "golimumab", "certolizumab-pegol"], "recommended")
    assert_all(a, IL17, "eligible")


@pytest.mark.parametrize("conds, findings", [(["A15.0"], {}), ([], {"active-serious-infection": True})], ids=["tb", "infection"])
def test_R28_active_infection_defers_il17_and_jak(ev, conds, findings):
    a = ev(facts(conditions=conds, findings=findings, treatments=nsaid_fail()))
    assert_all(a, IL17, "deferred")
    assert all("R28" in rules_of(a, t) for t in IL17 + JAK)
    # JAK: R28 deferred, but R23 "`not-indicated` when TNFi are contraindicated" is more severe
    assert_all(a, JAK, "not-indicated")
    assert_all(a, TNFI, "contraindicated")


def test_R28_defers_jak_after_tnfi_failure(ev):
    a = ev(facts(findings={"active-serious-infection": True}, treatments=nsaid_fail() + [tx("adalimumab", "failure", 300)]))
    # TNFi contraindicated -> R23 not-indicated beats R28 deferred; R28 still reported
    assert all("R28" in rules_of(a, t) for t in JAK)


# ============================================================================= R12 methotrexate, R13 sulfasalazine


@pytest.mark.parametrize("conds, findings, trts, expected", [
    ([], {}, nsaid_fail(), "not-recommended"),
    ([], {"peripheral-arthritis": True}, nsaid_fail(), "not-recommended"),  # TNFi still an option
    ([], {"peripheral-arthritis": True, "tnfi-unavailable": True}, nsaid_fail(), "eligible"),
    (["G35"], {"peripheral-arthritis": True}, nsaid_fail(), "eligible"),
    ([], {"peripheral-arthritis": True, "tnfi-unavailable": True}, [], "not-recommended"),  # before NSAID failure
    ([], {"tnfi-unavailable": True}, nsaid_fail(), "not-recommended"),
], ids=["plain", "pa-only", "pa+unavailable", "pa+G35", "pa+unavailable-no-nsaid-failure", "unavailable-only"])
def test_R12_methotrexate(ev, conds, findings, trts, expected):
    a = ev(facts(conditions=conds, findings=findings, treatments=trts))
    assert status(a, "methotrexate") == expected, explain(a, ["methotrexate"])
    assert "R12" in rules_of(a, "methotrexate")


@pytest.mark.parametrize("conds, findings, trts, expected", [
    ([], {}, nsaid_fail(), "not-recommended"),
    ([], {"active-serious-infection": True}, nsaid_fail(), "recommended"),
    (["A15.0"], {}, nsaid_fail(), "recommended"),
    # R13: "preferred when the TNFi obstacle is infection (active TB, active serious infection,
    #  recurrent infections)"; effect "`recommended` (infection)"
    ([], {"recurrent-infections": True}, nsaid_fail(), "recommended"),
    (["G35"], {}, nsaid_fail(), "eligible"),
    ([], {"tnfi-unavailable": True}, nsaid_fail(), "eligible"),
    ([], {}, nsaid_fail() + [tx("adalimumab", "secondary-nonresponse", 300)], "eligible"),
    ([], {"peripheral-arthritis": True}, nsaid_fail(), "eligible"),
    ([], {"peripheral-arthritis": True}, [], "deferred"),
    (["G35"], {}, [], "deferred"),
    ([], {}, [], "not-recommended"),
], ids=["plain", "serious-infection", "active-tb", "recurrent-infections", "G35", "tnfi-unavailable",
        "tnfi-failed", "peripheral-arthritis", "pa-before-nsaid-failure", "G35-before-nsaid-failure", "plain-before"])
def test_R13_sulfasalazine(ev, conds, findings, trts, expected):
    a = ev(facts(conditions=conds, findings=findings, treatments=trts))
    assert status(a, "sulfasalazine") == expected, explain(a, ["sulfasalazine"])
    assert "R13" in rules_of(a, "sulfasalazine")


# ============================================================================= R14 glucocorticoids, R16 PT


@pytest.mark.parametrize("f", [facts(), facts(dx=("M53.3",), crp=False), facts(treatments=nsaid_fail())], ids=["infl", "mech", "after"])
def test_R14_prednisone_not_recommended(ev, f):
    a = ev(f)
    assert status(a, "prednisone") == "not-recommended"
    assert "R14" in rules_of(a, "prednisone")


@pytest.mark.parametrize("f", [facts(), facts(dx=("M53.3",), crp=False)], ids=["infl", "mech"])
def test_R16_physical_therapy(ev, f):
    a = ev(f)
    assert status(a, "physical-therapy-active") == "recommended"
    assert status(a, "physical-therapy-passive") == "eligible"
    assert status(a, "aquatic-therapy") == "eligible"
    assert all("R16" in rules_of(a, t) for t in PT)


# ============================================================================= R15 SI joint injection


@pytest.mark.parametrize("dx, crp, findings, trts, expected", [
    (("M45.8",), True, {}, [], "deferred"),
    (("M45.8",), True, {}, [nsaid("naproxen", 10, outcome="ongoing")], "eligible"),
    (("M45.8",), True, {"egfr": 15}, [], "eligible"),  # all NSAIDs contraindicated
    (("M53.3",), False, {}, [nsaid("naproxen", 10, outcome="ongoing")], "deferred"),  # PT not tried
    (("M53.3",), False, {}, [tx("physical-therapy-passive", "ongoing", 10)], "deferred"),  # NSAID not tried
    (("M53.3",), False, {}, [nsaid("naproxen", 10, outcome="ongoing"), tx("physical-therapy-passive", "ongoing", 10)], "recommended"),
    (("M53.3",), False, {"egfr": 15}, [tx("aquatic-therapy", "response", 30)], "recommended"),
], ids=["infl-naive", "infl-nsaid-tried", "infl-nsaids-ci", "mech-no-pt", "mech-no-nsaid", "mech-both", "mech-nsaids-ci+pt"])
def test_R15_sij_injection(ev, dx, crp, findings, trts, expected):
    a = ev(facts(dx=dx, crp=crp, findings=findings, treatments=trts))
    assert status(a, "sij-corticosteroid-injection") == expected, explain(a, ["sij-corticosteroid-injection"])
    assert "R15" in rules_of(a, "sij-corticosteroid-injection")


# ============================================================================= R17, R18 RFA and prolotherapy


MECH_GATE = [nsaid("naproxen", 10, outcome="ongoing"), tx("physical-therapy-active", "ongoing", 30), tx("G0260", "failure", system="hcpcs")]


@pytest.mark.parametrize("dx, crp, findings, trts, conds, expected", [
    (("M53.3",), False, {}, MECH_GATE, [], "eligible"),
    (("M53.3",), False, {}, MECH_GATE[:2], [], "deferred"),  # no SI joint injection
    (("M53.3",), False, {}, MECH_GATE[1:], [], "deferred"),  # no NSAID
    (("M53.3",), False, {"egfr": 10}, MECH_GATE[1:], [], "eligible"),  # NSAIDs contraindicated
    (("M45.8",), True, {}, nsaid_fail() + MECH_GATE[1:], [], "deferred"),  # biologic step not done
    (("M45.8",), True, {}, nsaid_fail() + MECH_GATE[1:] + [tx("adalimumab", "primary-nonresponse", 100)], [], "eligible"),
    (("M45.8",), True, {}, nsaid_fail() + MECH_GATE[1:] + [tx("secukinumab", "failure", 200)], [], "eligible"),
    # both classes out: UC makes every IL-17i not-recommended (R8), G35 contraindicates the TNFi (R10)
    (("M45.8",), True, {}, nsaid_fail() + MECH_GATE[1:], ["K51.90", "G35"], "eligible"),
], ids=["mech", "mech-no-injection", "mech-no-nsaid", "mech-nsaids-ci", "infl-no-biologic", "infl-tnfi-failed",
        "infl-il17-failed", "infl-both-classes-out"])
def test_R17_R18_rfa_and_prolotherapy(ev, dx, crp, findings, trts, conds, expected):
    a = ev(facts(dx=dx, crp=crp, findings=findings, treatments=trts, conditions=conds))
    assert status(a, "sij-radiofrequency-ablation") == expected, explain(a, ["sij-radiofrequency-ablation"])
    assert status(a, "prolotherapy") == expected, explain(a, ["prolotherapy"])
    assert "R17" in rules_of(a, "sij-radiofrequency-ablation")
    assert "R18" in rules_of(a, "prolotherapy")


# ============================================================================= R19, R20, R22 surgery


def test_R19_block_76_percutaneous_recommended(ev):
    a = ev(mech_fusion(relief=76))
    assert a["pathway"] == "mechanical"
    assert status(a, "percutaneous-sij-fusion") == "recommended", explain(a, FUSIONS)
    assert "R19" in rules_of(a, "percutaneous-sij-fusion")
    assert status(a, "open-sij-fusion") == "not-indicated"
    assert "R20" in rules_of(a, "open-sij-fusion")
    assert status(a, "diagnostic-sij-block") == "not-indicated"  # R22: block result recorded
    assert "R22" in rules_of(a, "diagnostic-sij-block")


@pytest.mark.parametrize("relief", [75, 50, 0])
def test_R19_block_at_or_below_threshold_not_indicated(ev, relief):
    # "diagnostic block relief needed for fusion (%), strictly greater than | 75"
    a = ev(mech_fusion(relief=relief))
    assert_all(a, FUSIONS, "not-indicated")
    assert "R19" in rules_of(a, "percutaneous-sij-fusion")


def test_R19_pain_stopped_not_indicated(ev):
    a = ev(mech_fusion(pain=False))
    assert_all(a, FUSIONS, "not-indicated")


def test_R19_pain_unrecorded_unknown(ev):
    a = ev(mech_fusion(pain=None))
    assert status(a, "percutaneous-sij-fusion") == "unknown", explain(a, FUSIONS)
    assert "continued-sij-pain" in missing_of(a, "percutaneous-sij-fusion")
    assert "continued-sij-pain" in a["missing"]


def test_R19_block_without_result_unknown(ev):
    a = ev(mech_fusion(relief=None, treatments=[tx("diagnostic-sij-block", "response")]))
    assert status(a, "percutaneous-sij-fusion") == "unknown", explain(a, FUSIONS)
    assert "sij-block-relief-pct" in missing_of(a, "percutaneous-sij-fusion")


@pytest.mark.parametrize("drop", ["pt", "nsaid", "injection", "rfa"])
def test_R19_unmet_item_deferred(ev, drop):
    f = mech_fusion()
    keep = {"pt": "physical-therapy-active", "nsaid": "naproxen", "injection": "27096", "rfa": "sij-radiofrequency-ablation"}[drop]
    f["treatments"] = [t for t in f["treatments"] if t["therapy"]["code"] != keep]
    a = ev(f)
    assert status(a, "percutaneous-sij-fusion") == "deferred", explain(a, FUSIONS)
    assert status(a, "diagnostic-sij-block") in ("not-indicated",)  # a block result is recorded


def test_R19_pt_tried_but_not_failed_deferred(ev):
    f = mech_fusion()
    f["treatments"][0] = tx("physical-therapy-active", "ongoing", 180)
    a = ev(f)
    assert status(a, "percutaneous-sij-fusion") == "deferred"


def test_R19_inflammatory_needs_biologic_step(ev):
    base = dict(findings={"sij-jsn": "mild", "continued-sij-pain": True, "sij-block-relief-pct": 80},
                )
    trts = nsaid_fail() + [tx("physical-therapy-active", "failure", 120), tx("27096", "failure", system="cpt"),
                           tx("sij-radiofrequency-ablation", "failure")]
    a = ev(facts(treatments=trts, **base))
    assert status(a, "percutaneous-sij-fusion") == "deferred"
    b = ev(facts(treatments=trts + [tx("adalimumab", "primary-nonresponse", 120)], **base))
    assert status(b, "percutaneous-sij-fusion") == "recommended", explain(b, FUSIONS)


def test_R22_block_recommended_when_everything_else_holds(ev):
    a = ev(mech_fusion(relief=None))
    assert status(a, "diagnostic-sij-block") == "recommended", explain(a, ["diagnostic-sij-block"])
    assert "R22" in rules_of(a, "diagnostic-sij-block")
    # the block itself is an unmet R19 item (no block recorded): fusion not yet
    assert status(a, "percutaneous-sij-fusion") == "deferred", explain(a, FUSIONS)


def test_R22_block_deferred_while_other_items_unmet(ev):
    f = mech_fusion(relief=None)
    f["treatments"] = [t for t in f["treatments"] if t["therapy"]["code"] != "sij-radiofrequency-ablation"]
    a = ev(f)
    assert status(a, "diagnostic-sij-block") == "deferred"


def test_R20_aberrant_anatomy_open_fusion(ev):
    a = ev(mech_fusion(findings={"aberrant-sij-anatomy": True}))
    assert status(a, "open-sij-fusion") == "recommended", explain(a, FUSIONS)
    assert status(a, "percutaneous-sij-fusion") == "not-recommended"
    assert "R20" in rules_of(a, "percutaneous-sij-fusion")


@pytest.mark.parametrize("outcome", ["nonunion", "failure"])
def test_R20_revision_of_prior_fusion(ev, outcome):
    a = ev(mech_fusion(treatments=[tx("27279", outcome, system="cpt")]))
    assert status(a, "open-sij-fusion") == "recommended", explain(a, FUSIONS)
    assert status(a, "percutaneous-sij-fusion") == "not-recommended"


def test_R20_M96_0_alone_not_revision(ev):
    a = ev(mech_fusion(conditions=["M96.0"]))
    assert status(a, "open-sij-fusion") == "not-indicated"
    assert status(a, "percutaneous-sij-fusion") == "recommended"


def test_R20_open_fusion_follows_R19_when_revision(ev):
    # "then it takes R19's result": block at threshold -> not-indicated
    a = ev(mech_fusion(relief=75, findings={"aberrant-sij-anatomy": True}))
    assert status(a, "open-sij-fusion") == "not-indicated"


# ============================================================================= R21 severe JSN


def test_R21_severe_jsn_warning_and_fusions_deferred(ev):
    trts = nsaid_fail() + [tx("physical-therapy-active", "failure", 120), tx("27096", "failure", system="cpt"),
                           tx("sij-radiofrequency-ablation", "failure")]
    a = ev(facts(dx=("M46.1",), findings={"sij-jsn": "severe", "sij-erosions": True, "sij-bme": True,
                                          "sij-block-relief-pct": 80, "continued-sij-pain": True}, treatments=trts))
    assert "R21" in warning_rules(a)
    # R21 "both fusions `deferred`"; open fusion also gets R20's not-indicated, which is more severe
    assert status(a, "percutaneous-sij-fusion") == "deferred"
    assert status(a, "open-sij-fusion") == "not-indicated"
    assert all("R21" in rules_of(a, t) for t in FUSIONS)
    assert_all(a, TNFI, "recommended")


@pytest.mark.parametrize("dx, crp, findings, trts", [
    (("M45.8",), True, {"sij-jsn": "moderate"}, nsaid_fail()),
    (("M45.8",), True, {"sij-jsn": "severe"}, nsaid_fail() + [tx("adalimumab", "primary-nonresponse", 100)]),
    (("M53.3",), False, {"sij-jsn": "severe"}, nsaid_fail()),
], ids=["moderate", "biologic-step-done", "mechanical"])
def test_R21_no_warning(ev, dx, crp, findings, trts):
    a = ev(facts(dx=dx, crp=crp, findings=findings, treatments=trts))
    assert "R21" not in warning_rules(a)


# ============================================================================= R23 JAK inhibitors


TNFI_FAILED = nsaid_fail() + [tx("adalimumab", "secondary-nonresponse", 300)]


def test_R23_jak_eligible_after_tnfi_failure(ev):
    a = ev(facts(treatments=TNFI_FAILED))
    assert_all(a, JAK, "eligible")


def test_R23_jak_deferred_before_tnfi_failure(ev):
    a = ev(facts(treatments=nsaid_fail()))
    assert_all(a, JAK, "deferred")
    assert all("R23" in rules_of(a, t) for t in JAK)


def test_R23_jak_not_indicated_when_tnfi_contraindicated(ev):
    a = ev(facts(conditions=["G35"], treatments=nsaid_fail()))
    assert_all(a, JAK, "not-indicated")


@pytest.mark.parametrize("conds, findings", [(["K51.90", "G35"], {}), (["K51.90"], {"tnfi-unavailable": True})],
                         ids=["uc+G35", "uc+unavailable"])
def test_R23_uc_and_tnfi_not_an_option_jak_recommended(ev, conds, findings):
    a = ev(facts(conditions=conds, findings=findings, treatments=nsaid_fail()))
    assert_all(a, JAK, "recommended")
    assert_all(a, IL17, "not-recommended")


@pytest.mark.parametrize("age, conds, findings, caution", [
    (65, [], {}, True),
    (64, [], {}, False),
    (40, [], {"smoking": "current"}, True),
    (40, [], {"smoking": "former"}, False),
    (40, ["I25.10"], {}, True),  # I20-I25 covers I25.10
    (40, [("I21.9", "history")], {}, True),  # cardiovascular disease: history counts
    (40, ["I63.9"], {}, True),
    (40, [("Z86.718", "history")], {}, True),
    (40, [("I26.99", "history")], {}, True),
    (40, ["C50.911"], {}, True),
    (40, [("C50.911", "history")], {}, False),  # active cancer needs status active
], ids=["age65", "age64", "smoker", "former-smoker", "I25.10", "I21.9-history", "I63.9", "Z86.718", "I26.99-history",
        "cancer", "cancer-history"])
def test_R23_jak_cautions(ev, age, conds, findings, caution):
    a = ev(facts(age=age, conditions=conds, findings=findings, treatments=TNFI_FAILED))
    assert_all(a, JAK, "caution" if caution else "eligible")
    if caution:
        assert all("R23" in rules_of(a, t) for t in JAK)


# ============================================================================= R24 pregnancy


@pytest.mark.parametrize("conds, findings, nsaid_status", [
    ([], {"gestational-weeks": 19}, "recommended"),
    ([], {"gestational-weeks": 20}, "contraindicated"),
    (["Z3A.19"], {}, "recommended"),
    (["Z3A.20"], {}, "contraindicated"),
    (["Z3A.01"], {}, "recommended"),  # under 8 weeks
    (["Z3A.49"], {}, "contraindicated"),  # over 42
    (["Z3A.10", "Z3A.24"], {}, "contraindicated"),  # the highest Z3A week
    (["Z3A.22"], {"gestational-weeks": 12}, "recommended"),  # "the week from the finding, else the highest Z3A week"
    (["Z33.1"], {"gestational-weeks": 20}, "contraindicated"),
    (["Z33.1"], {}, "unknown"),
    (["Z3A.00"], {}, "unknown"),  # "others: week unknown"
], ids=["wk19", "wk20", "Z3A.19", "Z3A.20", "Z3A.01", "Z3A.49", "Z3A.10+24", "Z3A.22+wk12", "Z33.1+wk20", "Z33.1", "Z3A.00"])
def test_R24_pregnancy_nsaids(ev, conds, findings, nsaid_status):
    a = ev(facts(conditions=conds, findings=findings))
    assert_all(a, NSAIDS, nsaid_status)
    if nsaid_status != "recommended":
        assert all("R24" in rules_of(a, t) for t in NSAIDS)
    if nsaid_status == "unknown":
        for t in NSAIDS:
            assert "gestational-weeks" in missing_of(a, t)
        assert "gestational-weeks" in a["missing"]
    # every pregnancy: methotrexate and JAKi contraindicated
    assert status(a, "methotrexate") == "contraindicated"
    assert_all(a, JAK, "contraindicated")


def test_R24_pregnancy_week20_biologics_and_procedures(ev):
    a = ev(facts(findings={"gestational-weeks": 20, "continued-sij-pain": True}))
    # all NSAIDs contraindicated -> NSAID failure (c) -> TNFi reachable
    assert status(a, "certolizumab-pegol") == "recommended", explain(a, TNFI)
    assert_all(a, ["etanercept", "adalimumab", "infliximab", "golimumab"], "eligible")
    assert_all(a, IL17, "caution")  # R5 eligible, R24 caution
    assert_all(a, ["sij-radiofrequency-ablation", "prolotherapy", "diagnostic-sij-block", "percutaneous-sij-fusion"], "deferred")
    assert status(a, "open-sij-fusion") == "not-indicated"  # R20 more severe than R24's deferred
    assert status(a, "sij-corticosteroid-injection") == "caution"  # R15 eligible (NSAIDs contraindicated) + R24
    assert status(a, "methotrexate") == "contraindicated"
    assert_all(a, JAK, "contraindicated")


def test_R24_week19_certolizumab_once_reachable(ev):
    a = ev(facts(findings={"gestational-weeks": 19}))
    assert_all(a, TNFI, "deferred")
    b = ev(facts(findings={"gestational-weeks": 19}, treatments=nsaid_fail()))
    assert status(b, "certolizumab-pegol") == "recommended"
    assert_all(b, ["etanercept", "adalimumab", "infliximab", "golimumab"], "eligible")
    assert_all(b, NSAIDS, "eligible")
    assert all("R24" in rules_of(b, t) for t in TNFI)


def test_R24_pregnancy_mechanical_procedures_deferred(ev):
    # without pregnancy: RFA/prolotherapy eligible (R17/R18), injection not-recommended (failed)
    a = ev(facts(dx=("M53.3",), crp=False, findings={"gestational-weeks": 10}, treatments=MECH_GATE))
    assert_all(a, ["sij-radiofrequency-ablation", "prolotherapy"], "deferred")
    assert all("R24" in rules_of(a, t) for t in ["sij-radiofrequency-ablation", "prolotherapy"])
    # without pregnancy: percutaneous fusion recommended
    b = ev(mech_fusion(findings={"gestational-weeks": 10}))
    assert status(b, "percutaneous-sij-fusion") == "deferred"
    assert "R24" in rules_of(b, "percutaneous-sij-fusion")
    # with aberrant anatomy open fusion would take R19's result (recommended); pregnancy defers it
    d = ev(mech_fusion(findings={"gestational-weeks": 10, "aberrant-sij-anatomy": True}))
    assert status(d, "open-sij-fusion") == "deferred"
    # without pregnancy: diagnostic block recommended (R22)
    c = ev(mech_fusion(relief=None, findings={"gestational-weeks": 10}))
    assert status(c, "diagnostic-sij-block") == "deferred"
    assert "R24" in rules_of(c, "diagnostic-sij-block")


def test_R24_pregnancy_injection_caution(ev):
    # mechanical, NSAID and PT tried: R15 recommended; R24 "SI joint injection `caution`"
    a = ev(facts(dx=("M53.3",), crp=False, findings={"gestational-weeks": 10},
                 treatments=[nsaid("naproxen", 10, outcome="ongoing"), tx("physical-therapy-active", "ongoing", 20)]))
    assert status(a, "sij-corticosteroid-injection") == "caution"
    assert "R24" in rules_of(a, "sij-corticosteroid-injection")


# ============================================================================= R26 sulfasalazine safety, R27 mechanical


@pytest.mark.parametrize("code, expected", [("Z88.2", "contraindicated"), ("E80.0", "contraindicated"),
                                            ("E80.1", "contraindicated"), ("E80.21", "contraindicated"),
                                            ("D55.0", "caution")])
def test_R26_sulfasalazine_safety(ev, code, expected):
    a = ev(facts(conditions=[code], findings={"peripheral-arthritis": True}, treatments=nsaid_fail()))
    assert status(a, "sulfasalazine") == expected, explain(a, ["sulfasalazine"])
    assert "R26" in rules_of(a, "sulfasalazine")


def test_R27_mechanical_not_indicated(ev):
    a = ev(facts(dx=("M53.3",), crp=True, findings={"peripheral-arthritis": True}, treatments=nsaid_fail()))
    assert a["pathway"] == "mechanical"
    assert_all(a, TNFI + IL17 + JAK + CSDMARD, "not-indicated")
    assert all("R27" in rules_of(a, t) for t in TNFI + IL17 + JAK + CSDMARD)


def test_R27_mechanical_safety_still_applies(ev):
    # "Safety rules (R7-R11, ...) apply in every pathway": contraindicated beats not-indicated
    a = ev(facts(dx=("M53.3",), crp=False, conditions=["G35"], treatments=nsaid_fail()))
    assert_all(a, TNFI, "contraindicated")


# ============================================================================= warnings R29, R31


@pytest.mark.parametrize("trts, warn", [
    ([tx("adalimumab", "primary-nonresponse", 100), tx("etanercept", "failure", 300)], True),
    ([tx("adalimumab", "primary-nonresponse", 100), tx("secukinumab", "failure", 200)], True),
    ([tx("adalimumab", "intolerance", 10), tx("tofacitinib", "failure", 100)], True),
    ([tx("adalimumab", "failure", 100), tx("adalimumab", "failure", 300)], False),  # distinct therapies
    ([tx("adalimumab", "primary-nonresponse", 100), tx("etanercept", "ongoing", 30)], False),
], ids=["2tnfi", "tnfi+il17", "tnfi+jak", "same-twice", "second-ongoing"])
def test_R29_two_failed_advanced_therapies(ev, trts, warn):
    a = ev(facts(treatments=nsaid_fail() + trts))
    assert ("R29" in warning_rules(a)) == warn


@pytest.mark.parametrize("age, warn", [(17, True), (18, False), (0, True), (40, False)])
def test_R31_under_18(ev, age, warn):
    a = ev(facts(age=age))
    assert ("R31" in warning_rules(a)) == warn


# ============================================================================= R30 bimekizumab


def test_R30_bimekizumab_capped(ev):
    a = ev(facts(treatments=nsaid_fail() + [tx("adalimumab", "primary-nonresponse", 100)]))
    assert_all(a, IL17_GRADED, "recommended")
    assert status(a, "bimekizumab") == "eligible"
    assert "R30" in rules_of(a, "bimekizumab")


def test_R30_bimekizumab_blocking_still_wins(ev):
    a = ev(facts(conditions=["K50.90"], treatments=nsaid_fail()))
    assert status(a, "bimekizumab") == "not-recommended"


# ============================================================================= codes


def _all_statuses(a):
    return {t["therapy"]: t["status"] for t in a["therapies"]}


def test_codes_atc_rxnorm_sikg_same_answer(ev):
    def history(system):
        codes = {
            "rxnorm": {"naproxen": "7258", "ibuprofen": "5640", "adalimumab": "327361"},
            "atc": {"naproxen": "M01AE02", "ibuprofen": "M01AE01", "adalimumab": "L04AB04"},
            "sikg": {"naproxen": "naproxen", "ibuprofen": "ibuprofen", "adalimumab": "adalimumab"},
        }[system]
        return [nsaid(codes["naproxen"], 14, system=system), nsaid(codes["ibuprofen"], 14, system=system),
                tx(codes["adalimumab"], "primary-nonresponse", 100, system=system)]

    answers = {s: _all_statuses(ev(facts(treatments=history(s)))) for s in ("rxnorm", "atc", "sikg")}
    assert answers["rxnorm"] == answers["atc"] == answers["sikg"]
    assert answers["atc"]["adalimumab"] == "not-recommended"
    assert answers["atc"]["secukinumab"] == "recommended"


@pytest.mark.parametrize("system, code", [("cpt", "27096"), ("hcpcs", "G0260"), ("sikg", "sij-corticosteroid-injection")])
def test_codes_sij_injection_codes(ev, system, code):
    a = ev(facts(dx=("M53.3",), crp=False, treatments=[tx(code, "failure", system=system)]))
    assert status(a, "sij-corticosteroid-injection") == "not-recommended"
    assert status(a, "diagnostic-sij-block") != "not-indicated"  # 27096 is the therapeutic injection


@pytest.mark.parametrize("system, code, tid", [
    ("cpt", "64625", "sij-radiofrequency-ablation"), ("hcpcs", "M0076", "prolotherapy"),
    ("cpt", "27279", "percutaneous-sij-fusion"), ("cpt", "27278", "percutaneous-sij-fusion"),
    ("cpt", "27280", "open-sij-fusion"), ("atc", "L04AC10", "secukinumab"), ("rxnorm", "9524", "sulfasalazine"),
    ("atc", "H02AB07", "prednisone"), ("atc", "M01AH05", "etoricoxib"), ("atc", "L04AB01", "etanercept"),
    ("rxnorm", "1357536", "tofacitinib"), ("atc", "L04AF03", "upadacitinib"), ("atc", "L04AX03", "methotrexate"),
])
def test_codes_drug_and_procedure_codes_resolve(ev, system, code, tid):
    # a therapy that failed by intolerance is not-recommended (R7): shows the code resolved to that therapy
    a = ev(facts(treatments=nsaid_fail() + [tx(code, "intolerance", 10, system=system)]))
    assert status(a, tid) == "not-recommended", explain(a, [tid])
    assert "R7" in rules_of(a, tid)


@pytest.mark.parametrize("system, code", [("cpt", "97110"), ("cpt", "97530"), ("cpt", "97124"), ("cpt", "97035"),
                                          ("cpt", "97010"), ("cpt", "97113"), ("sikg", "aquatic-therapy")])
def test_codes_physical_therapy_codes_count_as_pt(ev, system, code):
    # "Physical therapy" means any of the three PT catalog entries: R15 mechanical gate met
    a = ev(facts(dx=("M53.3",), crp=False, treatments=[nsaid("naproxen", 10, outcome="ongoing"), tx(code, "ongoing", 20, system=system)]))
    assert status(a, "sij-corticosteroid-injection") == "recommended", explain(a, ["sij-corticosteroid-injection"])


def test_codes_unknown_therapy_code_rejected(engine):
    with pytest.raises(InvalidFacts) as exc:
        from_json(facts(treatments=[tx("999999999", system="rxnorm")]), engine.catalog)
    assert any(p.path.startswith("treatments[0].therapy") for p in exc.value.problems)


# ============================================================================= contract: order


def test_answer_order(ev):
    a = ev(facts(conditions=["I50.22"], findings={"nyha-class": 3}, treatments=nsaid_fail()))
    rank = {s: i for i, s in enumerate(STATUSES)}
    keys = [(rank[t["status"]], CATALOG.index(t["therapy"])) for t in a["therapies"]]
    assert keys == sorted(keys)


# ============================================================================= further boundaries


def test_R19_pain_unrecorded_not_missing_while_other_items_unmet(ev):
    # "Only these facts are "missing" when unrecorded ...: `continued-sij-pain` and the block result
    #  when every other R19 item holds"
    f = mech_fusion(pain=None)
    f["treatments"] = [t for t in f["treatments"] if t["therapy"]["code"] != "sij-radiofrequency-ablation"]
    a = ev(f)
    assert status(a, "percutaneous-sij-fusion") == "deferred"
    assert "continued-sij-pain" not in a["missing"]


def test_R19_block_below_threshold_not_indicated_even_with_other_items_unmet(ev):
    # "a block at or below the threshold ...: both fusions `not-indicated`" (more severe than deferred)
    a = ev(facts(dx=("M53.3",), crp=False, findings={"sij-block-relief-pct": 40, "continued-sij-pain": True},
                 treatments=[nsaid("naproxen", 42)]))
    assert_all(a, FUSIONS, "not-indicated")


def test_R2_undated_plus_short_dated_is_unknown_only_undated_missing(ev):
    a = ev(facts(treatments=[nsaid("naproxen", 14), nsaid("ibuprofen", None)]))
    assert_all(a, TNFI, "unknown")
    assert "treatments[1].durationDays" in a["missing"]
    assert "treatments[0].durationDays" not in a["missing"]


def test_R6_tnfi_intolerance_is_other_kind(ev):
    # "`intolerance` and undated `failure` are "other"": no R6; R5 (a TNFi failed) and R4 apply
    a = ev(facts(treatments=nsaid_fail() + [tx("adalimumab", "intolerance", 30)]))
    assert_all(a, IL17_GRADED, "recommended")
    assert_all(a, ["etanercept", "infliximab", "golimumab", "certolizumab-pegol"], "recommended")
    assert status(a, "adalimumab") == "not-recommended"


def test_every_tnfi_failed_means_tnfi_not_an_option(ev):
    # "TNFi not an option: ... every TNFi `not-recommended` or `contraindicated` for this patient by other rules"
    trts = nsaid_fail() + [tx(t, "intolerance", 20) for t in TNFI]
    a = ev(facts(findings={"peripheral-arthritis": True}, treatments=trts))
    assert_all(a, TNFI, "not-recommended")
    assert_all(a, IL17_GRADED, "recommended")
    assert status(a, "methotrexate") == "eligible"  # R12 exception
    assert status(a, "sulfasalazine") == "eligible"
    assert "R29" in warning_rules(a)


def test_R29_same_therapy_by_two_codes_counts_once(ev):
    a = ev(facts(treatments=nsaid_fail() + [tx("327361", "failure", 100, system="rxnorm"), tx("L04AB04", "failure", 300, system="atc")]))
    assert "R29" not in warning_rules(a)


def test_R10_unknown_lost_to_contraindication_still_missing(ev):
    # "The answer's top-level `missing` is the union ... also those that lost to a more severe status."
    a = ev(facts(conditions=["I50.9", "G35"], treatments=nsaid_fail()))
    assert_all(a, TNFI, "contraindicated")
    assert "nyha-class" in a["missing"]


def test_R10_nyha3_with_heart_failure_history(ev):
    a = ev(facts(conditions=[("I50.22", "history")], findings={"nyha-class": 3}, treatments=nsaid_fail()))
    assert_all(a, TNFI, "contraindicated")
    assert_all(a, NSAIDS, "contraindicated")


def test_R23_heart_failure_without_nyha_jak_deferred_not_not_indicated(ev):
    # TNFi unknown, not contraindicated -> R23 "before any TNFi failure `deferred`"
    a = ev(facts(conditions=["I50.9"], treatments=nsaid_fail()))
    assert_all(a, JAK, "deferred")


def test_R23_uc_case_caution_applies(ev):
    a = ev(facts(age=70, conditions=["K51.90", "G35"], treatments=nsaid_fail()))
    assert_all(a, JAK, "caution")


def test_R24_week_unknown_nsaid_failure_not_derived(ev):
    # "derived facts that depend on it ... count as not holding": all-NSAIDs-contraindicated does not hold
    a = ev(facts(conditions=["Z33.1"]))
    assert_all(a, NSAIDS, "unknown")
    assert_all(a, TNFI, "deferred")
    assert status(a, "sij-corticosteroid-injection") == "deferred"  # R15: no NSAID tried


def test_R24_week_unknown_after_nsaid_trials(ev):
    a = ev(facts(conditions=["Z33.1"], treatments=nsaid_fail()))
    assert_all(a, NSAIDS, "unknown")
    assert status(a, "certolizumab-pegol") == "recommended"
    assert_all(a, ["etanercept", "adalimumab", "infliximab", "golimumab"], "eligible")
    assert_all(a, IL17, "caution")


@pytest.mark.parametrize("code, contraindicated", [("Z3A.08", False), ("Z3A.42", True)])
def test_R24_z3a_week_edges(ev, code, contraindicated):
    a = ev(facts(conditions=[code]))
    assert_all(a, NSAIDS, "contraindicated" if contraindicated else "recommended")


def test_no_age_no_warning_no_age_caution(ev):
    a = ev(facts(age=None, treatments=TNFI_FAILED))
    assert "R31" not in warning_rules(a)
    assert_all(a, JAK, "eligible")


# ============================================================================= reasons, citations, codes


def test_reason_shape_and_effects(ev):
    a = ev(facts(conditions=[("Z87.11", "history")], findings={"nyha-class": 3}, treatments=nsaid_fail()))
    for t in a["therapies"]:
        for r in t["reasons"]:
            assert r.get("effect") in STATUSES, r
            assert r.get("text"), r
            assert isinstance(r.get("facts"), list), r
            for c in r.get("citations") or []:
                assert c.get("key") and isinstance(c.get("verified"), bool) and c.get("direction") and c.get("strength"), c


def test_R14_citation_strong_against(ev):
    a = ev(facts())
    cits = [c for r in reasons(a, "prednisone", "R14") for c in r["citations"]]
    assert any(c["direction"] == "against" and c["strength"] == "strong" for c in cits), cits


def test_not_graded_strength_when_table_names_none(ev):
    # "Where the table names no strength, the rule's strength is the explicit value `not-graded`." (R3: "SRC")
    a = ev(facts(conditions=[("Z87.11", "history")]))
    rs = reasons(a, "naproxen", "R3")
    assert rs
    cits = [c for r in rs for c in r["citations"]]
    assert cits and all(c["strength"] == "not-graded" for c in cits), cits


@pytest.mark.parametrize("tid, system, code, verified, cls", [
    ("naproxen", "rxnorm", "7258", False, "nsaid-nonselective"),
    ("naproxen", "atc", "M01AE02", True, "nsaid-nonselective"),
    ("celecoxib", "atc", "M01AH01", True, "nsaid-cox2"),
    ("ixekizumab", "atc", "L04AC13", False, "il17-inhibitor"),
    ("adalimumab", "atc", "L04AB04", True, "tnf-inhibitor"),
    ("tofacitinib", "atc", "L04AF01", False, "jak-inhibitor"),
    ("methotrexate", "atc", "L04AX03", True, "csdmard"),
    ("prednisone", "atc", "H02AB07", True, "systemic-glucocorticoid"),
    ("sij-corticosteroid-injection", "cpt", "27096", True, "injection"),
    ("sij-corticosteroid-injection", "hcpcs", "G0260", True, "injection"),
    ("sij-radiofrequency-ablation", "cpt", "64625", False, "ablation"),
    ("physical-therapy-active", "cpt", "97110", False, "physical-therapy"),
    ("percutaneous-sij-fusion", "cpt", "27279", True, "surgery"),
    ("open-sij-fusion", "cpt", "27280", True, "surgery"),
])
def test_answer_codes_verified_flags_and_class(ev, tid, system, code, verified, cls):
    a = ev(facts())
    t = therapy(a, tid)
    assert t["class"] == cls
    match = [c for c in t["codes"] if c["system"] == system and c["code"] == code]
    assert match and match[0]["verified"] is verified, t["codes"]
    assert "diagnostic-sij-block" == therapy(a, "diagnostic-sij-block")["therapy"]
    assert therapy(a, "diagnostic-sij-block")["class"] == "diagnostic-injection"


# ============================================================================= the shared vignettes


import json  # noqa: E402
from pathlib import Path  # noqa: E402

EXAMPLES = sorted((Path(__file__).resolve().parents[3] / "shared" / "clinical" / "examples").glob("P*.json"))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_vignette(ev, path):
    case = json.loads(path.read_text())
    a = ev(case["facts"])
    exp = case["expect"]
    assert a["pathway"] == exp["pathway"]
    for t in exp.get("recommended", []):
        assert status(a, t) == "recommended", explain(a, [t])
    for t in exp.get("can", []):
        assert status(a, t) in POSITIVE, explain(a, [t])
    for t in exp.get("cannot", []):
        assert status(a, t) not in POSITIVE, explain(a, [t])
    for t, s in exp.get("status", {}).items():
        assert status(a, t) == s, explain(a, [t])
    for w in exp.get("warnings", []):
        assert w in warning_rules(a)


# ============================================================================= a few more cross-checks


@pytest.mark.parametrize("dx, crp, pathway", [
    (("M53.3", "M45.8"), None, "inflammatory"),  # AS diagnosed wins over a mechanical code
    (("M46.1", "M53.3"), True, "mechanical"),  # "CRP alone is too unspecific to override one"
], ids=["M53.3+M45.8", "M46.1+M53.3+crp"])
def test_R0_combined_codes(ev, dx, crp, pathway):
    assert ev(facts(dx=dx, crp=crp))["pathway"] == pathway


def test_R0_crp_without_diagnosis_no_missing(ev):
    a = ev(facts(dx=(), crp=True))
    assert a["pathway"] == "inflammatory"
    assert a["missing"] == []


def test_R15_submaximal_nsaid_counts_as_tried(ev):
    # "A treatment is **tried** when it is recorded at all"
    a = ev(facts(treatments=[nsaid("naproxen", 21, outcome="ongoing", dose="submaximal")]))
    assert status(a, "sij-corticosteroid-injection") == "eligible"


def test_R24_certolizumab_not_reachable_in_mechanical(ev):
    # "TNFi reachable: inflammatory pathway and NSAID failure established."
    a = ev(facts(dx=("M53.3",), crp=False, findings={"gestational-weeks": 12}, treatments=nsaid_fail()))
    assert_all(a, TNFI, "not-indicated")


def test_R9_il17_at_most_eligible_when_tnfi_not_an_option(ev):
    a = ev(facts(conditions=["H20.022", "G35"], treatments=nsaid_fail()))
    assert_all(a, TNFI, "contraindicated")
    assert_all(a, IL17, "eligible")


def test_R22_block_recommended_inflammatory_after_biologic_step(ev):
    trts = nsaid_fail() + [tx("physical-therapy-active", "failure", 120), tx("27096", "failure", system="cpt"),
                           tx("sij-radiofrequency-ablation", "failure"), tx("adalimumab", "primary-nonresponse", 100)]
    a = ev(facts(findings={"continued-sij-pain": True}, treatments=trts))
    assert status(a, "diagnostic-sij-block") == "recommended", explain(a, ["diagnostic-sij-block"])
    b = ev(facts(findings={"continued-sij-pain": True}, treatments=trts[:-1]))
    assert status(b, "diagnostic-sij-block") == "deferred"  # biologic step not done
