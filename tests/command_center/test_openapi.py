"""The OpenAPI document kept in the repo is the one the service serves."""

from __future__ import annotations

import json
from pathlib import Path

import requests

from .conftest import Service

DOC = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"


def test_the_served_openapi_document_equals_docs_openapi_json(service: Service) -> None:
    served = requests.get(f"{service.url}/openapi.json", timeout=30).json()
    assert served == json.loads(DOC.read_text(encoding="utf-8")), \
        "regenerate with: python -m command_center openapi > docs/openapi.json"


def test_request_bodies_are_the_kiosks_own_schemas(service: Service) -> None:
    doc = requests.get(f"{service.url}/openapi.json", timeout=30).json()
    schemas = doc["components"]["schemas"]
    assert schemas["Report"]["properties"]["schema"] == {"const": "kiosk110/report@1"}
    assert schemas["Report"]["properties"]["kiosk"] == {
        "$ref": "#/components/schemas/KioskInfo"}
    post = doc["paths"]["/api/v1/reports"]["post"]
    assert set(post["responses"]) >= {"201", "202", "400", "401", "422", "429", "503"}
    assert "403" not in post["responses"]   # a body of another kiosk is 422, for that item
    assert "Retry-After" in post["responses"]["429"]["headers"]
