"""One canonical Turtle form for the edited ontology sources (STYLE.md 6), so diffs stay reviewable.

A file is its leading comment header (the ``#`` lines before the first statement) followed by rdflib's
Turtle serialization with a fixed prefix set. Comments after the header do not survive: structure
belongs in the data (labels, definitions), not in comments. ``sikg format`` applies it; a test checks
that every module already is canonical.
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from rdflib import Graph, Literal
from rdflib.plugins.serializers.turtle import TurtleSerializer

from kg.iris import PREFIXES

FOAF = "http://xmlns.com/foaf/0.1/"
TURTLE_PREFIXES = {**PREFIXES, "foaf": FOAF}


class _LexicalTurtleSerializer(TurtleSerializer):
    """rdflib's Turtle, except that a typed literal keeps its lexical form: rdflib writes
    ``"28"^^xsd:decimal`` as ``28.0``, a different RDF term (and a different knowledge hash)."""

    def label(self, node, position):  # noqa: ANN001 - rdflib's signature
        text = super().label(node, position)
        if isinstance(node, Literal) and node.datatype is not None and not text.startswith('"') \
                and text != str(node):
            return node._literal_n3(use_plain=False, qname_callback=lambda dt: self.get_pname(dt, True))
        return text


def header_of(text: str) -> list[str]:
    """The leading comment lines, skipping prefix declarations and blank lines before them."""
    header: list[str] = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("#"):
            header.append(stripped)
        elif not stripped or stripped.lower().startswith(("@prefix", "prefix ", "@base", "base ")):
            continue
        else:
            break
    return header


def canonical_text(text: str, source: str | None = None) -> str:
    """``text`` (Turtle) in canonical form; raises rdflib's parse errors for invalid input."""
    graph = Graph(bind_namespaces="none")
    graph.parse(data=text, format="turtle", publicID=source)
    out = Graph(bind_namespaces="none")
    for prefix, namespace in TURTLE_PREFIXES.items():
        out.bind(prefix, namespace, override=True, replace=True)
    for triple in graph:
        out.add(triple)
    buffer = BytesIO()
    _LexicalTurtleSerializer(out).serialize(buffer, encoding="utf-8")
    body = buffer.getvalue().decode("utf-8").strip() + "\n"
    header = header_of(text)
    return ("\n".join(header) + "\n\n" + body) if header else body


def format_file(path: Path, check: bool = False) -> bool:
    """Rewrite ``path`` canonically unless ``check``; True when it was (or would be) changed."""
    text = path.read_text(encoding="utf-8")
    canonical = canonical_text(text, source=path.as_uri())
    if canonical == text:
        return False
    if not check:
        path.write_text(canonical, encoding="utf-8")
    return True
