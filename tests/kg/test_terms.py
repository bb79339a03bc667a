"""kg/terms.py is generated from core.ttl and up to date; its namespace is closed."""

import pytest

from kg import termgen
from kg.terms import SIKG


def test_terms_file_is_up_to_date():
    assert termgen.TERMS_FILE.read_text(encoding="utf-8") == termgen.render(), \
        "run scripts/gen_terms.py (or sikg build --terms)"


def test_terms_cover_classes_properties_and_individuals():
    assert str(SIKG.TNFInhibitor) == "https://w3id.org/sikg/ontology#TNFInhibitor"
    assert SIKG.codeOf and SIKG.fullDose and SIKG.failure and SIKG.active
    assert str(SIKG["for"]).endswith("#for")


def test_unknown_term_fails():
    with pytest.raises(AttributeError):
        SIKG.TNFInhibtor  # noqa: B018 - the typo is the point
