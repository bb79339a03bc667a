"""Fixtures of the API tests: a small fake knowledge build, app clients, live servers on loopback.

The fake build (``knowledge.nq`` + ``manifest.json`` in a temporary directory) has the shape that
``kg.build.ensure_built()`` produces, with a handful of triples per knowledge graph, so these tests
do not depend on the real build.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from api.settings import Settings

BIN = Path(sys.executable).parent
TOKEN = "test-admin-token"
FAKE_VERSION = "2026-01-01+fake0001"
KNOWLEDGE_NQ = """\
<https://w3id.org/sikg/ontology#Therapy> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/2002/07/owl#Class> <https://w3id.org/sikg/graph/ontology> .
<https://w3id.org/sikg/ontology#Therapy> <http://www.w3.org/2000/01/rdf-schema#label> "therapy"@en <https://w3id.org/sikg/graph/ontology> .
<https://w3id.org/sikg/ontology#Biologic> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/2002/07/owl#Class> <https://w3id.org/sikg/graph/ontology> .
<https://w3id.org/sikg/ontology#Biologic> <http://www.w3.org/2000/01/rdf-schema#subClassOf> <https://w3id.org/sikg/ontology#Therapy> <https://w3id.org/sikg/graph/ontology> .
<https://w3id.org/sikg/therapy/adalimumab> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/sikg/ontology#Biologic> <https://w3id.org/sikg/graph/content> .
<https://w3id.org/sikg/therapy/adalimumab> <http://www.w3.org/2000/01/rdf-schema#label> "adalimumab" <https://w3id.org/sikg/graph/content> .
<https://w3id.org/sikg/therapy/naproxen> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/sikg/ontology#Therapy> <https://w3id.org/sikg/graph/content> .
<https://w3id.org/sikg/therapy/naproxen> <http://www.w3.org/2000/01/rdf-schema#label> "naproxen" <https://w3id.org/sikg/graph/content> .
<https://w3id.org/sikg/policy/nsaidTrialDays> <http://www.w3.org/1999/02/22-rdf-syntax-ns#value> "28"^^<http://www.w3.org/2001/XMLSchema#integer> <https://w3id.org/sikg/graph/policy> .
<https://w3id.org/sikg/therapy/adalimumab> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/sikg/ontology#Therapy> <https://w3id.org/sikg/graph/inferred> .
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def write_build(directory: Path, version: str = FAKE_VERSION, nq: str = KNOWLEDGE_NQ) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "knowledge.nq").write_text(nq, encoding="utf-8")
    manifest = {"knowledge_version": version, "triples": {}, "consistent": True, "unsatisfiable": [],
                "modules": [], "built_at": "2026-01-01T00:00:00+00:00", "reasoner_seconds": 0.0}
    (directory / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return directory


@pytest.fixture(scope="session")
def build_dir(tmp_path_factory) -> Path:
    return write_build(tmp_path_factory.mktemp("build"))


def make_settings(data_dir: Path, build_dir: Path, **overrides) -> Settings:
    values = dict(data_dir=data_dir, build_dir=build_dir, admin_token=TOKEN, query_timeout_s=5.0,
                  query_max_rows=1000, query_workers=1, load_engine=False)
    values.update(overrides)
    return Settings(**values)


@pytest.fixture(scope="module")
def client(tmp_path_factory, build_dir) -> Iterator[TestClient]:
    """An app with writes enabled on a fresh on-disk store (shared by a test module)."""
    app = create_app(make_settings(tmp_path_factory.mktemp("data"), build_dir))
    with TestClient(app) as c:
        yield c


AUTH = {"Authorization": f"Bearer {TOKEN}"}


def wait_for(url: str, proc: subprocess.Popen, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            if httpx.get(url, timeout=1).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{url} did not come up within {timeout} s")


class LiveServer:
    """``sikg serve`` in a subprocess on 127.0.0.1."""

    def __init__(self, data_dir: Path, build_dir: Path, *args: str, token: str | None = TOKEN,
                 env: dict[str, str] | None = None) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        extra = env
        env = {**os.environ, "SIKG_BUILD_DIR": str(build_dir), "SIKG_QUERY_WORKERS": "1",
               "SIKG_LOAD_ENGINE": "false", **(extra or {})}
        env.pop("SIKG_ADMIN_TOKEN", None)
        cmd = [str(BIN / "sikg"), "serve", "--host", "127.0.0.1", "--port", str(self.port),
               "--data-dir", str(data_dir), "--log-level", "warning", *args]
        if token:
            cmd += ["--admin-token", token]
        self.log = data_dir.parent / f"server-{self.port}.log"
        self._log = open(self.log, "wb")
        self.proc = subprocess.Popen(cmd, env=env, stdout=self._log, stderr=subprocess.STDOUT)
        try:
            wait_for(self.url + "/health", self.proc)
        except RuntimeError:
            self.stop()
            raise RuntimeError(self.log.read_text(errors="replace")[-2000:]) from None

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._log.close()


@pytest.fixture
def live_server_factory(tmp_path, build_dir):
    servers: list[LiveServer] = []

    def start(*args: str, data_dir: Path | None = None, token: str | None = TOKEN) -> LiveServer:
        server = LiveServer(data_dir or tmp_path / "data", build_dir, *args, token=token)
        servers.append(server)
        return server

    yield start
    for s in servers:
        s.stop()


@pytest.fixture(scope="module")
def live_server(tmp_path_factory, build_dir) -> Iterator[LiveServer]:
    server = LiveServer(tmp_path_factory.mktemp("live") / "data", build_dir)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory) -> Iterator[str]:
    """A real ``oxigraph serve`` on loopback (PyPI package ``oxigraph``), union default graph on."""
    exe = BIN / "oxigraph"
    if not exe.exists():
        pytest.skip("the oxigraph CLI is not installed (pip install oxigraph)")
    port = free_port()
    proc = subprocess.Popen([str(exe), "serve", "--location", str(tmp_path_factory.mktemp("oxigraph")),
                             "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(url + "/query?query=ASK%7B%7D", proc)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)
