"""The OWL API (Protégé's parser) reads ontology/sikg.ttl through the catalog and finds OWL 2 DL."""

import shutil
import subprocess

import pytest

from kg.cli.build import owlapi_check_tool
from sikg_testdata import ONTOLOGY_DIR


@pytest.mark.java
def test_top_level_ontology_is_owl2_dl():
    tool = owlapi_check_tool()
    if tool is None:
        pytest.skip("needs java and ../shared/tools/owlapi-check (or $SIKG_OWLAPI_CHECK)")
    done = subprocess.run([str(tool), str(ONTOLOGY_DIR / "sikg.ttl")], capture_output=True, text=True,
                          timeout=600, check=False)
    if done.returncode == 69:
        pytest.skip(f"owlapi-check could not get the OWL API: {done.stderr.strip()}")
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert "OWL 2 DL profile: in profile" in output


def test_catalog_maps_every_import():
    import xml.etree.ElementTree as ET

    from rdflib import Graph
    from rdflib.namespace import OWL

    top = Graph().parse(ONTOLOGY_DIR / "sikg.ttl", format="turtle")
    imports = {str(o) for o in top.objects(None, OWL.imports)}
    ns = {"c": "urn:oasis:names:tc:entity:xmlns:xml:catalog"}
    mapped = {e.get("name"): e.get("uri") for e in ET.parse(ONTOLOGY_DIR / "catalog-v001.xml").findall("c:uri", ns)}
    assert imports <= set(mapped)
    assert {f"https://w3id.org/sikg/ontology/{m}" for m in
            ("core", "therapies", "conditions", "citations", "rules", "logic", "policy")} == imports
    for iri in imports:
        assert mapped[iri] == iri.rsplit("/", 1)[1] + ".ttl"
    assert shutil.which  # keeps the import used when java is absent
