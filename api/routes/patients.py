"""Router placeholder (owned by the eligibility work)."""

from fastapi import APIRouter

router = APIRouter()
