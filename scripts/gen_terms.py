#!/usr/bin/env python3
"""Regenerate kg/terms.py from ontology/core.ttl (see kg/termgen.py)."""

from kg.termgen import TERMS_FILE, write

if __name__ == "__main__":
    print(f"{TERMS_FILE}: {'updated' if write() else 'up to date'}")
