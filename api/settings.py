"""The service's settings: one validated object from ``SIKG_*`` environment variables (and the
matching ``sikg serve`` options), behind a cached :func:`get_settings` that tests can override
(``app.dependency_overrides[get_settings]`` or ``create_app(Settings(...))``)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SIKG_", extra="ignore")

    data_dir: Path = Field(Path("sikg-data"), description="Store location (RocksDB under {data_dir}/store)")
    admin_token: SecretStr | None = Field(None, description="Bearer token for writes; writes are off without it")
    query_timeout_s: float = Field(10.0, gt=0, le=3600, description="Per-query time limit of /sparql")
    query_max_rows: int = Field(10_000, ge=1, description="More result rows (or triples) than this is an error")
    query_workers: int = Field(2, ge=1, le=64, description="Worker processes answering /sparql")
    max_body_bytes: int = Field(10_000_000, ge=1024, description="Largest accepted request body")
    build_dir: Path | None = Field(None, description="Knowledge build (knowledge.nq + manifest.json); "
                                                       "default: kg.build.ensure_built()")
    load_knowledge: bool = Field(True, description="Load the knowledge graphs at start-up")
    load_engine: bool = Field(True, description="Create the eligibility engine (kg.eligibility.Engine) at start-up")
    preload: list[tuple[Path, str]] = Field(default_factory=list,
                                            description="(file, graph IRI) pairs loaded at start-up (--load/--graph)")
    examples: bool = Field(False, description="Load the example patients at start-up")
    remote_query_url: str | None = Field(None, description="Use a remote SPARQL store instead of the embedded one")
    remote_update_url: str | None = None
    remote_store_url: str | None = None
    remote_token: SecretStr | None = None

    @property
    def writes_enabled(self) -> bool:
        return self.admin_token is not None and bool(self.admin_token.get_secret_value())


@lru_cache
def get_settings() -> Settings:
    return Settings()
