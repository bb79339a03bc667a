"""The store interface every SIKG store implements, the row shape, and the store errors.

One protocol, two implementations (:mod:`kg.store.embedded`, :mod:`kg.store.remote`), one factory
(:func:`kg.store.open_store`); the compliance suite in ``tests/api/test_store_compliance.py`` runs
against both.

Semantics shared by every implementation:

- Queries see the **union of all graphs** as their default graph; ``GRAPH`` addresses named graphs.
- Rows are ``dict[str, rdflib.term.Node]`` keyed by variable name without ``?``; an unbound variable
  is absent from its row. Plain and ``xsd:string`` literals both come back as plain
  ``Literal("...")`` so the two implementations agree.
- ``bindings`` fix variables to rdflib terms before the query's pattern is evaluated, so ``FILTER``,
  ``BIND`` and aggregates see them; values are never formatted into query text (the remote store
  puts a ``VALUES`` block, built only from ``.n3()`` of the terms, at the start of the ``WHERE``
  group: :func:`bind_values`).
- ``replace_graph`` is atomic: afterwards the graph holds exactly the new triples, or, on error, the
  old ones.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Protocol, runtime_checkable

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from kg.sparql_text import _TOKEN

Row = dict[str, Node]
Bindings = Mapping[str, Node]


class StoreError(Exception):
    """Base class of store errors. ``str(error)`` is safe to log, not necessarily to show."""


class QuerySyntaxError(StoreError):
    """The query or update text does not parse; the message is the parser's."""


class StoreUnavailable(StoreError):
    """The store cannot be reached or answered with a server error."""


class UnsupportedFormat(StoreError):
    """An RDF format name the store does not know."""


@runtime_checkable
class Store(Protocol):
    """A quad store holding the knowledge graphs and the patient graphs."""

    def select(self, query: str, bindings: Bindings | None = None) -> list[Row]:
        """Rows of a SELECT query over the union default graph."""
        ...

    def ask(self, query: str, bindings: Bindings | None = None) -> bool: ...

    def construct(self, query: str, bindings: Bindings | None = None) -> Graph:
        """The triples of a CONSTRUCT or DESCRIBE query as an rdflib graph."""
        ...

    def update(self, update: str) -> None:
        """Run a SPARQL 1.1 Update (no access control here: the API layer checks protected graphs)."""
        ...

    def graph_names(self) -> list[URIRef]:
        """Named graphs holding at least one triple, sorted."""
        ...

    def get_graph(self, iri: URIRef) -> Graph:
        """The triples of the named graph ``iri``; an empty graph when absent."""
        ...

    def has_graph(self, iri: URIRef) -> bool: ...

    def replace_graph(self, iri: URIRef, graph: Graph) -> None:
        """Atomically replace the content of ``iri`` by ``graph`` (all or nothing)."""
        ...

    def add_to_graph(self, iri: URIRef, graph: Graph) -> None:
        """Add the triples of ``graph`` to ``iri`` (atomic)."""
        ...

    def replace_graphs(self, graphs: Mapping[URIRef, Graph]) -> None:
        """Atomically replace several graphs at once (an empty graph drops it): one update request."""
        ...

    def drop_graph(self, iri: URIRef) -> bool:
        """Remove the named graph; ``True`` if it existed."""
        ...

    def load_quads(self, path: Path, format: str = "nquads") -> None:
        """Load an RDF dataset file (``nquads`` or ``trig``); triples of the default graph stay there."""
        ...

    def close(self) -> None: ...


RDF_FORMATS = {
    # name -> (rdflib format, media type)
    "nquads": ("nquads", "application/n-quads"),
    "trig": ("trig", "application/trig"),
    "nt": ("nt", "application/n-triples"),
    "turtle": ("turtle", "text/turtle"),
}


def check_format(format: str) -> str:
    fmt = format.lower().replace("-", "")
    aliases = {"nq": "nquads", "ntriples": "nt", "ttl": "turtle"}
    fmt = aliases.get(fmt, fmt)
    if fmt not in RDF_FORMATS:
        raise UnsupportedFormat(f"unsupported RDF format {format!r}; use one of {sorted(RDF_FORMATS)}")
    return fmt


_VARNAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def replace_graphs_update(graphs: Mapping[URIRef, Graph]) -> str:
    """One SPARQL update replacing each graph; terms are written with ``.n3()`` only."""
    parts = [f"DROP SILENT GRAPH {URIRef(iri).n3()}" for iri in graphs]
    blocks = []
    for iri, graph in graphs.items():
        if len(graph):
            lines = "\n".join(f"{s.n3()} {p.n3()} {o.n3()} ." for s, p, o in graph)
            blocks.append(f"GRAPH {URIRef(iri).n3()} {{\n{lines}\n}}")
    if blocks:
        parts.append("INSERT DATA {\n" + "\n".join(blocks) + "\n}")
    return " ;\n".join(parts)


def values_clause(bindings: Bindings) -> str:
    """``VALUES (?a ?b) { (<x> "y") }`` from rdflib terms (``.n3()`` only)."""
    names, terms = [], []
    for name, term in bindings.items():
        name = name.lstrip("?$")
        if not _VARNAME.match(name):
            raise ValueError(f"invalid variable name {name!r}")
        if not isinstance(term, (URIRef, Literal)):
            raise ValueError(f"cannot bind ?{name} to a {type(term).__name__}")
        names.append("?" + name)
        terms.append(term.n3())
    return f"\nVALUES ({' '.join(names)}) {{ ({' '.join(terms)}) }}"


# Strings, IRIs and comments are single tokens (kg/sparql_text.py), so a brace or keyword inside them
# is never mistaken for syntax.
_LEX = _TOKEN


def _where_group_start(query: str) -> int | None:
    """Offset just after the ``{`` opening the query's WHERE group, or None when there is no safe
    place (``CONSTRUCT WHERE { ... }``, whose group is also the template, or no group at all)."""
    depth, previous, after_where = 0, "", False
    for m in _LEX.finditer(query):
        kind, text = m.lastgroup, m.group()
        if kind in ("space", "comment"):
            continue
        if kind in ("lbrace", "rbrace"):
            if text == "{":
                if depth == 0 and (after_where or not _top_level_construct(query, m.start())):
                    return m.end()
                depth += 1
            else:
                depth = max(depth - 1, 0)
        elif kind == "word" and depth == 0 and text.upper() == "WHERE":
            if previous == "CONSTRUCT":
                return None
            after_where = True
        if kind == "word":
            previous = text.upper()
        else:
            previous = ""
    return None


def _top_level_construct(query: str, end: int) -> bool:
    """Is the query before ``end`` a CONSTRUCT (whose first top-level group is its template)?"""
    return any(m.lastgroup == "word" and m.group().upper() == "CONSTRUCT" for m in _LEX.finditer(query, 0, end))


def bind_values(query: str, bindings: Bindings | None) -> str:
    """``query`` with ``bindings`` fixed: a ``VALUES`` block (:func:`values_clause`, terms written by
    ``.n3()`` only) as the first element of the WHERE group, so the whole pattern (FILTER, BIND,
    OPTIONAL, aggregates) sees the values, as with an initial binding. A trailing ``VALUES`` would be
    joined only after the pattern's filters ran. When the group has no safe place (``CONSTRUCT
    WHERE``), the clause is appended after the query instead."""
    if not bindings:
        return query
    clause = values_clause(bindings)
    pos = _where_group_start(query)
    if pos is None:
        return query.rstrip() + clause
    return query[:pos] + clause + "\n" + query[pos:]
