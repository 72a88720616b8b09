"""What to do next after a theft or a loss, tailored to what was taken.

One rule, used by the done screen (which shows the steps) and the printed ticket
(`core.ports.Ticket.steps`, printed by the ticket layout): the same codes, in the same
order, so the screen and the paper never disagree. The words live with each output
(Qt translations on screen, the ticket's own texts on paper); the codes are stable.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum


class Step(StrEnum):
    """One next step, in the order they are shown and printed (most urgent first)."""

    LOCK_PHONE = "lock_phone"              # lock/erase it from another device; passwords
    BLOCK_SIM = "block_sim"                # the mobile operator blocks the SIM (per operator)
    BLOCK_BANK = "block_bank"              # the bank blocks cards and mobile banking
    REPLACE_KTP = "replace_ktp"            # a new KTP at Dukcapil, with the police letter
    LOSS_CERTIFICATE = "loss_certificate"  # the police loss letter (SKTLK) at a Polsek


# Which items call for which steps. A stolen phone also exposes the SIM and the
# banking apps on it; a wallet usually holds bank cards.
STEPS_FOR_ITEM: dict[str, tuple[Step, ...]] = {
    "phone": (Step.LOCK_PHONE, Step.BLOCK_SIM, Step.BLOCK_BANK),
    "sim": (Step.BLOCK_SIM,),
    "wallet": (Step.BLOCK_BANK,),
    "bank_cards": (Step.BLOCK_BANK,),
    "ktp": (Step.REPLACE_KTP,),
    "other": (),
}


def steps_for(items: Iterable[str]) -> tuple[Step, ...]:
    """The steps for the ticked `items`, each once, in `Step` order. The police loss
    letter is always last: every loss or theft needs it (for the bank, the operator,
    Dukcapil or an insurer), and this kiosk's receipt is not that letter."""
    wanted = {step for item in items for step in STEPS_FOR_ITEM.get(item, ())}
    wanted.add(Step.LOSS_CERTIFICATE)
    return tuple(step for step in Step if step in wanted)
