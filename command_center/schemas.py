"""The JSON Schemas the API accepts, for validation and for the OpenAPI document.

Reports, events and heartbeats use the wire contract's schema files (`wire/schemas/`),
so the published API and the kiosk's gate cannot drift apart.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import jsonschema

from wire.report import schema_text
from wire.text import text_problem

# A heartbeat's strings end up on the fleet board: long ones are cut, characters that
# could hide or reorder text are replaced. Heartbeats are not queued on the kiosk, so
# refusing one for its text would blank the kiosk's health; cleaning keeps it.
MAX_HEARTBEAT_TEXT = 300
REPLACEMENT = "\ufffd"


@cache
def _heartbeat_validator() -> jsonschema.protocols.Validator:
    schema = json.loads(schema_text("heartbeat.schema.json"))
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema)


def heartbeat_problem(data: Any) -> str | None:
    """Why `data` is not a heartbeat, or None when it is one."""
    error = jsonschema.exceptions.best_match(_heartbeat_validator().iter_errors(data))
    if error is None:
        return None
    path = ".".join(str(p) for p in error.absolute_path)
    message = error.message if len(error.message) <= 200 else error.message[:200] + "…"
    return f"{path}: {message}" if path else message


def clean_heartbeat(value: Any) -> Any:
    """`value` (a heartbeat that passed the schema) with every string, key included,
    safe to keep and show: control, bidi-override and surrogate characters replaced,
    at most MAX_HEARTBEAT_TEXT characters."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {clean_text(str(k)): clean_heartbeat(v) for k, v in value.items()}
    if isinstance(value, list):
        return [clean_heartbeat(v) for v in value]
    return value


def clean_text(text: str, limit: int = MAX_HEARTBEAT_TEXT) -> str:
    if len(text) > limit:
        text = text[:limit - 1] + "…"
    if text_problem(text) is None:
        return text
    return "".join(ch if text_problem(ch) is None else REPLACEMENT for ch in text)


def openapi_components() -> dict[str, Any]:
    """`components.schemas` entries: Report, SealedReport, Event, Heartbeat and the
    shared KioskInfo."""
    report = _component(json.loads(schema_text("report.schema.json")))
    kiosk = report.pop("$defs")["kiosk"]
    event = _component(json.loads(schema_text("event.schema.json")))
    event["properties"]["kiosk"] = {"$ref": "#/components/schemas/KioskInfo"}
    heartbeat = _component(json.loads(schema_text("heartbeat.schema.json")))
    sealed = _component(json.loads(schema_text("sealed-report.schema.json")))
    sealed["properties"]["kiosk"] = {"$ref": "#/components/schemas/KioskInfo"}
    return {"Report": _rewrite_refs(report), "SealedReport": sealed, "Event": event,
            "Heartbeat": heartbeat, "KioskInfo": kiosk}


def _component(schema: dict[str, Any]) -> dict[str, Any]:
    # $schema/$id name the file; inside an OpenAPI 3.1 document they would only confuse
    # tools resolving references.
    return {k: v for k, v in schema.items() if k not in ("$schema", "$id")}


def _rewrite_refs(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: ("#/components/schemas/KioskInfo" if k == "$ref" and v == "#/$defs/kiosk"
                    else _rewrite_refs(v)) for k, v in node.items()}
    if isinstance(node, list):
        return [_rewrite_refs(v) for v in node]
    return node
