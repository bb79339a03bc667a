"""Reading patient facts from a request body: JSON by the contract, or RDF by Content-Type."""

from __future__ import annotations

import json

from fastapi import Request

from api.errors import ApiError
from kg.patients import RDF_FORMATS, InvalidFacts, PatientGraph, from_json, from_rdf

FACTS_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/PatientFacts"}},
            "text/turtle": {"schema": {"type": "string"}},
            "application/ld+json": {"schema": {"type": "object"}},
        },
    }
}


async def read_patient(request: Request, catalog, max_bytes: int) -> PatientGraph:
    """Validated patient facts from the body; 413 when too large, 415 for other media, 422 when invalid."""
    body = await request.body()
    if len(body) > max_bytes:
        raise ApiError(413, "too_large", f"the body is larger than {max_bytes} bytes")
    media = request.headers.get("content-type", "application/json").split(";")[0].strip().lower()
    try:
        if media in ("application/json", ""):
            try:
                data = json.loads(body)
            except (json.JSONDecodeError, UnicodeDecodeError) as e:
                raise ApiError(400, "malformed_json", "the body is not valid JSON", str(e)) from None
            return from_json(data, catalog)
        if media in RDF_FORMATS:
            return from_rdf(body, media, catalog)
    except InvalidFacts as e:
        raise ApiError(422, "invalid_facts", "the patient facts are not valid", [p.as_json() for p in e.problems]) from None
    raise ApiError(415, "unsupported_media_type", f"send application/json or one of {sorted(RDF_FORMATS)}")
