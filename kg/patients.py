"""Patient facts: the JSON contract (shared/spec/CONTRACT.md) validated, and turned into RDF.

Two doors, one room: JSON facts are validated with pydantic and then against the catalog (code
systems, therapy codes, finding codes and values, all read from the graph); RDF input (Turtle or
JSON-LD in the SIKG vocabulary) is checked with the SHACL shapes of ``ontology/shapes.ttl``, read
back into the same facts model and validated the same way. Either way the result is a
:class:`PatientGraph`: the patient's triples with codes matched to catalog concepts and a readable
label on every record (the labels are the "facts" answers cite).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictFloat, StrictInt, StrictStr, ValidationError
from rdflib import RDF, RDFS, XSD, BNode, Graph, Literal as RDFLiteral, URIRef

from kg.catalog import Catalog
from kg.iris import PATIENT, SIKG, patient_iri

ONTOLOGY_DIR = Path(__file__).resolve().parent.parent / "ontology"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"
CONTEXT_FILE = ONTOLOGY_DIR / "context.jsonld"
CONTEXT_IRI = "https://w3id.org/sikg/context.jsonld"

ID_PATTERN = r"^[A-Za-z0-9._-]{1,64}$"
MAX_ITEMS = 200

OUTCOMES = ("ongoing", "response", "failure", "primary-nonresponse", "secondary-nonresponse", "intolerance", "nonunion")
OUTCOME_IRI = {
    "ongoing": SIKG.ongoing, "response": SIKG.response, "failure": SIKG.failure,
    "primary-nonresponse": SIKG.primaryNonresponse, "secondary-nonresponse": SIKG.secondaryNonresponse,
    "intolerance": SIKG.intolerance, "nonunion": SIKG.nonunion,
}
DOSE_IRI = {"full": SIKG.fullDose, "submaximal": SIKG.submaximalDose}
STATUS_IRI = {"active": SIKG.active, "history": SIKG.history}
SEX_IRI = {"female": SIKG.female, "male": SIKG.male, "other": SIKG.otherSex, "unknown": SIKG.unknownSex}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Coded(_Strict):
    system: Annotated[StrictStr, Field(min_length=1, max_length=32)]
    code: Annotated[StrictStr, Field(min_length=1, max_length=64)]


class ConditionFact(Coded):
    status: Literal["active", "history"] | None = None


class FindingFact(_Strict):
    code: Annotated[StrictStr, Field(min_length=1, max_length=64)]
    value: StrictBool | StrictInt | StrictFloat | Annotated[StrictStr, Field(max_length=64)]


class TreatmentFact(_Strict):
    therapy: Coded
    dose: Literal["full", "submaximal"] | None = None
    durationDays: Annotated[StrictInt, Field(ge=0, le=36525)] | None = None
    outcome: Literal[OUTCOMES]  # type: ignore[valid-type]


class PatientFacts(_Strict):
    """The request body of CONTRACT.md; field names are fixed by the contract."""

    id: Annotated[StrictStr, Field(pattern=ID_PATTERN)]
    age: Annotated[StrictInt, Field(ge=0, le=120)] | None = None
    sex: Literal["female", "male", "other", "unknown"] | None = None
    diagnoses: Annotated[list[ConditionFact], Field(max_length=MAX_ITEMS)] | None = None
    conditions: Annotated[list[ConditionFact], Field(max_length=MAX_ITEMS)] | None = None
    findings: Annotated[list[FindingFact], Field(max_length=MAX_ITEMS)] | None = None
    treatments: Annotated[list[TreatmentFact], Field(max_length=MAX_ITEMS)] | None = None


@dataclass
class Problem:
    """One thing wrong with the input: where (JSON path or record IRI) and what."""

    path: str
    msg: str
    type: str = "value_error"

    def as_json(self) -> dict:
        return {"path": self.path, "msg": self.msg, "type": self.type}


class InvalidFacts(ValueError):
    """The facts were rejected; ``problems`` lists every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(f"{p.path}: {p.msg}" for p in problems))


@dataclass
class PatientGraph:
    """A validated patient as RDF, ready for the engine and the store."""

    id: str
    iri: URIRef
    graph: Graph
    not_recognised: list[dict] = field(default_factory=list)


def json_path(loc: tuple) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "$"


def parse_facts(data: Any) -> PatientFacts:
    """Validate the JSON shape (types, ranges, unknown fields); ``InvalidFacts`` lists every problem."""
    if not isinstance(data, dict):
        raise InvalidFacts([Problem("$", "the patient facts must be a JSON object", "type_error")])
    try:
        return PatientFacts.model_validate(data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors(include_url=False):
            loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith(("constrained-", "function-"))))
            # pydantic reports each union member; keep the path and say what is wanted
            loc = tuple(p for p in loc if p not in ("bool", "int", "float", "str", "constrained-str", "list[...]", "none"))
            problems.append(Problem(json_path(loc), err["msg"], err["type"]))
        unique = {(p.path, p.msg): p for p in problems}
        raise InvalidFacts(list(unique.values())) from None


def check_against_catalog(facts: PatientFacts, catalog: Catalog, where: dict[str, str] | None = None) -> list[Problem]:
    """Catalog-level checks: known code systems, therapy codes, finding codes, values, repeats.

    ``where`` maps a JSON path prefix to a record IRI (RDF input) so problems name the record.
    """
    problems: list[Problem] = []

    def at(path: str) -> str:
        if where:
            for prefix, iri in where.items():
                if path == prefix or path.startswith(prefix + "."):
                    return iri + path[len(prefix):]
        return path

    for group in ("diagnoses", "conditions"):
        for i, c in enumerate(getattr(facts, group) or []):
            if c.system.strip().lower() not in catalog.systems:
                problems.append(Problem(at(f"{group}[{i}].system"), f"unknown code system {c.system!r}; use one of {sorted(catalog.systems)}", "unknown_system"))
    seen: dict[str, int] = {}
    for i, f in enumerate(facts.findings or []):
        path = f"findings[{i}]"
        ftype = catalog.findings.get(f.code)
        if ftype is None:
            problems.append(Problem(at(path + ".code"), f"unknown finding code {f.code!r}; see CODES.md (findings)", "unknown_finding"))
            continue
        if f.code in seen:
            problems.append(Problem(at(path + ".code"), f"finding {f.code!r} is given twice (also at findings[{seen[f.code]}])", "repeated_finding"))
        seen.setdefault(f.code, i)
        msg = _check_value(ftype, f.value)
        if msg:
            problems.append(Problem(at(path + ".value"), msg, "finding_value"))
    for i, t in enumerate(facts.treatments or []):
        path = f"treatments[{i}].therapy"
        system = t.therapy.system.strip().lower()
        if system not in catalog.systems:
            problems.append(Problem(at(path + ".system"), f"unknown code system {t.therapy.system!r}; use one of {sorted(catalog.systems)}", "unknown_system"))
        elif catalog.resolve_therapy(system, t.therapy.code) is None:
            problems.append(Problem(at(path + ".code"), f"{t.therapy.system} {t.therapy.code!r} names no catalog therapy (see CODES.md; brand and biosimilar product codes are not accepted)", "unknown_therapy"))
    return problems


def _check_value(ftype, value: Any) -> str | None:
    kind = ftype.kind
    if kind == "boolean":
        return None if isinstance(value, bool) else f"{ftype.code} takes true or false"
    if kind == "code":
        if isinstance(value, str) and value in ftype.allowed:
            return None
        return f"{ftype.code} takes one of {sorted(ftype.allowed)}"
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return f"{ftype.code} takes a number"
    if kind == "integer" and not (isinstance(value, int) or float(value).is_integer()):
        return f"{ftype.code} takes a whole number"
    low, high = ftype.min, ftype.max
    if (low is not None and Decimal(str(value)) < low) or (high is not None and Decimal(str(value)) > high):
        return f"{ftype.code} must be between {low} and {high}"
    return None


def _value_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def condition_label(role: str, system: str, code: str, status: str) -> str:
    return f"{role} {system} {code}" + (" (history)" if status == "history" else "")


def finding_label(code: str, value: Any) -> str:
    return f"finding {code}={_value_text(value)}"


def treatment_label(therapy_id: str, t: TreatmentFact | dict) -> str:
    get = t.get if isinstance(t, dict) else lambda k: getattr(t, k)
    parts = [get("outcome")]
    if get("dose") == "submaximal":
        parts.append("submaximal dose")
    if get("durationDays") is not None:
        parts.append(f"{get('durationDays')} days")
    return f"treatment {therapy_id}: " + ", ".join(parts)


def facts_to_graph(facts: PatientFacts, catalog: Catalog) -> PatientGraph:
    """Validated facts -> the patient's RDF, codes matched to concepts; ``InvalidFacts`` on catalog problems."""
    problems = check_against_catalog(facts, catalog)
    if problems:
        raise InvalidFacts(problems)
    g = Graph()
    p = patient_iri(facts.id)
    g.add((p, RDF.type, SIKG.Patient))
    g.add((p, SIKG.patientId, RDFLiteral(facts.id)))
    if facts.age is not None:
        g.add((p, SIKG.ageYears, RDFLiteral(facts.age, datatype=XSD.integer)))
    if facts.sex is not None:
        g.add((p, SIKG.sex, SEX_IRI[facts.sex]))
    not_recognised: list[dict] = []
    by_id = {t.iri: t for t in catalog.therapies}
    for group, cls, role in (("diagnoses", SIKG.DiagnosisRecord, "diagnosis"), ("conditions", SIKG.ConditionRecord, "condition")):
        for i, c in enumerate(getattr(facts, group) or []):
            r = PATIENT[f"{facts.id}/{role}/{i}"]
            status = c.status or "active"
            system = c.system.strip().lower()
            g.add((p, SIKG.hasCondition, r))
            g.add((r, RDF.type, cls))
            g.add((r, SIKG.recordedSystem, RDFLiteral(system)))
            g.add((r, SIKG.recordedCode, RDFLiteral(c.code.strip())))
            g.add((r, SIKG.conditionStatus, STATUS_IRI[status]))
            g.add((r, SIKG.sourcePath, RDFLiteral(f"{group}[{i}]")))
            g.add((r, RDFS.label, RDFLiteral(condition_label(role, system, c.code.strip(), status))))
            concepts = catalog.match_condition(system, c.code)
            for concept in concepts:
                g.add((r, SIKG.ofCondition, concept))
            if not concepts:
                not_recognised.append({"system": c.system, "code": c.code})
    for i, f in enumerate(facts.findings or []):
        r = PATIENT[f"{facts.id}/finding/{i}"]
        ftype = catalog.findings[f.code]
        g.add((p, SIKG.hasFinding, r))
        g.add((r, RDF.type, SIKG.FindingRecord))
        g.add((r, SIKG.ofFinding, ftype.iri))
        g.add((r, SIKG.sourcePath, RDFLiteral(f"findings[{i}]")))
        g.add((r, RDFS.label, RDFLiteral(finding_label(f.code, f.value))))
        g.add(_value_triple(r, ftype.kind, f.value))
    for i, t in enumerate(facts.treatments or []):
        r = PATIENT[f"{facts.id}/treatment/{i}"]
        therapy = catalog.resolve_therapy(t.therapy.system, t.therapy.code)
        g.add((p, SIKG.hasTreatment, r))
        g.add((r, RDF.type, SIKG.TreatmentEpisode))
        g.add((r, SIKG.recordedSystem, RDFLiteral(t.therapy.system.strip().lower())))
        g.add((r, SIKG.recordedCode, RDFLiteral(t.therapy.code.strip())))
        g.add((r, SIKG.ofTherapy, therapy))
        g.add((r, SIKG.dose, DOSE_IRI[t.dose or "full"]))
        if t.durationDays is not None:
            g.add((r, SIKG.durationDays, RDFLiteral(t.durationDays, datatype=XSD.integer)))
        g.add((r, SIKG.outcome, OUTCOME_IRI[t.outcome]))
        g.add((r, SIKG.sourcePath, RDFLiteral(f"treatments[{i}]")))
        g.add((r, RDFS.label, RDFLiteral(treatment_label(by_id[therapy].id, t))))
    return PatientGraph(facts.id, p, g, not_recognised)


def _value_triple(record: URIRef, kind: str, value: Any) -> tuple:
    if kind == "boolean":
        return (record, SIKG.booleanValue, RDFLiteral(bool(value)))
    if kind == "code":
        return (record, SIKG.codedValue, RDFLiteral(str(value)))
    return (record, SIKG.numericValue, RDFLiteral(Decimal(str(value)), datatype=XSD.decimal))


def from_json(data: Any, catalog: Catalog) -> PatientGraph:
    """JSON facts (already decoded) -> PatientGraph, or ``InvalidFacts``."""
    return facts_to_graph(parse_facts(data), catalog)


# ---------------------------------------------------------------- RDF input

RDF_FORMATS = {
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/ld+json": "json-ld",
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
}


def _load_context() -> dict:
    return json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))["@context"]


def _inline_context(doc: Any, context: dict) -> Any:
    """Replace references to the published SIKG context with its content (no network fetches)."""
    if isinstance(doc, dict):
        out = {}
        for k, v in doc.items():
            if k == "@context":
                if v == CONTEXT_IRI:
                    v = context
                elif isinstance(v, list):
                    v = [context if x == CONTEXT_IRI else x for x in v]
                if _has_remote(v):
                    raise InvalidFacts([Problem("@context", f"remote JSON-LD contexts are not fetched; use {CONTEXT_IRI} or an inline context", "remote_context")])
            out[k] = _inline_context(v, context)
        return out
    if isinstance(doc, list):
        return [_inline_context(x, context) for x in doc]
    return doc


def _has_remote(ctx: Any) -> bool:
    if isinstance(ctx, str):
        return True
    if isinstance(ctx, list):
        return any(_has_remote(c) for c in ctx)
    return False


def parse_rdf(data: bytes | str, media_type: str) -> Graph:
    fmt = RDF_FORMATS.get(media_type.split(";")[0].strip().lower())
    if fmt is None:
        raise InvalidFacts([Problem("$", f"unsupported media type {media_type!r}; use one of {sorted(RDF_FORMATS)}", "media_type")])
    g = Graph()
    try:
        if fmt == "json-ld":
            doc = json.loads(data)
            g.parse(data=json.dumps(_inline_context(doc, _load_context())), format="json-ld")
        else:
            g.parse(data=data, format=fmt)
    except InvalidFacts:
        raise
    except Exception as exc:  # rdflib raises many parser-specific types; the message is what helps
        raise InvalidFacts([Problem("$", f"could not parse {fmt}: {str(exc)[:300]}", "parse_error")]) from None
    return g


def validate_shapes(graph: Graph) -> list[Problem]:
    """SHACL validation of a patient graph with ``ontology/shapes.ttl``."""
    import pyshacl  # imported lazily: slow to import, needed only for RDF input

    shapes = Graph().parse(SHAPES_FILE, format="turtle")
    conforms, results, _ = pyshacl.validate(graph, shacl_graph=shapes, inference="none", allow_warnings=True)
    if conforms:
        return []
    SH = "http://www.w3.org/ns/shacl#"
    problems = []
    for result in results.subjects(RDF.type, URIRef(SH + "ValidationResult")):
        focus = results.value(result, URIRef(SH + "focusNode"))
        path = results.value(result, URIRef(SH + "resultPath"))
        msg = results.value(result, URIRef(SH + "resultMessage"))
        where = str(focus) + (f" {graph.namespace_manager.normalizeUri(path)}" if isinstance(path, URIRef) else "")
        problems.append(Problem(where, str(msg), "shacl"))
    return sorted(problems, key=lambda p: (p.path, p.msg))


def from_rdf(data: bytes | str, media_type: str, catalog: Catalog) -> PatientGraph:
    """Turtle / JSON-LD / N-Triples / RDF/XML in the SIKG vocabulary -> PatientGraph, or ``InvalidFacts``.

    The graph is checked with SHACL, read back into the facts model for the same catalog checks as
    JSON, and completed: codes matched to concepts, defaults (active, full dose) and labels added.
    """
    g = parse_rdf(data, media_type)
    patients = list(g.subjects(RDF.type, SIKG.Patient))
    if len(patients) != 1:
        raise InvalidFacts([Problem("$", f"expected exactly one sikg:Patient, found {len(patients)}", "patient_count")])
    problems = validate_shapes(g)
    if problems:
        raise InvalidFacts(problems)
    p = patients[0]
    if isinstance(p, BNode):
        raise InvalidFacts([Problem("$", "the sikg:Patient needs an IRI, not a blank node", "patient_iri")])
    facts_dict, where, records = graph_facts(g, p, catalog)
    try:
        facts = PatientFacts.model_validate(facts_dict)
    except ValidationError as exc:
        raise InvalidFacts([Problem(json_path(tuple(e["loc"])), e["msg"], e["type"]) for e in exc.errors(include_url=False)]) from None
    problems = check_against_catalog(facts, catalog, where)
    if problems:
        raise InvalidFacts(problems)
    not_recognised = _complete(g, p, facts, records, catalog)
    return PatientGraph(facts.id, p, g, not_recognised)


_SEX_NAME = {v: k for k, v in SEX_IRI.items()}
_STATUS_NAME = {v: k for k, v in STATUS_IRI.items()}
_DOSE_NAME = {v: k for k, v in DOSE_IRI.items()}
_OUTCOME_NAME = {v: k for k, v in OUTCOME_IRI.items()}


def _record_order(g: Graph):
    """Records in source order (``treatments[10]`` after ``treatments[9]``), else by IRI."""
    def key(r):
        path = str(g.value(r, SIKG.sourcePath) or "")
        index = path.rpartition("[")[2].rstrip("]")
        return (int(index) if index.isdigit() else -1, str(r))
    return key


def graph_facts(g: Graph, p: URIRef, catalog: Catalog) -> tuple[dict, dict[str, str], dict[str, list[URIRef]]]:
    """A patient graph read back into the contract's shape.

    Returns the facts, a map from JSON path prefix to record IRI (so problems can name records),
    and the records of each list. Codes are the recorded ones where present, else the sikg id of
    the matched therapy.
    """
    facts: dict[str, Any] = {"id": str(g.value(p, SIKG.patientId))}
    if (age := g.value(p, SIKG.ageYears)) is not None:
        facts["age"] = age.toPython()
    if (sex := g.value(p, SIKG.sex)) is not None:
        facts["sex"] = _SEX_NAME.get(sex, str(sex))
    where: dict[str, str] = {}
    records: dict[str, list[URIRef]] = {"diagnoses": [], "conditions": [], "findings": [], "treatments": []}
    order = _record_order(g)

    def add(group: str, record: URIRef, item: dict) -> None:
        where[f"{group}[{len(records[group])}]"] = str(record)
        records[group].append(record)
        facts.setdefault(group, []).append(item)

    for r in sorted(g.objects(p, SIKG.hasCondition), key=order):
        group = "diagnoses" if (r, RDF.type, SIKG.DiagnosisRecord) in g else "conditions"
        item: dict[str, Any] = {"system": str(g.value(r, SIKG.recordedSystem) or ""), "code": str(g.value(r, SIKG.recordedCode) or "")}
        if (st := g.value(r, SIKG.conditionStatus)) is not None:
            item["status"] = _STATUS_NAME.get(st, str(st))
        add(group, r, item)
    by_iri = {f.iri: f for f in catalog.findings.values()}
    for r in sorted(g.objects(p, SIKG.hasFinding), key=order):
        ftype = by_iri.get(g.value(r, SIKG.ofFinding))
        value = next((v.toPython() for v in (g.value(r, SIKG.booleanValue), g.value(r, SIKG.numericValue), g.value(r, SIKG.codedValue)) if v is not None), None)
        if isinstance(value, Decimal):
            value = int(value) if value == value.to_integral_value() else float(value)
        add("findings", r, {"code": ftype.code if ftype else str(g.value(r, SIKG.ofFinding)), "value": value})
    therapy_ids = {t.iri: t.id for t in catalog.therapies}
    for r in sorted(g.objects(p, SIKG.hasTreatment), key=order):
        system, code, therapy = g.value(r, SIKG.recordedSystem), g.value(r, SIKG.recordedCode), g.value(r, SIKG.ofTherapy)
        if system is None and therapy is not None:
            coded = {"system": "sikg", "code": therapy_ids.get(therapy, str(therapy))}
        else:
            coded = {"system": str(system or ""), "code": str(code or "")}
        item = {"therapy": coded, "outcome": _OUTCOME_NAME.get(g.value(r, SIKG.outcome), str(g.value(r, SIKG.outcome)))}
        if (dose := g.value(r, SIKG.dose)) is not None:
            item["dose"] = _DOSE_NAME.get(dose, str(dose))
        if (days := g.value(r, SIKG.durationDays)) is not None:
            item["durationDays"] = days.toPython()
        add("treatments", r, item)
    return facts, where, records


def _complete(g: Graph, p: URIRef, facts: PatientFacts, records: dict, catalog: Catalog) -> list[dict]:
    """Add what JSON conversion adds: matched concepts, defaults, labels. Returns codes not recognised."""
    not_recognised = []
    by_iri = {t.iri: t for t in catalog.therapies}
    for group, role in (("diagnoses", "diagnosis"), ("conditions", "condition")):
        for r, c in zip(records[group], getattr(facts, group) or []):
            status = c.status or "active"
            if g.value(r, SIKG.conditionStatus) is None:
                g.add((r, SIKG.conditionStatus, STATUS_IRI[status]))
            if g.value(r, SIKG.ofCondition) is None:
                for concept in catalog.match_condition(c.system, c.code):
                    g.add((r, SIKG.ofCondition, concept))
            if g.value(r, SIKG.ofCondition) is None:
                not_recognised.append({"system": c.system, "code": c.code})
            if g.value(r, RDFS.label) is None:
                g.add((r, RDFS.label, RDFLiteral(condition_label(role, c.system.strip().lower(), c.code.strip(), status))))
    for r, f in zip(records["findings"], facts.findings or []):
        if g.value(r, RDFS.label) is None:
            g.add((r, RDFS.label, RDFLiteral(finding_label(f.code, f.value))))
    for r, t in zip(records["treatments"], facts.treatments or []):
        therapy = catalog.resolve_therapy(t.therapy.system, t.therapy.code)
        if g.value(r, SIKG.ofTherapy) is None:
            g.add((r, SIKG.ofTherapy, therapy))
        if g.value(r, SIKG.dose) is None:
            g.add((r, SIKG.dose, DOSE_IRI[t.dose or "full"]))
        if g.value(r, RDFS.label) is None:
            g.add((r, RDFS.label, RDFLiteral(treatment_label(by_iri[therapy].id, t))))
    return not_recognised
