"""Generates ``kg/terms.py`` (a closed rdflib ``DefinedNamespace``) from ``ontology/core.ttl``.

Code names vocabulary terms through that namespace (STYLE.md 8), so a typo or a term missing from
the TBox fails at import time rather than silently minting a new IRI. Run ``scripts/gen_terms.py`` or
``sikg build --terms`` after editing core.ttl; a test checks the file is up to date.
"""

from __future__ import annotations

import keyword
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from kg.iris import SIKG

REPO_ROOT = Path(__file__).resolve().parent.parent
CORE_FILE = REPO_ROOT / "ontology" / "core.ttl"
TERMS_FILE = Path(__file__).resolve().parent / "terms.py"

_KINDS = (
    ("classes", OWL.Class),
    ("object properties", OWL.ObjectProperty),
    ("datatype properties", OWL.DatatypeProperty),
    ("annotation properties", OWL.AnnotationProperty),
)


def _comment(graph: Graph, term: URIRef) -> str:
    text = str(graph.value(term, SKOS.definition) or graph.value(term, RDFS.label) or "")
    return " ".join(text.split())


def render(core_file: Path = CORE_FILE) -> str:
    """The text of kg/terms.py for the terms core.ttl declares in the sikg namespace."""
    graph = Graph().parse(core_file, format="turtle")
    ns = str(SIKG)
    seen: set[URIRef] = set()
    groups: list[tuple[str, list[URIRef]]] = []
    for title, kind in _KINDS:
        terms = sorted(t for t in graph.subjects(RDF.type, kind) if str(t).startswith(ns) and t not in seen)
        seen.update(terms)
        groups.append((title, terms))
    individuals = sorted({s for s, o in graph.subject_objects(RDF.type)
                          if isinstance(s, URIRef) and str(s).startswith(ns) and s not in seen
                          and str(o).startswith(ns)})
    groups.append(("named individuals", individuals))

    lines = [
        '"""Vocabulary of SIKG (https://w3id.org/sikg/ontology#) as a closed namespace.',
        "",
        "GENERATED from ontology/core.ttl by scripts/gen_terms.py (or `sikg build --terms`): do not edit.",
        'Terms that are Python keywords are reached by item access, e.g. ``SIKG["for"]``.',
        '"""',
        "",
        "from rdflib.namespace import DefinedNamespace, Namespace",
        "from rdflib.term import URIRef",
        "",
        "",
        "class SIKG(DefinedNamespace):",
        '    """SIKG core vocabulary: classes, properties and the named individuals of core.ttl."""',
        "",
        "    _fail = True",
    ]
    extras: list[str] = []
    for title, terms in groups:
        lines += ["", f"    # {title}"]
        for term in terms:
            name = str(term)[len(ns):]
            if keyword.iskeyword(name) or not name.isidentifier():
                extras.append(name)
                continue
            lines.append(f"    {name}: URIRef  # {_comment(graph, term)}".rstrip())
    if extras:
        lines += ["", "    # terms that are no Python identifiers", f"    _extras = {sorted(extras)!r}"]
    lines += ["", f'    _NS = Namespace("{ns}")', ""]
    return "\n".join(lines)


def write(core_file: Path = CORE_FILE, target: Path = TERMS_FILE) -> bool:
    """Regenerate ``target``; True when its text changed."""
    text = render(core_file)
    if target.is_file() and target.read_text(encoding="utf-8") == text:
        return False
    target.write_text(text, encoding="utf-8")
    return True
