"""The SIKG HTTP service: :func:`create_app` assembles the routers; the lifespan opens the store,
loads the knowledge graphs once, starts the /sparql worker pool and the eligibility engine.

    uvicorn --factory api.main:create_app      # or: sikg serve
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.concurrency import run_in_threadpool
from rdflib import URIRef

from api import errors
from api.routes import eligibility, health, ontology, patients, rules, sparql, therapies
from api.settings import Settings, get_settings
from api.sparql_worker import QueryRunner, RemoteQueryRunner
from kg.store import EmbeddedStore, Store, StoreError, open_store, sync_knowledge
from kg.store.base import check_format

log = logging.getLogger("api")


def _build_dir(settings: Settings) -> Path | None:
    """The knowledge build to serve: ``settings.build_dir`` or ``kg.build.ensure_built()``."""
    if settings.build_dir is not None:
        return settings.build_dir
    try:
        from kg.build import ensure_built
    except ImportError as e:
        log.warning("kg.build.ensure_built is not available (%s); serving without the knowledge graphs", e)
        return None
    built = Path(ensure_built())
    return built.parent if built.is_file() else built  # ensure_built() returns knowledge.nq


def _preload(store: Store, files: list[tuple[Path, str]]) -> None:
    """``--load FILE --graph IRI``: replace each graph by the file's triples (N-Quads go as they are)."""
    from rdflib import Graph

    for path, graph in files:
        fmt = check_format(Path(path).suffix.lstrip(".") or "nt")
        if fmt in ("nquads", "trig"):
            store.load_quads(Path(path), fmt)
            continue
        g = Graph().parse(str(path), format=fmt)
        store.replace_graph(URIRef(graph), g)
        log.info("loaded %s into <%s> (%d triples)", path, graph, len(g))


def _load_examples(store: Store, engine) -> None:
    from kg.examples import load_examples

    log.info("loaded %d example patients", load_examples(store, engine))


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    settings: Settings = app.state.settings
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    store = open_store(settings)
    runner = None
    try:
        build_dir = _build_dir(settings) if settings.load_knowledge else None
        version = "unbuilt"
        if build_dir is not None:
            version = await run_in_threadpool(sync_knowledge, store, build_dir, settings.data_dir)
        if settings.preload:
            await run_in_threadpool(_preload, store, settings.preload)
        app.state.engine = None
        if build_dir is not None and settings.load_engine:
            from kg.eligibility import Engine

            app.state.engine = await run_in_threadpool(Engine.load, build_dir)
        if settings.examples:
            if app.state.engine is None:
                raise RuntimeError("--examples needs the eligibility engine (and the knowledge build)")
            await run_in_threadpool(_load_examples, store, app.state.engine)
        if isinstance(store, EmbeddedStore):
            runner = QueryRunner(store, settings.data_dir / "snapshots", workers=settings.query_workers,
                                 timeout_s=settings.query_timeout_s, max_rows=settings.query_max_rows)
        else:
            token = settings.remote_token.get_secret_value() if settings.remote_token is not None else None
            runner = RemoteQueryRunner(settings.remote_query_url or "", settings.query_timeout_s,
                                       max_rows=settings.query_max_rows, token=token)
        await run_in_threadpool(runner.start)
        app.state.store, app.state.query_runner, app.state.knowledge_version = store, runner, version
        app.state.build_dir = build_dir
        log.info("SIKG ready: knowledge %s, store %s, writes %s", version, type(store).__name__,
                 "on" if settings.writes_enabled else "off")
        yield
    finally:
        if runner is not None:
            runner.close()
        try:
            store.close()
        except StoreError as e:
            log.warning("closing the store: %s", e)


def create_app(settings: Settings | None = None) -> FastAPI:
    """The FastAPI app; ``settings`` default to :func:`api.settings.get_settings`."""
    settings = settings or get_settings()
    app = FastAPI(title="SIKG", summary="Sacroiliitis knowledge graph: next-therapy eligibility and SPARQL",
                  version=health.service_version(), lifespan=lifespan)
    app.state.settings = settings
    app.state.knowledge_version = "unbuilt"
    errors.install(app)
    for module in (eligibility, patients, therapies, rules, ontology, sparql, health):
        app.include_router(module.router)
    _document_facts_schema(app)
    return app


def _document_facts_schema(app: FastAPI) -> None:
    """Put the contract's PatientFacts schema into the OpenAPI components (bodies are read raw)."""
    from kg.patients import PatientFacts

    def openapi() -> dict:
        if app.openapi_schema is None:
            from fastapi.openapi.utils import get_openapi

            schema = get_openapi(title=app.title, version=app.version, summary=app.summary, routes=app.routes)
            facts = PatientFacts.model_json_schema(ref_template="#/components/schemas/{model}")
            components = schema.setdefault("components", {}).setdefault("schemas", {})
            components.update(facts.pop("$defs", {}))
            components["PatientFacts"] = facts
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
