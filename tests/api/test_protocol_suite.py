"""The W3C SPARQL 1.1 Protocol suite (../shared/tools/sparql-protocol-tests) against a live ``sikg serve``.

With writes enabled every test runs (34). With writes off the data is loaded at start-up
(``--load FILE --graph IRI``); the tool still PUTs each test's data to its ``--store`` URL, so that
URL is a stub on loopback that accepts and discards it, and the update tests are skipped.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.api.conftest import TOKEN

pytestmark = pytest.mark.live

SHARED = Path(os.environ.get("SIKG_SHARED_DIR", Path(__file__).resolve().parents[3] / "shared"))
TOOL = SHARED / "tools" / "sparql-protocol-tests"
SUITE = SHARED / "conformance" / "sparql11-protocol"
DATA = {"data1.nt": "http://kasei.us/2009/09/sparql/data/data1.rdf",
        "data2.nt": "http://kasei.us/2009/09/sparql/data/data2.rdf",
        "data3.nt": "http://kasei.us/2009/09/sparql/data/data3.rdf"}

if not TOOL.is_file():
    pytest.skip(f"{TOOL} not found (set SIKG_SHARED_DIR)", allow_module_level=True)


def run_suite(*args: str) -> tuple[int, int, int, str]:
    proc = subprocess.run([sys.executable, str(TOOL), *args], capture_output=True, text=True, timeout=300)
    m = re.search(r"(\d+) passed, (\d+) failed, (\d+) skipped", proc.stdout)
    assert m, proc.stdout + proc.stderr
    return int(m[1]), int(m[2]), int(m[3]), proc.stdout


def test_all_34_with_writes_enabled(live_server_factory):
    server = live_server_factory()
    url = server.url
    passed, failed, skipped, out = run_suite("--query", f"{url}/sparql", "--update", f"{url}/sparql/update",
                                             "--store", f"{url}/sparql/store", "--token", TOKEN)
    assert (passed, failed, skipped) == (34, 0, 0), out


class _Sink(BaseHTTPRequestHandler):
    def _ok(self) -> None:
        self.rfile.read(int(self.headers.get("content-length") or 0))
        self.send_response(204)
        self.end_headers()

    do_PUT = do_DELETE = do_POST = _ok

    def log_message(self, *args) -> None:
        pass


def test_query_tests_with_writes_off_and_data_loaded_at_start(live_server_factory):
    load = [a for name, graph in DATA.items() for a in ("--load", str(SUITE / name), "--graph", graph)]
    server = live_server_factory(*load, token=None)
    sink = ThreadingHTTPServer(("127.0.0.1", 0), _Sink)
    threading.Thread(target=sink.serve_forever, daemon=True).start()
    try:
        passed, failed, skipped, out = run_suite("--query", f"{server.url}/sparql",
                                                 "--store", f"http://127.0.0.1:{sink.server_port}/store")
    finally:
        sink.shutdown()
    assert (passed, failed, skipped) == (26, 0, 8), out  # skipped: 7 update tests + bad_multiple_updates
