"""RemoteQueryRunner against a fake SPARQL endpoint on loopback that streams endless answers: the
row limit stops reading at max_rows + 1 (so an answer of any length is 422, not a long download),
the deadline holds while the answer trickles in, and remote errors map to the /sparql errors.
Needs no oxigraph (tests/api/test_remote_service.py runs the whole service on a real one)."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from api import sparql_worker as sw


class _Endpoint(BaseHTTPRequestHandler):
    mode = "rows"          # rows | slow | triples | error400 | error500 | odd
    delay = 0.0
    requests: list[dict] = []

    def log_message(self, *args) -> None:
        pass

    def do_POST(self) -> None:
        length = int(self.headers.get("content-length", 0))
        type(self).requests.append({"query": self.rfile.read(length).decode(), "accept": self.headers.get("accept"),
                                    "path": self.path})
        mode = type(self).mode
        if mode in ("error400", "error500"):
            body = b"Parser error: unexpected end"
            self.send_response(400 if mode == "error400" else 500)
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        if mode == "odd":
            body = b"a,b\n1,2\n"
            self.send_response(200)
            self.send_header("content-type", "text/csv")
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        self.send_response(200)
        triples = mode == "triples"
        self.send_header("content-type", "application/n-triples" if triples else "application/sparql-results+json")
        self.end_headers()  # no length: the answer streams until the client goes away
        try:
            if not triples:
                self.wfile.write(b'{"head":{"vars":["x"]},"results":{"bindings":[')
            i = 0
            while True:
                if triples:
                    chunk = f"<urn:s{i}> <urn:p> \"{i}\" .\n".encode()
                else:
                    chunk = (b"," if i else b"") + json.dumps({"x": {"type": "uri", "value": f"urn:x{i}"}}).encode()
                self.wfile.write(chunk)
                self.wfile.flush()
                i += 1
                if type(self).delay:
                    time.sleep(type(self).delay)
        except (BrokenPipeError, ConnectionResetError):
            pass


@pytest.fixture
def endpoint():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Endpoint)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Endpoint.mode, _Endpoint.delay, _Endpoint.requests = "rows", 0.0, []
    yield f"http://127.0.0.1:{server.server_address[1]}/query"
    server.shutdown()
    server.server_close()


def _runner(url: str, timeout_s: float = 5.0, max_rows: int = 5) -> sw.RemoteQueryRunner:
    return sw.RemoteQueryRunner(url, timeout_s, max_rows=max_rows)


@pytest.mark.parametrize("mode,accept", [("rows", "application/sparql-results+json"), ("rows", "text/csv"),
                                         ("triples", "text/turtle")])
def test_an_endless_answer_is_too_many_rows(endpoint, mode, accept):
    _Endpoint.mode = mode
    runner = _runner(endpoint)
    started = time.monotonic()
    with pytest.raises(sw.TooManyRows):
        runner.run("SELECT * { ?s ?p ?o }", accept=accept)
    assert time.monotonic() - started < 3
    runner.close()


def test_a_trickling_answer_times_out(endpoint):
    _Endpoint.mode, _Endpoint.delay = "rows", 0.3
    runner = _runner(endpoint, timeout_s=1.0, max_rows=1000)
    started = time.monotonic()
    with pytest.raises(sw.QueryTimeout):
        runner.run("SELECT * { ?s ?p ?o }")
    assert time.monotonic() - started < 3
    runner.close()


def test_request_shape(endpoint):
    _Endpoint.mode = "rows"
    runner = _runner(endpoint)
    with pytest.raises(sw.TooManyRows):
        runner.run("SELECT * { ?s ?p ?o }", default_graphs=["urn:g1"], named_graphs=["urn:g2"],
                   base_iri="http://127.0.0.1:8000/sparql")
    with pytest.raises(sw.TooManyRows):
        runner.run("SELECT * { ?s ?p ?o }", base_iri="http://x/> SELECT")  # not an IRI: no BASE
    first, second = _Endpoint.requests
    assert first["query"] == "BASE <http://127.0.0.1:8000/sparql>\nSELECT * { ?s ?p ?o }"
    assert "default-graph-uri=urn%3Ag1" in first["path"] and "named-graph-uri=urn%3Ag2" in first["path"]
    assert first["accept"].startswith("application/sparql-results+json")
    assert second["query"] == "SELECT * { ?s ?p ?o }"
    runner.close()


@pytest.mark.parametrize("mode,error", [("error400", sw.QuerySyntax), ("error500", sw.QueryFailed),
                                        ("odd", sw.QueryFailed)])
def test_remote_errors(endpoint, mode, error):
    _Endpoint.mode = mode
    runner = _runner(endpoint)
    with pytest.raises(error):
        runner.run("SELECT * { ?s ?p ?o }")
    runner.close()


def test_unreachable_store_is_query_failed():
    runner = _runner("http://127.0.0.1:1/query", timeout_s=2)
    with pytest.raises(sw.QueryFailed):
        runner.run("ASK {}")
    runner.close()
