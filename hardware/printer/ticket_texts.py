"""The words on the receipt (bukti laporan), in Bahasa Indonesia and English.

Plain ASCII on purpose: every character prints the same on cp437, cp858 and cp1252
(a test checks each string maps to itself). A no-break space (U+00A0) keeps words
together on a line ("Cek laporan" is one label); it prints as a space.

The receipt calls itself a *bukti laporan* with a *nomor laporan* ("tiket" reads as a
travel ticket at a station), says only what has really happened to the report
(`core.ports.Delivery`), and that it is not the police's STPL.
"""

from __future__ import annotations

from core.ports import Delivery

# Keys of the status sentence: (group, delivery) -> text key.
STATUS_KEYS = {
    (group, delivery): f"status_{group}_{delivery.value}"
    for group in ("emergency", "report", "request") for delivery in Delivery
}

TEXTS: dict[str, dict[str, str]] = {
    "id": {
        "service": "Layanan Darurat Polri",
        "title": "BUKTI LAPORAN",
        "test": "** CETAK UJI - BUKAN LAPORAN **",
        "code": "NOMOR LAPORAN",
        "category": "Kategori",
        "time": "Waktu",
        "place": "Lokasi",
        "kiosk": "Anjungan",
        "items": "Barang",
        "status_emergency_stored": "Laporan DARURAT Anda sudah tersimpan di anjungan ini "
                                   "dan sedang dikirim ke petugas 110.",
        "status_emergency_received": "Laporan DARURAT Anda sudah diterima pusat layanan "
                                     "110 dan petugas sudah diberi tahu.",
        "status_report_stored": "Laporan Anda sudah tersimpan di anjungan ini dan sedang "
                                "dikirim ke petugas 110.",
        "status_report_received": "Laporan Anda sudah diterima pusat layanan 110.",
        "status_request_stored": "Permintaan Anda sudah tersimpan di anjungan ini dan "
                                 "sedang dikirim ke petugas 110.",
        "status_request_received": "Permintaan Anda sudah diterima pusat layanan 110.",
        "next": "LANGKAH BERIKUT",
        "emergency": "Bila aman, tetaplah di dekat anjungan ini. Dalam bahaya? "
                     "Telepon 110 sekarang.",
        "contact": "Petugas dapat menghubungi Anda lewat kontak yang Anda berikan.",
        "no_contact": "Ikuti laporan Anda dengan nomor laporan di atas.",
        "scan": "Status laporan: pindai kode QR atau buka alamat di atas.",
        "quote": "Sebutkan nomor laporan saat menanyakan laporan Anda.",
        "check": "Tanpa ponsel? Sentuh \"Cek\u00a0laporan\" di anjungan 110 mana pun.",
        "not_stpl": "Bukti ini bukan Surat Tanda Penerimaan Laporan (STPL); STPL "
                    "diberikan di kantor polisi.",
        "keep": "Simpan bukti ini.",
        "call": "DARURAT? Telepon 110 dari ponsel mana pun, gratis",
    },
    "en": {
        "service": "Polri Emergency Service",
        "title": "REPORT RECEIPT",
        "test": "** TEST PRINT - NOT A REPORT **",
        "code": "REPORT NUMBER",
        "category": "Category",
        "time": "Time",
        "place": "Place",
        "kiosk": "Kiosk",
        "items": "Items",
        "status_emergency_stored": "Your EMERGENCY report is stored at this kiosk and is "
                                   "being sent to the 110 operators.",
        "status_emergency_received": "Your EMERGENCY report has been received by the 110 "
                                     "centre and officers have been notified.",
        "status_report_stored": "Your report is stored at this kiosk and is being sent "
                                "to the 110 operators.",
        "status_report_received": "Your report has been received by the 110 centre.",
        "status_request_stored": "Your request is stored at this kiosk and is being sent "
                                 "to the 110 operators.",
        "status_request_received": "Your request has been received by the 110 centre.",
        "next": "NEXT STEPS",
        "emergency": "If it is safe, stay near this kiosk. In danger? Call 110 now.",
        "contact": "Officers may contact you on the details you gave.",
        "no_contact": "Follow your report with the report number above.",
        "scan": "Report status: scan the QR code or open the address above.",
        "quote": "Quote the report number when you ask about your report.",
        "check": "No phone? Touch \"Cek\u00a0laporan\" (check a report) at any 110 kiosk.",
        "not_stpl": "This receipt is not a police report receipt (Surat Tanda Penerimaan "
                    "Laporan, STPL); STPLs are issued at police stations.",
        "keep": "Keep this receipt.",
        "call": "EMERGENCY? Call 110 from any phone, free of charge",
    },
}


def texts(language: str) -> dict[str, str]:
    return TEXTS["id" if language == "id" else "en"]
