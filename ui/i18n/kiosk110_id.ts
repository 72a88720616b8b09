<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="id_ID">
<context>
    <name>AssistPanel</name>
    <message>
        <source>Yes</source>
        <translation>Ya</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Tidak</translation>
    </message>
    <message>
        <source>I need the police here</source>
        <translation>Saya butuh polisi di sini</translation>
    </message>
    <message>
        <source>I need an ambulance</source>
        <translation>Saya butuh ambulans</translation>
    </message>
    <message>
        <source>I am in danger</source>
        <translation>Saya dalam bahaya</translation>
    </message>
    <message>
        <source>I am safe now</source>
        <translation>Saya sudah aman</translation>
    </message>
    <message>
        <source>Someone is injured</source>
        <translation>Ada yang terluka</translation>
    </message>
    <message>
        <source>I am still at the kiosk</source>
        <translation>Saya masih di anjungan</translation>
    </message>
    <message>
        <source>The operator has been told that you cannot speak or hear, and where you are. Answer with the buttons.</source>
        <translation>Petugas sudah diberi tahu bahwa Anda tidak dapat berbicara atau mendengar, dan di mana Anda berada. Silakan jawab dengan tombol di bawah.</translation>
    </message>
    <message>
        <source>Tell the operator again</source>
        <translation>Beri tahu petugas lagi</translation>
    </message>
    <message>
        <source>The operator&apos;s replies cannot be shown at this kiosk yet. The operator sees every answer you send. Keep the handset near you.</source>
        <translation>Balasan petugas belum dapat ditampilkan di anjungan ini. Petugas melihat setiap jawaban yang Anda kirim. Letakkan gagang telepon di dekat Anda.</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Ketik</translation>
    </message>
    <message>
        <source>Type your own answer</source>
        <translation>Ketik jawaban Anda sendiri</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Kirim</translation>
    </message>
    <message>
        <source>Your answer</source>
        <translation>Jawaban Anda</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>Petugas</translation>
    </message>
    <message>
        <source>You</source>
        <translation>Anda</translation>
    </message>
</context>
<context>
    <name>CallScreen</name>
    <message>
        <source>Calling %1…</source>
        <translation>Menghubungi %1…</translation>
    </message>
    <message>
        <source>Ringing %1…</source>
        <translation>Menunggu jawaban %1…</translation>
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
        <source>You ended the call.</source>
        <translation>Anda mengakhiri panggilan.</translation>
    </message>
    <message>
        <source>The operator ended the call.</source>
        <translation>Petugas mengakhiri panggilan.</translation>
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
        <translation>Panggilan tidak dijawab.</translation>
    </message>
    <message>
        <source>The telephone has a fault.</source>
        <translation>Telepon anjungan mengalami gangguan.</translation>
    </message>
    <message>
        <source>The telephone is not responding.</source>
        <translation>Telepon anjungan tidak merespons.</translation>
    </message>
    <message>
        <source>The telephone is disconnected.</source>
        <translation>Telepon anjungan tidak terhubung.</translation>
    </message>
    <message>
        <source>This kiosk has no telephone line.</source>
        <translation>Anjungan ini tidak memiliki saluran telepon.</translation>
    </message>
    <message>
        <source>The call reached its time limit.</source>
        <translation>Panggilan mencapai batas waktu.</translation>
    </message>
    <message>
        <source>The telephone restarted and the call was cut off.</source>
        <translation>Telepon memulai ulang dan panggilan terputus.</translation>
    </message>
    <message>
        <source>The telephone service is not running.</source>
        <translation>Layanan telepon tidak berjalan.</translation>
    </message>
    <message>
        <source>Calling %1. Please wait.</source>
        <translation>Menghubungi %1. Mohon tunggu.</translation>
    </message>
    <message>
        <source>Ringing. An operator will answer.</source>
        <translation>Nada sambung berbunyi. Petugas akan segera menjawab.</translation>
    </message>
    <message>
        <source>Connected to the police. Speak into the handset.</source>
        <translation>Tersambung dengan polisi. Silakan bicara melalui gagang telepon.</translation>
    </message>
    <message>
        <source>Connection trouble. Stay on the line: the call may still be connected.</source>
        <translation>Gangguan sambungan. Tetap di telepon: panggilan mungkin masih tersambung.</translation>
    </message>
    <message>
        <source>%1 is busy or unreachable — now trying %2.</source>
        <translation>%1 sibuk atau tidak dapat dihubungi — sekarang mencoba %2.</translation>
    </message>
    <message>
        <source>Connection trouble — stay on the line</source>
        <translation>Gangguan sambungan — tetap di telepon</translation>
    </message>
    <message>
        <source>No call</source>
        <translation>Tidak ada panggilan</translation>
    </message>
    <message>
        <source>There is no mobile network here right now.</source>
        <translation>Saat ini tidak ada jaringan seluler di sini.</translation>
    </message>
    <message>
        <source>The call ended.</source>
        <translation>Panggilan berakhir.</translation>
    </message>
    <message>
        <source>The handset is still lifted: touch Call again to try once more.</source>
        <translation>Gagang telepon masih terangkat: sentuh Telepon lagi untuk mencoba sekali lagi.</translation>
    </message>
    <message>
        <source>Lift the handset or touch Call again to try again. You can also send a written report.</source>
        <translation>Angkat gagang telepon atau sentuh Telepon lagi untuk mencoba lagi. Anda juga dapat mengirim laporan tertulis.</translation>
    </message>
    <message>
        <source>Lift the handset and speak.</source>
        <translation>Silakan angkat gagang telepon dan berbicara.</translation>
    </message>
    <message>
        <source>Speak into the handset.</source>
        <translation>Silakan bicara melalui gagang telepon.</translation>
    </message>
    <message>
        <source>This screen closes in %1 s.</source>
        <translation>Layar ini tertutup dalam %1 detik.</translation>
    </message>
    <message>
        <source>Call time</source>
        <translation>Lama panggilan</translation>
    </message>
    <message>
        <source>The operator writes: %1</source>
        <translation>Pesan petugas: %1</translation>
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
    <message>
        <source>Call 110 again</source>
        <translation>Hubungi 110 lagi</translation>
    </message>
    <message>
        <source>Keep this screen</source>
        <translation>Tetap di layar ini</translation>
    </message>
    <message>
        <source>I cannot speak or hear</source>
        <translation>Saya tidak bisa bicara / mendengar</translation>
    </message>
    <message>
        <source>Tell the operator and answer in writing</source>
        <translation>Beri tahu petugas, lalu jawab dengan tulisan</translation>
    </message>
</context>
<context>
    <name>CategoryScreen</name>
    <message>
        <source>What do you want to report?</source>
        <translation>Apa yang ingin Anda laporkan?</translation>
    </message>
    <message>
        <source>Emergency now — call or alert at once</source>
        <translation>Darurat sekarang — telepon atau kirim tanda bahaya</translation>
    </message>
    <message>
        <source>Theft, loss and information</source>
        <translation>Pencurian, kehilangan, dan informasi</translation>
    </message>
    <message>
        <source>Phone or wallet stolen or lost</source>
        <translation>Ponsel / dompet dicuri atau hilang</translation>
    </message>
    <message>
        <source>Report what was taken and get the next steps on paper</source>
        <translation>Laporkan barang yang hilang dan dapatkan langkah selanjutnya secara tercetak</translation>
    </message>
    <message>
        <source>What do you want to report? Emergencies are at the top.</source>
        <translation>Apa yang ingin Anda laporkan? Keadaan darurat ada di bagian atas.</translation>
    </message>
</context>
<context>
    <name>ConfirmHome</name>
    <message>
        <source>Discard your report?</source>
        <translation>Batalkan laporan Anda?</translation>
    </message>
    <message>
        <source>What you wrote will be deleted and you go back to the start. Your language and settings stay.</source>
        <translation>Isian Anda akan dihapus dan Anda kembali ke awal. Bahasa dan pengaturan Anda tetap.</translation>
    </message>
    <message>
        <source>Keep writing</source>
        <translation>Lanjutkan mengisi</translation>
    </message>
    <message>
        <source>Discard and go to the start</source>
        <translation>Batalkan dan kembali ke awal</translation>
    </message>
</context>
<context>
    <name>ContactScreen</name>
    <message>
        <source>It is optional: touch Clear to leave it out.</source>
        <translation>Isian ini tidak wajib: sentuh Kosongkan untuk melewatinya.</translation>
    </message>
    <message>
        <source>A NIK has 16 digits; this one has %1. Please check it on your KTP.</source>
        <translation>NIK terdiri atas 16 angka; yang Anda ketik %1 angka. Silakan periksa kembali di KTP Anda.</translation>
    </message>
    <message>
        <source>This NIK does not look right. Please check it on your KTP.</source>
        <translation>NIK ini tampaknya kurang tepat. Silakan periksa kembali di KTP Anda.</translation>
    </message>
    <message>
        <source>This does not look like an Indonesian phone number, e.g. 0812 3456 7890.</source>
        <translation>Nomor ini tampaknya bukan nomor telepon Indonesia, misalnya 0812 3456 7890.</translation>
    </message>
    <message>
        <source>This does not look like an e-mail address, e.g. nama@contoh.id.</source>
        <translation>Alamat ini tampaknya bukan alamat e-mail, misalnya nama@contoh.id.</translation>
    </message>
    <message>
        <source>The name has signs that cannot be printed. Please type it again with letters only.</source>
        <translation>Nama ini memuat tanda yang tidak dapat dicetak. Silakan ketik ulang dengan huruf saja.</translation>
    </message>
    <message>
        <source>Please shorten the name to %1 letters.</source>
        <translation>Silakan persingkat nama menjadi paling banyak %1 huruf.</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nama</translation>
    </message>
    <message>
        <source>Another phone number</source>
        <translation>Nomor telepon lain</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>How can the police reach you? (optional)</source>
        <translation>Bagaimana polisi dapat menghubungi Anda? (tidak wajib)</translation>
    </message>
    <message>
        <source>You may leave these empty. No phone now? Give another number or an e-mail address.</source>
        <translation>Boleh dikosongkan. Ponsel Anda hilang? Tuliskan nomor lain atau alamat e-mail.</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Kosongkan</translation>
    </message>
    <message>
        <source>Leave this field out</source>
        <translation>Lewati isian ini</translation>
    </message>
    <message>
        <source>Your name and how to reach you are optional. Touch Next to continue.</source>
        <translation>Nama dan kontak Anda tidak wajib diisi. Sentuh Lanjut untuk meneruskan.</translation>
    </message>
    <message>
        <source>NIK (KTP number)</source>
        <translation>NIK (nomor KTP)</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Lanjut</translation>
    </message>
</context>
<context>
    <name>DescribeScreen</name>
    <message>
        <source>What happened?</source>
        <translation>Apa yang terjadi?</translation>
    </message>
    <message>
        <source>Please write a few words about what happened. If you cannot type, touch Call 110 below and talk to the police.</source>
        <translation>Silakan tulis beberapa kata tentang kejadiannya. Jika tidak dapat mengetik, sentuh Panggil 110 di bawah dan bicaralah dengan polisi.</translation>
    </message>
    <message>
        <source>Tell us what happened (optional)</source>
        <translation>Ceritakan kejadiannya (tidak wajib)</translation>
    </message>
    <message>
        <source>For example: my bag was taken on the platform towards Lebak Bulus</source>
        <translation>Contoh: tas saya diambil di peron arah Lebak Bulus</translation>
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
        <source>You may write what happened, or touch Next to skip.</source>
        <translation>Anda boleh menuliskan kejadiannya, atau sentuh Lanjut untuk melewati.</translation>
    </message>
    <message>
        <source>Write what happened, then touch Next.</source>
        <translation>Tulis apa yang terjadi, lalu sentuh Lanjut.</translation>
    </message>
</context>
<context>
    <name>DoneScreen</name>
    <message>
        <source>The printer is ready again. Touch Print again.</source>
        <translation>Printer sudah siap kembali. Sentuh Cetak ulang.</translation>
    </message>
    <message>
        <source>it is out of paper</source>
        <translation>kertasnya habis</translation>
    </message>
    <message>
        <source>its cover is open</source>
        <translation>tutupnya terbuka</translation>
    </message>
    <message>
        <source>this kiosk has no printer</source>
        <translation>anjungan ini tidak memiliki printer</translation>
    </message>
    <message>
        <source>Take your receipt from the printer below.</source>
        <translation>Silakan ambil bukti laporan Anda dari printer di bawah.</translation>
    </message>
    <message>
        <source>The receipt could not be printed (%1). Your report is safe. Please write down the report number.</source>
        <translation>Bukti laporan tidak dapat dicetak (%1). Laporan Anda tetap tersimpan. Silakan catat nomor laporan Anda.</translation>
    </message>
    <message>
        <source>The printer is ready again. Touch Print again for your receipt.</source>
        <translation>Printer sudah siap kembali. Sentuh Cetak ulang untuk bukti laporan Anda.</translation>
    </message>
    <message>
        <source>Printing your receipt…</source>
        <translation>Mencetak bukti laporan Anda…</translation>
    </message>
    <message>
        <source>A police operator has your alert.</source>
        <translation>Petugas polisi sudah menangani tanda bahaya Anda.</translation>
    </message>
    <message>
        <source>A police operator has your report.</source>
        <translation>Petugas polisi sudah menangani laporan Anda.</translation>
    </message>
    <message>
        <source>Delivered to the 110 centre; officers are being notified.</source>
        <translation>Sudah diterima pusat 110; petugas sedang diberi tahu.</translation>
    </message>
    <message>
        <source>Delivered to the 110 centre.</source>
        <translation>Sudah diterima pusat 110.</translation>
    </message>
    <message>
        <source>Saved on this kiosk. It goes to the 110 centre as soon as the connection allows; this screen will say when it has arrived.</source>
        <translation>Tersimpan di anjungan ini. Laporan dikirim ke pusat 110 segera setelah koneksi tersedia; layar ini akan memberi tahu saat sudah diterima.</translation>
    </message>
    <message>
        <source>Sorry, this kiosk could not store your report. Please call 110 now: touch Call 110 or lift the handset. You can also tell the station staff.</source>
        <translation>Mohon maaf, anjungan ini tidak dapat menyimpan laporan Anda. Silakan hubungi 110 sekarang: sentuh Panggil 110 atau angkat gagang telepon. Anda juga dapat memberi tahu petugas stasiun.</translation>
    </message>
    <message>
        <source>Your alert is saved</source>
        <translation>Tanda bahaya Anda tersimpan</translation>
    </message>
    <message>
        <source>Your report is saved</source>
        <translation>Laporan Anda tersimpan</translation>
    </message>
    <message>
        <source>Your report number:</source>
        <translation>Nomor laporan Anda:</translation>
    </message>
    <message>
        <source>Report number %1</source>
        <translation>Nomor laporan %1</translation>
    </message>
    <message>
        <source>What to do now: stay near this kiosk if it is safe, so the officers can find you. In danger? Move away and call 110.</source>
        <translation>Yang perlu dilakukan sekarang: tetaplah di dekat anjungan ini jika aman, agar petugas dapat menemukan Anda. Jika dalam bahaya, menjauhlah dan hubungi 110.</translation>
    </message>
    <message>
        <source>What happens next: the 110 centre reads your report. Keep your report number; the police may contact you if you gave a way to reach you.</source>
        <translation>Selanjutnya: pusat 110 akan membaca laporan Anda. Simpan nomor laporan Anda; polisi dapat menghubungi Anda jika Anda memberikan kontak.</translation>
    </message>
    <message>
        <source>What to do next:</source>
        <translation>Langkah selanjutnya:</translation>
    </message>
    <message>
        <source>Add details (optional)</source>
        <translation>Tambah keterangan (tidak wajib)</translation>
    </message>
    <message>
        <source>Print again</source>
        <translation>Cetak ulang</translation>
    </message>
    <message>
        <source>Your report could not be saved. Please call 110: touch Call 110 or lift the handset.</source>
        <translation>Laporan Anda tidak dapat disimpan. Silakan hubungi 110: sentuh Panggil 110 atau angkat gagang telepon.</translation>
    </message>
    <message>
        <source>Saved. Your report number is %1.</source>
        <translation>Tersimpan. Nomor laporan Anda %1.</translation>
    </message>
    <message>
        <source>it is not responding</source>
        <translation>printer tidak merespons</translation>
    </message>
    <message>
        <source>Your report could not be saved</source>
        <translation>Laporan Anda tidak dapat disimpan</translation>
    </message>
    <message>
        <source>Saving your report…</source>
        <translation>Menyimpan laporan Anda…</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>Selesai</translation>
    </message>
    <message>
        <source>End and delete what you entered</source>
        <translation>Selesai dan hapus semua isian Anda</translation>
    </message>
    <message>
        <source>Call 110</source>
        <translation>Panggil 110</translation>
    </message>
</context>
<context>
    <name>EmergencyBar</name>
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
        <source>Go back to the start screen</source>
        <translation>Kembali ke layar awal</translation>
    </message>
    <message>
        <source>Change the language</source>
        <translation>Ganti bahasa</translation>
    </message>
    <message>
        <source>Voice</source>
        <translation>Suara</translation>
    </message>
    <message>
        <source>Voice guidance is on: it reads the screen aloud</source>
        <translation>Panduan suara aktif: layar dibacakan</translation>
    </message>
    <message>
        <source>Voice guidance is off</source>
        <translation>Panduan suara nonaktif</translation>
    </message>
    <message>
        <source>Large text</source>
        <translation>Teks besar</translation>
    </message>
    <message>
        <source>Large text is on</source>
        <translation>Teks besar aktif</translation>
    </message>
    <message>
        <source>Large text is off</source>
        <translation>Teks besar nonaktif</translation>
    </message>
    <message>
        <source>Listen again</source>
        <translation>Dengarkan lagi</translation>
    </message>
    <message>
        <source>Read this screen aloud again</source>
        <translation>Bacakan layar ini sekali lagi</translation>
    </message>
    <message>
        <source>Volume</source>
        <translation>Volume</translation>
    </message>
    <message>
        <source>Volume: low</source>
        <translation>Volume: pelan</translation>
    </message>
    <message>
        <source>Volume: medium</source>
        <translation>Volume: sedang</translation>
    </message>
    <message>
        <source>Volume: high</source>
        <translation>Volume: keras</translation>
    </message>
    <message>
        <source>Call 110 (hold 2 s)</source>
        <translation>Panggil 110 (tahan 2 dtk)</translation>
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
        <source>Call the police now; your report is kept. Lifting the handset also calls 110.</source>
        <translation>Hubungi polisi sekarang; isian laporan Anda tetap tersimpan. Mengangkat gagang telepon juga menghubungi 110.</translation>
    </message>
    <message>
        <source>Or lift the handset: it calls 110 from any screen and keeps what you wrote.</source>
        <translation>Atau angkat gagang telepon: 110 langsung dihubungi dari layar mana pun, dan isian Anda tetap tersimpan.</translation>
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
        <source>Show the call</source>
        <translation>Tampilkan panggilan</translation>
    </message>
    <message>
        <source>On the call %1 · %2</source>
        <translation>Dalam panggilan %1 · %2</translation>
    </message>
    <message>
        <source>Ringing %1…</source>
        <translation>Menunggu jawaban %1…</translation>
    </message>
    <message>
        <source>Calling %1…</source>
        <translation>Menghubungi %1…</translation>
    </message>
</context>
<context>
    <name>EmergencyScreen</name>
    <message>
        <source>Call 110 now</source>
        <translation>Panggil 110 sekarang</translation>
    </message>
    <message>
        <source>Talk to a police operator</source>
        <translation>Bicara dengan petugas polisi</translation>
    </message>
    <message>
        <source>Send an alert without speaking</source>
        <translation>Kirim tanda bahaya tanpa bicara</translation>
    </message>
    <message>
        <source>One touch: the police get what is happening and where this kiosk is</source>
        <translation>Satu sentuhan: polisi menerima jenis kejadian dan lokasi anjungan ini</translation>
    </message>
    <message>
        <source>The alert sends “%1” and this place, %2, to the 110 centre at once. You do not need to type anything. You can add details afterwards.</source>
        <translation>Tanda bahaya mengirim “%1” dan lokasi ini, %2, ke pusat 110 saat itu juga. Anda tidak perlu mengetik apa pun. Keterangan dapat ditambahkan sesudahnya.</translation>
    </message>
    <message>
        <source>Write a report instead</source>
        <translation>Tulis laporan saja</translation>
    </message>
    <message>
        <source>If you are in danger, move somewhere safe first. Lifting the handset also calls 110.</source>
        <translation>Jika Anda dalam bahaya, pindahlah ke tempat aman terlebih dahulu. Mengangkat gagang telepon juga menghubungi 110.</translation>
    </message>
    <message>
        <source>%1. Touch Call 110 now to talk to the police, or send an alert without speaking.</source>
        <translation>%1. Sentuh Panggil 110 sekarang untuk berbicara dengan polisi, atau kirim tanda bahaya tanpa bicara.</translation>
    </message>
</context>
<context>
    <name>HomeScreen</name>
    <message numerus="yes">
        <source>Keep holding… %n%</source>
        <translation>
            <numerusform>Tahan terus… %n%</numerusform>
        </translation>
    </message>
    <message>
        <source>To call from the screen, keep your finger on the button for 2 seconds. Or lift the handset: it always calls 110 at once.</source>
        <translation>Untuk menelepon dari layar, tekan dan tahan tombol selama 2 detik. Atau angkat gagang telepon: 110 selalu langsung dihubungi.</translation>
    </message>
    <message>
        <source>Back to the call</source>
        <translation>Kembali ke panggilan</translation>
    </message>
    <message>
        <source>Call 110
(hold for 2 seconds)</source>
        <translation>Panggil 110
(tahan 2 detik)</translation>
    </message>
    <message>
        <source>Talk to a police operator now. Free.</source>
        <translation>Bicara dengan petugas polisi sekarang. Gratis.</translation>
    </message>
    <message>
        <source>Need the police? Help is one touch away.</source>
        <translation>Butuh polisi? Bantuan cukup satu sentuhan.</translation>
    </message>
    <message>
        <source>This help point: %1</source>
        <translation>Anjungan ini: %1</translation>
    </message>
    <message>
        <source>An emergency alert, a theft or loss, or a complaint; you get a printed receipt</source>
        <translation>Tanda bahaya, pencurian atau kehilangan, atau pengaduan; Anda mendapat bukti laporan tercetak</translation>
    </message>
    <message>
        <source>Check a report</source>
        <translation>Cek laporan</translation>
    </message>
    <message>
        <source>Type the report number from your receipt to see what the police have done</source>
        <translation>Ketik nomor laporan dari bukti laporan Anda untuk melihat tindak lanjut polisi</translation>
    </message>
    <message>
        <source>The handset is lifted. Touch Call 110 to call again.</source>
        <translation>Gagang telepon terangkat. Sentuh Panggil 110 untuk menelepon lagi.</translation>
    </message>
    <message>
        <source>Or lift the handset: it calls 110 at once, from any screen.</source>
        <translation>Atau angkat gagang telepon: 110 langsung dihubungi, dari layar mana pun.</translation>
    </message>
    <message>
        <source>Police emergency help. Lift the handset to call 110, or touch the screen.</source>
        <translation>Layanan darurat polisi. Angkat gagang telepon untuk menghubungi 110, atau sentuh layar.</translation>
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
        <source>Make a report</source>
        <translation>Buat Laporan</translation>
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
    <name>LookupScreen</name>
    <message>
        <source>Report number typed: %1</source>
        <translation>Nomor laporan yang diketik: %1</translation>
    </message>
    <message>
        <source>nothing yet</source>
        <translation>belum ada</translation>
    </message>
    <message>
        <source>A report number has 8 letters and digits, like KX4M-7HPA. Please check your receipt.</source>
        <translation>Nomor laporan terdiri atas 8 huruf dan angka, misalnya KX4M-7HPA. Silakan periksa bukti laporan Anda.</translation>
    </message>
    <message>
        <source>Asking the 110 centre about %1…</source>
        <translation>Menanyakan %1 ke pusat 110…</translation>
    </message>
    <message>
        <source>a police operator has taken it up.</source>
        <translation>petugas polisi sudah menanganinya.</translation>
    </message>
    <message>
        <source>officers have been sent.</source>
        <translation>petugas sudah dikerahkan.</translation>
    </message>
    <message>
        <source>the police have closed it.</source>
        <translation>polisi sudah menyelesaikannya.</translation>
    </message>
    <message>
        <source>saved on the kiosk where it was made; not yet at the 110 centre.</source>
        <translation>tersimpan di anjungan tempat laporan dibuat; belum diterima pusat 110.</translation>
    </message>
    <message>
        <source>the 110 centre has it; no operator has taken it up yet.</source>
        <translation>sudah diterima pusat 110; belum ditangani petugas.</translation>
    </message>
    <message>
        <source>an operator marked it as not a police matter. Call 110 if you need help.</source>
        <translation>petugas menilai laporan ini bukan urusan kepolisian. Hubungi 110 jika Anda memerlukan bantuan.</translation>
    </message>
    <message>
        <source>the 110 centre knows no report with this number. Please check your receipt.</source>
        <translation>pusat 110 tidak menemukan laporan dengan nomor ini. Silakan periksa bukti laporan Anda.</translation>
    </message>
    <message>
        <source>this kiosk cannot ask the 110 centre right now. Please try again later, or call 110.</source>
        <translation>anjungan ini belum dapat menghubungi pusat 110 saat ini. Silakan coba lagi nanti, atau hubungi 110.</translation>
    </message>
    <message>
        <source>Check a report</source>
        <translation>Cek laporan</translation>
    </message>
    <message>
        <source>Type the report number from your receipt.</source>
        <translation>Ketik nomor laporan dari bukti laporan Anda.</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Hapus</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>Cek</translation>
    </message>
    <message>
        <source>Type the report number from your receipt, then touch Check.</source>
        <translation>Ketik nomor laporan dari bukti laporan Anda, lalu sentuh Cek.</translation>
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
        <source>Stolen</source>
        <translation>Dicuri / dicopet</translation>
    </message>
    <message>
        <source>Lost</source>
        <translation>Hilang / tertinggal</translation>
    </message>
    <message>
        <source>Someone took it, e.g. a pickpocket</source>
        <translation>Diambil orang, misalnya dicopet</translation>
    </message>
    <message>
        <source>You lost it or left it somewhere</source>
        <translation>Terjatuh atau tertinggal di suatu tempat</translation>
    </message>
    <message>
        <source>Please touch at least one thing that was taken or lost.</source>
        <translation>Silakan sentuh sedikitnya satu barang yang dicuri atau hilang.</translation>
    </message>
    <message>
        <source>Phone or wallet stolen or lost</source>
        <translation>Ponsel / dompet dicuri atau hilang</translation>
    </message>
    <message>
        <source>What happened to it?</source>
        <translation>Apa yang terjadi dengan barang Anda?</translation>
    </message>
    <message>
        <source>What is missing? Touch everything that applies.</source>
        <translation>Apa saja yang hilang? Sentuh semua yang sesuai.</translation>
    </message>
    <message>
        <source>Was it stolen or lost? Then touch everything that is missing, and touch Next.</source>
        <translation>Dicuri atau hilang? Lalu sentuh semua barang yang hilang, dan sentuh Lanjut.</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Lanjut</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Options:</source>
        <translation>Pilihan:</translation>
    </message>
</context>
<context>
    <name>ReviewScreen</name>
    <message>
        <source>Report</source>
        <translation>Laporan</translation>
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
        <source>stolen</source>
        <translation>dicuri</translation>
    </message>
    <message>
        <source>lost</source>
        <translation>hilang</translation>
    </message>
    <message>
        <source>(not written)</source>
        <translation>(tidak diisi)</translation>
    </message>
    <message>
        <source>Taken or lost</source>
        <translation>Barang</translation>
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
        <source>Change</source>
        <translation>Ubah</translation>
    </message>
    <message>
        <source>Change: %1</source>
        <translation>Ubah: %1</translation>
    </message>
    <message>
        <source>Show less</source>
        <translation>Ringkas</translation>
    </message>
    <message>
        <source>See all</source>
        <translation>Lihat semua</translation>
    </message>
    <message>
        <source>Check your answers</source>
        <translation>Periksa isian Anda</translation>
    </message>
    <message>
        <source>Touch Change to correct an answer. Touch Send report when it is right.</source>
        <translation>Sentuh Ubah untuk memperbaiki isian. Sentuh Kirim laporan jika sudah benar.</translation>
    </message>
    <message>
        <source>Check your answers, then touch Send report.</source>
        <translation>Periksa isian Anda, lalu sentuh Kirim laporan.</translation>
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
        <source>Send report</source>
        <translation>Kirim laporan</translation>
    </message>
</context>
<context>
    <name>StillThere</name>
    <message>
        <source>Still there?</source>
        <translation>Apakah Anda masih di sini?</translation>
    </message>
    <message>
        <source>Touch the screen to continue. Otherwise everything you entered will be deleted.</source>
        <translation>Sentuh layar untuk melanjutkan. Jika tidak, semua isian Anda akan dihapus demi privasi.</translation>
    </message>
    <message>
        <source>Yes, continue</source>
        <translation>Ya, lanjutkan</translation>
    </message>
</context>
<context>
    <name>TouchGuide</name>
    <message>
        <source>chosen</source>
        <translation>dipilih</translation>
    </message>
    <message>
        <source>not chosen</source>
        <translation>tidak dipilih</translation>
    </message>
    <message>
        <source>Touch again to choose.</source>
        <translation>Sentuh sekali lagi untuk memilih.</translation>
    </message>
</context>
<context>
    <name>WhenScreen</name>
    <message>
        <source>Just now</source>
        <translation>Baru saja</translation>
    </message>
    <message>
        <source>~30 minutes ago</source>
        <translation>± 30 menit lalu</translation>
    </message>
    <message>
        <source>~2 hours ago</source>
        <translation>± 2 jam lalu</translation>
    </message>
    <message>
        <source>~6 hours ago</source>
        <translation>± 6 jam lalu</translation>
    </message>
    <message>
        <source>Yesterday</source>
        <translation>Kemarin</translation>
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
        <source>When did it happen? Then touch Next.</source>
        <translation>Kapan kejadiannya? Lalu sentuh Lanjut.</translation>
    </message>
</context>
<context>
    <name>WhereScreen</name>
    <message>
        <source>Somewhere else</source>
        <translation>Di tempat lain</translation>
    </message>
    <message>
        <source>Then type the place</source>
        <translation>Lalu ketik tempatnya</translation>
    </message>
    <message>
        <source>Here, at %1</source>
        <translation>Di sini, di %1</translation>
    </message>
    <message>
        <source>Please write where it happened, or choose this station.</source>
        <translation>Silakan tulis tempat kejadiannya, atau pilih stasiun ini.</translation>
    </message>
    <message>
        <source>Where did it happen?</source>
        <translation>Di mana kejadiannya?</translation>
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
        <source>Next</source>
        <translation>Lanjut</translation>
    </message>
    <message>
        <source>Where did it happen? Then touch Next.</source>
        <translation>Di mana kejadiannya? Lalu sentuh Lanjut.</translation>
    </message>
</context>
</TS>
