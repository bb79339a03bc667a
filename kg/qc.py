"""Quality checks: the ROBOT-style ``queries/qc/*-violation.rq`` run over the knowledge graphs.

Every check returns rows ``?entity ?property ?value`` naming a problem; ``queries/qc/profile.tsv``
gives each a severity (ERROR, WARN, INFO) and only ERROR fails ``sikg check``. The checks run with
pyoxigraph over the union of the named graphs, graph/inferred included, so class membership the
reasoner derived counts. Several expected values (the rule ids of RULES.md) reach a query as a
``VALUES`` block built from validated rdflib terms (``.n3()``), never by formatting raw text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Literal, URIRef
from rdflib.term import Identifier

from kg import queries

QC_DIR = "qc"
PROFILE_FILE = queries.QUERY_DIR / QC_DIR / "profile.tsv"
SEVERITIES = ("ERROR", "WARN", "INFO")
RULE_ID = re.compile(r"R\d{1,3}")
_RULES_MD_ROW = re.compile(r"^\| (R\d{1,3}) ")
_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


@dataclass(frozen=True)
class CheckResult:
    name: str
    title: str
    severity: str
    rows: list[tuple[str | None, str | None, str | None]]

    @property
    def failed(self) -> bool:
        return self.severity == "ERROR" and bool(self.rows)


def check_names() -> list[str]:
    """Names of the QC queries (file stems of ``queries/qc/*-violation.rq``)."""
    return [name.split("/", 1)[1] for name in queries.names(QC_DIR)]


def load_profile(path: Path = PROFILE_FILE) -> dict[str, str]:
    """Query name -> severity, from the profile's tab-separated rows (header ``query severity``)."""
    profile: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        if line.strip() and not line.startswith("#"):
            name, severity = (cell.strip() for cell in line.split("\t")[:2])
            if severity not in SEVERITIES:
                raise ValueError(f"{path}: unknown severity {severity!r} for {name}")
            profile[name] = severity
    return profile


def rule_ids(rules_md: Path) -> list[Literal]:
    """Rule ids RULES.md defines: its table rows ``| R<n> `` plus R0 and R2, defined in the text."""
    found = {"R0", "R2"}
    for line in rules_md.read_text(encoding="utf-8").splitlines():
        m = _RULES_MD_ROW.match(line)
        if m:
            found.add(m.group(1))
    return [Literal(rid) for rid in sorted(found, key=lambda r: int(r[1:]))]


def values_block(variable: str, terms: list[Identifier]) -> str:
    """``VALUES ?variable { ... }`` from rdflib IRIs and literals only (their ``.n3()``)."""
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", variable):
        raise ValueError(f"not a SPARQL variable name: {variable!r}")
    if not all(isinstance(t, (URIRef, Literal)) for t in terms):
        raise TypeError("VALUES takes rdflib URIRef or Literal terms")
    return f"VALUES ?{variable} {{ {' '.join(t.n3() for t in terms)} }}"


def bind_values(text: str, bindings: dict[str, list[Identifier]]) -> str:
    """``text`` with a VALUES block per binding opening its outermost WHERE group."""
    if not bindings:
        return text
    code = "\n".join(" " * len(line) if line.lstrip().startswith("#") else line for line in text.split("\n"))
    m = _WHERE.search(code)  # comments blanked out, offsets kept
    if not m:
        raise ValueError("query has no WHERE group to bind values in")
    blocks = "".join(f"\n  {values_block(var, terms)}" for var, terms in bindings.items())
    return text[: m.end()] + blocks + text[m.end():]


def store_from_nquads(path: Path) -> ox.Store:
    """An in-memory pyoxigraph store holding ``knowledge.nq``."""
    store = ox.Store()
    with path.open("rb") as data:
        store.load(data, format=ox.RdfFormat.N_QUADS)
    return store


def store_from_dataset(dataset: Dataset) -> ox.Store:
    """An in-memory pyoxigraph store holding an rdflib dataset (fixtures, tests)."""
    store = ox.Store()
    store.load(dataset.serialize(format="nquads", encoding="utf-8"), format=ox.RdfFormat.N_QUADS)
    return store


def _text(term) -> str | None:
    return None if term is None else term.value


def run_check(store: ox.Store, name: str, bindings: dict[str, list[Identifier]] | None = None,
              severity: str = "ERROR") -> CheckResult:
    """Run ``queries/qc/{name}.rq``; every input it declares is bound (an unbound input: no values)."""
    query = queries.load(f"{QC_DIR}/{name}")
    given = bindings or {}
    text = bind_values(query.text, {var: list(given.get(var, [])) for var in query.inputs})
    solutions = store.query(text, use_default_graph_as_union=True)
    rows = [tuple(_text(s[v]) for v in ("entity", "property", "value")) for s in solutions]
    return CheckResult(name=name, title=query.title, severity=severity, rows=rows)


def run_checks(store: ox.Store, bindings: dict[str, list[Identifier]] | None = None,
               profile: dict[str, str] | None = None) -> list[CheckResult]:
    """Every QC query over ``store``, with its severity from the profile."""
    profile = load_profile() if profile is None else profile
    return [run_check(store, name, bindings, profile.get(name, "ERROR")) for name in check_names()]
