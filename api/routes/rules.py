"""The guideline content: ``GET /rules``, ``GET /rules/{id}`` and ``GET /citations``."""

from fastapi import APIRouter

from api.deps import EngineDep
from api.errors import ApiError

router = APIRouter(tags=["knowledge"])


def _rule(rule, cat, full: bool) -> dict:
    out = {"rule": rule.id, "label": rule.label, "statement": rule.statement, "iri": str(rule.iri),
           "citations": rule.citations}
    if full:
        out["overrides"] = sorted(cat.rules[o].id for o in rule.overrides)
        out["effects"] = [
            {"iri": str(e.iri), "status": cat.statuses[e.status].name if e.status else ("warning" if e.is_warning else "note"),
             "cap": e.is_cap, "appliesTo": sorted(e.targets.values()), "text": e.reason}
            for e in sorted(cat.effects.values(), key=lambda e: str(e.iri)) if e.rule == rule.iri]
    return out


def _order(rule_id: str) -> int:
    return int(rule_id.lstrip("R")) if rule_id.lstrip("R").isdigit() else 10**6


@router.get("/rules", summary="Every rule (R0-R31) with its statement and citations")
def list_rules(engine: EngineDep) -> list[dict]:
    cat = engine.catalog
    return [_rule(r, cat, False) for r in sorted(cat.rules.values(), key=lambda r: _order(r.id))]


@router.get("/rules/{rule_id}", summary="One rule with its effects, overrides and citations")
def get_rule(rule_id: str, engine: EngineDep) -> dict:
    cat = engine.catalog
    rule = next((r for r in cat.rules.values() if r.id == rule_id), None)
    if rule is None:
        raise ApiError(404, "not_found", f"no rule {rule_id!r}; see GET /rules")
    return _rule(rule, cat, True)


@router.get("/citations", summary="Every cited work with identifiers, verification and the rules citing it")
def list_citations(engine: EngineDep) -> list[dict]:
    works: dict[str, dict] = {}
    for rule in sorted(engine.catalog.rules.values(), key=lambda r: _order(r.id)):
        for c in rule.citations:
            entry = works.setdefault(c["key"], {k: v for k, v in c.items() if k in ("key", "title", "year", "doi", "pmid", "verified")} | {"rules": []})
            if rule.id not in entry["rules"]:
                entry["rules"].append(rule.id)
    return sorted(works.values(), key=lambda w: w["key"])
