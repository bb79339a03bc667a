"""``sikg eligibility``, ``sikg explain`` and ``sikg cohort``: the engine from the command line."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Iterator, Optional

import typer

MEDIA_BY_SUFFIX = {".ttl": "text/turtle", ".jsonld": "application/ld+json", ".nt": "application/n-triples",
                   ".rdf": "application/rdf+xml", ".owl": "application/rdf+xml"}


class Format(str, Enum):
    json = "json"
    table = "table"


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.command("eligibility")(eligibility)
    app.command("explain")(explain)
    app.command("cohort")(cohort)


def _engine():
    from kg.eligibility import Engine

    return Engine.load()


def _read_patient(path: Path, engine):
    """A patient from a JSON facts file (or a vignette with ``facts``), Turtle or JSON-LD."""
    from kg.patients import InvalidFacts, from_json, from_rdf

    try:
        if path.suffix in MEDIA_BY_SUFFIX:
            return from_rdf(path.read_bytes(), MEDIA_BY_SUFFIX[path.suffix], engine.catalog)
        data = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and "facts" in data and "id" not in data:
            data = data["facts"]  # a shared vignette
        return from_json(data, engine.catalog)
    except InvalidFacts as e:
        typer.echo(f"{path}: the patient facts are not valid:", err=True)
        for p in e.problems:
            typer.echo(f"  {p.path}: {p.msg}", err=True)
        raise typer.Exit(2) from None
    except (OSError, json.JSONDecodeError, UnicodeDecodeError) as e:
        typer.echo(f"{path}: cannot read: {e}", err=True)
        raise typer.Exit(2) from None


def _table(answer: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(width=None if sys.stdout.isatty() else 160)
    console.print(f"patient [bold]{answer['patient']}[/]  pathway [bold]{answer['pathway']}[/]  "
                  f"knowledge {answer['knowledgeVersion']}")
    table = Table()
    for name in ("therapy", "class", "status", "rules"):
        table.add_column(name, no_wrap=True)
    table.add_column("why", ratio=1)
    for t in answer["therapies"]:
        rules = ", ".join(dict.fromkeys(r["rule"] for r in t["reasons"]))
        why = t["reasons"][0]["text"] if t["reasons"] else ""
        if t.get("missing"):
            why += f" (missing: {', '.join(t['missing'])})"
        table.add_row(t["therapy"], t["class"], t["status"], rules, why)
    console.print(table)
    for w in answer["warnings"]:
        console.print(f"[yellow]warning {w['rule']}[/]: {w['text']}")
    if answer["missing"]:
        console.print(f"missing facts: {', '.join(answer['missing'])}")
    if answer["notRecognised"]:
        console.print("not recognised: " + ", ".join(f"{c['system']} {c['code']}" for c in answer["notRecognised"]))


def eligibility(
    patient: Annotated[Path, typer.Argument(help="Patient facts: JSON (the contract), Turtle or JSON-LD")],
    format: Annotated[Format, typer.Option("--format", "-f", help="json or table")] = Format.json,
) -> None:
    """Print the status of every catalog therapy for one patient, with reasons."""
    engine = _engine()
    answer = engine.evaluate(_read_patient(patient, engine))
    if format is Format.table:
        _table(answer)
    else:
        typer.echo(json.dumps(answer, indent=2))


def explain(
    patient: Annotated[Path, typer.Argument(help="Patient facts: JSON, Turtle or JSON-LD")],
    therapy: Annotated[str, typer.Argument(help="Catalog therapy id, e.g. adalimumab")],
) -> None:
    """Explain one therapy's status: every rule that spoke, its facts and citations."""
    engine = _engine()
    answer = engine.evaluate(_read_patient(patient, engine))
    try:
        entry = engine.explain(answer, therapy)
    except KeyError:
        ids = ", ".join(t.id for t in engine.catalog.therapies)
        typer.echo(f"unknown therapy {therapy!r}; one of: {ids}", err=True)
        raise typer.Exit(2) from None
    typer.echo(f"{entry['therapy']} ({entry['class']}): {entry['status']}  [pathway {answer['pathway']}]")
    for r in entry["reasons"]:
        typer.echo(f"\n  {r['rule']} -> {r['effect']} (about {r['about']}): {r['text']}")
        for f in r["facts"]:
            typer.echo(f"      fact: {f}")
        for m in r.get("missing", []):
            typer.echo(f"      missing: {m}")
        for c in r["citations"]:
            ident = c.get("doi") or c.get("pmid") or "no identifier"
            mark = "" if c["verified"] else " (unverified)"
            typer.echo(f"      cites {c['key']} {c.get('year', '')}: {c['direction']}, {c['strength']}; {ident}{mark}")


def _ndjson(path: Path) -> Iterator[dict]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def cohort(
    source: Annotated[Path, typer.Argument(help="A folder of patient JSON files, or an NDJSON file (one patient per line)")],
    out: Annotated[Optional[Path], typer.Option(help="Write one answer per line (NDJSON) here")] = None,
    batch: Annotated[int, typer.Option(min=1, max=5000, help="Patients evaluated together")] = 50,
) -> None:
    """Evaluate a whole cohort, in batches, with a progress bar; prints a status count per therapy."""
    from collections import Counter

    from rich.console import Console
    from rich.progress import Progress
    from rich.table import Table

    from kg.patients import InvalidFacts, from_json

    engine = _engine()
    if source.is_dir():
        items = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(source.glob("*.json"))]
    else:
        items = list(_ndjson(source))
    items = [i["facts"] if "facts" in i and "id" not in i else i for i in items]
    counts: dict[str, Counter] = {t.id: Counter() for t in engine.catalog.therapies}
    rejected = 0
    sink = out.open("w", encoding="utf-8") if out else None
    try:
        with Progress(console=Console(stderr=True)) as progress:
            task = progress.add_task("evaluating", total=len(items))
            for start in range(0, len(items), batch):
                patients, seen = [], set()
                for facts in items[start:start + batch]:
                    try:
                        patient = from_json(facts, engine.catalog)
                    except InvalidFacts as e:
                        rejected += 1
                        typer.echo(f"rejected {facts.get('id', '?') if isinstance(facts, dict) else '?'}: {e}", err=True)
                        continue
                    if patient.id in seen:
                        rejected += 1
                        typer.echo(f"rejected {patient.id}: the id is given twice in one batch", err=True)
                        continue
                    seen.add(patient.id)
                    patients.append(patient)
                for answer in engine.evaluate_many(patients):
                    for t in answer["therapies"]:
                        counts[t["therapy"]][t["status"]] += 1
                    if sink:
                        sink.write(json.dumps(answer) + "\n")
                progress.advance(task, len(items[start:start + batch]))
    finally:
        if sink:
            sink.close()
    statuses = [s.name for s in sorted(engine.catalog.statuses.values(), key=lambda s: s.display)]
    table = Table("therapy", *statuses, title=f"{len(items) - rejected} patients ({rejected} rejected)")
    for therapy, c in counts.items():
        table.add_row(therapy, *(str(c.get(s, 0)) for s in statuses))
    Console(file=sys.stdout).print(table)
