"""A store behind the SPARQL 1.1 protocols of any triplestore (Oxigraph server, Fuseki, ...).

Query and update go to the SPARQL 1.1 Protocol endpoints, graph reads and writes to the Graph Store
HTTP Protocol endpoint. The server must use the union of its graphs as the default graph for queries
(``oxigraph serve --union-default-graph``; Fuseki ``tdb2:unionDefaultGraph true``).

Bindings become a ``VALUES`` block at the start of the WHERE group (:func:`kg.store.base.bind_values`),
built only from ``.n3()`` of rdflib terms; variable names are checked against the SPARQL grammar, so
no user string is ever formatted into the text.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import httpx
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from collections.abc import Mapping

from kg.store.base import values_clause  # noqa: F401 (re-exported)
from kg.store.base import (Bindings, QuerySyntaxError, Row, StoreError, StoreUnavailable, bind_values, check_format,
                           replace_graphs_update)

_VARNAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_XSD_STRING = str(XSD.string)


def _term(binding: dict) -> Node:
    kind = binding["type"]
    if kind == "uri":
        return URIRef(binding["value"])
    if kind == "bnode":
        return BNode(binding["value"])
    if kind in ("literal", "typed-literal"):
        if "xml:lang" in binding:
            return Literal(binding["value"], lang=binding["xml:lang"])
        dt = binding.get("datatype")
        return Literal(binding["value"]) if dt in (None, _XSD_STRING) else Literal(binding["value"], datatype=URIRef(dt))
    raise StoreError(f"unsupported term type {kind!r} in results")


def _ntriples(graph: Graph) -> bytes:
    """N-Triples written by pyoxigraph's term syntax (a bad IRI is a ValueError before anything is sent)."""
    from kg.store.embedded import to_ox

    return "".join(f"{to_ox(s)} {to_ox(p)} {to_ox(o)} .\n" for s, p, o in graph).encode("utf-8")


class RemoteStore:
    """SPARQL 1.1 Protocol + Graph Store Protocol client."""

    def __init__(self, query_url: str, update_url: str | None = None, store_url: str | None = None,
                 token: str | None = None, timeout_s: float = 30.0) -> None:
        self.query_url = query_url
        self.update_url = update_url or query_url
        self.store_url = store_url
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        self._http = httpx.Client(timeout=timeout_s, headers=headers)

    # -- protocol plumbing ------------------------------------------------------------------
    def _post(self, url: str, **kwargs) -> httpx.Response:
        try:
            resp = self._http.post(url, **kwargs)
        except httpx.HTTPError as e:
            raise StoreUnavailable(f"{url}: {type(e).__name__}: {e}") from e
        return self._check(resp)

    @staticmethod
    def _check(resp: httpx.Response) -> httpx.Response:
        if resp.status_code == 400:
            raise QuerySyntaxError(resp.text[:500])
        if resp.status_code >= 400:
            raise StoreUnavailable(f"{resp.request.method} {resp.request.url}: HTTP {resp.status_code} {resp.text[:200]}")
        return resp

    def _query(self, query: str, bindings: Bindings | None, accept: str) -> httpx.Response:
        query = bind_values(query, bindings)
        return self._post(self.query_url, content=query.encode("utf-8"),
                          headers={"Content-Type": "application/sparql-query; charset=utf-8", "Accept": accept})

    def _gsp(self, method: str, iri: URIRef, **kwargs) -> httpx.Response:
        if not self.store_url:
            raise StoreError("no Graph Store Protocol endpoint configured")
        try:
            return self._http.request(method, self.store_url, params={"graph": str(iri)}, **kwargs)
        except httpx.HTTPError as e:
            raise StoreUnavailable(f"{self.store_url}: {type(e).__name__}: {e}") from e

    # -- queries ----------------------------------------------------------------------------
    def select(self, query: str, bindings: Bindings | None = None) -> list[Row]:
        resp = self._query(query, bindings, "application/sparql-results+json")
        try:
            data = resp.json()
            return [{k: _term(v) for k, v in b.items()} for b in data["results"]["bindings"]]
        except (json.JSONDecodeError, KeyError, TypeError) as e:
            raise StoreError(f"unexpected SELECT answer: {e}") from e

    def ask(self, query: str, bindings: Bindings | None = None) -> bool:
        resp = self._query(query, bindings, "application/sparql-results+json")
        try:
            return bool(resp.json()["boolean"])
        except (json.JSONDecodeError, KeyError, TypeError) as e:
            raise StoreError(f"unexpected ASK answer: {e}") from e

    def construct(self, query: str, bindings: Bindings | None = None) -> Graph:
        resp = self._query(query, bindings, "application/n-triples")
        return Graph().parse(data=resp.text, format="nt")

    def update(self, update: str) -> None:
        self._post(self.update_url, content=update.encode("utf-8"),
                   headers={"Content-Type": "application/sparql-update; charset=utf-8"})

    # -- graphs -----------------------------------------------------------------------------
    def graph_names(self) -> list[URIRef]:
        rows = self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return sorted(r["g"] for r in rows if isinstance(r.get("g"), URIRef))

    def get_graph(self, iri: URIRef) -> Graph:
        resp = self._gsp("GET", iri, headers={"Accept": "application/n-triples"})
        if resp.status_code == 404:
            return Graph()
        self._check(resp)
        return Graph().parse(data=resp.text, format="nt")

    def get_default_graph(self) -> Graph:
        """The server's real default graph (GSP ``?default``)."""
        if not self.store_url:
            raise StoreError("no Graph Store Protocol endpoint configured")
        try:
            resp = self._http.get(self.store_url, params={"default": ""}, headers={"Accept": "application/n-triples"})
        except httpx.HTTPError as e:
            raise StoreUnavailable(str(e)) from e
        self._check(resp)
        return Graph().parse(data=resp.text, format="nt")

    def has_graph(self, iri: URIRef) -> bool:
        return self.ask("ASK { GRAPH ?g { ?s ?p ?o } }", {"g": iri})

    def _send(self, method: str, iri: URIRef, graph: Graph) -> None:
        body = _ntriples(graph)
        self._check(self._gsp(method, iri, content=body, headers={"Content-Type": "application/n-triples"}))

    def replace_graph(self, iri: URIRef, graph: Graph) -> None:
        self._send("PUT", iri, graph)  # one request: the server replaces atomically

    def replace_graphs(self, graphs: Mapping[URIRef, Graph]) -> None:
        # one update request = one transaction: every graph changes, or none does
        self.update(replace_graphs_update(graphs))

    def add_to_graph(self, iri: URIRef, graph: Graph) -> None:
        if len(graph):
            self._send("POST", iri, graph)

    def drop_graph(self, iri: URIRef) -> bool:
        resp = self._gsp("DELETE", iri)
        if resp.status_code == 404:
            return False
        self._check(resp)
        return True

    def load_quads(self, path: Path, format: str = "nquads") -> None:
        fmt = check_format(format)
        ds = Dataset()
        ds.parse(str(path), format=fmt)
        for g in ds.graphs():
            if len(g) and isinstance(g.identifier, URIRef) and g.identifier != URIRef("urn:x-rdflib:default"):
                self.add_to_graph(g.identifier, g)
        default = ds.default_graph if hasattr(ds, "default_graph") else ds.default_context
        if len(default):
            body = _ntriples(default)
            try:
                resp = self._http.post(self.store_url, params={"default": ""}, content=body,
                                       headers={"Content-Type": "application/n-triples"})
            except httpx.HTTPError as e:
                raise StoreUnavailable(str(e)) from e
            self._check(resp)

    def close(self) -> None:
        self._http.close()
