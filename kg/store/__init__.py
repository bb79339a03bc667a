"""Stores of SIKG: the :class:`~kg.store.base.Store` protocol, its embedded and remote
implementations, the :func:`open_store` factory and :func:`sync_knowledge` (load the built
knowledge graphs once)."""

from __future__ import annotations

import json
import logging
from collections import defaultdict
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, URIRef

from kg.iris import GRAPH_CONTENT, GRAPH_INFERRED, GRAPH_ONTOLOGY, GRAPH_POLICY
from kg.store.base import QuerySyntaxError, Row, Store, StoreError, StoreUnavailable, UnsupportedFormat
from kg.store.embedded import EmbeddedStore, to_rdflib
from kg.store.remote import RemoteStore

__all__ = ["Store", "Row", "StoreError", "QuerySyntaxError", "StoreUnavailable", "UnsupportedFormat",
           "EmbeddedStore", "RemoteStore", "open_store", "sync_knowledge", "KNOWLEDGE_STATE_FILE"]

log = logging.getLogger(__name__)

KNOWLEDGE_STATE_FILE = "knowledge-state.json"
_OPTIONS = ("data_dir", "remote_query_url", "remote_update_url", "remote_store_url", "remote_token",
            "remote_timeout_s")


def open_store(settings: Any = None, **kwargs: Any) -> Store:
    """The store the settings ask for.

    ``settings`` is any object with (some of) the attributes ``data_dir``, ``remote_query_url``,
    ``remote_update_url``, ``remote_store_url``, ``remote_token``; keyword arguments override it.
    With ``remote_query_url`` set: a :class:`RemoteStore`; otherwise an :class:`EmbeddedStore` in
    ``{data_dir}/store`` (in memory when ``data_dir`` is None).
    """
    opts = {name: getattr(settings, name, None) for name in _OPTIONS} if settings is not None else {}
    opts.update(kwargs)
    unknown = set(opts) - set(_OPTIONS)
    if unknown:
        raise TypeError(f"unknown store options: {sorted(unknown)}")
    if opts.get("remote_query_url"):
        token = opts.get("remote_token")
        if token is not None and hasattr(token, "get_secret_value"):
            token = token.get_secret_value()
        return RemoteStore(opts["remote_query_url"], opts.get("remote_update_url"), opts.get("remote_store_url"),
                           token=token, timeout_s=opts.get("remote_timeout_s") or 30.0)
    data_dir = opts.get("data_dir")
    return EmbeddedStore(Path(data_dir) / "store" if data_dir is not None else None)


def _read_graphs(path: Path) -> dict[URIRef, Graph]:
    graphs: dict[URIRef, Graph] = defaultdict(Graph)
    for quad in ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS):
        if isinstance(quad.graph_name, ox.NamedNode):
            graphs[URIRef(quad.graph_name.value)].add(
                (to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    return graphs


def sync_knowledge(store: Store, build_dir: Path, state_dir: Path | None) -> str:
    """Make the store hold the knowledge graphs of ``build_dir``; return the knowledge version.

    ``build_dir`` holds ``knowledge.nq`` and ``manifest.json`` (``knowledgeVersion`` or
    ``knowledge_version``). The ontology,
    content and inferred graphs are replaced (each atomically) when the version recorded in
    ``{state_dir}/knowledge-state.json`` differs from the build's or a graph is missing; the policy
    graph is loaded only when absent, since administrators may have changed it.
    """
    try:
        manifest = json.loads((build_dir / "manifest.json").read_text(encoding="utf-8"))
        version = str(manifest.get("knowledgeVersion") or manifest["knowledge_version"])
    except (OSError, ValueError, KeyError) as e:
        raise StoreError(f"no usable manifest.json in {build_dir}: {e}") from e
    state_file = state_dir / KNOWLEDGE_STATE_FILE if state_dir is not None else None
    stored = None
    if state_file is not None and state_file.is_file():
        try:
            stored = json.loads(state_file.read_text(encoding="utf-8")).get("knowledgeVersion")
        except (OSError, ValueError) as e:
            log.warning("ignoring unreadable %s: %s", state_file, e)
    replace = (GRAPH_ONTOLOGY, GRAPH_CONTENT, GRAPH_INFERRED)
    stale = stored != version or not all(store.has_graph(g) for g in (GRAPH_ONTOLOGY, GRAPH_CONTENT))
    need_policy = not store.has_graph(GRAPH_POLICY)
    if not stale and not need_policy:
        log.info("knowledge %s already loaded", version)
        return version
    try:
        graphs = _read_graphs(build_dir / "knowledge.nq")
    except (OSError, SyntaxError) as e:
        raise StoreError(f"cannot read {build_dir / 'knowledge.nq'}: {e}") from e
    if stale:
        for iri in replace:
            store.replace_graph(iri, graphs.get(iri, Graph()))
        log.info("loaded knowledge %s (was %s)", version, stored)
    if need_policy and GRAPH_POLICY in graphs:
        store.replace_graph(GRAPH_POLICY, graphs[GRAPH_POLICY])
    if state_file is not None:
        state_file.parent.mkdir(parents=True, exist_ok=True)
        tmp = state_file.with_suffix(".tmp")
        tmp.write_text(json.dumps({"knowledgeVersion": version}), encoding="utf-8")
        tmp.replace(state_file)
    return version
