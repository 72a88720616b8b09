"""Reports as CSV and GeoJSON, for analysing where and when incidents happen.

Without personal data by default: everything a person typed or gave about themselves
— the description, the free-text place ("where", in which people write names, NIKs
and phone numbers), the reporter's name, phone and NIK — is left out unless an
operator asks for it with a reason (`POST /export/personal`, recorded).

Every text cell is made safe to open: characters that could hide, reorder or control
text are replaced, and a cell a spreadsheet would run as a formula is prefixed with
an apostrophe.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import Any

from command_center.model import ReportRow, rfc3339_epoch
from command_center.rows import details
from wire.text import text_problem

PUBLIC_FIELDS = ("id", "ticket", "received_at", "created_at", "kiosk_id", "station", "lat",
                 "lon", "category", "priority", "language", "status", "validity",
                 "incident_at_kiosk", "incident_when", "kiosk_flags", "centre_flags",
                 "lost_items")
PERSONAL_FIELDS = ("incident_where", "description", "reporter_name", "reporter_phone",
                   "reporter_nik")
# A spreadsheet runs a cell starting with one of these as a formula (or, for the
# blanks and line breaks, a formula hidden after them); the full-width forms are
# read as their ASCII twins by some spreadsheets.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", " ", "＝", "＋", "－", "＠")
REPLACEMENT = "\ufffd"


def record(row: ReportRow, include_personal: bool) -> dict[str, Any]:
    d = details(row.body)
    out: dict[str, Any] = {
        "id": row.id, "ticket": row.ticket, "received_at": rfc3339_epoch(row.received_at),
        "created_at": row.created_at, "kiosk_id": row.kiosk_id, "station": row.station,
        "lat": row.lat, "lon": row.lon, "category": row.category, "priority": row.priority,
        "language": row.language, "status": row.status.value, "validity": row.validity.value,
        "incident_at_kiosk": d.where == "at_kiosk", "incident_when": d.when,
        "kiosk_flags": " ".join(d.kiosk_flags), "centre_flags": " ".join(row.flags),
        "lost_items": " ".join(d.lost_items),
    }
    if include_personal:
        out.update(incident_where=d.where, description=d.description, reporter_name=d.name,
                   reporter_phone=d.phone, reporter_nik=d.nik)
    return out


def to_csv(rows: Iterable[ReportRow], include_personal: bool) -> str:
    fields = PUBLIC_FIELDS + (PERSONAL_FIELDS if include_personal else ())
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: csv_cell(v) for k, v in record(row, include_personal).items()})
    return buffer.getvalue()


def to_geojson(rows: Iterable[ReportRow], include_personal: bool) -> str:
    features = []
    for row in rows:
        props = {k: safe_text(v) for k, v in record(row, include_personal).items()}
        geometry = ({"type": "Point", "coordinates": [row.lon, row.lat]}
                    if row.lat is not None and row.lon is not None else None)
        features.append({"type": "Feature", "id": safe_text(row.id), "geometry": geometry,
                         "properties": props})
    return json.dumps({"type": "FeatureCollection", "features": features},
                      ensure_ascii=False)


def safe_text(value: Any) -> Any:
    """`value` with characters that could hide or control text replaced (a stored
    ESC would reach a terminal; a bidi override would reorder the cell)."""
    if not isinstance(value, str) or text_problem(value, multiline=True) is None:
        return value
    return "".join(ch if text_problem(ch, multiline=True) is None else REPLACEMENT
                   for ch in value)


def csv_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + safe_text(value)
    return safe_text(value)
