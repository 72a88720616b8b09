"""Reports as CSV and GeoJSON, for analysing where and when incidents happen.

Without personal data by default: the reporter block and the free-text description
(which often names people) are left out unless an operator explicitly asks for them.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import Any

from command_center.model import ReportRow, rfc3339_epoch

PUBLIC_FIELDS = ("id", "ticket", "created_at", "received_at", "kiosk_id", "station", "lat",
                 "lon", "category", "priority", "language", "status", "validity",
                 "incident_where", "incident_when", "flags", "lost_items")
PERSONAL_FIELDS = ("description", "reporter_name", "reporter_phone", "reporter_nik")
# A spreadsheet runs a cell that starts with one of these as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def record(row: ReportRow, include_personal: bool) -> dict[str, Any]:
    body = row.body
    incident = body.get("incident", {})
    out: dict[str, Any] = {
        "id": row.id, "ticket": row.ticket, "created_at": row.created_at,
        "received_at": rfc3339_epoch(row.received_at), "kiosk_id": row.kiosk_id,
        "station": row.station, "lat": row.lat, "lon": row.lon, "category": row.category,
        "priority": row.priority, "language": row.language, "status": row.status.value,
        "validity": row.validity.value, "incident_where": incident.get("where", ""),
        "incident_when": incident.get("when", ""),
        "flags": " ".join(body.get("flags", [])),
        "lost_items": " ".join(body.get("lost_items", [])),
    }
    if include_personal:
        reporter = body.get("reporter", {})
        out.update(description=body.get("description", ""),
                   reporter_name=reporter.get("name") or "",
                   reporter_phone=reporter.get("phone") or "",
                   reporter_nik=reporter.get("nik") or "")
    return out


def to_csv(rows: Iterable[ReportRow], include_personal: bool) -> str:
    fields = PUBLIC_FIELDS + (PERSONAL_FIELDS if include_personal else ())
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _cell(v) for k, v in record(row, include_personal).items()})
    return buffer.getvalue()


def to_geojson(rows: Iterable[ReportRow], include_personal: bool) -> str:
    features = []
    for row in rows:
        props = record(row, include_personal)
        features.append({"type": "Feature", "id": row.id,
                         "geometry": {"type": "Point", "coordinates": [row.lon, row.lat]},
                         "properties": props})
    return json.dumps({"type": "FeatureCollection", "features": features},
                      ensure_ascii=False)


def _cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value
