"""What a person who lost something (or had it stolen) should do next, tailored to
the items they ticked: the one list the done screen shows and the receipt prints.

Texts are plain ASCII (every printer code page has it) except for no-break spaces
(U+00A0) that keep an operator or a bank with its number on one line.

Order is urgency: the SIM first (whoever holds the number receives the bank's OTP
codes), then cards and accounts, then the paper the police give, then what needs that
paper (a new KTP). Numbers are the operators' and banks' published short numbers; they
are data here, in one place, so they can be checked and updated without touching a
screen or the printer layout.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from wire import categories


@dataclass(frozen=True)
class Step:
    key: str
    text_id: str
    text_en: str

    def text(self, language: str) -> str:
        return self.text_id if language == "id" else self.text_en


SIM = Step(
    "sim",
    "Blokir kartu SIM (agar OTP tidak diterima orang lain): Telkomsel\u00a0188, "
    "IM3\u00a0185, Tri\u00a0123, XL\u00a0817, Smartfren\u00a0888 (dari ponsel operator yang "
    "sama), atau ke gerai operator dengan KTP.",
    "Block your SIM card (so nobody gets your OTP codes): Telkomsel\u00a0188, "
    "IM3\u00a0185, Tri\u00a0123, XL\u00a0817, Smartfren\u00a0888 (from a phone on the same "
    "network), or visit the operator's shop with ID.",
)
BANK_CARDS = Step(
    "bank_cards",
    "Blokir kartu ATM/kredit: BCA\u00a01500888, Mandiri\u00a014000, BRI\u00a014017, "
    "BNI\u00a01500046, atau call center bank Anda.",
    "Block ATM and credit cards: BCA\u00a01500888, Mandiri\u00a014000, BRI\u00a014017, "
    "BNI\u00a01500046, or your bank's call centre.",
)
ACCOUNTS = Step(
    "accounts",
    "Blokir m-banking dan dompet digital (GoPay, OVO, DANA). Jangan beri OTP atau PIN "
    "kepada siapa pun.",
    "Block mobile banking and e-wallets (GoPay, OVO, DANA). Never give anyone an OTP "
    "or a PIN.",
)
PHONE_LOCK = Step(
    "phone_lock",
    "Kunci ponsel dari jauh (android.com/find, icloud.com/find) dan ganti kata sandi "
    "e-mail.",
    "Lock the phone remotely (android.com/find, icloud.com/find) and change your e-mail "
    "password.",
)
LOSS_CERTIFICATE = Step(
    "loss_certificate",
    "Minta Surat Keterangan Tanda Lapor Kehilangan (SKTLK) di Polsek/Polres. Bawa bukti "
    "ini.",
    "Get a police loss certificate (Surat Keterangan Tanda Lapor Kehilangan, SKTLK) at "
    "a Polsek/Polres. Bring this receipt.",
)
POLICE_REPORT = Step(
    "police_report",
    "Buat laporan polisi di SPKT Polsek/Polres untuk mendapat STPL. Bawa bukti ini.",
    "File a police report at the SPKT desk of a Polsek/Polres to get an STPL. Bring "
    "this receipt.",
)
KTP = Step(
    "ktp",
    "KTP pengganti: Dinas Dukcapil kota/kabupaten Anda. Bawa surat polisi (SKTLK/STPL) "
    "dan fotokopi Kartu Keluarga.",
    "New KTP: the Dukcapil office of your city or regency. Bring the police letter "
    "(SKTLK/STPL) and a copy of your Kartu Keluarga.",
)
STEPS = (SIM, BANK_CARDS, ACCOUNTS, PHONE_LOCK, LOSS_CERTIFICATE, POLICE_REPORT, KTP)

# Which lost item calls for which step (items not listed need only the police step).
_FOR_ITEM: dict[str, tuple[Step, ...]] = {
    "phone": (SIM, ACCOUNTS, PHONE_LOCK),
    "sim": (SIM,),
    "wallet": (BANK_CARDS,),
    "bank_cards": (BANK_CARDS,),
    "ktp": (KTP,),
}


def steps_for(category: str, lost_items: Iterable[str]) -> tuple[Step, ...]:
    """The steps for a report of `category` listing `lost_items`, most urgent first.

    Nothing for a report that names no item and is not a loss or a theft. A crime
    (theft, or a robbery reported as an emergency) leads to a police report (STPL), a
    loss to the loss certificate (SKTLK)."""
    items = set(lost_items)
    try:
        group = categories.get(category).group
    except KeyError:
        group = categories.Group.LOST_ITEM if items else categories.Group.INFORMATION
    if not items and category not in ("lost_item", "theft"):
        return ()
    wanted = {step for item in items for step in _FOR_ITEM.get(item, ())}
    lost = group in (categories.Group.LOST_ITEM, categories.Group.INFORMATION)
    wanted.add(LOSS_CERTIFICATE if lost else POLICE_REPORT)
    return tuple(step for step in STEPS if step in wanted)
