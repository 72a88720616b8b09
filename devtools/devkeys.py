"""Sealing keys for development configs (screenshots, benchmarks, the deployed tier):
a fresh centre pair and kiosk signing key in a directory (devtools/kiosk_toml.py's
`dev_sealing` points a kiosk config at them). A real install makes them with the CLI
commands (docs/deploy.md, "Keys")."""

from __future__ import annotations

from pathlib import Path

from wire.keys import new_centre_key, new_signing_key, private_pem, public_pem, write_new


def write_dev_keys(directory: Path) -> tuple[Path, Path, Path]:
    """(centre public key, centre private key, kiosk signing key) under `directory`,
    made once."""
    directory.mkdir(parents=True, exist_ok=True)
    centre_pub, centre_key, signing = (directory / "centre.pub", directory / "centre.key",
                                       directory / "signing.key")
    if not centre_pub.exists():
        centre = new_centre_key()
        write_new(centre_key, private_pem(centre.key), 0o600)
        write_new(centre_pub, public_pem(centre.key.public_key()), 0o644)
    if not signing.exists():
        write_new(signing, private_pem(new_signing_key().key), 0o600)
    return centre_pub, centre_key, signing

