"""A small SPARQL lexer for the few things the endpoints must know about a request's text without
evaluating it: dataset clauses (``FROM``, ``USING``, ``WITH``) at the top level, ``SERVICE`` and
``LOAD`` (refused: the server would fetch arbitrary URLs), and two rewrites of updates (protocol
``using-graph-uri`` parameters and ``CLEAR``/``DROP ALL|NAMED`` sparing the protected graphs).

Strings, IRIs, comments, variables and prefixed names are single tokens, so a keyword is only
recognised where SPARQL would see a keyword.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

_TOKEN = re.compile(r'''
    (?P<comment>\#[^\n]*)
  | (?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\'|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][\w\u00B7-\uFFFF]+)
  | (?P<pname>(?:[A-Za-z\u00C0-\uFFFF][\w.\-\u00B7-\uFFFF]*)?:[^\s{}()<>"',;\#\[\]]*)
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<lbrace>\{)
  | (?P<rbrace>\})
  | (?P<space>\s+)
  | (?P<other>.)
''', re.VERBOSE | re.DOTALL)


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    start: int
    end: int
    depth: int  # brace depth before the token

    def kw(self, *words: str) -> bool:
        return self.kind == "word" and self.text.upper() in words


def tokens(text: str) -> list[Token]:
    """Significant tokens (no spaces, no comments) with their brace depth."""
    out, depth = [], 0
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or "other"
        if kind in ("space", "comment"):
            continue
        if kind == "rbrace":
            depth = max(depth - 1, 0)
        out.append(Token(kind, m.group(), m.start(), m.end(), depth))
        if kind == "lbrace":
            depth += 1
    return out


def has_top_level(text: str, *keywords: str) -> bool:
    """True if one of ``keywords`` occurs as a keyword outside any ``{ }``."""
    return any(t.depth == 0 and t.kw(*keywords) for t in tokens(text))


def has_keyword(text: str, *keywords: str) -> bool:
    return any(t.kw(*keywords) for t in tokens(text))


def inject_using(update: str, default: Iterable[str], named: Iterable[str]) -> str:
    """Add ``USING <g>`` / ``USING NAMED <g>`` to every ``DELETE/INSERT ... WHERE`` operation (the
    protocol's ``using-graph-uri`` / ``using-named-graph-uri``). IRIs must be validated already."""
    clause = " ".join([f"USING <{g}>" for g in default] + [f"USING NAMED <{g}>" for g in named])
    if not clause:
        return update
    toks = tokens(update)
    cut = [t.start for i, t in enumerate(toks)
           if t.depth == 0 and t.kw("WHERE") and not (i and toks[i - 1].kw("DELETE"))]
    out, last = [], 0
    for pos in cut:
        out.append(update[last:pos])
        out.append(clause + " ")
        last = pos
    out.append(update[last:])
    return "".join(out)


def spare_graphs_in_clear_all(update: str, spared: Iterable[str]) -> str:
    """Rewrite ``CLEAR|DROP [SILENT] ALL|NAMED`` so that the ``spared`` graphs keep their triples.

    ``CLEAR ALL`` becomes a ``DELETE`` over every named graph except the spared ones, then
    ``CLEAR DEFAULT``; evaluated when the operation runs, so graphs created earlier in the same
    request are included. ``DROP`` leaves the emptied graphs' names behind (they hold no triples).
    """
    spared = list(spared)
    not_in = ", ".join(f"<{g}>" for g in spared) or "<urn:sikg:none>"
    toks = tokens(update)
    out, last, i = [], 0, 0
    while i < len(toks):
        t = toks[i]
        if t.depth == 0 and t.kw("CLEAR", "DROP"):
            j = i + 1
            if j < len(toks) and toks[j].kw("SILENT"):
                j += 1
            if j < len(toks) and toks[j].kw("ALL", "NAMED"):
                scope = toks[j].text.upper()
                repl = ("DELETE { GRAPH ?sikg_g { ?sikg_s ?sikg_p ?sikg_o } } WHERE { GRAPH ?sikg_g "
                        f"{{ ?sikg_s ?sikg_p ?sikg_o }} FILTER (?sikg_g NOT IN ({not_in})) }}")
                if scope == "ALL":
                    repl += f" ; {t.text.upper()} SILENT DEFAULT"
                out.append(update[last:t.start])
                out.append(repl)
                last = toks[j].end
                i = j + 1
                continue
        i += 1
    out.append(update[last:])
    return "".join(out)
