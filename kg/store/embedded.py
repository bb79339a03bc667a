"""The embedded store: pyoxigraph (RocksDB) on disk, or in memory when no path is given."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from collections.abc import Mapping

from kg.store.base import Bindings, QuerySyntaxError, Row, StoreError, bind_values, check_format, replace_graphs_update

log = logging.getLogger(__name__)

_XSD_STRING = str(XSD.string)
_LANG_STRING = str(RDF.langString)
_OX_FORMATS = {"nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG, "nt": ox.RdfFormat.N_TRIPLES,
               "turtle": ox.RdfFormat.TURTLE}


def to_rdflib(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> Node:
    """pyoxigraph term -> rdflib term (``xsd:string`` literals become plain literals)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        dt = term.datatype.value
        return Literal(term.value) if dt == _XSD_STRING else Literal(term.value, datatype=URIRef(dt))
    raise StoreError(f"unsupported RDF term {type(term).__name__}")


def to_ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """rdflib term -> pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None and str(term.datatype) != _LANG_STRING:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise StoreError(f"unsupported RDF term {type(term).__name__}")


def _substitutions(bindings: Bindings | None) -> dict | None:
    if not bindings:
        return None
    return {ox.Variable(name.lstrip("?$")): to_ox(value) for name, value in bindings.items()}


def _graph_of_triples(triples) -> Graph:
    g = Graph()
    for t in triples:
        g.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
    return g


def _insert_data(iri: URIRef, graph: Graph) -> str:
    """``INSERT DATA`` text for ``graph`` in ``iri``; terms are serialised by pyoxigraph (N-Triples)."""
    lines = [f"{to_ox(s)} {to_ox(p)} {to_ox(o)} ." for s, p, o in graph]
    return f"INSERT DATA {{ GRAPH {to_ox(iri)} {{\n" + "\n".join(lines) + "\n} }"


class EmbeddedStore:
    """pyoxigraph store; ``path`` None means in memory (tests, scratch)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = Path(path) if path is not None else None
        try:
            if self.path is None:
                self._store = ox.Store()
            else:
                self.path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(self.path))
        except OSError as e:  # locked by another process, corrupt, not writable
            raise StoreError(f"cannot open the store at {self.path}: {e}") from e
        self._generation = 0
        self._lock = threading.Lock()

    # -- change tracking (the /sparql worker pool re-snapshots when this moves) --------------
    @property
    def generation(self) -> int:
        """A counter that increases with every write."""
        return self._generation

    def _wrote(self) -> None:
        with self._lock:
            self._generation += 1

    @property
    def oxigraph(self) -> ox.Store:
        """The underlying pyoxigraph store (for the API's query worker and bulk tools)."""
        return self._store

    def snapshot(self, target: Path) -> tuple[str, Path]:
        """Write a consistent read-only copy for worker processes: ``("rocksdb", dir)`` on disk
        (a RocksDB checkpoint, hard links, milliseconds) or ``("nquads", file)`` in memory."""
        if self.path is not None:
            self._store.flush()
            self._store.backup(str(target))
            return "rocksdb", target
        target.parent.mkdir(parents=True, exist_ok=True)
        file = target.with_suffix(".nq")
        self._store.dump(str(file), format=ox.RdfFormat.N_QUADS)
        return "nquads", file

    # -- queries ----------------------------------------------------------------------------
    def _query(self, query: str, bindings: Bindings | None):
        try:
            try:
                return self._store.query(query, use_default_graph_as_union=True,
                                         substitutions=_substitutions(bindings))
            except RuntimeError:
                # pyoxigraph substitutes only variables of the projection; bind the others the way
                # the remote store does, with a VALUES block (terms' .n3()) opening the WHERE group
                if not bindings:
                    raise
                return self._store.query(bind_values(query, bindings), use_default_graph_as_union=True)
        except SyntaxError as e:
            raise QuerySyntaxError(str(e)) from e
        except OSError as e:
            raise StoreError(str(e)) from e

    def select(self, query: str, bindings: Bindings | None = None) -> list[Row]:
        result = self._query(query, bindings)
        if not isinstance(result, ox.QuerySolutions):
            raise QuerySyntaxError("not a SELECT query")
        names = [v.value for v in result.variables]
        rows = []
        for sol in result:
            row = {}
            for name in names:
                value = sol[name]
                if value is not None:
                    row[name] = to_rdflib(value)
            rows.append(row)
        return rows

    def ask(self, query: str, bindings: Bindings | None = None) -> bool:
        result = self._query(query, bindings)
        if not isinstance(result, ox.QueryBoolean):
            raise QuerySyntaxError("not an ASK query")
        return bool(result)

    def construct(self, query: str, bindings: Bindings | None = None) -> Graph:
        result = self._query(query, bindings)
        if not isinstance(result, ox.QueryTriples):
            raise QuerySyntaxError("not a CONSTRUCT or DESCRIBE query")
        return _graph_of_triples(result)

    def update(self, update: str) -> None:
        try:
            self._store.update(update)
        except SyntaxError as e:
            raise QuerySyntaxError(str(e)) from e
        except OSError as e:
            raise StoreError(str(e)) from e
        self._wrote()

    # -- graphs -----------------------------------------------------------------------------
    def graph_names(self) -> list[URIRef]:
        names = []
        for g in self._store.named_graphs():
            if isinstance(g, ox.NamedNode) and next(iter(self._store.quads_for_pattern(None, None, None, g)), None):
                names.append(URIRef(g.value))
        return sorted(names)

    def get_graph(self, iri: URIRef) -> Graph:
        return _graph_of_triples(self._store.quads_for_pattern(None, None, None, ox.NamedNode(str(iri))))

    def get_default_graph(self) -> Graph:
        """The triples of the store's real default graph (not the union); for the Graph Store endpoint."""
        return _graph_of_triples(self._store.quads_for_pattern(None, None, None, ox.DefaultGraph()))

    def has_graph(self, iri: URIRef) -> bool:
        return next(iter(self._store.quads_for_pattern(None, None, None, ox.NamedNode(str(iri)))), None) is not None

    def replace_graph(self, iri: URIRef, graph: Graph) -> None:
        # one update = one transaction: the drop and the insert commit together or not at all
        self.update(f"DROP SILENT GRAPH {to_ox(iri)} ;\n" + _insert_data(iri, graph))

    def replace_graphs(self, graphs: Mapping[URIRef, Graph]) -> None:
        # one update request = one transaction: every graph changes, or none does
        self.update(replace_graphs_update(graphs))

    def add_to_graph(self, iri: URIRef, graph: Graph) -> None:
        if len(graph):
            self.update(_insert_data(iri, graph))

    def drop_graph(self, iri: URIRef) -> bool:
        node = ox.NamedNode(str(iri))
        existed = self.has_graph(iri)
        if self._store.contains_named_graph(node):
            self._store.remove_graph(node)
            self._wrote()
        return existed

    def load_quads(self, path: Path, format: str = "nquads") -> None:
        fmt = check_format(format)
        try:
            self._store.load(path=str(path), format=_OX_FORMATS[fmt])
        except SyntaxError as e:
            raise QuerySyntaxError(f"{path}: {e}") from e
        except OSError as e:
            raise StoreError(f"{path}: {e}") from e
        self._wrote()

    def load_graph_file(self, path: Path, graph: URIRef, format: str = "nt") -> None:
        """Load a triples file (``nt`` or ``turtle``) into one named graph (``sikg serve --load``)."""
        fmt = check_format(format)
        try:
            self._store.load(path=str(path), format=_OX_FORMATS[fmt], to_graph=ox.NamedNode(str(graph)))
        except SyntaxError as e:
            raise QuerySyntaxError(f"{path}: {e}") from e
        except OSError as e:
            raise StoreError(f"{path}: {e}") from e
        self._wrote()

    def close(self) -> None:
        if self.path is not None:
            try:
                self._store.flush()
            except OSError as e:
                log.warning("flush on close failed: %s", e)
        del self._store
