"""SPARQL queries of ``queries/``, loaded by name, with their header parsed.

Every ``.rq`` file opens with a comment header::

    # title: One line
    # purpose: What question it answers (may continue on following '#' lines)
    # inputs: ?patient (optional: restrict to one patient) - or "none"
    # outputs: ?entity ?property ?value

``load("qc/missing-label-violation")`` returns a :class:`Query`; an unknown name raises ``KeyError``.
Values are never formatted into the text: callers pass bindings to the store.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

QUERY_DIR = Path(__file__).resolve().parent.parent / "queries"
_HEADER_KEYS = ("title", "purpose", "inputs", "outputs")
_VAR = re.compile(r"\?([A-Za-z_][A-Za-z0-9_]*)")


@dataclass(frozen=True)
class Query:
    name: str
    text: str
    header: dict[str, str] = field(default_factory=dict)

    @property
    def title(self) -> str:
        return self.header.get("title", "")

    @property
    def inputs(self) -> list[str]:
        """Variables the caller may bind (``?name`` tokens of the inputs line)."""
        return _VAR.findall(self.header.get("inputs", ""))

    @property
    def outputs(self) -> list[str]:
        """Declared result variables (``?name`` tokens of the outputs line)."""
        return _VAR.findall(self.header.get("outputs", ""))

    @property
    def form(self) -> str:
        """SELECT, CONSTRUCT, ASK or DESCRIBE: the first query-form keyword outside comments."""
        body = "\n".join(line for line in self.text.splitlines() if not line.lstrip().startswith("#"))
        m = re.search(r"\b(SELECT|CONSTRUCT|ASK|DESCRIBE)\b", body, re.IGNORECASE)
        return m.group(1).upper() if m else ""


def parse_header(text: str) -> dict[str, str]:
    header: dict[str, str] = {}
    key = None
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        content = line[1:].strip()
        m = re.match(r"(\w+):\s*(.*)", content)
        if m and m.group(1).lower() in _HEADER_KEYS:
            key = m.group(1).lower()
            header[key] = m.group(2).strip()
        elif key and content:
            header[key] += " " + content
    return header


def path_of(name: str, root: Path = QUERY_DIR) -> Path:
    path = (root / f"{name}.rq").resolve()
    if root.resolve() not in path.parents or not path.is_file():
        raise KeyError(name)
    return path


@lru_cache(maxsize=None)
def load(name: str, root: Path = QUERY_DIR) -> Query:
    """The query ``queries/{name}.rq``; ``KeyError`` when there is none."""
    text = path_of(name, root).read_text(encoding="utf-8")
    return Query(name=name, text=text, header=parse_header(text))


def names(subdir: str = "", root: Path = QUERY_DIR) -> list[str]:
    """Names of the queries under ``queries/{subdir}``, sorted."""
    base = root / subdir if subdir else root
    return sorted(str(p.relative_to(root).with_suffix("")) for p in base.rglob("*.rq"))
