"""The sikg CLI: eligibility (JSON, table), explain, cohort, and bad input as exit 2."""

import json

from typer.testing import CliRunner

from kg.cli import app
from sikg_testdata import EXAMPLES_DIR

runner = CliRunner()
P04 = str(EXAMPLES_DIR / "P04.json")


def test_eligibility_json(knowledge):
    result = runner.invoke(app, ["eligibility", P04])
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert answer["patient"] == "P04" and answer["therapies"][0]["status"] == "recommended"


def test_eligibility_table_and_explain(knowledge):
    table = runner.invoke(app, ["eligibility", P04, "--format", "table"])
    assert table.exit_code == 0 and "secukinumab" in table.stdout and "contraindicated" in table.stdout
    explained = runner.invoke(app, ["explain", P04, "adalimumab"])
    assert explained.exit_code == 0
    assert "adalimumab (tnf-inhibitor): contraindicated" in explained.stdout
    assert "R10 -> contraindicated" in explained.stdout and "finding nyha-class=3" in explained.stdout
    assert runner.invoke(app, ["explain", P04, "aspirin"]).exit_code == 2


def test_turtle_input(knowledge, tmp_path, engine):
    from kg.patients import from_json

    facts = json.loads((EXAMPLES_DIR / "P04.json").read_text())["facts"]
    path = tmp_path / "p04.ttl"
    path.write_text(from_json(facts, engine.catalog).graph.serialize(format="turtle"))
    result = runner.invoke(app, ["eligibility", str(path)])
    assert result.exit_code == 0 and json.loads(result.stdout)["pathway"] == "inflammatory"


def test_bad_input_exits_2(tmp_path, knowledge):
    bad = tmp_path / "bad.json"
    bad.write_text('{"id": "x", "age": 500}')
    result = runner.invoke(app, ["eligibility", str(bad)])
    assert result.exit_code == 2 and "age" in result.output


def test_cohort(tmp_path, knowledge):
    out = tmp_path / "answers.ndjson"
    result = runner.invoke(app, ["cohort", str(EXAMPLES_DIR), "--out", str(out), "--batch", "4"])
    assert result.exit_code == 0, result.output
    answers = [json.loads(line) for line in out.read_text().splitlines()]
    assert [a["patient"] for a in answers] == [f"P{i:02d}" for i in range(1, 11)]
