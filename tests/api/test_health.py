"""GET /health and GET /version."""

from __future__ import annotations

from fastapi.testclient import TestClient

from api.main import create_app
from api.settings import Settings, get_settings
from tests.api.conftest import FAKE_VERSION, make_settings


def test_health(client):
    r = client.get("/health")
    assert r.status_code == 200 and r.json() == {"status": "ok", "knowledgeVersion": FAKE_VERSION}


def test_version(client):
    body = client.get("/version").json()
    assert body["knowledgeVersion"] == FAKE_VERSION and body["version"] and body["writesEnabled"] is True


def test_docs(client):
    assert client.get("/docs").status_code == 200


def test_unknown_path_is_structured(client):
    r = client.get("/nope")
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"


def test_settings_from_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("SIKG_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("SIKG_ADMIN_TOKEN", "t0k")
    monkeypatch.setenv("SIKG_QUERY_TIMEOUT_S", "2.5")
    monkeypatch.setenv("SIKG_QUERY_MAX_ROWS", "7")
    s = Settings()
    assert (s.data_dir, s.admin_token.get_secret_value(), s.query_timeout_s, s.query_max_rows) == (tmp_path, "t0k", 2.5, 7)
    get_settings.cache_clear()
    try:
        assert get_settings().query_max_rows == 7
    finally:
        get_settings.cache_clear()


def test_knowledge_survives_and_is_not_reloaded(tmp_path, build_dir):
    settings = make_settings(tmp_path, build_dir)
    with TestClient(create_app(settings)) as c:
        assert c.get("/version").json()["knowledgeVersion"] == FAKE_VERSION
    assert (tmp_path / "knowledge-state.json").is_file()
    with TestClient(create_app(settings)) as c:
        assert c.get("/health").status_code == 200
