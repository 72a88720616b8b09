"""Running `python -m offline_queue` as a real process, as an operator would."""

from __future__ import annotations

import ctypes
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PR_CAPBSET_DROP = 24
# CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER: what lets root ignore file modes.
DAC_CAPS = (1, 2, 3)


def cli(config: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "offline_queue", "--config", str(config), *args]


def run_cli(config: Path, *args: str, stdin: str = "", as_plain_user: bool = False,
            timeout: float = 60.0) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cli(config, *args), input=stdin, capture_output=True, text=True,
                          cwd=REPO, timeout=timeout, env=child_env(), check=False,
                          preexec_fn=drop_dac_capabilities if as_plain_user else None)


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO)
    env.pop("NOTIFY_SOCKET", None)
    return env


def drop_dac_capabilities() -> None:
    """In a child before exec: even as root, obey file modes like any user would.

    Dropping the capabilities from the bounding set means the exec'd program never
    gets them back, so a directory with mode 0555 is really read-only to it.
    """
    if os.geteuid() != 0:
        return
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in DAC_CAPS:
        if libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")
