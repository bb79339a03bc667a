"""GET /health (liveness + store check) and GET /version (service and knowledge versions)."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from fastapi import APIRouter, Request

from api.errors import ApiError
from kg.store.base import StoreError

router = APIRouter(tags=["service"])


def service_version() -> str:
    try:
        return version("sikg")
    except PackageNotFoundError:
        return "0+unknown"


@router.get("/health", summary="Is the service up and its store answering?")
def health(request: Request) -> dict:
    try:
        request.app.state.store.ask("ASK { }")
    except StoreError as e:
        raise ApiError(503, "store_unavailable", "the store is not answering") from e
    return {"status": "ok", "knowledgeVersion": request.app.state.knowledge_version}


@router.get("/version", summary="Service version and the knowledge version it serves")
def get_version(request: Request) -> dict:
    settings = request.app.state.settings
    return {"service": "sikg", "version": service_version(),
            "knowledgeVersion": request.app.state.knowledge_version,
            "writesEnabled": settings.writes_enabled,
            "store": type(request.app.state.store).__name__}
