"""HermiT over an rdflib graph, behind one small function: :func:`reason`.

This is the only module that touches owlready2 (STYLE.md 7). Each call uses its own
``owlready2.World()`` so nothing leaks between calls or into owlready2's default world, and the graph
is handed over as a temporary N-Triples file without ``owl:imports`` so nothing is fetched from the
network. The result is plain rdflib data, so callers (the build, the patient cross-check) never see
owlready2 objects.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

_BUILTIN = ("http://www.w3.org/2002/07/owl#", "http://www.w3.org/2000/01/rdf-schema#",
            "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "http://www.w3.org/2001/XMLSchema#")
_LOAD_IRI = "http://sikg.invalid/reasoner-input"  # base IRI owlready2 files the input under


@dataclass
class ReasonerResult:
    """What HermiT concluded about one graph."""

    consistent: bool
    unsatisfiable: list[URIRef] = field(default_factory=list)
    inferred: Graph = field(default_factory=Graph)  # entailed types, subclass closure, property values
    seconds: float = 0.0
    message: str = ""  # why the graph is inconsistent, when it is

    def types_of(self, individual: URIRef) -> set[URIRef]:
        """Every named class ``individual`` belongs to (owl:Thing excluded)."""
        return set(self.inferred.objects(individual, RDF.type))


def _named(term) -> bool:
    return isinstance(term, URIRef) and not str(term).startswith(_BUILTIN)


def _reasoner_input(graph: Graph) -> Graph:
    """A copy without owl:imports and ontology headers (several modules declare one each)."""
    headers = set(graph.subjects(RDF.type, OWL.Ontology))
    copy = Graph()
    for s, p, o in graph:
        if p == OWL.imports or s in headers:
            continue
        copy.add((s, p, o))
    return copy


def reason(graph: Graph) -> ReasonerResult:
    """Run HermiT on ``graph`` (TBox and ABox together) and return its conclusions.

    ``inferred`` holds, whether asserted or not: for every named individual every named class it
    belongs to, the rdfs:subClassOf closure between distinct named classes, and every object
    property value between named individuals (inverse properties included). An inconsistent graph is
    reported with ``consistent=False`` and nothing inferred.
    """
    import owlready2  # imported here: loading it is not free and only the build needs it

    world = owlready2.World()
    started = time.monotonic()
    fd, path = tempfile.mkstemp(suffix=".nt", prefix="sikg-reasoner-")
    try:
        with os.fdopen(fd, "wb") as out:
            _reasoner_input(graph).serialize(out, format="nt", encoding="utf-8")
        with open(path, "rb") as fileobj:
            world.get_ontology(_LOAD_IRI).load(fileobj=fileobj, format="ntriples")
        try:
            owlready2.sync_reasoner_hermit(world, infer_property_values=True, debug=0)
        except owlready2.OwlReadyInconsistentOntologyError as exc:
            return ReasonerResult(consistent=False, seconds=time.monotonic() - started,
                                  message=str(exc) or "HermiT: inconsistent ontology")
        unsatisfiable = sorted({URIRef(c.iri) for c in world.inconsistent_classes()
                                if hasattr(c, "iri") and _named(URIRef(c.iri))})
        entailed = world.as_rdflib_graph()
        inferred = _closure(graph, entailed, set(unsatisfiable))
    finally:
        world.close()
        os.unlink(path)
    return ReasonerResult(consistent=True, unsatisfiable=unsatisfiable, inferred=inferred,
                          seconds=time.monotonic() - started)


def _closure(asserted: Graph, entailed, unsatisfiable: set[URIRef]) -> Graph:
    """Complete what owlready2 kept of HermiT's answer into the full closure.

    owlready2 stores only direct types and direct superclasses, and drops a property value when the
    inverse triple is already stored; the transitive closure and the inverse links are restored here.
    """
    classes = {c for c in entailed.subjects(RDF.type, OWL.Class) if _named(c)}
    parents: dict[URIRef, set[URIRef]] = defaultdict(set)
    for sub, sup in entailed.subject_objects(RDFS.subClassOf):
        if _named(sub) and _named(sup):
            parents[sub].add(sup)
    for a, b in entailed.subject_objects(OWL.equivalentClass):
        if _named(a) and _named(b):
            parents[a].add(b)
            parents[b].add(a)
    # owlready2 does not report subsumptions told by a definition (A = B or C; A = B and ...):
    # B below A for each named member of a union, A below each named conjunct of an intersection
    from rdflib.collection import Collection

    for a, expr in asserted.subject_objects(OWL.equivalentClass):
        if not _named(a) or not isinstance(expr, BNode):
            continue
        for members, member_is_sub in ((asserted.value(expr, OWL.unionOf), True), (asserted.value(expr, OWL.intersectionOf), False)):
            if members is None:
                continue
            for m in Collection(asserted, members):
                if _named(m):
                    (parents[m].add(a) if member_is_sub else parents[a].add(m))

    ancestors: dict[URIRef, set[URIRef]] = {}

    def up(cls: URIRef) -> set[URIRef]:
        if cls not in ancestors:
            ancestors[cls] = set()
            seen, todo = set(), [cls]
            while todo:
                for parent in parents.get(todo.pop(), ()):
                    if parent not in seen:
                        seen.add(parent)
                        todo.append(parent)
            ancestors[cls] = seen
        return ancestors[cls]

    out = Graph()
    for cls in classes | set(parents):
        if cls in unsatisfiable:
            continue
        for sup in up(cls):
            if sup != cls:
                out.add((cls, RDFS.subClassOf, sup))

    # owlready2 files HermiT's types of a punned class (a class used as an individual, e.g. an
    # answerClass value) under the class's superclasses; such an individual keeps its asserted types.
    punned = {c for c in asserted.subjects(RDF.type, OWL.Class) if _named(c)}
    memberships = [(i, c) for i, c in entailed.subject_objects(RDF.type) if i not in punned]
    memberships += [(i, c) for i, c in asserted.subject_objects(RDF.type) if i in punned]
    for ind, cls in memberships:
        if not _named(ind) or not _named(cls):
            continue
        if (cls, RDF.type, OWL.Class) not in entailed:
            continue  # rdf:type owl:NamedIndividual / ObjectProperty ... are not class membership
        for c in {cls} | up(cls):
            out.add((ind, RDF.type, c))

    object_properties = {p for p in entailed.subjects(RDF.type, OWL.ObjectProperty) if _named(p)}
    inverse: dict[URIRef, set[URIRef]] = defaultdict(set)
    for p, q in asserted.subject_objects(OWL.inverseOf):
        if _named(p) and _named(q):
            inverse[p].add(q)
            inverse[q].add(p)
    for p in object_properties:
        for s, o in entailed.subject_objects(p):
            if isinstance(s, BNode) or isinstance(o, BNode) or not isinstance(o, URIRef):
                continue
            out.add((s, p, o))
            for q in inverse.get(p, ()):
                out.add((o, q, s))
    return out
