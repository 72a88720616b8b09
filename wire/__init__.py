"""The wire contract between a kiosk and the command centre.

Everything both sides must agree on, and nothing else: the report and event records
with their JSON Schemas and validation gate (`report.py`, `schemas/`), the category and
lost-item codes (`categories.py`), NIK and phone checks (`identity.py`), ticket codes
(`ticket.py`), the operator-status vocabulary, the heartbeat body, and the structured
log format with its masking of personal fields (`logs.py`). It imports nothing else of
ours; `command_center` imports nothing else of the kiosk's.
"""

__version__ = "0.1.0"
