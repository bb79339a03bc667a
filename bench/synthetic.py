"""Synthetic patients for benchmarks: random but valid facts drawn from the catalog's vocabulary."""

from __future__ import annotations

import random

DIAGNOSES = ["M45.8", "M45.A8", "M46.1", "M53.3", "M45.0", "S33.6XXA"]
CONDITIONS = ["I50.22", "K50.90", "K51.90", "H20.023", "G35", "A15.0", "Z22.7", "N18.4", "K25.0", "Z87.11",
              "Z79.01", "Z88.2", "D55.0", "Z33.1", "I25.10", "C50.9", "E11.9"]
THERAPIES = ["ibuprofen", "naproxen", "diclofenac", "celecoxib", "etanercept", "adalimumab", "infliximab",
             "secukinumab", "tofacitinib", "sulfasalazine", "methotrexate", "physical-therapy-active",
             "sij-corticosteroid-injection", "sij-radiofrequency-ablation", "diagnostic-sij-block"]
OUTCOMES = ["ongoing", "response", "failure", "primary-nonresponse", "secondary-nonresponse", "intolerance"]
BOOLEAN_FINDINGS = ["sij-bme", "sij-erosions", "radiographic-sacroiliitis", "crp-elevated", "peripheral-arthritis",
                    "continued-sij-pain", "tnfi-unavailable", "active-serious-infection", "recurrent-infections"]


def patient(i: int, rng: random.Random) -> dict:
    facts: dict = {"id": f"syn-{i:06d}", "age": rng.randint(16, 85), "sex": rng.choice(["female", "male"]),
                   "diagnoses": [{"system": "icd10cm", "code": rng.choice(DIAGNOSES)}]}
    if rng.random() < 0.5:
        facts["conditions"] = [{"system": "icd10cm", "code": c, "status": rng.choice(["active", "history"])}
                               for c in rng.sample(CONDITIONS, rng.randint(1, 3))]
    findings = [{"code": f, "value": rng.random() < 0.5} for f in rng.sample(BOOLEAN_FINDINGS, rng.randint(0, 5))]
    if rng.random() < 0.3:
        findings.append({"code": "sij-block-relief-pct", "value": rng.randint(0, 100)})
    if rng.random() < 0.2:
        findings.append({"code": "nyha-class", "value": rng.randint(1, 4)})
    if rng.random() < 0.3:
        findings.append({"code": "sij-jsn", "value": rng.choice(["none", "mild", "moderate", "severe"])})
    facts["findings"] = findings
    facts["treatments"] = [
        {"therapy": {"system": "sikg", "code": t}, "outcome": rng.choice(OUTCOMES),
         **({"durationDays": rng.randint(7, 400)} if rng.random() < 0.85 else {}),
         **({"dose": "submaximal"} if rng.random() < 0.1 else {})}
        for t in rng.sample(THERAPIES, rng.randint(0, 5))
    ]
    return facts


def cohort(n: int, seed: int = 1) -> list[dict]:
    rng = random.Random(seed)
    return [patient(i, rng) for i in range(n)]
