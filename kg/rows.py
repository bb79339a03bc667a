"""Run a named query on the engine's in-memory pyoxigraph store, rows of plain Python values.

IRIs come back as :class:`rdflib.URIRef` (a ``str``), literals as their Python value, so callers
never touch pyoxigraph terms. These queries take no inputs (they range over every patient loaded).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

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


def select(store: ox.Store, query: Query) -> list[dict[str, Any]]:
    """Rows of ``query`` over the union of the store's graphs."""
    solutions = store.query(query.text, use_default_graph_as_union=True)
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
