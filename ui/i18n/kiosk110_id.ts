<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="id_ID">
<context>
    <name>CallScreen</name>
    <message>
        <source>Calling %1…</source>
        <translation>Menelepon %1…</translation>
    </message>
    <message>
        <source>Ringing %1…</source>
        <translation>Berdering %1…</translation>
    </message>
    <message>
        <source>Connected to %1</source>
        <translation>Tersambung ke %1</translation>
    </message>
    <message>
        <source>Call ended</source>
        <translation>Panggilan selesai</translation>
    </message>
    <message>
        <source>Lift the handset to call 110</source>
        <translation>Angkat gagang telepon untuk menelepon 110</translation>
    </message>
    <message>
        <source>You ended the call.</source>
        <translation>Anda mengakhiri panggilan.</translation>
    </message>
    <message>
        <source>The operator ended the call.</source>
        <translation>Operator mengakhiri panggilan.</translation>
    </message>
    <message>
        <source>The emergency line was busy.</source>
        <translation>Saluran darurat sedang sibuk.</translation>
    </message>
    <message>
        <source>The call could not be connected.</source>
        <translation>Panggilan tidak dapat tersambung.</translation>
    </message>
    <message>
        <source>Nobody answered.</source>
        <translation>Tidak ada yang menjawab.</translation>
    </message>
    <message>
        <source>There is no mobile network here.</source>
        <translation>Tidak ada jaringan seluler di sini.</translation>
    </message>
    <message>
        <source>The telephone has a fault.</source>
        <translation>Telepon mengalami gangguan.</translation>
    </message>
    <message>
        <source>The telephone is not responding.</source>
        <translation>Telepon tidak merespons.</translation>
    </message>
    <message>
        <source>The telephone is disconnected.</source>
        <translation>Telepon tidak terhubung.</translation>
    </message>
    <message>
        <source>This kiosk has no telephone line.</source>
        <translation>Kios ini tidak memiliki saluran telepon.</translation>
    </message>
    <message>
        <source>The call reached its time limit.</source>
        <translation>Panggilan mencapai batas waktu.</translation>
    </message>
    <message>
        <source>Lift the handset or touch Call again to try again. You can also make a written report.</source>
        <translation>Angkat gagang telepon atau sentuh Telepon lagi untuk mencoba lagi. Anda juga dapat membuat laporan tertulis.</translation>
    </message>
    <message>
        <source>%1 is busy or unreachable — now trying %2.</source>
        <translation>%1 sibuk atau tidak dapat dihubungi — sekarang mencoba %2.</translation>
    </message>
    <message>
        <source>Lift the handset and speak.</source>
        <translation>Angkat gagang telepon dan bicaralah.</translation>
    </message>
    <message>
        <source>Speak into the handset.</source>
        <translation>Bicaralah melalui gagang telepon.</translation>
    </message>
    <message>
        <source>Call time</source>
        <translation>Lama panggilan</translation>
    </message>
    <message>
        <source>Emergency call</source>
        <translation>Panggilan darurat</translation>
    </message>
    <message>
        <source>End call</source>
        <translation>Akhiri panggilan</translation>
    </message>
    <message>
        <source>Hang up</source>
        <translation>Tutup telepon</translation>
    </message>
    <message>
        <source>Call again</source>
        <translation>Telepon lagi</translation>
    </message>
</context>
<context>
    <name>CategoryScreen</name>
    <message>
        <source>What do you want to report?</source>
        <translation>Apa yang ingin Anda laporkan?</translation>
    </message>
</context>
<context>
    <name>ContactScreen</name>
    <message>
        <source>Name</source>
        <translation>Nama</translation>
    </message>
    <message>
        <source>Phone number</source>
        <translation>Nomor telepon</translation>
    </message>
    <message>
        <source>NIK (KTP number)</source>
        <translation>NIK (nomor KTP)</translation>
    </message>
    <message>
        <source>Your contact details (optional)</source>
        <translation>Data kontak Anda (tidak wajib)</translation>
    </message>
    <message>
        <source>So the police can contact you. You may leave these empty and touch Next.</source>
        <translation>Agar polisi dapat menghubungi Anda. Boleh dikosongkan, lalu sentuh Lanjut.</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Lanjut</translation>
    </message>
    <message>
        <source>Your name and phone number are optional. Touch Next to continue.</source>
        <translation>Nama dan nomor telepon tidak wajib. Sentuh Lanjut untuk meneruskan.</translation>
    </message>
</context>
<context>
    <name>DescribeScreen</name>
    <message>
        <source>Please write a few words about what happened.</source>
        <translation>Tulis beberapa kata tentang kejadiannya.</translation>
    </message>
    <message>
        <source>What happened?</source>
        <translation>Apa yang terjadi?</translation>
    </message>
    <message>
        <source>Write here, for example: my bag was taken on the platform</source>
        <translation>Tulis di sini, misalnya: tas saya diambil orang di peron</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>Kejadian</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Lanjut</translation>
    </message>
    <message>
        <source>Report: %1</source>
        <translation>Laporan: %1</translation>
    </message>
    <message>
        <source>Write what happened, then touch Next.</source>
        <translation>Tulis apa yang terjadi, lalu sentuh Lanjut.</translation>
    </message>
</context>
<context>
    <name>DoneScreen</name>
    <message>
        <source>it is out of paper</source>
        <translation>kertasnya habis</translation>
    </message>
    <message>
        <source>its cover is open</source>
        <translation>tutupnya terbuka</translation>
    </message>
    <message>
        <source>there is no printer</source>
        <translation>tidak ada printer</translation>
    </message>
    <message>
        <source>it is not responding</source>
        <translation>printer tidak merespons</translation>
    </message>
    <message>
        <source>Take your ticket from the printer below.</source>
        <translation>Ambil tiket Anda dari printer di bawah.</translation>
    </message>
    <message>
        <source>The ticket could not be printed (%1). Please write down your code or take a photo of it. Your report is safe.</source>
        <translation>Tiket tidak dapat dicetak (%1). Catat kode Anda atau fotolah. Laporan Anda aman.</translation>
    </message>
    <message>
        <source>Printing your ticket…</source>
        <translation>Mencetak tiket Anda…</translation>
    </message>
    <message>
        <source>Your report could not be saved</source>
        <translation>Laporan Anda tidak dapat disimpan</translation>
    </message>
    <message>
        <source>Sorry, this kiosk could not store your report. Please lift the handset to call 110 now, or tell the station staff.</source>
        <translation>Maaf, kios ini tidak dapat menyimpan laporan Anda. Angkat gagang telepon untuk menelepon 110 sekarang, atau beri tahu petugas stasiun.</translation>
    </message>
    <message>
        <source>Saving your report…</source>
        <translation>Menyimpan laporan Anda…</translation>
    </message>
    <message>
        <source>Your report has been received</source>
        <translation>Laporan Anda telah diterima</translation>
    </message>
    <message>
        <source>Your ticket code:</source>
        <translation>Kode tiket Anda:</translation>
    </message>
    <message>
        <source>Ticket code %1</source>
        <translation>Kode tiket %1</translation>
    </message>
    <message>
        <source>An operator has received your report.</source>
        <translation>Operator telah menerima laporan Anda.</translation>
    </message>
    <message>
        <source>What happens next: the report goes to the 110 command centre. Keep your code; the police may contact you. In danger now? Lift the handset and call 110.</source>
        <translation>Selanjutnya: laporan dikirim ke pusat komando 110. Simpan kode Anda; polisi mungkin menghubungi Anda. Dalam bahaya sekarang? Angkat gagang telepon dan telepon 110.</translation>
    </message>
    <message>
        <source>Next steps: block your SIM card with your mobile operator and your bank cards with your bank now. Take this code to a police station for a loss certificate (Surat Keterangan Kehilangan).</source>
        <translation>Langkah berikutnya: blokir kartu SIM Anda ke operator seluler dan kartu bank Anda ke bank sekarang. Bawa kode ini ke kantor polisi untuk Surat Keterangan Kehilangan.</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>Selesai</translation>
    </message>
    <message>
        <source>Call 110</source>
        <translation>Panggil 110</translation>
    </message>
    <message>
        <source>Your report could not be saved. Please lift the handset to call 110.</source>
        <translation>Laporan Anda tidak dapat disimpan. Angkat gagang telepon untuk menelepon 110.</translation>
    </message>
    <message>
        <source>Your report has been received. Your ticket code is %1.</source>
        <translation>Laporan Anda telah diterima. Kode tiket Anda %1.</translation>
    </message>
</context>
<context>
    <name>HomeScreen</name>
    <message>
        <source>110 is the police emergency number: crime, accidents, fire, disasters, or when you feel unsafe. Free of charge.</source>
        <translation>110 adalah nomor darurat polisi: kejahatan, kecelakaan, kebakaran, bencana, atau saat Anda merasa tidak aman. Gratis.</translation>
    </message>
    <message>
        <source>Phone stolen? Lift the handset and call 110, or make a written report and take a ticket.</source>
        <translation>Ponsel dicuri? Angkat gagang telepon dan telepon 110, atau buat laporan tertulis dan ambil tiketnya.</translation>
    </message>
    <message>
        <source>Prank calls are recorded and traced. They keep help from people who need it.</source>
        <translation>Panggilan iseng direkam dan dilacak. Panggilan iseng menghalangi bantuan bagi yang membutuhkan.</translation>
    </message>
    <message numerus="yes">
        <source>Keep holding… %n%</source>
        <translation>
            <numerusform>Tahan terus… %n%</numerusform>
        </translation>
    </message>
    <message>
        <source>Back to the call</source>
        <translation>Kembali ke panggilan</translation>
    </message>
    <message>
        <source>Call 110
(hold 2 seconds)</source>
        <translation>Panggil 110
(tahan 2 detik)</translation>
    </message>
    <message>
        <source>Hold the button for 2 seconds to call</source>
        <translation>Tahan tombol selama 2 detik untuk menelepon</translation>
    </message>
    <message>
        <source>Call 110</source>
        <translation>Panggil 110</translation>
    </message>
    <message>
        <source>Call the police now</source>
        <translation>Hubungi polisi sekarang</translation>
    </message>
    <message>
        <source>Police emergency help</source>
        <translation>Bantuan darurat polisi</translation>
    </message>
    <message>
        <source>Make a report</source>
        <translation>Buat Laporan</translation>
    </message>
    <message>
        <source>Write a report and get a ticket</source>
        <translation>Tulis laporan dan dapatkan tiket</translation>
    </message>
    <message>
        <source>Voice guidance: on</source>
        <translation>Panduan suara: nyala</translation>
    </message>
    <message>
        <source>Voice guidance: off</source>
        <translation>Panduan suara: mati</translation>
    </message>
    <message>
        <source>Larger text: on</source>
        <translation>Teks besar: nyala</translation>
    </message>
    <message>
        <source>Larger text: off</source>
        <translation>Teks besar: mati</translation>
    </message>
    <message>
        <source>⚠ Several calls were ended at once. Prank calls are recorded and traced. Hold the button for 2 seconds to call, or lift the handset.</source>
        <translation>⚠ Beberapa panggilan langsung diputus. Panggilan iseng direkam dan dilacak. Tahan tombol 2 detik untuk menelepon, atau angkat gagang telepon.</translation>
    </message>
    <message>
        <source>Lift the handset to call 110, or touch Make a report.</source>
        <translation>Angkat gagang telepon untuk menelepon 110, atau sentuh Buat Laporan.</translation>
    </message>
</context>
<context>
    <name>Identity</name>
    <message>
        <source>must be exactly 16 digits</source>
        <translation>harus tepat 16 angka</translation>
    </message>
    <message>
        <source>the first two digits are not an Indonesian province code</source>
        <translation>dua angka pertama bukan kode provinsi Indonesia</translation>
    </message>
    <message>
        <source>the regency and district digits (3-6) must not be 00</source>
        <translation>angka kabupaten dan kecamatan (3-6) tidak boleh 00</translation>
    </message>
    <message>
        <source>digits 9-10 are not a birth month</source>
        <translation>angka 9-10 bukan bulan lahir</translation>
    </message>
    <message>
        <source>digits 7-8 are not a valid day of birth</source>
        <translation>angka 7-8 bukan tanggal lahir yang benar</translation>
    </message>
    <message>
        <source>the last four digits must not be 0000</source>
        <translation>empat angka terakhir tidak boleh 0000</translation>
    </message>
    <message>
        <source>must be an Indonesian number such as 0812 3456 7890 or +62 21 1234 5678</source>
        <translation>harus nomor Indonesia, misalnya 0812 3456 7890 atau +62 21 1234 5678</translation>
    </message>
    <message>
        <source>must be at most 100 characters</source>
        <translation>paling banyak 100 karakter</translation>
    </message>
    <message>
        <source>contains characters that cannot be printed</source>
        <translation>berisi karakter yang tidak dapat dicetak</translation>
    </message>
</context>
<context>
    <name>Keyboard</name>
    <message>
        <source>Shift</source>
        <translation>Huruf besar</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Hapus</translation>
    </message>
    <message>
        <source>Space</source>
        <translation>Spasi</translation>
    </message>
    <message>
        <source>Enter</source>
        <translation>Enter</translation>
    </message>
    <message>
        <source>Numbers and symbols</source>
        <translation>Angka dan simbol</translation>
    </message>
    <message>
        <source>Letters</source>
        <translation>Huruf</translation>
    </message>
</context>
<context>
    <name>LostItemsScreen</name>
    <message>
        <source>chosen</source>
        <translation>dipilih</translation>
    </message>
    <message>
        <source>not chosen</source>
        <translation>tidak dipilih</translation>
    </message>
    <message>
        <source>Please choose at least one thing you lost.</source>
        <translation>Pilih setidaknya satu barang yang hilang.</translation>
    </message>
    <message>
        <source>What did you lose?</source>
        <translation>Apa yang hilang?</translation>
    </message>
    <message>
        <source>Touch everything you lost. You can choose more than one.</source>
        <translation>Sentuh semua barang yang hilang. Boleh pilih lebih dari satu.</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Lanjut</translation>
    </message>
    <message>
        <source>Touch everything you lost, then touch Next.</source>
        <translation>Sentuh semua barang yang hilang, lalu sentuh Lanjut.</translation>
    </message>
</context>
<context>
    <name>ReviewScreen</name>
    <message>
        <source>Report</source>
        <translation>Laporan</translation>
    </message>
    <message>
        <source>Lost</source>
        <translation>Hilang</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>Kejadian</translation>
    </message>
    <message>
        <source>Here, at %1</source>
        <translation>Di sini, di %1</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>Tempat</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Waktu</translation>
    </message>
    <message>
        <source>NIK ending %1</source>
        <translation>NIK berakhiran %1</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>Kontak</translation>
    </message>
    <message>
        <source>none (anonymous)</source>
        <translation>tidak ada (anonim)</translation>
    </message>
    <message>
        <source>Check your report</source>
        <translation>Periksa laporan Anda</translation>
    </message>
    <message>
        <source>Touch Back to change something. Touch Send when it is right.</source>
        <translation>Sentuh Kembali untuk mengubah. Sentuh Kirim bila sudah benar.</translation>
    </message>
    <message>
        <source>Send report</source>
        <translation>Kirim laporan</translation>
    </message>
    <message>
        <source>Check your report, then touch Send report.</source>
        <translation>Periksa laporan Anda, lalu sentuh Kirim laporan.</translation>
    </message>
</context>
<context>
    <name>ScreenBase</name>
    <message>
        <source>Back</source>
        <translation>Kembali</translation>
    </message>
    <message>
        <source>Go to the previous step</source>
        <translation>Ke langkah sebelumnya</translation>
    </message>
    <message>
        <source>Home</source>
        <translation>Beranda</translation>
    </message>
    <message>
        <source>Start again; what you entered is deleted</source>
        <translation>Mulai lagi; isian Anda dihapus</translation>
    </message>
</context>
<context>
    <name>StillThere</name>
    <message>
        <source>Still there?</source>
        <translation>Masih di sana?</translation>
    </message>
    <message>
        <source>Touch the screen to continue. Otherwise everything you entered will be deleted.</source>
        <translation>Sentuh layar untuk melanjutkan. Jika tidak, semua isian Anda akan dihapus.</translation>
    </message>
    <message>
        <source>Yes, continue</source>
        <translation>Ya, lanjutkan</translation>
    </message>
</context>
<context>
    <name>WhereWhenScreen</name>
    <message>
        <source>Please write where it happened, or choose this station.</source>
        <translation>Tulis di mana kejadiannya, atau pilih stasiun ini.</translation>
    </message>
    <message>
        <source>Now / just now</source>
        <translation>Sekarang / baru saja</translation>
    </message>
    <message>
        <source>About 30 minutes ago</source>
        <translation>Sekitar 30 menit lalu</translation>
    </message>
    <message>
        <source>About 2 hours ago</source>
        <translation>Sekitar 2 jam lalu</translation>
    </message>
    <message>
        <source>About 6 hours ago</source>
        <translation>Sekitar 6 jam lalu</translation>
    </message>
    <message>
        <source>Yesterday</source>
        <translation>Kemarin</translation>
    </message>
    <message>
        <source>Where and when?</source>
        <translation>Di mana dan kapan?</translation>
    </message>
    <message>
        <source>Where did it happen?</source>
        <translation>Di mana kejadiannya?</translation>
    </message>
    <message>
        <source>Here, at %1</source>
        <translation>Di sini, di %1</translation>
    </message>
    <message>
        <source>Somewhere else</source>
        <translation>Di tempat lain</translation>
    </message>
    <message>
        <source>Place, e.g. the train to Lebak Bulus</source>
        <translation>Tempat, misalnya kereta arah Lebak Bulus</translation>
    </message>
    <message>
        <source>Where it happened</source>
        <translation>Tempat kejadian</translation>
    </message>
    <message>
        <source>When did it happen?</source>
        <translation>Kapan kejadiannya?</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Lanjut</translation>
    </message>
    <message>
        <source>Where and when did it happen? Then touch Next.</source>
        <translation>Di mana dan kapan kejadiannya? Lalu sentuh Lanjut.</translation>
    </message>
</context>
</TS>
