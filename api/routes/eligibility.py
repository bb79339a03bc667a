"""``POST /eligibility``: patient facts in, the status of every therapy out; nothing is stored."""

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool

from api.bodies import FACTS_BODY, read_patient
from api.deps import EngineDep, SettingsDep

router = APIRouter(tags=["eligibility"])


@router.post("/eligibility", summary="Evaluate patient facts (JSON, Turtle or JSON-LD)", openapi_extra=FACTS_BODY)
async def evaluate(request: Request, engine: EngineDep, settings: SettingsDep) -> dict:
    patient = await read_patient(request, engine.catalog, settings.max_body_bytes)
    return await run_in_threadpool(engine.evaluate, patient)  # CPU work off the event loop
