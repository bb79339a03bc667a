"""The eligibility engine: patient graphs in, every catalog therapy's status with its reasons out.

How it works (ontology/logic.ttl holds the rules; this module holds no rule or therapy id):

1. The knowledge graphs (with the reasoner's materialized closure) are loaded once into an
   in-process pyoxigraph store; patients are added to it for one evaluation and removed after.
2. The state queries of ``queries/states`` run in file order; each row says a patient is in a state
   (optionally for one therapy), with the facts that made it hold and the facts found missing.
   They are written to a scratch graph, where later state queries and the evaluator read them.
3. ``queries/effect-contributions.rq`` applies every rule effect whose required states hold and
   whose excluding states do not; each application is a contribution (rule, status, therapy).
4. States that depend on other rules' results (TNFi not an option...) read the previous pass's
   contributions, so steps 2-3 repeat until the contributions no longer change.
5. Contributions combine per therapy by the statuses' severity ranks and the rules'
   ``sikg:overridesRule`` relations, both read from the graph; all of them are reported as reasons.

Many patients can be evaluated in one call (the queries range over every patient in the store),
which is how a cohort is evaluated.
"""

from __future__ import annotations

import hashlib
import threading
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import pyoxigraph as ox
from rdflib import RDF, Graph, URIRef

from kg import queries
from kg.catalog import Catalog, Effect, load_catalog
from kg.iris import GRAPH, SIKG, patient_graph
from kg.patients import PatientGraph
from kg.rows import select
from kg.store.embedded import to_ox, to_rdflib

SCRATCH = GRAPH["scratch/states"]
REACH = GRAPH["scratch/reach"]
CONTRIBUTIONS = GRAPH["scratch/contributions"]
MAX_PASSES = 6


@dataclass
class StateRow:
    state: URIRef
    therapy: URIRef | None
    facts: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


@dataclass
class Contribution:
    therapy: URIRef
    effect: Effect
    facts: list[str]
    missing: list[str]


def _ox_quads(graph: Graph, graph_name: URIRef) -> list[ox.Quad]:
    g = ox.NamedNode(str(graph_name))
    return [ox.Quad(to_ox(s), to_ox(p), to_ox(o), g) for s, p, o in graph]


def graph_key(graph: Graph) -> str:
    """A content hash of a graph without blank nodes (to notice a changed policy graph)."""
    lines = sorted(f"{s.n3()} {p.n3()} {o.n3()} ." for s, p, o in graph)
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(i for i in items if i))


class Engine:
    """Evaluates patients against the knowledge graph loaded in memory; thread-safe (one at a time)."""

    def __init__(self, store: ox.Store, knowledge_version: str):
        self.store = store
        self.built_version = self.knowledge_version = knowledge_version
        self._built_keys: dict[URIRef, str] = {}  # content hash of each replaced graph as built
        self._changed: dict[URIRef, str] = {}  # graphs that now differ from the build
        self._lock = threading.Lock()
        self.reload()

    @classmethod
    def load(cls, build_dir: Path | str | None = None) -> "Engine":
        """Load ``knowledge.nq`` of a build (building it first when missing or stale)."""
        from kg.build import ensure_built, read_manifest

        knowledge = ensure_built(build_dir)
        store = ox.Store()
        store.bulk_load(path=str(knowledge), format=ox.RdfFormat.N_QUADS)
        return cls(store, read_manifest(build_dir).knowledge_version)

    def reload(self) -> None:
        """Re-read catalog, rules and state queries from the store (after a knowledge change)."""
        self.catalog: Catalog = load_catalog(self.store)
        reach = ox.NamedNode(str(REACH))
        self.store.clear_graph(reach)
        triples = self.store.query(queries.load("construct-effect-reach").text, use_default_graph_as_union=True)
        self.store.extend([ox.Quad(t.subject, t.predicate, t.object, reach) for t in triples])
        self.state_info = {r["name"]: r for r in select(self.store, queries.load("catalog/states"))}
        self.state_queries = [(self._state_iri(n), queries.load(n)) for n in queries.names("states")]
        self.contribution_query = queries.load("effect-contributions")
        self.warning_query = queries.load("effect-warnings")

    def _state_iri(self, query_name: str) -> URIRef:
        """``states/07-nsaid-failure`` derives the state named ``nsaid-failure``."""
        stem = query_name.split("/", 1)[1].split("-", 1)[1]
        if stem not in self.state_info:
            raise KeyError(f"query {query_name} derives no state declared in the graph")
        return self.state_info[stem]["state"]

    def replace_graph(self, graph_name: URIRef, graph: Graph) -> None:
        """Replace one knowledge graph (e.g. the policy graph after an administrator changed it).

        While any knowledge graph differs from the build, the knowledge version keeps the build's
        date with a hash over the build's version and the changed graphs, so answers computed under a
        changed policy say so; restoring the graph restores the build's version.
        """
        with self._lock:
            self._built_keys.setdefault(graph_name, graph_key(self.graph(graph_name)))
            self.store.clear_graph(ox.NamedNode(str(graph_name)))
            self.store.extend(_ox_quads(graph, graph_name))
            key = graph_key(graph)
            if key == self._built_keys[graph_name]:
                self._changed.pop(graph_name, None)
            else:
                self._changed[graph_name] = key
            if self._changed:
                parts = [self.built_version] + [f"{g} {k}" for g, k in sorted(self._changed.items())]
                digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()[:12]
                self.knowledge_version = self.built_version.split("+", 1)[0] + "+" + digest
            else:
                self.knowledge_version = self.built_version
            self.reload()

    def graph(self, graph_name: URIRef) -> Graph:
        """A copy of one of the engine's knowledge graphs."""
        g = Graph()
        for q in self.store.quads_for_pattern(None, None, None, ox.NamedNode(str(graph_name))):
            g.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
        return g

    # ------------------------------------------------------------------ evaluation

    def evaluate(self, patient: PatientGraph) -> dict:
        return self.evaluate_many([patient])[0]

    def evaluate_many(self, patients: list[PatientGraph]) -> list[dict]:
        """Evaluate several patients in one pass of the queries; their ids must differ."""
        ids = [p.id for p in patients]
        if len(set(ids)) != len(ids):
            raise ValueError("patients evaluated together need distinct ids")
        with self._lock:
            names = [patient_graph(p.id) for p in patients]
            try:
                for p, name in zip(patients, names):
                    self.store.extend(_ox_quads(p.graph, name))
                states, contributions, warnings = self._derive()
            finally:
                for name in names:
                    self.store.remove_graph(ox.NamedNode(str(name)))
                self.store.clear_graph(ox.NamedNode(str(SCRATCH)))
                self.store.clear_graph(ox.NamedNode(str(CONTRIBUTIONS)))
        return [self._answer(p, states.get(p.iri, {}), contributions.get(p.iri, {}), warnings.get(p.iri, []))
                for p in patients]

    def _derive(self):
        scratch = ox.NamedNode(str(SCRATCH))
        previous: set | None = None
        for _ in range(MAX_PASSES):
            self.store.clear_graph(scratch)
            states: dict[URIRef, dict[URIRef, list[StateRow]]] = defaultdict(lambda: defaultdict(list))
            for state, query in self.state_queries:
                rows = select(self.store, query)
                quads = []
                by_key: dict[tuple, StateRow] = {}
                for row in rows:
                    key = (row["patient"], row.get("therapy"))
                    sr = by_key.get(key)
                    if sr is None:
                        sr = by_key[key] = StateRow(state, row.get("therapy"))
                        states[row["patient"]][state].append(sr)
                    if "fact" in row:
                        sr.facts.append(str(row["fact"]))
                    if "missing" in row:
                        sr.missing.append(str(row["missing"]))
                for (patient, therapy), sr in by_key.items():
                    node = ox.BlankNode()
                    p = ox.NamedNode(str(patient))
                    quads.append(ox.Quad(p, ox.NamedNode(str(SIKG.inState)), ox.NamedNode(str(state)), scratch))
                    quads.append(ox.Quad(node, ox.NamedNode(str(RDF.type)), ox.NamedNode(str(SIKG.StateAssertion)), scratch))
                    quads.append(ox.Quad(node, ox.NamedNode(str(SIKG.assertedState)), ox.NamedNode(str(state)), scratch))
                    quads.append(ox.Quad(node, ox.NamedNode(str(SIKG.forPatient)), p, scratch))
                    quads.append(ox.Quad(p, ox.NamedNode(str(SIKG.hasStateAssertion)), node, scratch))
                    if therapy is not None:
                        quads.append(ox.Quad(node, ox.NamedNode(str(SIKG.scopeTherapy)), ox.NamedNode(str(therapy)), scratch))
                    for f in _unique(sr.facts):
                        quads.append(ox.Quad(node, ox.NamedNode(str(SIKG.evidenceFact)), ox.Literal(f), scratch))
                    for m in _unique(sr.missing):
                        quads.append(ox.Quad(node, ox.NamedNode(str(SIKG.missingFact)), ox.Literal(m), scratch))
                if quads:
                    self.store.extend(quads)
            rows = select(self.store, self.contribution_query)
            current = {(r["patient"], r["therapy"], r["effect"]) for r in rows}
            if current == previous:
                break
            previous = current
            self._write_contributions(rows)
        else:
            raise RuntimeError(f"rule evaluation did not settle in {MAX_PASSES} passes")
        contributions: dict[URIRef, dict[URIRef, list[Contribution]]] = defaultdict(lambda: defaultdict(list))
        for r in rows:
            effect = self.catalog.effects[r["effect"]]
            held = states[r["patient"]]
            facts, missing = [], []
            for req in effect.required:
                for sr in held.get(req, []):
                    if sr.therapy is None or sr.therapy == r["therapy"]:
                        facts += sr.facts
                        missing += sr.missing
            contributions[r["patient"]][r["therapy"]].append(Contribution(r["therapy"], effect, sorted(set(facts)), sorted(set(missing))))
        warnings: dict[URIRef, list[dict]] = defaultdict(list)
        for r in select(self.store, self.warning_query):
            effect = self.catalog.effects[r["effect"]]
            held = states[r["patient"]]
            facts = sorted({f for req in effect.required for sr in held.get(req, []) for f in sr.facts})
            rule = self.catalog.rules[effect.rule]
            warnings[r["patient"]].append({"rule": rule.id, "text": effect.reason, "facts": facts, "citations": rule.citations})
        return states, contributions, warnings

    def _write_contributions(self, rows: list[dict]) -> None:
        g = ox.NamedNode(str(CONTRIBUTIONS))
        self.store.clear_graph(g)
        quads = []
        for r in rows:
            status = r.get("status")
            if status is None:
                continue
            node = ox.BlankNode()
            quads += [
                ox.Quad(node, ox.NamedNode(str(RDF.type)), ox.NamedNode(str(SIKG.Contribution)), g),
                ox.Quad(node, ox.NamedNode(str(SIKG.forPatient)), ox.NamedNode(str(r["patient"])), g),
                ox.Quad(node, ox.NamedNode(str(SIKG.assessedTherapy)), ox.NamedNode(str(r["therapy"])), g),
                ox.Quad(node, ox.NamedNode(str(SIKG.hasStatus)), ox.NamedNode(str(status)), g),
                ox.Quad(node, ox.NamedNode(str(SIKG.viaEffect)), ox.NamedNode(str(r["effect"])), g),
            ]
        if quads:
            self.store.extend(quads)

    # ------------------------------------------------------------------ combining and answering

    def combine(self, contributions: list[Contribution]) -> tuple[URIRef | None, list[Contribution]]:
        """The therapy's status from its contributions (None: no rule spoke), and the deciding ones."""
        statuses, rules = self.catalog.statuses, self.catalog.rules
        rated = [c for c in contributions if c.effect.status is not None]
        blocking = [c for c in rated if not statuses[c.effect.status].positive]
        positives = [c for c in rated if statuses[c.effect.status].positive and not c.effect.is_cap]
        overridden = {o for c in positives for o in rules[c.effect.rule].overrides}
        positives = [c for c in positives if c.effect.rule not in overridden]
        if positives:
            positives += [c for c in rated if c.effect.is_cap]
        if blocking:
            top = max(statuses[c.effect.status].severity for c in blocking)
            return next(s for s in statuses if statuses[s].severity == top), [c for c in blocking if statuses[c.effect.status].severity == top]
        if positives:
            low = min(statuses[c.effect.status].severity for c in positives)
            return next(s for s in statuses if statuses[s].severity == low), [c for c in positives if statuses[c.effect.status].severity == low]
        return None, []

    def _reason(self, c: Contribution) -> dict:
        rule = self.catalog.rules[c.effect.rule]
        status = self.catalog.statuses[c.effect.status].name if c.effect.status else ("warning" if c.effect.is_warning else "note")
        types = self.catalog.therapy_types.get(c.therapy, set())
        about = next((tid for t, tid in c.effect.targets.items() if t == c.therapy or t in types), "")
        reason = {"rule": rule.id, "effect": status, "about": about, "text": c.effect.reason,
                  "facts": c.facts, "citations": rule.citations}
        if c.effect.is_cap:
            reason["cap"] = True
        if c.missing and status == "unknown":
            reason["missing"] = c.missing
        return reason

    def _answer(self, patient: PatientGraph, states: dict, contributions: dict, warnings: list[dict]) -> dict:
        cat = self.catalog
        default_rule = next(r for r in cat.rules.values() if r.is_default)
        pathways = {r["state"]: r["pathwayName"] for r in self.state_info.values() if "pathwayName" in r}
        pathway = next((pathways[s] for s in states if s in pathways), None)
        entries = []
        missing_all: list[str] = []
        for therapy in cat.therapies:
            contribs = contributions.get(therapy.iri, [])
            status, deciding = self.combine(contribs)
            ordered = deciding + [c for c in contribs if c not in deciding]
            reasons = [self._reason(c) for c in ordered]
            if status is None:
                status = default_rule.default_status
                reasons.insert(0, {"rule": default_rule.id, "effect": cat.statuses[status].name, "about": therapy.id,
                                   "text": default_rule.reason_text, "facts": [], "citations": default_rule.citations})
            missing = _unique(m for r in reasons for m in r.get("missing", []))
            missing_all += missing
            entry = {"therapy": therapy.id, "label": therapy.label, "class": therapy.class_id,
                     "codes": [c.as_json() for c in therapy.codes if c.system != "sikg"],
                     "status": cat.statuses[status].name, "reasons": reasons}
            if missing:
                entry["missing"] = missing
            entries.append((cat.statuses[status].display, therapy.order, entry))
        entries.sort(key=lambda e: (e[0], e[1]))
        names = {r["state"]: name for name, r in self.state_info.items()}
        return {"patient": patient.id, "pathway": pathway, "knowledgeVersion": self.knowledge_version,
                "therapies": [e for _, _, e in entries], "warnings": warnings,
                "missing": _unique(missing_all), "notRecognised": patient.not_recognised,
                "states": sorted(names[s] for s in states)}

    def explain(self, answer: dict, therapy_id: str) -> dict:
        """The entry of one therapy in an answer (``KeyError`` for an unknown therapy id)."""
        for entry in answer["therapies"]:
            if entry["therapy"] == therapy_id:
                return entry
        raise KeyError(therapy_id)
