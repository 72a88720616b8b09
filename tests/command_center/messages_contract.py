"""The text channel's part of the store contract (issue 15): mixed into every engine's
test class next to `StoreContract` (SQLite: test_store_sqlite.py; PostgreSQL: the same
class there). It needs only the `store` fixture."""

from __future__ import annotations

import threading

from command_center.store import Store

KIOSK = "kiosk-c"
OTHER = "kiosk-d"
SESSION = "0b6c1c2e-0a53-4d3f-9d6e-2b1c4d5e6f70"


class MessagesContract:
    def test_replies_are_numbered_per_kiosk_in_the_order_written(self, store: Store) -> None:
        a1 = store.add_kiosk_message(KIOSK, SESSION, "Petugas menuju", "siti", 10.0)
        b1 = store.add_kiosk_message(OTHER, "s-other", "Tunggu", "siti", 11.0)
        a2 = store.add_kiosk_message(KIOSK, SESSION, "Tetap di sana", "budi", 12.0)
        assert (a1.seq, a2.seq, b1.seq) == (1, 2, 1)
        assert a2.operator == "budi" and a2.created_at == 12.0 and not a2.delivered

    def test_a_kiosk_reads_only_its_own_messages_after_its_cursor(self, store: Store) -> None:
        for text in ("satu", "dua", "tiga"):
            store.add_kiosk_message(KIOSK, SESSION, text, "siti", 10.0)
        store.add_kiosk_message(OTHER, "s-other", "bukan untuk Anda", "siti", 10.0)
        assert [m.text for m in store.kiosk_messages(KIOSK, 1)] == ["dua", "tiga"]
        assert [m.text for m in store.kiosk_messages(KIOSK, 0, limit=2)] == ["satu", "dua"]
        assert {m.kiosk_id for m in store.kiosk_messages(KIOSK, 0)} == {KIOSK}
        assert store.kiosk_messages("kiosk-unknown", 0) == []

    def test_an_ack_marks_up_to_its_seq_once_and_only_that_kiosk(self, store: Store) -> None:
        for text in ("satu", "dua", "tiga"):
            store.add_kiosk_message(KIOSK, SESSION, text, "siti", 10.0)
        store.add_kiosk_message(OTHER, "s-other", "lain", "siti", 10.0)
        assert store.ack_kiosk_messages(KIOSK, 2, 20.0) == 2
        assert store.ack_kiosk_messages(KIOSK, 2, 30.0) == 0   # a repeated ack: nothing
        assert store.ack_kiosk_messages(KIOSK, 10**9, 40.0) == 1
        shown = store.session_messages(KIOSK, SESSION)
        assert [m.delivered_at for m in shown] == [20.0, 20.0, 40.0]
        assert not store.session_messages(OTHER, "s-other")[0].delivered

    def test_a_session_page_sees_only_that_session(self, store: Store) -> None:
        store.add_kiosk_message(KIOSK, SESSION, "untuk sesi ini", "siti", 10.0)
        store.add_kiosk_message(KIOSK, "s-later", "sesi lain", "siti", 11.0)
        store.add_kiosk_message(OTHER, SESSION, "kios lain", "siti", 12.0)
        assert [m.text for m in store.session_messages(KIOSK, SESSION)] == ["untuk sesi ini"]

    def test_two_operators_writing_at_once_never_share_a_seq(self, store: Store) -> None:
        def write(name: str) -> None:
            for i in range(10):
                store.add_kiosk_message(KIOSK, SESSION, f"{name} {i}", name, 10.0)
        threads = [threading.Thread(target=write, args=(n,)) for n in ("siti", "budi")]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        seqs = [m.seq for m in store.session_messages(KIOSK, SESSION)]
        assert sorted(seqs) == list(range(1, 21))

    def test_text_is_kept_exactly(self, store: Store) -> None:
        text = "Petugas menuju anjungan Anda — tunggu di sana 🙏 ‘ok’"
        store.add_kiosk_message(KIOSK, SESSION, text, "siti", 10.0)
        assert store.kiosk_messages(KIOSK, 0)[0].text == text
