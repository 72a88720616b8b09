"""Dependencies point inward (docs/architecture.md): `ui` and `hardware` never import
each other, the receiver and the uploader know only the core, and the core imports the
outer packages only in the modules that wire the app together."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTER = {"ui", "hardware", "offline_queue", "command_center", "kiosk", "simulators", "devtools"}
# package -> the packages of ours it may import (besides itself and `kiosk`)
# (the technicians' Queue page reads and retries outbox items)
ALLOWED = {"ui": {"offline_queue", "core"}, "hardware": {"core"}, "offline_queue": {"core"},
           "command_center": set(), "core": set()}


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found & (OUTER | {"core", "wire"})


def test_dependencies_point_inward() -> None:
    wrong = []
    for package, allowed in ALLOWED.items():
        for path in (ROOT / package).rglob("*.py"):
            bad = _imports(path) - {package, "wire"} - allowed
            if bad:
                wrong.append(f"{path.relative_to(ROOT)} imports {sorted(bad)}")
    for path in (ROOT / "wire").rglob("*.py"):
        bad = _imports(path) - {"wire"}
        if bad:
            wrong.append(f"{path.relative_to(ROOT)} (wire) imports {sorted(bad)}")
    assert not wrong, "\n".join(wrong)
