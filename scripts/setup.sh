#!/usr/bin/env bash
# Make a fresh machine ready for SIKG: the venv with the project and its test extras, and (as root)
# Java plus Debian's OWL API for HermiT and the OWL API check. Idempotent; quiet when all is there.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv"
  python3 -m venv .venv
fi
if ! .venv/bin/python -c "import kg, rdflib, owlready2, pyoxigraph, pytest" >/dev/null 2>&1; then
  echo "setup: installing the project with test extras"
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".[test]"
fi

if ! command -v java >/dev/null || ! command -v javac >/dev/null || [ ! -f /usr/share/java/owlapi-distribution.jar ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "setup: installing Java and the OWL API (apt)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jdk-headless libowlapi-java libslf4j-java >/dev/null
  else
    echo "setup: Java or the OWL API is missing; as root run: apt-get install default-jdk-headless libowlapi-java libslf4j-java" >&2
  fi
fi
