"""GET /ontology: the SIKG ontology (graph/ontology) in Turtle, RDF/XML, JSON-LD or N-Triples."""

from __future__ import annotations

import pyoxigraph as ox
from fastapi import APIRouter, Query, Request, Response
from rdflib import Graph

from api.conneg import GRAPH_TYPES, MEDIA_TYPE, choose
from api.deps import StoreDep
from api.errors import ApiError
from kg.iris import GRAPH_ONTOLOGY, PREFIXES
from kg.store.embedded import to_ox

router = APIRouter(tags=["ontology"])

_OX = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD,
       "rdfxml": ox.RdfFormat.RDF_XML}


def serialize_graph(graph: Graph, fmt: str) -> bytes:
    """``graph`` in format key ``fmt`` (see :mod:`api.conneg`), via pyoxigraph's serialisers."""
    triples = [ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in graph]
    prefixes = PREFIXES if fmt in ("turtle", "rdfxml") else None
    return ox.serialize(triples, format=_OX[fmt], prefixes=prefixes)


def negotiate_rdf(request: Request, format_param: str | None) -> str:
    fmt = choose(request.headers.get("accept"), GRAPH_TYPES, format_param)
    if fmt is None:
        raise ApiError(406, "not_acceptable", "available formats: text/turtle, application/rdf+xml, "
                       "application/ld+json, application/n-triples (or ?format=ttl|rdfxml|jsonld|nt)")
    return fmt


@router.get("/ontology", summary="The ontology (TBox) with content negotiation",
            responses={200: {"content": {MEDIA_TYPE[k]: {} for k in _OX}}})
def get_ontology(request: Request, store: StoreDep,
                 format: str | None = Query(None, description="ttl, rdfxml, jsonld or nt; overrides Accept")) -> Response:
    fmt = negotiate_rdf(request, format)
    graph = store.get_graph(GRAPH_ONTOLOGY)
    if not len(graph):
        raise ApiError(404, "not_loaded", "the ontology is not loaded on this server (run `sikg build`)")
    return Response(serialize_graph(graph, fmt), media_type=MEDIA_TYPE[fmt], headers={"Vary": "Accept"})
