"""Knowledge-graph commands of the sikg CLI: ``build``, ``check`` and ``format``."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from kg import build as kgbuild
from kg import canonical, qc, termgen

console = Console(emoji=False)  # ontology text such as rdfs:label: must print verbatim
SHARED_DIR = kgbuild.REPO_ROOT.parent / "shared"
DEFAULT_RULES_FILE = SHARED_DIR / "clinical" / "RULES.md"
OWLAPI_TIMEOUT = 300

BuildDir = Annotated[Optional[Path], typer.Option("--out", "-o", help="Build directory (default build/ or $SIKG_BUILD_DIR).")]


def owlapi_check_tool() -> Path | None:
    """The OWL API checker (``$SIKG_OWLAPI_CHECK`` or ../shared/tools/owlapi-check) when it and java exist."""
    tool = Path(os.environ.get("SIKG_OWLAPI_CHECK") or SHARED_DIR / "tools" / "owlapi-check")
    return tool if tool.is_file() and shutil.which("java") else None


def _summary(manifest: kgbuild.Manifest) -> Table:
    table = Table(title=f"knowledge {manifest.knowledge_version}", show_header=True)
    table.add_column("graph")
    table.add_column("triples", justify="right")
    for graph, count in manifest.triples.items():
        table.add_row(graph, str(count))
    return table


def _report_reasoner(manifest: kgbuild.Manifest) -> bool:
    if not manifest.consistent:
        console.print(f"[red]inconsistent[/red] {escape(manifest.inconsistency)}")
    elif manifest.unsatisfiable:
        console.print(f"[red]unsatisfiable classes:[/red] {', '.join(manifest.unsatisfiable)}")
    else:
        console.print(f"[green]consistent[/green], no unsatisfiable class (HermiT {manifest.reasoner_seconds}s)")
    return manifest.ok


def build_command(
    out: BuildDir = None,
    terms: Annotated[bool, typer.Option("--terms", help="Also regenerate kg/terms.py from core.ttl.")] = False,
) -> None:
    """Assemble the modules, run HermiT, write knowledge.nq, manifest.json and the release."""
    if terms:
        changed = termgen.write()
        console.print(f"kg/terms.py {'regenerated' if changed else 'up to date'}")
    with console.status("Building the knowledge graphs and running HermiT..."):
        manifest = kgbuild.build(out)
    console.print(_summary(manifest))
    console.print(f"artifacts in {manifest.build_dir}; release {kgbuild.RELEASE_FILE}")
    if not _report_reasoner(manifest):
        raise typer.Exit(1)


def _qc_table(results: list[qc.CheckResult], shown: int) -> Table:
    table = Table(title="QC queries", show_header=True, show_lines=False)
    for column in ("query", "severity", "rows", "first rows"):
        table.add_column(column, overflow="fold")
    colours = {"ERROR": "red", "WARN": "yellow", "INFO": "blue"}
    for result in results:
        first = escape("\n".join(" ".join(cell or "-" for cell in row) for row in result.rows[:shown]))
        severity = f"[{colours[result.severity]}]{result.severity}[/]" if result.rows else result.severity
        table.add_row(result.name, severity, str(len(result.rows)), first)
    return table


def check_command(
    out: BuildDir = None,
    rules_file: Annotated[Path, typer.Option("--rules-file", help="RULES.md whose rule ids must be in the graph.")] = DEFAULT_RULES_FILE,
    shown: Annotated[int, typer.Option("--rows", help="Rows shown per query.")] = 3,
) -> None:
    """Build if needed, run every QC query, the reasoner check and the OWL API DL check."""
    with console.status("Building the knowledge graphs (if stale)..."):
        knowledge = kgbuild.ensure_built(out)
    manifest = kgbuild.read_manifest(out)
    failed = not _report_reasoner(manifest)

    bindings = {}
    if rules_file.is_file():
        bindings["ruleId"] = qc.rule_ids(rules_file)
    else:
        console.print(f"[yellow]{rules_file} not found: the missing-rule check has no expected ids[/yellow]")
    with console.status("Running the QC queries..."):
        results = qc.run_checks(qc.store_from_nquads(knowledge), bindings)
    console.print(_qc_table(results, shown))
    failed |= any(r.failed for r in results)

    tool = owlapi_check_tool()
    if tool is None:
        console.print("OWL API DL check skipped: java or the owlapi-check tool is missing")
    else:
        with console.status("OWL API: parsing ontology/sikg.ttl and checking the OWL 2 DL profile..."):
            try:
                done = subprocess.run([str(tool), str(kgbuild.TOP_FILE)], capture_output=True, text=True,
                                      timeout=OWLAPI_TIMEOUT, check=False)
                output, code = (done.stdout + done.stderr).strip(), done.returncode
            except subprocess.TimeoutExpired:
                output, code = f"no answer within {OWLAPI_TIMEOUT}s", -1
        console.print(f"OWL API check (exit {code}):")
        console.print(output, markup=False, highlight=False)
        failed |= code != 0
    console.print(f"knowledge version {manifest.knowledge_version}")
    if failed:
        raise typer.Exit(1)


def format_command(
    check: Annotated[bool, typer.Option("--check", help="Only report files that are not canonical.")] = False,
) -> None:
    """Re-serialize the ontology sources in the one canonical Turtle form."""
    changed = [p for p in [kgbuild.TOP_FILE, *kgbuild.module_files()] if canonical.format_file(p, check=check)]
    for path in changed:
        console.print(f"{'not canonical' if check else 'reformatted'}: {path.relative_to(kgbuild.REPO_ROOT)}")
    if not changed:
        console.print("all ontology sources are canonical")
    elif check:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.command("build")(build_command)
    app.command("check")(check_command)
    app.command("format")(format_command)
