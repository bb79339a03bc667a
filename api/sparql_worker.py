"""Run /sparql queries in worker processes that can be killed at the deadline.

pyoxigraph has no query timeout (oxigraph issue 1926) and a Python thread cannot be stopped, so each
query runs in one of a small pool of worker processes (``spawn`` start method). A worker reads a
*snapshot* of the store: a RocksDB checkpoint made with ``Store.backup`` (hard links, about 2 ms) and
opened with ``Store.read_only`` (about 10 ms), re-made only after a write (the store's ``generation``
moved). A query that passes the deadline gets its worker killed and replaced, and the caller gets
:class:`QueryTimeout`, never a truncated answer. The worker also serialises the answer (so only bytes
cross the pipe) and enforces the row limit: more rows or triples than the limit is
:class:`TooManyRows`.

On a remote store, :class:`RemoteQueryRunner` forwards the query and applies the same row limit and
formats to the answer as it streams in.

This module imports only the standard library, pyoxigraph and :mod:`api.conneg`, so workers start fast.
"""

from __future__ import annotations

import io
import json
import logging
import re
import multiprocessing as mp
import queue
import shutil
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from api.conneg import ASK_TYPES, GRAPH_TYPES, MEDIA_TYPE, SELECT_TYPES, negotiate

log = logging.getLogger(__name__)

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RESULT_FORMATS = {"xml": ox.QueryResultsFormat.XML, "csv": ox.QueryResultsFormat.CSV,
                   "tsv": ox.QueryResultsFormat.TSV}
_RDF_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD,
                "rdfxml": ox.RdfFormat.RDF_XML}


class QueryError(Exception):
    """Base of the errors a /sparql query can end with (the API maps each to a status)."""


class QuerySyntax(QueryError):
    pass


class QueryTimeout(QueryError):
    pass


class TooManyRows(QueryError):
    pass


class NotAcceptable(QueryError):
    pass


class QueryFailed(QueryError):
    pass


class Busy(QueryError):
    pass


class WorkerLost(QueryError):
    pass


@dataclass(frozen=True)
class Answer:
    media_type: str
    body: bytes


# ---------------------------------------------------------------- evaluation (worker side) ----
def _json_term(term: Any) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != _XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {"subject": _json_term(term.subject),
                                            "predicate": _json_term(term.predicate),
                                            "object": _json_term(term.object)}}
    raise QueryFailed(f"unsupported term {type(term).__name__}")


def evaluate(store: ox.Store, query: str, default_graphs: list[str] | None, named_graphs: list[str] | None,
             union_default: bool, accept: str | None, max_rows: int, base_iri: str | None = None) -> Answer:
    """Run ``query`` on ``store`` and serialise the answer for ``accept``."""
    kwargs: dict[str, Any] = {"base_iri": base_iri}
    if default_graphs is not None or named_graphs is not None:
        kwargs["default_graph"] = [ox.NamedNode(g) for g in default_graphs or []]
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in named_graphs or []]
    elif union_default:
        kwargs["use_default_graph_as_union"] = True
    try:
        result = store.query(query, **kwargs)
    except SyntaxError as e:
        raise QuerySyntax(str(e)) from e
    except (OSError, ValueError, RuntimeError) as e:
        raise QueryFailed(str(e)) from e
    return serialize(result, accept, max_rows)


def serialize(result: Any, accept: str | None, max_rows: int) -> Answer:
    """Serialise a query result for ``accept``: a ``QueryBoolean``, ``QuerySolutions`` or any iterable
    of ``Triple`` (CONSTRUCT/DESCRIBE). More than ``max_rows`` solutions or triples is
    :class:`TooManyRows`; the result is consumed only up to that point."""
    try:
        if isinstance(result, ox.QueryBoolean):
            fmt = negotiate(accept, ASK_TYPES)
            if fmt is None:
                raise NotAcceptable("ASK answers are available as " + ", ".join(sorted({MEDIA_TYPE[k] for _, k in ASK_TYPES})))
            body = json.dumps({"head": {}, "boolean": bool(result)}).encode()
            if fmt != "json":
                body = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON).serialize(format=_RESULT_FORMATS[fmt])
            return Answer(MEDIA_TYPE[fmt], body)
        if isinstance(result, ox.QuerySolutions):
            fmt = negotiate(accept, SELECT_TYPES)
            if fmt is None:
                raise NotAcceptable("SELECT answers are available as " + ", ".join(sorted({MEDIA_TYPE[k] for _, k in SELECT_TYPES})))
            names = [v.value for v in result.variables]
            rows = []
            for sol in result:
                if len(rows) >= max_rows:
                    raise TooManyRows(f"the answer has more than {max_rows} rows")
                rows.append({n: _json_term(sol[n]) for n in names if sol[n] is not None})
            body = json.dumps({"head": {"vars": names}, "results": {"bindings": rows}}, ensure_ascii=False).encode()
            if fmt != "json":
                body = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON).serialize(format=_RESULT_FORMATS[fmt])
            return Answer(MEDIA_TYPE[fmt], body)
        fmt = negotiate(accept, GRAPH_TYPES)
        if fmt is None:
            raise NotAcceptable("CONSTRUCT/DESCRIBE answers are available as " + ", ".join(sorted({MEDIA_TYPE[k] for _, k in GRAPH_TYPES})))
        triples = []
        for t in result:
            if len(triples) >= max_rows:
                raise TooManyRows(f"the answer has more than {max_rows} triples")
            triples.append(t)
        return Answer(MEDIA_TYPE[fmt], ox.serialize(triples, format=_RDF_FORMATS[fmt]))
    except (OSError, ValueError, RuntimeError) as e:  # evaluation errors surface while iterating
        raise QueryFailed(str(e)) from e


def _open_snapshot(kind: str, path: str) -> ox.Store:
    if kind == "rocksdb":
        return ox.Store.read_only(path)
    store = ox.Store()
    store.load(path=path, format=ox.RdfFormat.N_QUADS)
    return store


def _worker_main(conn) -> None:  # pragma: no cover - runs in the child process
    current, store = None, None
    while True:
        try:
            msg = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        if msg is None:
            return
        snap, query, dg, ng, union, accept, max_rows, base_iri = msg
        try:
            if snap != current:
                store = None
                store = _open_snapshot(snap[1], snap[2])
                current = snap
            answer = evaluate(store, query, dg, ng, union, accept, max_rows, base_iri)
            reply = ("ok", answer.media_type, answer.body)
        except QueryError as e:
            reply = ("error", type(e).__name__, str(e))
        except OSError as e:
            reply = ("error", "QueryFailed", f"cannot open the snapshot: {e}")
        try:
            conn.send(reply)
        except (OSError, BrokenPipeError):
            return


# ------------------------------------------------------------------------- pool (server side) ----
class _Worker:
    def __init__(self, ctx) -> None:
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker_main, args=(child,), daemon=True, name="sikg-sparql-worker")
        self.process.start()
        child.close()

    def kill(self) -> None:
        try:
            self.process.kill()
            self.process.join(timeout=5)
        except (OSError, ValueError, AssertionError) as e:
            log.warning("killing worker %s: %s", self.process.pid, e)
        self.conn.close()

    def stop(self) -> None:
        try:
            self.conn.send(None)
            self.process.join(timeout=2)
        except (OSError, BrokenPipeError, ValueError):
            pass
        if self.process.is_alive():
            self.kill()
        else:
            self.conn.close()


_ERRORS = {c.__name__: c for c in (QuerySyntax, QueryTimeout, TooManyRows, NotAcceptable, QueryFailed)}


class QueryRunner:
    """A pool of query worker processes over snapshots of an :class:`~kg.store.EmbeddedStore`."""

    def __init__(self, store: Any, snapshot_root: Path, workers: int = 2, timeout_s: float = 10.0,
                 max_rows: int = 10_000) -> None:
        self.store, self.root = store, Path(snapshot_root)
        self.size, self.timeout_s, self.max_rows = workers, timeout_s, max_rows
        self._ctx = mp.get_context("spawn")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._snap: tuple | None = None
        self._snap_gen = -1
        self._counter = 0
        self._retired: list[tuple[float, Path]] = []
        self._closed = False

    def start(self) -> None:
        if self.root.exists():
            shutil.rmtree(self.root, ignore_errors=True)
        self.root.mkdir(parents=True, exist_ok=True)
        for _ in range(self.size):
            self._idle.put(_Worker(self._ctx))
        self._snapshot()

    def _snapshot(self) -> tuple:
        with self._lock:
            gen = self.store.generation
            if self._snap is None or gen != self._snap_gen:
                self._counter += 1
                kind, path = self.store.snapshot(self.root / f"snap-{self._counter}")
                if self._snap is not None:
                    self._retired.append((time.monotonic(), Path(self._snap[2])))
                self._snap, self._snap_gen = (self._counter, kind, str(path)), gen
                self._cleanup()
            return self._snap

    def _cleanup(self) -> None:
        # a retired snapshot can still serve a query that started before it was retired, for at most
        # timeout_s; after that no worker reads it (workers switch snapshots before their next query)
        horizon = time.monotonic() - self.timeout_s - 5
        keep = []
        for retired_at, path in self._retired:
            if retired_at < horizon:
                if path.is_dir():
                    shutil.rmtree(path, ignore_errors=True)
                else:
                    path.unlink(missing_ok=True)
            else:
                keep.append((retired_at, path))
        self._retired = keep

    def run(self, query: str, default_graphs: list[str] | None = None, named_graphs: list[str] | None = None,
            accept: str | None = None, union_default: bool = True, base_iri: str | None = None) -> Answer:
        """Evaluate in a worker; raises a :class:`QueryError` subclass on failure. ``union_default``:
        without a protocol dataset, the default graph is the union of all graphs (pass False when the
        query has its own ``FROM``: pyoxigraph's union flag would override it)."""
        deadline = time.monotonic() + self.timeout_s
        snap = self._snapshot()
        try:
            worker = self._idle.get(timeout=self.timeout_s)
        except queue.Empty:
            raise Busy("all query workers are busy; try again later") from None
        try:
            worker.conn.send((snap, query, default_graphs, named_graphs, union_default, accept, self.max_rows,
                              base_iri))
            if not worker.conn.poll(max(0.0, deadline - time.monotonic())):
                worker.kill()
                worker = _Worker(self._ctx)
                raise QueryTimeout(f"the query did not finish within {self.timeout_s:g} s")
            status, a, b = worker.conn.recv()
        except (EOFError, OSError, BrokenPipeError) as e:
            log.error("query worker failed: %s", e)
            worker.kill()
            worker = _Worker(self._ctx)
            raise WorkerLost("the query worker failed; try again") from e
        finally:
            if self._closed:
                worker.stop()
            else:
                self._idle.put(worker)
        if status == "ok":
            return Answer(a, b)
        raise _ERRORS.get(a, QueryFailed)(b)

    def close(self) -> None:
        self._closed = True
        while True:
            try:
                self._idle.get_nowait().stop()
            except queue.Empty:
                break
        shutil.rmtree(self.root, ignore_errors=True)


_BASE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>\"{}|\\^`]*$")
# what the remote store is asked for: formats read here as a stream, one per query form (a server
# picks by the form: results formats for SELECT/ASK, an RDF format for CONSTRUCT/DESCRIBE)
_REMOTE_ACCEPT = ("application/sparql-results+json, application/sparql-results+xml;q=0.9, "
                  "application/n-triples, text/turtle;q=0.9")


class _Stream(io.RawIOBase):
    """A response body as a file for pyoxigraph's parsers, read chunk by chunk, checking the deadline
    before each read; transport errors become :class:`QueryTimeout` or :class:`QueryFailed`."""

    def __init__(self, response: Any, httpx: Any, deadline: float, timeout_s: float) -> None:
        super().__init__()
        self._chunks = response.iter_bytes()
        self._httpx, self._deadline, self._timeout_s = httpx, deadline, timeout_s
        self._buf = b""

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:  # type: ignore[override]
        while not self._buf:
            if time.monotonic() > self._deadline:
                raise QueryTimeout(f"the query did not finish within {self._timeout_s:g} s")
            try:
                self._buf = next(self._chunks)
            except StopIteration:
                return 0
            except self._httpx.TimeoutException as e:
                raise QueryTimeout(f"the query did not finish within {self._timeout_s:g} s") from e
            except self._httpx.HTTPError as e:
                raise QueryFailed(f"the remote store's answer broke off: {type(e).__name__}") from e
        n = min(len(b), len(self._buf))
        b[:n] = self._buf[:n]
        self._buf = self._buf[n:]
        return n


class RemoteQueryRunner:
    """/sparql over a remote store, with the same deadline, row limit and formats as :class:`QueryRunner`.

    The query is forwarded (protocol dataset as ``default-graph-uri``/``named-graph-uri``, the
    endpoint's URL as ``BASE`` so relative IRIs resolve as on the embedded store). The remote store
    is asked for SPARQL JSON (or XML) results for SELECT/ASK and N-Triples (or Turtle) for
    CONSTRUCT/DESCRIBE; the answer is parsed **as it streams in**, solutions or triples are counted,
    and the ``max_rows + 1``-th closes the connection: :class:`TooManyRows`, never a truncated
    answer and never more rows than allowed. What fits is serialised here, for the client's
    ``Accept``, by the same code as the embedded workers (so every format works whatever the remote
    store offers). The query text is not rewritten with a ``LIMIT``: wrapping it in a sub-select
    would not keep its semantics (a sub-select's ORDER BY need not survive, CONSTRUCT and DESCRIBE
    cannot be wrapped, and an existing LIMIT/OFFSET would interact).

    The deadline is the HTTP timeout of each network operation and is checked before every chunk of
    the answer; past it the connection is closed (:class:`QueryTimeout`). The remote store may keep
    evaluating after that: standard SPARQL has no way to cancel a query.
    """

    def __init__(self, query_url: str, timeout_s: float, max_rows: int = 10_000, token: str | None = None) -> None:
        import httpx

        self._httpx = httpx
        self.url, self.timeout_s, self.max_rows = query_url, timeout_s, max_rows
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        self._client = httpx.Client(timeout=timeout_s, headers=headers)

    def start(self) -> None:
        pass

    def run(self, query: str, default_graphs: list[str] | None = None, named_graphs: list[str] | None = None,
            accept: str | None = None, union_default: bool = True, base_iri: str | None = None) -> Answer:
        """``union_default`` is the remote store's own configuration (``--union-default-graph``)."""
        deadline = time.monotonic() + self.timeout_s
        params = [("default-graph-uri", g) for g in default_graphs or []] + \
                 [("named-graph-uri", g) for g in named_graphs or []]
        if base_iri and _BASE_IRI.match(base_iri):  # a prologue may hold several BASE; the query's own win
            query = f"BASE <{base_iri}>\n{query}"
        request = self._client.build_request(
            "POST", self.url, params=params, content=query.encode("utf-8"),
            headers={"Content-Type": "application/sparql-query; charset=utf-8", "Accept": _REMOTE_ACCEPT})
        try:
            resp = self._client.send(request, stream=True)
        except self._httpx.TimeoutException as e:
            raise QueryTimeout(f"the query did not finish within {self.timeout_s:g} s") from e
        except self._httpx.HTTPError as e:
            raise QueryFailed(f"the remote store did not answer: {type(e).__name__}") from e
        error: QueryError | None = None
        try:
            answer = self._read(resp, accept, deadline)
        except QueryError as e:
            # a fresh exception: the original's traceback holds pyoxigraph's parser, which must be
            # dropped on this thread (it is not sendable), not where the API handles the error
            error = type(e)(str(e))
        finally:
            resp.close()  # also ends an answer that was too long or too late
        if error is not None:
            raise error
        return answer

    def _read(self, resp: Any, accept: str | None, deadline: float) -> Answer:
        if resp.status_code >= 400:
            try:
                text = resp.read().decode("utf-8", "replace")[:500]
            except self._httpx.HTTPError:
                text = ""
            if resp.status_code == 400:
                raise QuerySyntax(text or "the remote store refused the query")
            raise QueryFailed(f"the remote store answered HTTP {resp.status_code}")
        media = resp.headers.get("content-type", "").split(";")[0].strip().lower()
        body = _Stream(resp, self._httpx, deadline, self.timeout_s)
        try:
            results_format = ox.QueryResultsFormat.from_media_type(media) if media else None
            rdf_format = None if results_format else ox.RdfFormat.from_media_type(media) if media else None
            if results_format in (ox.QueryResultsFormat.JSON, ox.QueryResultsFormat.XML):
                result: Any = ox.parse_query_results(body, format=results_format)
            elif rdf_format in (ox.RdfFormat.N_TRIPLES, ox.RdfFormat.TURTLE):
                result = (q.triple for q in ox.parse(body, format=rdf_format))
            else:
                raise QueryFailed(f"the remote store answered in an unexpected format ({media or 'none'})")
            return serialize(result, accept, self.max_rows)
        except SyntaxError as e:
            raise QueryFailed(f"the remote store's answer does not parse: {e}") from e

    def close(self) -> None:
        self._client.close()
