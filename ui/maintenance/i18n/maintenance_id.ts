<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="id_ID">
<context>
    <name></name>
    <message>
        <source>no answer from the driver</source>
        <translation>driver tidak menjawab</translation>
    </message>
    <message>
        <source>paper loaded, printer ready</source>
        <translation>kertas terpasang, printer siap</translation>
    </message>
    <message>
        <source>paper nearly finished: change the roll</source>
        <translation>kertas hampir habis: ganti gulungan</translation>
    </message>
    <message>
        <source>paper out: load a new roll</source>
        <translation>kertas habis: pasang gulungan baru</translation>
    </message>
    <message>
        <source>cover open: close the printer cover</source>
        <translation>tutup terbuka: tutup penutup printer</translation>
    </message>
    <message>
        <source>printer reports an error</source>
        <translation>printer melaporkan kesalahan</translation>
    </message>
    <message>
        <source>printer does not answer: check cable and power</source>
        <translation>printer tidak menjawab: periksa kabel dan daya</translation>
    </message>
    <message>
        <source>no printer configured</source>
        <translation>printer belum dikonfigurasi</translation>
    </message>
    <message>
        <source>SIM</source>
        <translation>SIM</translation>
    </message>
    <message>
        <source>network</source>
        <translation>jaringan</translation>
    </message>
    <message>
        <source>signal</source>
        <translation>sinyal</translation>
    </message>
    <message>
        <source>handset lifted</source>
        <translation>gagang telepon diangkat</translation>
    </message>
    <message>
        <source>handset on the hook</source>
        <translation>gagang telepon tertutup</translation>
    </message>
    <message>
        <source>%1 ago</source>
        <translation>%1 yang lalu</translation>
    </message>
    <message>
        <source>never</source>
        <translation>belum pernah</translation>
    </message>
    <message>
        <source>the uploader has not reported yet (is kiosk-uploader running?)</source>
        <translation>pengunggah belum melapor (apakah kiosk-uploader berjalan?)</translation>
    </message>
    <message>
        <source>the uploader&apos;s report is unreadable</source>
        <translation>laporan pengunggah tidak terbaca</translation>
    </message>
    <message>
        <source>last success</source>
        <translation>terakhir berhasil</translation>
    </message>
    <message>
        <source>last error</source>
        <translation>galat terakhir</translation>
    </message>
    <message>
        <source>the uploader stopped reporting</source>
        <translation>pengunggah berhenti melapor</translation>
    </message>
    <message>
        <source>the outbox is not available</source>
        <translation>antrean keluar tidak tersedia</translation>
    </message>
    <message>
        <source>%1 pending, %2 failed</source>
        <translation>%1 menunggu, %2 gagal</translation>
    </message>
    <message>
        <source>oldest waiting</source>
        <translation>menunggu paling lama</translation>
    </message>
    <message>
        <source>see the Queue page</source>
        <translation>lihat halaman Antrean</translation>
    </message>
    <message>
        <source>delivery is stuck</source>
        <translation>pengiriman macet</translation>
    </message>
    <message>
        <source>%1 % free (%2 GB)</source>
        <translation>%1 % kosong (%2 GB)</translation>
    </message>
    <message>
        <source>make room soon</source>
        <translation>segera kosongkan ruang</translation>
    </message>
    <message>
        <source>reports may not be stored</source>
        <translation>laporan mungkin tidak dapat disimpan</translation>
    </message>
    <message>
        <source>Printer</source>
        <translation>Printer</translation>
    </message>
    <message>
        <source>Paper</source>
        <translation>Kertas</translation>
    </message>
    <message>
        <source>Modem and SIM</source>
        <translation>Modem dan SIM</translation>
    </message>
    <message>
        <source>Handset</source>
        <translation>Gagang telepon</translation>
    </message>
    <message>
        <source>Speech</source>
        <translation>Suara</translation>
    </message>
    <message>
        <source>Uplink</source>
        <translation>Koneksi server</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>Antrean</translation>
    </message>
    <message>
        <source>Disk</source>
        <translation>Disk</translation>
    </message>
    <message>
        <source>Kiosk</source>
        <translation>Kios</translation>
    </message>
    <message>
        <source>App version</source>
        <translation>Versi aplikasi</translation>
    </message>
    <message>
        <source>App running for</source>
        <translation>Aplikasi berjalan selama</translation>
    </message>
    <message>
        <source>System up for</source>
        <translation>Sistem menyala selama</translation>
    </message>
    <message>
        <source>Checked at</source>
        <translation>Diperiksa pukul</translation>
    </message>
</context>
<context>
    <name>HandsetPage</name>
    <message>
        <source>Handset</source>
        <translation>Gagang telepon</translation>
    </message>
    <message>
        <source>Test number</source>
        <translation>Nomor uji</translation>
    </message>
    <message>
        <source>No test number is configured ([modem] test_number).</source>
        <translation>Nomor uji belum dikonfigurasi ([modem] test_number).</translation>
    </message>
    <message>
        <source>Start a test call</source>
        <translation>Mulai panggilan uji</translation>
    </message>
    <message>
        <source>Hang up the test call</source>
        <translation>Tutup panggilan uji</translation>
    </message>
    <message>
        <source>Lifting the handset still calls 110, except during a test call.</source>
        <translation>Mengangkat gagang telepon tetap memanggil 110, kecuali saat panggilan uji.</translation>
    </message>
    <message>
        <source>Handset lifted</source>
        <translation>Gagang telepon diangkat</translation>
    </message>
    <message>
        <source>Handset on the hook</source>
        <translation>Gagang telepon tertutup</translation>
    </message>
    <message>
        <source>No call in progress.</source>
        <translation>Tidak ada panggilan.</translation>
    </message>
    <message>
        <source>Emergency call</source>
        <translation>Panggilan darurat</translation>
    </message>
    <message>
        <source>Test call</source>
        <translation>Panggilan uji</translation>
    </message>
    <message>
        <source>dialling…</source>
        <translation>memanggil…</translation>
    </message>
    <message>
        <source>ringing at the other end…</source>
        <translation>berdering di seberang…</translation>
    </message>
    <message>
        <source>connected</source>
        <translation>tersambung</translation>
    </message>
    <message>
        <source>ended</source>
        <translation>selesai</translation>
    </message>
</context>
<context>
    <name>LogsPage</name>
    <message>
        <source>Logs (last %1 lines, personal data masked)</source>
        <translation>Log (%1 baris terakhir, data pribadi disamarkan)</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Muat ulang</translation>
    </message>
</context>
<context>
    <name>Maintenance</name>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Attention</source>
        <translation>Perhatian</translation>
    </message>
    <message>
        <source>Fault</source>
        <translation>Rusak</translation>
    </message>
</context>
<context>
    <name>MaintenanceView</name>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Printer</source>
        <translation>Printer</translation>
    </message>
    <message>
        <source>Handset</source>
        <translation>Gagang</translation>
    </message>
    <message>
        <source>Speaker</source>
        <translation>Speaker</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>Antrean</translation>
    </message>
    <message>
        <source>Logs</source>
        <translation>Log</translation>
    </message>
    <message>
        <source>Maintenance</source>
        <translation>Pemeliharaan</translation>
    </message>
    <message>
        <source>Leave maintenance</source>
        <translation>Keluar dari pemeliharaan</translation>
    </message>
</context>
<context>
    <name>PinPad</name>
    <message>
        <source>Maintenance — enter the technician PIN</source>
        <translation>Pemeliharaan — masukkan PIN teknisi</translation>
    </message>
    <message>
        <source>PIN digits entered</source>
        <translation>Digit PIN yang dimasukkan</translation>
    </message>
    <message>
        <source>Delete last digit</source>
        <translation>Hapus digit terakhir</translation>
    </message>
    <message>
        <source>Check the PIN</source>
        <translation>Periksa PIN</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Batal</translation>
    </message>
    <message>
        <source>Back to the home screen</source>
        <translation>Kembali ke layar utama</translation>
    </message>
    <message>
        <source>Enter the PIN (at least %1 digits), then OK.</source>
        <translation>Masukkan PIN (minimal %1 digit), lalu OK.</translation>
    </message>
    <message>
        <source>Too many wrong PINs. Wait %1 s, then try again.</source>
        <translation>Terlalu banyak PIN salah. Tunggu %1 detik, lalu coba lagi.</translation>
    </message>
    <message>
        <source>Maintenance is locked after too many wrong PINs. Run &apos;unlock-maintenance&apos; on the kiosk console.</source>
        <translation>Pemeliharaan terkunci karena terlalu banyak PIN salah. Jalankan &apos;unlock-maintenance&apos; di konsol kios.</translation>
    </message>
    <message>
        <source>No technician PIN is set. Run &apos;set-pin&apos; on the kiosk console.</source>
        <translation>PIN teknisi belum diatur. Jalankan &apos;set-pin&apos; di konsol kios.</translation>
    </message>
    <message>
        <source>The PIN has at least %1 digits.</source>
        <translation>PIN minimal %1 digit.</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Memeriksa…</translation>
    </message>
    <message>
        <source>The PIN could not be checked. Try again.</source>
        <translation>PIN tidak dapat diperiksa. Coba lagi.</translation>
    </message>
    <message>
        <source>Wrong PIN. Tries left before maintenance locks: %1.</source>
        <translation>PIN salah. Sisa percobaan sebelum pemeliharaan terkunci: %1.</translation>
    </message>
</context>
<context>
    <name>PrinterPage</name>
    <message>
        <source>Printer</source>
        <translation>Printer</translation>
    </message>
    <message>
        <source>Print a test ticket</source>
        <translation>Cetak tiket uji</translation>
    </message>
    <message>
        <source>Check the paper again</source>
        <translation>Periksa kertas lagi</translation>
    </message>
    <message>
        <source>Printing a test ticket…</source>
        <translation>Mencetak tiket uji…</translation>
    </message>
    <message>
        <source>Test ticket printed.</source>
        <translation>Tiket uji tercetak.</translation>
    </message>
    <message>
        <source>Not printed</source>
        <translation>Tidak tercetak</translation>
    </message>
</context>
<context>
    <name>QueuePage</name>
    <message>
        <source>Queue</source>
        <translation>Antrean</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Jenis</translation>
    </message>
    <message>
        <source>Tries</source>
        <translation>Percobaan</translation>
    </message>
    <message>
        <source>Server&apos;s reason</source>
        <translation>Alasan server</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>Umur</translation>
    </message>
    <message>
        <source>Retry all failed items</source>
        <translation>Kirim ulang semua item gagal</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Muat ulang</translation>
    </message>
    <message>
        <source>The outbox cannot be read.</source>
        <translation>Antrean keluar tidak dapat dibaca.</translation>
    </message>
    <message>
        <source>Pending: %1 · Failed: %2 · Delivered (kept): %3 · Oldest pending: %4</source>
        <translation>Menunggu: %1 · Gagal: %2 · Terkirim (disimpan): %3 · Menunggu paling lama: %4</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Kirim ulang</translation>
    </message>
    <message>
        <source>Item %1 will be sent again.</source>
        <translation>Item %1 akan dikirim ulang.</translation>
    </message>
    <message>
        <source>That item can no longer be retried.</source>
        <translation>Item itu tidak dapat dikirim ulang lagi.</translation>
    </message>
    <message>
        <source>%1 item(s) will be sent again.</source>
        <translation>%1 item akan dikirim ulang.</translation>
    </message>
</context>
<context>
    <name>SpeakerPage</name>
    <message>
        <source>Speaker</source>
        <translation>Pengeras suara</translation>
    </message>
    <message>
        <source>Say a test phrase in %1</source>
        <translation>Ucapkan kalimat uji dalam %1</translation>
    </message>
    <message>
        <source>Stop speaking</source>
        <translation>Hentikan suara</translation>
    </message>
    <message>
        <source>Speaking</source>
        <translation>Berbicara</translation>
    </message>
</context>
<context>
    <name>StatusPage</name>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Check again now</source>
        <translation>Periksa lagi sekarang</translation>
    </message>
    <message>
        <source>The status could not be read</source>
        <translation>Status tidak dapat dibaca</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>Antrean</translation>
    </message>
</context>
</TS>
