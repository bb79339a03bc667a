"""SIKG benchmark: build, single-patient latency, cohort throughput, HTTP and /sparql latency.

    .venv/bin/python bench/bench.py [--cohort 2000] [--batch 200] [--http 200]

Numbers go to stdout as a small table (and --json FILE); the README quotes them. Timing is measured
here, never asserted in tests.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import cohort  # noqa: E402


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cohort", type=int, default=2000, help="synthetic patients for the throughput run")
    ap.add_argument("--batch", type=int, default=50, help="patients evaluated together")
    ap.add_argument("--http", type=int, default=200, help="requests per HTTP measurement")
    ap.add_argument("--json", type=Path, help="also write the numbers here")
    args = ap.parse_args()
    results: dict[str, str] = {}

    from kg import build
    from kg.eligibility import Engine
    from kg.patients import from_json

    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        manifest = build.build(Path(tmp) / "build")
        results["build (assemble + HermiT + materialize)"] = f"{time.perf_counter() - t:.2f} s (HermiT {manifest.reasoner_seconds:.2f} s)"
        results["knowledge triples"] = str(sum(manifest.triples.values()))

    t = time.perf_counter()
    engine = Engine.load()
    results["engine load (knowledge.nq + catalog)"] = ms(time.perf_counter() - t)

    from sikg_examples import vignettes

    examples = [from_json(f, engine.catalog) for f in vignettes()]
    engine.evaluate(examples[0])  # warm up
    lat = []
    for _ in range(5):
        for p in examples:
            t = time.perf_counter()
            engine.evaluate(p)
            lat.append(time.perf_counter() - t)
    results["one patient, evaluate (p50 / p95)"] = f"{ms(statistics.median(lat))} / {ms(pct(lat, 0.95))}"

    facts = cohort(args.cohort)
    t = time.perf_counter()
    patients = [from_json(f, engine.catalog) for f in facts]
    convert = time.perf_counter() - t
    results[f"validate + JSON->RDF, {args.cohort} patients"] = f"{convert:.2f} s ({args.cohort / convert:.0f} patients/s)"
    t = time.perf_counter()
    for i in range(0, len(patients), args.batch):
        engine.evaluate_many(patients[i:i + args.batch])
    dt = time.perf_counter() - t
    results[f"cohort evaluate, {args.cohort} patients, batch {args.batch}"] = (
        f"{dt:.2f} s ({args.cohort / dt:.0f} patients/s; 100,000 patients ~ {100_000 / (args.cohort / dt) / 60:.0f} min on one core)")

    from fastapi.testclient import TestClient

    from api.main import create_app
    from api.settings import Settings

    with tempfile.TemporaryDirectory() as data:
        app = create_app(Settings(data_dir=Path(data), query_workers=1))
        with TestClient(app) as client:
            body = vignettes()[3]
            lat = []
            for _ in range(args.http):
                t = time.perf_counter()
                assert client.post("/eligibility", json=body).status_code == 200
                lat.append(time.perf_counter() - t)
            results["POST /eligibility in-process (p50 / p95)"] = f"{ms(statistics.median(lat))} / {ms(pct(lat, 0.95))}"
            query = "SELECT ?t WHERE { ?t a <https://w3id.org/sikg/ontology#TNFInhibitor> }"
            lat = []
            for _ in range(args.http):
                t = time.perf_counter()
                assert client.get("/sparql", params={"query": query}).status_code == 200
                lat.append(time.perf_counter() - t)
            results["GET /sparql small SELECT, worker process (p50 / p95)"] = f"{ms(statistics.median(lat))} / {ms(pct(lat, 0.95))}"

    width = max(len(k) for k in results)
    for k, v in results.items():
        print(f"{k:<{width}}  {v}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
