"""Stored patients: ``PUT/GET/DELETE /patients/{id}``, ``GET /patients/{id}/eligibility``, ``GET /patients``."""

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response
from fastapi.concurrency import run_in_threadpool

from api.bodies import FACTS_BODY, read_patient
from api.deps import EngineDep, SettingsDep, StoreDep
from api.errors import ApiError
from kg import records
from kg.patients import ID_PATTERN

router = APIRouter(tags=["patients"])
PatientId = Annotated[str, Path(pattern=ID_PATTERN, description="1-64 characters of A-Z a-z 0-9 . _ -")]
RDF_OUT = {"text/turtle": "turtle", "application/ld+json": "json-ld", "application/n-triples": "nt",
           "application/rdf+xml": "xml"}


def _found(store, patient_id, engine):
    patient = records.get(store, patient_id, engine.catalog)
    if patient is None:
        raise ApiError(404, "not_found", f"no patient {patient_id!r}")
    return patient


@router.put("/patients/{patient_id}", summary="Store a patient's facts (JSON, Turtle or JSON-LD)",
            openapi_extra=FACTS_BODY, status_code=200)
async def put_patient(patient_id: PatientId, request: Request, response: Response, store: StoreDep,
                      engine: EngineDep, settings: SettingsDep) -> dict:
    patient = await read_patient(request, engine.catalog, settings.max_body_bytes)
    if patient.id != patient_id:
        raise ApiError(422, "id_mismatch", f"the facts are for patient {patient.id!r}, not {patient_id!r}")
    answer = await run_in_threadpool(engine.evaluate, patient)  # CPU and store work off the event loop
    if await run_in_threadpool(records.put, store, patient, answer, engine.catalog):
        response.status_code = 201
    response.headers["Location"] = f"/patients/{patient_id}"
    return {"patient": patient_id, "stored": True, "knowledgeVersion": answer["knowledgeVersion"],
            "notRecognised": patient.not_recognised}


@router.get("/patients/{patient_id}", summary="A stored patient: JSON facts, or RDF by Accept",
            responses={200: {"content": {m: {} for m in RDF_OUT}}})
def get_patient(patient_id: PatientId, request: Request, store: StoreDep, engine: EngineDep):
    patient = _found(store, patient_id, engine)
    accept = request.headers.get("accept", "application/json")
    for media, fmt in RDF_OUT.items():
        if media in accept:
            return Response(patient.graph.serialize(format=fmt), media_type=media)
    return records.to_facts(patient, engine.catalog)


@router.delete("/patients/{patient_id}", status_code=204, summary="Delete a stored patient and its derived statuses")
def delete_patient(patient_id: PatientId, store: StoreDep) -> Response:
    if not records.delete(store, patient_id):
        raise ApiError(404, "not_found", f"no patient {patient_id!r}")
    return Response(status_code=204)


@router.get("/patients/{patient_id}/eligibility", summary="Evaluate a stored patient")
def patient_eligibility(patient_id: PatientId, store: StoreDep, engine: EngineDep) -> dict:
    return engine.evaluate(_found(store, patient_id, engine))


@router.get("/patients", summary="Stored patient ids, a page at a time (keyset paging)")
def list_patients(store: StoreDep,
                  limit: Annotated[int, Query(ge=1, le=records.PAGE_MAX)] = 100,
                  after: Annotated[str, Query(max_length=64, description="last id of the previous page")] = "") -> dict:
    ids = records.list_ids(store, after, limit + 1)
    page = ids[:limit]
    return {"patients": page, "next": page[-1] if len(ids) > limit else None}
