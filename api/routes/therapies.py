"""The therapy catalog: ``GET /therapies`` and ``GET /therapies/{id}`` (classes, codes, the rules that
speak for or against it, with their citations), all read from the knowledge graph."""

from fastapi import APIRouter

from api.deps import EngineDep
from api.errors import ApiError

router = APIRouter(tags=["knowledge"])


def _summary(t) -> dict:
    return {"therapy": t.id, "label": t.label, "class": t.class_id, "iri": str(t.iri),
            "codes": [c.as_json() for c in t.codes]}


@router.get("/therapies", summary="Every catalog therapy with its class and codes")
def list_therapies(engine: EngineDep) -> list[dict]:
    return [_summary(t) for t in engine.catalog.therapies]


@router.get("/therapies/{therapy_id}", summary="One therapy: classes, codes, indications, contraindications, recommendations")
def get_therapy(therapy_id: str, engine: EngineDep) -> dict:
    cat = engine.catalog
    therapy = next((t for t in cat.therapies if t.id == therapy_id), None)
    if therapy is None:
        raise ApiError(404, "not_found", f"no therapy {therapy_id!r}; see GET /therapies")
    types = cat.therapy_types.get(therapy.iri, set())
    groups: dict[str, list] = {"indications": [], "cautions": [], "contraindications": [], "against": [], "other": []}
    rules_seen = []
    for effect in sorted(cat.effects.values(), key=lambda e: (cat.rules[e.rule].id, str(e.iri))):
        if not any(t == therapy.iri or t in types for t in effect.targets):
            continue
        status = cat.statuses[effect.status].name if effect.status else "note"
        rule = cat.rules[effect.rule]
        item = {"rule": rule.id, "effect": status, "text": effect.reason, "iri": str(effect.iri)}
        group = {"recommended": "indications", "eligible": "indications", "caution": "cautions",
                 "contraindicated": "contraindications", "not-recommended": "against"}.get(status, "other")
        groups[group].append(item)
        if rule.id not in rules_seen:
            rules_seen.append(rule.id)
    by_id = {r.id: r for r in cat.rules.values()}
    return {**_summary(therapy), "classes": sorted(str(t) for t in types), **groups,
            "recommendations": [{"rule": rid, "label": by_id[rid].label, "citations": by_id[rid].citations}
                                for rid in rules_seen]}
