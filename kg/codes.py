"""Code normalisation and CODES.md pattern matching.

Patterns live in the knowledge graph (``sikg:CodePattern``); this module only knows the syntax:
``X*`` and ``X.*`` match every code beginning with X (the bare X too); ``X-Y`` (with or without
``.*``) matches every code whose first len(X) characters sort between X and Y inclusive; anything
else matches itself. Codes compare trimmed, upper-case, with the dot.
"""

from __future__ import annotations

from dataclasses import dataclass


def normalise(code: str) -> str:
    return code.strip().upper()


def _strip_wildcard(part: str) -> str:
    part = normalise(part)
    if part.endswith(".*"):
        return part[:-2]
    if part.endswith("*"):
        return part[:-1]
    return part


@dataclass(frozen=True)
class Pattern:
    """One compiled pattern: exact, prefix, or range."""

    text: str

    def matches(self, code: str) -> bool:
        code = normalise(code)
        text = normalise(self.text)
        if "-" in text:
            low, high = (_strip_wildcard(p) for p in text.split("-", 1))
            head = code[: len(low)]
            return low <= head <= high
        if text.endswith("*"):
            return code.startswith(_strip_wildcard(text))
        return code == text
