"""The knowledge graph's catalog, read once into memory: therapies and codes, condition patterns,
finding types, statuses, rules with their citations, and rule effects.

Everything here comes from the graph through ``queries/catalog/*.rq``; nothing is restated in code.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

import pyoxigraph as ox
from rdflib import URIRef

from kg import queries
from kg.codes import Pattern, normalise
from kg.rows import select


@dataclass(frozen=True)
class Code:
    system: str
    code: str
    verified: bool

    def as_json(self) -> dict:
        return {"system": self.system, "code": self.code, "verified": self.verified}


@dataclass
class Therapy:
    iri: URIRef
    id: str
    label: str
    order: int
    class_id: str
    codes: list[Code] = field(default_factory=list)


@dataclass(frozen=True)
class FindingType:
    iri: URIRef
    code: str
    kind: str  # boolean | integer | number | code
    allowed: frozenset[str]
    min: Decimal | None
    max: Decimal | None


@dataclass(frozen=True)
class Status:
    iri: URIRef
    name: str
    severity: int
    display: int
    positive: bool


@dataclass
class Rule:
    iri: URIRef
    id: str
    label: str
    statement: str
    overrides: set[URIRef] = field(default_factory=set)
    is_default: bool = False
    default_status: URIRef | None = None
    reason_text: str = ""
    citations: list[dict] = field(default_factory=list)


@dataclass
class Effect:
    iri: URIRef
    rule: URIRef
    status: URIRef | None
    is_cap: bool
    is_warning: bool
    reason: str
    targets: dict[URIRef, str] = field(default_factory=dict)
    required: set[URIRef] = field(default_factory=set)


@dataclass
class Catalog:
    therapies: list[Therapy]
    therapy_codes: dict[tuple[str, str], URIRef]
    condition_patterns: list[tuple[URIRef, str, str, Pattern]]
    findings: dict[str, FindingType]
    systems: frozenset[str]
    statuses: dict[URIRef, Status]
    rules: dict[URIRef, Rule]
    effects: dict[URIRef, Effect]
    therapy_types: dict[URIRef, set[URIRef]]

    @property
    def therapy_by_iri(self) -> dict[URIRef, Therapy]:
        return {t.iri: t for t in self.therapies}

    def status_named(self, name: str) -> Status:
        return next(s for s in self.statuses.values() if s.name == name)

    def resolve_therapy(self, system: str, code: str) -> URIRef | None:
        """The catalog therapy a code names (any of its codes, or its id with system ``sikg``)."""
        return self.therapy_codes.get((system.strip().lower(), normalise(code)))

    def match_condition(self, system: str, code: str) -> list[URIRef]:
        """Condition concepts whose patterns match the code, by the patterns stored in the graph."""
        system = system.strip().lower()
        found: list[URIRef] = []
        for iri, _cid, psystem, pattern in self.condition_patterns:
            if psystem == system and pattern.matches(code) and iri not in found:
                found.append(iri)
        return found


def load_catalog(store: ox.Store) -> Catalog:
    therapies: dict[URIRef, Therapy] = {}
    codes: dict[tuple[str, str], URIRef] = {}
    for row in select(store, queries.load("catalog/therapies")):
        t = therapies.get(row["therapy"])
        if t is None:
            t = therapies[row["therapy"]] = Therapy(row["therapy"], row["id"], row["label"], row["order"], row.get("classId", ""))
        if "code" in row:
            t.codes.append(Code(row["system"], row["code"], bool(row["verified"])))
            codes[(row["system"], normalise(row["code"]))] = t.iri
    patterns = [
        (r["condition"], r["id"], r["system"], Pattern(r["pattern"]))
        for r in select(store, queries.load("catalog/condition-patterns"))
    ]
    allowed: dict[str, set[str]] = defaultdict(set)
    finding_rows: dict[str, dict] = {}
    for r in select(store, queries.load("catalog/findings")):
        finding_rows[r["code"]] = r
        if "allowed" in r:
            allowed[r["code"]].add(r["allowed"])
    findings = {
        code: FindingType(r["finding"], code, r["kind"], frozenset(allowed[code]), r.get("min"), r.get("max"))
        for code, r in finding_rows.items()
    }
    systems = frozenset(r["name"] for r in select(store, queries.load("catalog/code-systems")))
    statuses = {
        r["status"]: Status(r["status"], r["name"], r["severity"], r["display"], bool(r["positive"]))
        for r in select(store, queries.load("catalog/statuses"))
    }
    rules: dict[URIRef, Rule] = {}
    for r in select(store, queries.load("catalog/rules")):
        rule = rules.get(r["rule"])
        if rule is None:
            rule = rules[r["rule"]] = Rule(r["rule"], r["ruleId"], r["label"], r.get("statement", ""),
                                           reason_text=r.get("reasonText", ""))
        if "overrides" in r:
            rule.overrides.add(r["overrides"])
        if r.get("isDefault"):
            rule.is_default = True
            rule.default_status = r.get("defaultStatus")
    seen: set[tuple] = set()
    for r in select(store, queries.load("catalog/rule-citations")):
        if r["rule"] not in rules or (r["rule"], r["rec"]) in seen:
            continue
        seen.add((r["rule"], r["rec"]))
        citation = {"key": r["key"], "title": r.get("title"), "year": r.get("year"),
                    "doi": r.get("doi"), "pmid": r.get("pmid"), "verified": bool(r.get("verified", False)),
                    "direction": r.get("direction"), "strength": r.get("strength"),
                    "certainty": r.get("certainty"), "gradingSystem": r.get("grading")}
        rules[r["rule"]].citations.append({k: v for k, v in citation.items() if v is not None})
    effects: dict[URIRef, Effect] = {}
    for r in select(store, queries.load("catalog/effects")):
        e = effects.get(r["effect"])
        if e is None:
            e = effects[r["effect"]] = Effect(r["effect"], r["rule"], r.get("status"), bool(r["isCap"]),
                                              bool(r["isWarning"]), r["reason"])
        if "target" in r:
            e.targets[r["target"]] = r.get("targetId", "")
        if "required" in r:
            e.required.add(r["required"])
    types: dict[URIRef, set[URIRef]] = defaultdict(set)
    for r in select(store, queries.load("catalog/therapy-types")):
        types[r["therapy"]].add(r["type"])
    return Catalog(sorted(therapies.values(), key=lambda t: t.order), codes, patterns, findings, systems,
                   statuses, rules, effects, dict(types))
