"""What a person who lost something (or had it stolen) should do next, tailored to
the items they ticked: the one list the done screen shows and the receipt prints.

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
    "Blokir kartu SIM agar nomor Anda (dan kode OTP) tidak dipakai orang lain. "
    "Hubungi operator: Telkomsel 188, Indosat IM3 185, Tri 123, XL 817, Smartfren 888 "
    "(nomor pendek dari ponsel operator yang sama), atau datangi gerainya dengan KTP.",
    "Block your SIM card so nobody can use your number (and its OTP codes). "
    "Call your operator: Telkomsel 188, Indosat IM3 185, Tri 123, XL 817, Smartfren 888 "
    "(short numbers work from a phone on the same network), or visit its service "
    "centre with your KTP.",
)
BANK_CARDS = Step(
    "bank_cards",
    "Blokir kartu ATM, debit dan kredit: telepon call center bank Anda, misalnya "
    "BCA 1500888, Mandiri 14000, BRI 14017, BNI 1500046.",
    "Block your ATM, debit and credit cards: call your bank's call centre, e.g. "
    "BCA 1500888, Mandiri 14000, BRI 14017, BNI 1500046.",
)
ACCOUNTS = Step(
    "accounts",
    "Minta bank dan dompet digital (GoPay, OVO, DANA, dll.) memblokir akun di ponsel "
    "itu. Jangan beri kode OTP atau PIN kepada siapa pun.",
    "Ask your bank and e-wallets (GoPay, OVO, DANA, ...) to block the accounts on that "
    "phone. Never give anyone an OTP code or a PIN.",
)
PHONE_LOCK = Step(
    "phone_lock",
    "Kunci atau hapus ponsel dari jauh: android.com/find (Android) atau "
    "icloud.com/find (iPhone). Ganti kata sandi e-mail dan media sosial.",
    "Lock or erase the phone remotely: android.com/find (Android) or icloud.com/find "
    "(iPhone). Change your e-mail and social media passwords.",
)
LOSS_CERTIFICATE = Step(
    "loss_certificate",
    "Minta Surat Keterangan Tanda Lapor Kehilangan (SKTLK) di Polsek/Polres terdekat. "
    "Bawa bukti ini. SKTLK diperlukan untuk mengganti KTP, kartu SIM dan kartu bank.",
    "Get a police loss certificate (Surat Keterangan Tanda Lapor Kehilangan, SKTLK) at "
    "the nearest police station (Polsek/Polres). Bring this receipt. You need the "
    "SKTLK to replace a KTP, a SIM card or bank cards.",
)
POLICE_REPORT = Step(
    "police_report",
    "Buat laporan polisi di SPKT Polsek/Polres terdekat; Anda akan menerima Surat Tanda "
    "Penerimaan Laporan (STPL). Bawa bukti ini.",
    "File a police report at the SPKT desk of the nearest police station "
    "(Polsek/Polres); you will receive a police report receipt (STPL). Bring this "
    "receipt.",
)
KTP = Step(
    "ktp",
    "KTP: minta KTP-el pengganti di Dinas Dukcapil kota/kabupaten Anda. Bawa surat dari "
    "polisi (SKTLK atau STPL) dan fotokopi Kartu Keluarga.",
    "KTP: get a replacement e-KTP at the Dukcapil office of your city or regency. "
    "Bring the letter from the police (SKTLK or STPL) and a copy of your Kartu "
    "Keluarga (family card).",
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
