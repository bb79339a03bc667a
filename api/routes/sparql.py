"""The SPARQL endpoints.

- ``GET|POST /sparql``: SPARQL 1.1 Protocol query operation, read-only, over the union of all graphs
  (``default-graph-uri`` / ``named-graph-uri`` honoured); run in a killable worker process with a
  deadline and a row limit (:mod:`api.sparql_worker`).
- ``POST /sparql/update``: SPARQL 1.1 Update, admin only.
- ``GET|PUT|POST|DELETE /sparql/store``: SPARQL 1.1 Graph Store HTTP Protocol (``?graph=IRI`` or
  ``?default``); reads are public, writes admin only.

Protected graphs (``kg.iris.PROTECTED_GRAPHS``) are never changed through these endpoints. Updates are
checked *statically* before they run (see :func:`check_update`): an operation that names a protected
graph as its target is refused with 403, so is a ``DELETE``/``INSERT`` template with a variable
``GRAPH ?g`` (it could reach a protected graph) and ``LOAD`` (the server would fetch a URL); ``CLEAR``
and ``DROP`` of ``ALL`` or ``NAMED`` are rewritten to spare the protected graphs. The check uses
rdflib's SPARQL parser; the update itself runs in one pyoxigraph transaction (all or nothing).
"""

from __future__ import annotations

import logging
import re
from urllib.parse import parse_qsl

import pyoxigraph as ox
from fastapi import APIRouter, Request, Response
from fastapi.concurrency import run_in_threadpool
from pyparsing import ParseBaseException
from rdflib import Graph, URIRef, Variable
from rdflib.plugins.sparql.algebra import translateUpdate
from rdflib.plugins.sparql.parser import parseUpdate

from api import sparql_worker as sw
from api.conneg import GRAPH_TYPES, MEDIA_TYPE
from api.deps import AdminDep, RunnerDep, SettingsDep, StoreDep
from api.errors import ApiError
from api.routes.ontology import negotiate_rdf, serialize_graph
from kg.sparql_text import has_keyword, has_top_level, inject_using, spare_graphs_in_clear_all
from kg.iris import PROTECTED_GRAPHS
from kg.store.embedded import to_rdflib

log = logging.getLogger(__name__)
router = APIRouter(tags=["sparql"])

_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>\"{}|\\^`]*$")
_QUERY_TYPES = {"application/x-www-form-urlencoded", "application/sparql-query"}
_RESULT_DOC = {200: {"content": {m: {} for m in sorted(set(MEDIA_TYPE.values()))}},
               400: {"description": "malformed query (the parser's message in error.detail)"},
               406: {"description": "no acceptable result format"},
               422: {"description": "more rows than SIKG_QUERY_MAX_ROWS: add a LIMIT"},
               503: {"description": "the query passed SIKG_QUERY_TIMEOUT_S"}}


# ------------------------------------------------------------------------------ request parsing ----
async def _body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise ApiError(413, "too_large", f"the request body is larger than {limit} bytes")
    body = await request.body()
    if len(body) > limit:
        raise ApiError(413, "too_large", f"the request body is larger than {limit} bytes")
    return body


def _media_type(request: Request) -> tuple[str, str | None]:
    """(media type, charset) of the request body."""
    raw = request.headers.get("content-type", "")
    parts = [p.strip() for p in raw.split(";")]
    charset = None
    for p in parts[1:]:
        k, _, v = p.partition("=")
        if k.strip().lower() == "charset":
            charset = v.strip().strip('"').lower()
    return parts[0].lower(), charset


def _utf8(body: bytes, charset: str | None, what: str) -> str:
    if charset not in (None, "utf-8", "utf8"):
        raise ApiError(415, "unsupported_charset", f"{what} must be UTF-8 (got charset={charset})")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise ApiError(400, "bad_encoding", f"{what} is not valid UTF-8") from None


def _form(body: bytes, charset: str | None) -> list[tuple[str, str]]:
    text = _utf8(body, charset, "the form body")
    try:
        return parse_qsl(text, keep_blank_values=True, strict_parsing=bool(text), errors="strict")
    except (ValueError, UnicodeDecodeError):
        raise ApiError(400, "bad_form", "the form body is not valid application/x-www-form-urlencoded UTF-8") from None


def _iris(values: list[str], param: str) -> list[str]:
    for v in values:
        if not _IRI.match(v):
            raise ApiError(400, "bad_iri", f"{param} must be an absolute IRI")
    return values


def _one(values: list[str], name: str) -> str:
    if len(values) != 1:
        raise ApiError(400, "bad_request", f"give exactly one '{name}' parameter (got {len(values)})")
    if not values[0].strip():
        raise ApiError(400, "bad_request", f"the '{name}' parameter is empty")
    return values[0]


def _endpoint(request: Request) -> str:
    """The endpoint's URL: the base IRI of relative IRIs in queries and updates."""
    return str(request.url).split("?", 1)[0]


# ---------------------------------------------------------------------------------- query ----
async def _query_params(request: Request, limit: int) -> tuple[str, list[str], list[str]]:
    url = request.query_params.multi_items()
    if request.method == "GET":
        params = url
    else:
        mtype, charset = _media_type(request)
        body = await _body(request, limit)
        if mtype == "application/x-www-form-urlencoded":
            if any(k == "query" for k, _ in url):
                raise ApiError(400, "bad_request", "give the query in the form body, not also in the URL")
            params = _form(body, charset) + [(k, v) for k, v in url if k != "query"]
        elif mtype == "application/sparql-query":
            if any(k in ("query", "update") for k, _ in url):
                raise ApiError(400, "bad_request", "a direct POST carries the query in the body only")
            params = [("query", _utf8(body, charset, "the query"))] + url
        else:
            raise ApiError(415, "unsupported_media_type",
                           "POST a query as application/sparql-query or application/x-www-form-urlencoded")
    if any(k in ("update", "using-graph-uri", "using-named-graph-uri") for k, _ in params):
        raise ApiError(400, "update_not_allowed", "this endpoint is read-only; updates go to POST /sparql/update")
    query = _one([v for k, v in params if k == "query"], "query")
    dg = _iris([v for k, v in params if k == "default-graph-uri"], "default-graph-uri")
    ng = _iris([v for k, v in params if k == "named-graph-uri"], "named-graph-uri")
    return query, dg, ng


_QUERY_ERRORS = {
    sw.QuerySyntax: (400, "syntax_error", "the query does not parse"),
    sw.NotAcceptable: (406, "not_acceptable", None),
    sw.TooManyRows: (422, "too_many_rows", None),
    sw.QueryTimeout: (503, "query_timeout", None),
    sw.Busy: (503, "busy", None),
    sw.WorkerLost: (503, "worker_lost", None),
    sw.QueryFailed: (422, "query_failed", "the query could not be evaluated"),
}


async def _run_query(request: Request, runner, settings) -> Response:
    query, dg, ng = await _query_params(request, settings.max_body_bytes)
    if has_keyword(query, "SERVICE"):
        raise ApiError(400, "service_not_allowed", "federated queries (SERVICE) are not allowed on this endpoint")
    protocol_dataset = bool(dg or ng)
    union = not protocol_dataset and not has_top_level(query, "FROM")
    try:
        answer = await run_in_threadpool(runner.run, query, dg if protocol_dataset else None,
                                         ng if protocol_dataset else None, request.headers.get("accept"), union,
                                         _endpoint(request))
    except sw.QueryError as e:
        status, code, message = _QUERY_ERRORS.get(type(e), (503, "query_failed", None))
        if isinstance(e, sw.TooManyRows):
            message = f"{e}; add a LIMIT (at most {settings.query_max_rows}) or narrow the query"
        detail = str(e) if isinstance(e, (sw.QuerySyntax, sw.QueryFailed)) else None
        raise ApiError(status, code, message or str(e), detail) from None
    return Response(answer.body, media_type=answer.media_type, headers={"Vary": "Accept"})


@router.get("/sparql", summary="SPARQL 1.1 query (GET ?query=...)", responses=_RESULT_DOC)
async def sparql_get(request: Request, runner: RunnerDep, settings: SettingsDep) -> Response:
    return await _run_query(request, runner, settings)


@router.post("/sparql", summary="SPARQL 1.1 query (urlencoded form or application/sparql-query)",
             responses=_RESULT_DOC,
             openapi_extra={"requestBody": {"content": {"application/sparql-query": {"schema": {"type": "string"}},
                                                        "application/x-www-form-urlencoded": {
                                                            "schema": {"type": "object",
                                                                       "properties": {"query": {"type": "string"}}}}}}})
async def sparql_post(request: Request, runner: RunnerDep, settings: SettingsDep) -> Response:
    return await _run_query(request, runner, settings)


# --------------------------------------------------------------------------------- update ----
def check_update(text: str) -> None:
    """Refuse (403) updates that could change a protected graph or fetch a URL; 400 if unparsable."""
    try:
        ops = translateUpdate(parseUpdate(text)).algebra
    except ParseBaseException as e:
        raise ApiError(400, "syntax_error", "the update does not parse", str(e)) from None
    except Exception as e:  # noqa: BLE001 - rdflib reports unknown prefixes etc. as plain Exception
        log.info("update rejected by the parser: %s", e)
        raise ApiError(400, "syntax_error", "the update does not parse", str(e)[:300]) from None
    protected = {URIRef(g) for g in PROTECTED_GRAPHS}
    for op in ops:
        name = op.name
        if name == "Load":
            raise ApiError(403, "load_not_allowed", "LOAD is not allowed; PUT or POST the data to /sparql/store")
        targets: list = []
        if name in ("InsertData", "DeleteData", "DeleteWhere"):
            targets += list((dict.get(op, "quads") or {}).keys())
        elif name == "Modify":
            if dict.get(op, "withClause") is not None:
                targets.append(op["withClause"])
            for clause in (dict.get(op, "delete"), dict.get(op, "insert")):
                if clause is not None:
                    targets += list((dict.get(clause, "quads") or {}).keys())
        elif name in ("Clear", "Drop", "Create"):
            targets.append(dict.get(op, "graphiri"))
        elif name in ("Add", "Copy"):
            targets.append(op["graph"][1])
        elif name == "Move":
            targets += list(op["graph"])
        for t in targets:
            if isinstance(t, Variable):
                raise ApiError(403, "variable_graph_not_allowed",
                               "a GRAPH ?variable in an update template could change a protected graph; name the graph")
            if isinstance(t, URIRef) and t in protected:
                raise ApiError(403, "protected_graph", f"the graph <{t}> is protected and cannot be changed")


@router.post("/sparql/update", status_code=204, summary="SPARQL 1.1 Update (admin; bearer token)",
             openapi_extra={"requestBody": {"content": {"application/sparql-update": {"schema": {"type": "string"}},
                                                        "application/x-www-form-urlencoded": {
                                                            "schema": {"type": "object",
                                                                       "properties": {"update": {"type": "string"}}}}}}})
async def sparql_update(request: Request, _: AdminDep, store: StoreDep, settings: SettingsDep) -> Response:
    url = request.query_params.multi_items()
    mtype, charset = _media_type(request)
    body = await _body(request, settings.max_body_bytes)
    if mtype == "application/x-www-form-urlencoded":
        if any(k == "update" for k, _ in url):
            raise ApiError(400, "bad_request", "give the update in the form body, not also in the URL")
        params = _form(body, charset) + url
    elif mtype == "application/sparql-update":
        if any(k in ("update", "query") for k, _ in url):
            raise ApiError(400, "bad_request", "a direct POST carries the update in the body only")
        params = [("update", _utf8(body, charset, "the update"))] + url
    else:
        raise ApiError(415, "unsupported_media_type",
                       "POST an update as application/sparql-update or application/x-www-form-urlencoded")
    if any(k == "query" for k, _ in params):
        raise ApiError(400, "query_not_allowed", "queries go to /sparql")
    text = _one([v for k, v in params if k == "update"], "update")
    using = _iris([v for k, v in params if k == "using-graph-uri"], "using-graph-uri")
    using_named = _iris([v for k, v in params if k == "using-named-graph-uri"], "using-named-graph-uri")
    if has_keyword(text, "SERVICE"):
        raise ApiError(403, "service_not_allowed", "SERVICE is not allowed in updates")
    text = f"BASE <{_endpoint(request)}>\n{text}"  # the service-defined base IRI: the endpoint
    check_update(text)
    if (using or using_named) and has_top_level(text, "USING", "WITH"):
        raise ApiError(400, "dataset_conflict",
                       "using-graph-uri/using-named-graph-uri cannot be combined with USING or WITH in the update")
    text = inject_using(text, using, using_named)
    text = spare_graphs_in_clear_all(text, [str(g) for g in PROTECTED_GRAPHS])
    await run_in_threadpool(store.update, text)
    return Response(status_code=204)


# ---------------------------------------------------------------------------- graph store ----
_RDF_IN = {"text/turtle": ox.RdfFormat.TURTLE, "application/x-turtle": ox.RdfFormat.TURTLE,
           "application/n-triples": ox.RdfFormat.N_TRIPLES, "text/plain": ox.RdfFormat.N_TRIPLES,
           "application/rdf+xml": ox.RdfFormat.RDF_XML, "application/ld+json": ox.RdfFormat.JSON_LD,
           "text/n3": ox.RdfFormat.N3}


def _target(request: Request) -> URIRef | None:
    """The graph named by ``?graph=IRI``, or None for ``?default``."""
    graphs = request.query_params.getlist("graph")
    default = "default" in request.query_params
    if default and not graphs:
        return None
    if len(graphs) == 1 and not default:
        iri = graphs[0]
        if not _IRI.match(iri):
            raise ApiError(400, "bad_iri", "graph must be an absolute IRI")
        return URIRef(iri)
    raise ApiError(400, "bad_request", "give exactly one of ?graph=IRI or ?default")


def _writable(iri: URIRef | None) -> None:
    if iri is not None and iri in {URIRef(g) for g in PROTECTED_GRAPHS}:
        raise ApiError(403, "protected_graph", f"the graph <{iri}> is protected and cannot be changed")


async def _parse_rdf(request: Request, limit: int) -> Graph:
    mtype, charset = _media_type(request)
    fmt = _RDF_IN.get(mtype)
    if fmt is None:
        raise ApiError(415, "unsupported_media_type",
                       "send RDF as text/turtle, application/n-triples, application/rdf+xml or application/ld+json")
    body = await _body(request, limit)
    _utf8(body, charset, "the RDF document")
    graph = Graph()
    try:
        for t in ox.parse(body, format=fmt, base_iri=str(request.url).split("?")[0]):
            graph.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
    except SyntaxError as e:
        raise ApiError(400, "syntax_error", "the RDF document does not parse", str(e)) from None
    return graph


def _default_update(graph: Graph, replace: bool) -> str:
    from kg.store.embedded import to_ox

    lines = "\n".join(f"{to_ox(s)} {to_ox(p)} {to_ox(o)} ." for s, p, o in graph)
    return ("DROP SILENT DEFAULT ;\n" if replace else "") + f"INSERT DATA {{\n{lines}\n}}"


@router.get("/sparql/store", summary="Graph Store Protocol: read a graph (?graph=IRI or ?default)",
            responses={200: {"content": {m: {} for m in ("text/turtle", "application/n-triples",
                                                           "application/ld+json", "application/rdf+xml")}}})
def gsp_get(request: Request, store: StoreDep) -> Response:
    iri = _target(request)
    fmt = negotiate_rdf(request, None)
    if iri is None:
        getter = getattr(store, "get_default_graph", None)
        graph = getter() if getter else Graph()
    else:
        if not store.has_graph(iri):
            raise ApiError(404, "not_found", "no such graph")
        graph = store.get_graph(iri)
    return Response(serialize_graph(graph, fmt), media_type=MEDIA_TYPE[fmt])


@router.head("/sparql/store", include_in_schema=False)
def gsp_head(request: Request, store: StoreDep) -> Response:
    iri = _target(request)
    if iri is not None and not store.has_graph(iri):
        return Response(status_code=404)
    return Response(status_code=200, media_type="text/turtle")


@router.put("/sparql/store", summary="Graph Store Protocol: replace a graph (admin)")
async def gsp_put(request: Request, _: AdminDep, store: StoreDep, settings: SettingsDep) -> Response:
    iri = _target(request)
    _writable(iri)
    graph = await _parse_rdf(request, settings.max_body_bytes)
    if iri is None:
        await run_in_threadpool(store.update, _default_update(graph, replace=True))
        return Response(status_code=204)
    existed = await run_in_threadpool(store.has_graph, iri)
    await run_in_threadpool(store.replace_graph, iri, graph)
    return Response(status_code=204 if existed else 201)


@router.post("/sparql/store", summary="Graph Store Protocol: add to a graph (admin)")
async def gsp_post(request: Request, _: AdminDep, store: StoreDep, settings: SettingsDep) -> Response:
    iri = _target(request)
    _writable(iri)
    graph = await _parse_rdf(request, settings.max_body_bytes)
    if iri is None:
        if len(graph):
            await run_in_threadpool(store.update, _default_update(graph, replace=False))
        return Response(status_code=204)
    existed = await run_in_threadpool(store.has_graph, iri)
    await run_in_threadpool(store.add_to_graph, iri, graph)
    return Response(status_code=204 if existed else 201)


@router.delete("/sparql/store", status_code=204, summary="Graph Store Protocol: delete a graph (admin)")
async def gsp_delete(request: Request, _: AdminDep, store: StoreDep) -> Response:
    iri = _target(request)
    _writable(iri)
    if iri is None:
        await run_in_threadpool(store.update, "DROP SILENT DEFAULT")
        return Response(status_code=204)
    if not await run_in_threadpool(store.drop_graph, iri):
        raise ApiError(404, "not_found", "no such graph")
    return Response(status_code=204)


__all__ = ["router", "check_update", "GRAPH_TYPES"]
