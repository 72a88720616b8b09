"""The kiosk as it ships, on this machine: installed by scripts/install into a temporary
root, run as a throw-away unprivileged user inside real cage (or sway, or Xvfb), looked
at with grim and driven from outside its process. Used by tests/deployed, the cage
benchmark and `make cage-screenshots`; docs/deploy.md says what each part proves.
"""
