"""Dependencies of the routes, as ``Annotated`` aliases: ``StoreDep``, ``SettingsDep``, ``AdminDep``,
``RunnerDep``."""

from __future__ import annotations

import secrets
from typing import Annotated, Any

from fastapi import Depends, Request

from api.errors import ApiError
from api.settings import Settings, get_settings
from kg.store.base import Store


def _store(request: Request) -> Store:
    return request.app.state.store


def _settings(request: Request) -> Settings:
    # the app's own settings (create_app(settings)); get_settings() is the default the app started with
    return getattr(request.app.state, "settings", None) or get_settings()


def _runner(request: Request) -> Any:
    return request.app.state.query_runner


def require_admin(request: Request, settings: Annotated[Settings, Depends(_settings)]) -> None:
    """Writes need ``Authorization: Bearer <SIKG_ADMIN_TOKEN>``; without a configured token they are off."""
    if not settings.writes_enabled:
        raise ApiError(403, "writes_disabled", "writes are disabled on this server (no admin token is configured)")
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError(401, "unauthorized", "this operation needs 'Authorization: Bearer <admin token>'",
                       headers={"WWW-Authenticate": 'Bearer realm="sikg"'})
    expected = settings.admin_token.get_secret_value().encode()  # type: ignore[union-attr]
    if not secrets.compare_digest(token.strip().encode(), expected):
        raise ApiError(403, "forbidden", "the admin token is not valid")


StoreDep = Annotated[Store, Depends(_store)]
SettingsDep = Annotated[Settings, Depends(_settings)]
AdminDep = Annotated[None, Depends(require_admin)]
RunnerDep = Annotated[Any, Depends(_runner)]


def _engine(request: Request, store: Annotated[Store, Depends(_store)]) -> Any:
    """The eligibility engine, kept in step with the store's policy graph (administrators may change it)."""
    from kg.eligibility import graph_key
    from kg.iris import GRAPH_POLICY

    engine = getattr(request.app.state, "engine", None)
    if engine is None:
        raise ApiError(503, "engine_unavailable", "the eligibility engine is not loaded (is the knowledge graph built?)")
    policy = store.get_graph(GRAPH_POLICY)
    if len(policy):
        key = graph_key(policy)
        if key != getattr(request.app.state, "policy_key", None):
            if key != graph_key(engine.graph(GRAPH_POLICY)):
                engine.replace_graph(GRAPH_POLICY, policy)
            request.app.state.policy_key = key
    return engine


EngineDep = Annotated[Any, Depends(_engine)]
