"""Run a named query on a pyoxigraph store and return rows of plain Python values.

IRIs come back as :class:`rdflib.URIRef` (a ``str``), literals as their Python value, so callers
never touch pyoxigraph terms. Bindings go through pyoxigraph ``substitutions``, never the text.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Mapping

import pyoxigraph as ox
from rdflib import BNode, URIRef

from kg.queries import Query

XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGER = {XSD + t for t in ("integer", "int", "long", "short", "nonNegativeInteger", "positiveInteger", "byte")}


def to_python(term: Any) -> Any:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        dt = term.datatype.value
        if dt == XSD + "boolean":
            return term.value in ("true", "1")
        if dt in _INTEGER:
            return int(term.value)
        if dt == XSD + "decimal":
            return Decimal(term.value)
        if dt in (XSD + "double", XSD + "float"):
            return float(term.value)
        return term.value
    raise TypeError(f"unexpected term {term!r}")


def to_ox(value: Any) -> Any:
    """An rdflib term or Python value as a pyoxigraph term (for substitutions)."""
    if isinstance(value, URIRef):
        return ox.NamedNode(str(value))
    if isinstance(value, BNode):
        return ox.BlankNode(str(value))
    if isinstance(value, bool):
        return ox.Literal("true" if value else "false", datatype=ox.NamedNode(XSD + "boolean"))
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "integer"))
    return ox.Literal(str(value))


def select(store: ox.Store, query: Query, bindings: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
    subs = {ox.Variable(k): to_ox(v) for k, v in (bindings or {}).items()}
    solutions = store.query(query.text, use_default_graph_as_union=True, substitutions=subs or None)
    names = [v.value for v in solutions.variables]
    out = []
    for sol in solutions:
        row = {}
        for name in names:
            term = sol[name]
            if term is not None:
                row[name] = to_python(term)
        out.append(row)
    return out
