package demo

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/bina-pustaka/bina/internal/complaint"
)

// complaintText is a report a patron might write, with what the library
// decided and answered.
type complaintText struct {
	class    complaint.Class
	category string
	kind     string // the service point kind it is about; "" none
	body     string
	followUp string // the internal follow-up decided
	reply    string // the answer to the reporter
}

// complaintTexts are the reports the demo libraries receive. The first ones
// are what a library's profile names as its signature (voiceProfile.signature).
var complaintTexts = []complaintText{
	{complaint.ClassComplaint, "fasilitas", "umum",
		"AC di ruang baca umum lantai 2 sudah dua minggu mati. Siang hari sangat panas, banyak pengunjung pulang lebih cepat.",
		"Panggil teknisi untuk cek kompresor; sementara pasang dua kipas angin berdiri.",
		"Terima kasih atas laporannya. AC ruang baca lantai 2 sudah diperbaiki (penggantian kapasitor). Mohon kabari kami bila masih bermasalah."},
	{complaint.ClassComplaint, "layanan_petugas", "sirkulasi",
		"Saat mengembalikan buku terlambat satu hari, petugas menegur dengan nada tinggi di depan antrean. Saya jadi malu.",
		"Klarifikasi dengan petugas jaga; pembinaan oleh kepala bidang layanan.",
		"Mohon maaf atas pengalaman yang kurang menyenangkan. Kami sudah berbicara dengan petugas yang bersangkutan dan mengingatkan kembali standar pelayanan."},
	{complaint.ClassComplaint, "koleksi", "anak",
		"Koleksi buku cerita bergambar untuk anak usia 4–6 tahun sedikit sekali dan banyak yang sobek.",
		"Masukkan ke daftar pengadaan triwulan berikut; buku rusak diperbaiki bagian pelestarian.",
		"Terima kasih. Sebanyak 40 judul buku cerita bergambar baru sudah kami pesan dan buku yang sobek sedang diperbaiki."},
	{complaint.ClassComplaint, "layanan_digital", "digital",
		"Aplikasi perpustakaan digital tidak bisa login sejak pembaruan terakhir, muncul pesan 'sesi berakhir'.",
		"Laporkan ke penyedia aplikasi; cek sinkronisasi akun anggota.",
		"Gangguan login sudah diperbaiki oleh penyedia aplikasi. Silakan keluar lalu masuk kembali dengan nomor anggota Anda."},
	{complaint.ClassAspiration, "jam_layanan", "",
		"Mohon perpustakaan buka sampai jam 8 malam pada hari kerja. Pekerja seperti saya baru bisa datang setelah jam 5 sore.",
		"Kaji jadwal piket dan anggaran lembur untuk layanan malam.",
		"Terima kasih atas usulannya. Mulai bulan depan kami uji coba layanan sampai pukul 19.00 setiap Selasa dan Kamis di ruang baca umum."},
	{complaint.ClassComplaint, "jam_layanan", "keliling",
		"Mobil perpustakaan keliling sudah tiga minggu tidak datang ke SD kami, padahal jadwalnya setiap Rabu.",
		"Cek jadwal rute dan kondisi kendaraan; hubungi pihak sekolah.",
		"Mohon maaf, mobil pusling sempat masuk bengkel. Mulai Rabu depan jadwal ke sekolah Bapak/Ibu kembali normal pukul 09.00."},
	{complaint.ClassComplaint, "fasilitas", "",
		"Toilet di lantai 1 tidak ada air dan kunci pintunya rusak.",
		"Perbaikan pompa air dan kunci oleh subbagian umum.",
		"Pompa air dan kunci toilet lantai 1 sudah diperbaiki. Terima kasih sudah memberi tahu kami."},
	{complaint.ClassComplaint, "fasilitas", "digital",
		"WiFi di pojok digital sering putus, tidak bisa dipakai untuk ujian daring.",
		"Tambah access point dan naikkan kapasitas internet.",
		"Kami sudah menambah satu access point dan menaikkan kapasitas internet. Koneksi di layanan digital sekarang lebih stabil."},
	{complaint.ClassComplaint, "layanan_petugas", "referensi",
		"Saya minta bantuan mencari sumber untuk skripsi tentang sejarah kota, tapi petugas bilang tidak ada dan tidak mencoba mencari.",
		"Pustakawan referensi menghubungi pelapor dan menelusuri koleksi lokal.",
		"Terima kasih atas masukannya. Pustakawan kami telah menyiapkan daftar 14 sumber (buku, kliping koran dan arsip) tentang sejarah kota di layanan referensi."},
	{complaint.ClassComplaint, "koleksi", "sirkulasi",
		"Buku yang saya cari lewat katalog daring statusnya 'tersedia', tapi di rak tidak ada. Sudah tiga kali datang.",
		"Stock opname rak 300–399; perbaiki status di katalog.",
		"Buku tersebut ternyata salah rak. Sudah kami siapkan di meja sirkulasi atas nama Anda sampai hari Jumat."},
	{complaint.ClassComplaint, "jam_layanan", "sirkulasi",
		"Antrean peminjaman di sirkulasi bisa 30 menit kalau jam istirahat siang, hanya satu petugas yang melayani.",
		"Tambah satu petugas di meja sirkulasi pukul 10.00–14.00.",
		"Terima kasih. Mulai minggu ini meja sirkulasi dilayani dua petugas pada jam sibuk, dan perpanjangan pinjaman bisa lewat WhatsApp."},
	{complaint.ClassComplaint, "layanan_digital", "",
		"Formulir pendaftaran anggota daring selalu gagal saat unggah foto KTP.",
		"Perbaiki batas ukuran unggahan di formulir.",
		"Batas ukuran foto sudah dinaikkan menjadi 5 MB. Silakan coba daftar kembali."},
	{complaint.ClassAspiration, "koleksi", "anak",
		"Usul disediakan koleksi buku berbahasa daerah dan cerita rakyat setempat untuk anak-anak.",
		"Koordinasi dengan komunitas penulis lokal.",
		"Terima kasih. Kami sedang menyusun pojok cerita rakyat bersama komunitas penulis lokal; targetnya dibuka akhir tahun."},
	{complaint.ClassComplaint, "fasilitas", "",
		"Parkir motor penuh setiap Sabtu, banyak yang terpaksa parkir di bahu jalan dan ditegur petugas.",
		"Koordinasi dengan kantor sebelah untuk parkir tambahan akhir pekan.",
		"Mulai Sabtu ini halaman kantor di sebelah dapat dipakai sebagai parkir tambahan pukul 08.00–15.00."},
	{complaint.ClassComplaint, "layanan_petugas", "anak",
		"Petugas di layanan anak sering main HP dan anak-anak dibiarkan berlarian.",
		"Pembinaan petugas; jadwal kegiatan bercerita setiap pukul 10.00.",
		"Terima kasih atas laporannya. Jadwal petugas di layanan anak sudah kami tata ulang dan ada kegiatan mendongeng setiap hari pukul 10.00."},
	{complaint.ClassComplaint, "jam_layanan", "",
		"Sabtu kemarin perpustakaan tutup jam 12, padahal di papan tertulis buka sampai jam 14.",
		"Klarifikasi jadwal petugas Sabtu; umumkan setiap perubahan jam layanan.",
		"Mohon maaf, ada kegiatan internal hari itu yang tidak kami umumkan dengan baik. Ke depan setiap perubahan jam layanan kami umumkan di media sosial dan papan pengumuman."},
	{complaint.ClassAspiration, "layanan_petugas", "keliling",
		"Petugas pusling sangat sabar melayani anak-anak. Kalau bisa waktunya ditambah, satu jam terlalu singkat.",
		"Kaji penambahan durasi kunjungan pusling di sekolah.",
		"Terima kasih atas apresiasinya! Mulai semester ini kunjungan pusling di sekolah menjadi 90 menit."},
	{complaint.ClassComplaint, "layanan_digital", "digital",
		"Komputer di layanan digital banyak yang lambat dan dua unit mati total.",
		"Servis enam unit, ajukan penggantian dua unit.",
		"Enam unit komputer sudah diservis dan dua unit yang rusak sedang dalam proses penggantian."},
	{complaint.ClassComplaint, "lainnya", "",
		"Saya sudah memasukkan keluhan lewat kotak saran sebulan lalu tapi tidak ada tanggapan sama sekali.",
		"Tetapkan petugas pengelola kotak saran; tinjau semua saran bulan lalu.",
		"Mohon maaf atas keterlambatan kami. Kotak saran kini dibuka setiap Senin dan tanggapannya kami tempel di papan informasi."},
	{complaint.ClassComplaint, "fasilitas", "lainnya",
		"Jalur kursi roda di pintu samping tertutup pot bunga besar.",
		"Pindahkan pot; periksa aksesibilitas seluruh jalur.",
		"Pot sudah dipindahkan dan jalur kursi roda kini bebas. Terima kasih sudah mengingatkan kami."},
	{complaint.ClassComplaint, "koleksi", "referensi",
		"Koran hari ini belum ada di rak sampai jam 10 pagi.",
		"Atur ulang jadwal pengantaran koran dengan agen.",
		"Koran kini diantar paling lambat pukul 08.00 dan langsung dipajang."},
	{complaint.ClassComplaint, "layanan_petugas", "sirkulasi",
		"Sudah tiga kali telepon untuk perpanjangan pinjaman, tidak pernah diangkat.",
		"Sediakan nomor WhatsApp layanan yang dipantau pada jam kerja.",
		"Mohon maaf. Perpanjangan kini bisa lewat WhatsApp layanan yang dipantau setiap hari kerja pukul 08.00–15.00."},
	{complaint.ClassComplaint, "fasilitas", "keliling",
		"Mobil pusling tidak punya tenda, anak-anak membaca di bawah terik matahari.",
		"Pengadaan tenda lipat dan tikar untuk pusling.",
		"Terima kasih. Tenda lipat dan tikar sudah dibeli dan dibawa di setiap kunjungan mulai minggu depan."},
}

// informationTexts are requests for information, answered directly.
var informationTexts = []complaintText{
	{complaint.ClassInformation, "lainnya", "",
		"Apa syarat membuat kartu anggota untuk mahasiswa dari luar kota? Apakah cukup dengan KTM?", "",
		"Mahasiswa luar kota dapat mendaftar dengan KTM dan surat keterangan domisili dari RT setempat. Kartu jadi hari itu juga."},
	{complaint.ClassInformation, "koleksi", "deposit",
		"Apakah perpustakaan menyimpan koran lokal terbitan tahun 1990-an? Saya perlu untuk penelitian.", "",
		"Ya, koran lokal 1990–1999 tersedia dalam bentuk bundel di layanan deposit. Silakan datang Senin–Jumat pukul 08.00–15.00 dengan membawa kartu identitas."},
	{complaint.ClassInformation, "lainnya", "",
		"Bagaimana cara meminjam ruang diskusi untuk kegiatan komunitas baca?", "",
		"Ruang diskusi dapat dipinjam gratis dengan mengisi formulir di meja informasi paling lambat 3 hari sebelum kegiatan. Kapasitas 30 orang."},
	{complaint.ClassInformation, "jam_layanan", "keliling",
		"Di mana jadwal perpustakaan keliling bulan ini? Kami ingin pusling datang ke TPA kami.", "",
		"Jadwal pusling diumumkan di Instagram dan papan informasi setiap awal bulan. Permohonan kunjungan dapat diajukan dengan surat ke kepala dinas."},
}

// rejectedTexts are reports that are not the library's to handle, with
// the reason the reporter sees.
var rejectedTexts = []struct{ body, reason string }{
	{"Jual pulsa dan paket data murah, hubungi WA kami.", "Bukan pengaduan layanan perpustakaan (promosi)."},
	{"Lampu penerangan jalan di depan perpustakaan mati sudah seminggu.",
		"Penerangan jalan umum adalah kewenangan dinas lain. Laporan Anda sudah kami teruskan; silakan juga melapor melalui SP4N-LAPOR!."},
	{"Kenapa bantuan sosial untuk keluarga kami belum cair?",
		"Bantuan sosial bukan kewenangan perpustakaan. Silakan hubungi dinas sosial atau melapor melalui SP4N-LAPOR!."},
}

// ratingComments go with a rating, good to poor.
var ratingComments = map[int][]string{
	5: {"Terima kasih, cepat ditanggapi", "Sudah beres, terima kasih banyak", ""},
	4: {"Sudah diperbaiki, terima kasih", "Semoga tidak terulang", ""},
	3: {"Ditanggapi, tapi agak lama", ""},
	2: {"Lama sekali baru ada jawaban"},
}

// Reporters' contacts are made up: example.id mail and 0812-0000-… numbers.
var reporterNames = []string{"Rina", "Dedi", "Sri", "Andi", "Wulan", "Fajar", "Nurul", "Yusuf", "Maya", "Hendra", "Lestari", "Bayu"}

// fate is how a complaint's story ends (or where it stands today).
type fate int

const (
	fateRated         fate = iota // answered, the reporter rated it: selesai
	fateLateVerify                // verified after its deadline (escalated), then rated
	fateAutoClosed                // answered, the reporter silent: closed after 10 working days
	fateClosed                    // answered, closed by the coordinator
	fateRejected                  // not the library's to handle: ditolak
	fateResolved                  // answered, confirmed by phone: selesai by staff
	fateInformation               // a request for information answered directly, rated
	fateAnswered                  // answered a few days ago: dijawab
	fateDecided                   // follow-up decided, no answer yet: ditindaklanjuti
	fateVerified                  // verified yesterday: diverifikasi
	fateNew                       // filed today: baru
	fateNewOverdue                // filed a week ago, nobody verified it: baru, escalated
	fateDecideOverdue             // verified, follow-up not decided in time: escalated
)

// planComplaints schedules the library's complaints: the lifecycle in every
// state, at least one overdue today.
func (v *voiceSeeder) planComplaints(lv *voiceLib) {
	past := []fate{fateRated, fateAutoClosed, fateRejected}
	open := []fate{fateAnswered, fateDecided, fateVerified, fateNew, fateNewOverdue}
	if lv.p.decideLate {
		open = append(open, fateDecideOverdue)
	}
	extra := []fate{fateLateVerify, fateClosed, fateResolved, fateInformation, fateRated, fateAutoClosed, fateRated, fateInformation}
	for i := 0; len(past)+len(open) < lv.p.complaints; i++ {
		past = append(past, extra[i%len(extra)])
	}
	// The finished ones spread over the year in a shuffled order, so the
	// late one is not always the oldest.
	lv.rng.Shuffle(len(past), func(i, j int) { past[i], past[j] = past[j], past[i] })

	// Texts: the library's signature first, then the others in its own order.
	var texts []complaintText
	for _, i := range lv.p.signature {
		texts = append(texts, complaintTexts[i])
	}
	for _, i := range lv.rng.Perm(len(complaintTexts)) {
		if !slices.Contains(lv.p.signature, i) {
			texts = append(texts, complaintTexts[i])
		}
	}
	here := func(t complaintText) bool { return t.kind != "" && lv.pointOf(t.kind) == nil }
	texts = slices.DeleteFunc(texts, here)
	infos := slices.DeleteFunc(slices.Clone(informationTexts), here)
	nt, ni, nr := 0, lv.rng.IntN(len(infos)), lv.rng.IntN(len(rejectedTexts))
	text := func(f fate) complaintText {
		switch f {
		case fateInformation:
			ni++
			return infos[ni%len(infos)]
		case fateRejected:
			nr++
			r := rejectedTexts[nr%len(rejectedTexts)]
			return complaintText{class: complaint.ClassComplaint, category: "lainnya", body: r.body, reply: r.reason}
		}
		nt++
		return texts[(nt-1)%len(texts)]
	}
	for i, f := range past {
		// Filed between about 350 and 48 days ago, any hour a patron writes.
		daysAgo := 350 - (302*i)/max(1, len(past)-1) + lv.between(-5, 5)
		filed := lv.today.AddDate(0, 0, -daysAgo).Add(time.Duration(lv.between(7*60, 22*60)) * time.Minute)
		v.planComplaint(lv, f, text(f), filed)
	}
	for _, f := range open {
		v.planComplaint(lv, f, text(f), time.Time{})
	}
}

// planComplaint schedules one complaint's life. filed is set for the
// finished ones; the open ones are placed back from today.
func (v *voiceSeeder) planComplaint(lv *voiceLib, f fate, t complaintText, filed time.Time) {
	lib := lv.Library.ID
	c := &complaint.Complaint{}
	n := complaint.NewComplaint{LibraryID: lib, Class: t.class, Category: t.category, Body: t.body}
	if p := lv.pointOf(t.kind); p != nil {
		n.ServicePointID = &p.id
	}
	if lv.chance(0.6) {
		name := oneOf(lv.rng, reporterNames)
		n.Contact.Name = name
		if lv.chance(0.6) {
			n.Contact.Phone = fmt.Sprintf("0812-0000-%04d", lv.between(100, 9999))
		} else {
			n.Contact.Email = fmt.Sprintf("%s.pemustaka%d@example.id", strings.ToLower(name), lv.between(1, 99))
		}
	}
	// The handler: mostly the librarian, else the coordinator or the head.
	handler := lv.account("staff")
	switch x := lv.rng.Float64(); {
	case x > 0.85:
		handler = lv.account("admin")
	case x > 0.5:
		handler = lv.account("coordinator")
	}

	file := func(at time.Time) {
		v.at(at, "complaint filed", func(ctx context.Context) error {
			got, err := v.complaints.File(ctx, n)
			*c = got
			return err
		})
	}
	verify := func(at time.Time) {
		v.at(at, "complaint verified", func(ctx context.Context) error {
			return v.complaints.Verify(ctx, v.system, lib, c.ID, handler)
		})
	}
	decide := func(at time.Time) {
		v.at(at, "complaint decided", func(ctx context.Context) error {
			return v.complaints.Decide(ctx, v.system, lib, c.ID, t.followUp)
		})
	}
	reply := func(at time.Time) {
		v.at(at, "complaint answered", func(ctx context.Context) error {
			return v.complaints.Reply(ctx, v.system, lib, c.ID, t.reply)
		})
	}
	rate := func(at time.Time, rating int) {
		comment := oneOf(lv.rng, ratingComments[rating])
		v.at(at, "complaint rated", func(ctx context.Context) error {
			return v.complaints.Rate(ctx, c.Code, rating, comment)
		})
	}
	// The escalation job's run on the morning after a missed deadline.
	escalate := func(due time.Time) {
		at := due.AddDate(0, 0, 1).Add(6 * time.Hour)
		if at.After(v.now) {
			return // seedVoice's own run catches it
		}
		v.at(at, "escalation", func(ctx context.Context) error {
			_, err := v.complaints.Escalate(ctx, at)
			return err
		})
	}
	office := func(day time.Time) time.Time { return lv.officeTime(day, 8, 15) }

	// The finished ones, from their filing day on.
	if !filed.IsZero() {
		file(filed)
		verified := office(lv.afterWork(filed, lv.between(1, 2)))
		if f == fateLateVerify {
			due := lv.afterWork(filed, complaint.VerifyDays)
			escalate(due)
			verified = office(lv.afterWork(due, lv.between(1, 3)))
		}
		if f == fateRejected {
			v.at(verified, "complaint rejected", func(ctx context.Context) error {
				return v.complaints.Reject(ctx, v.system, lib, c.ID, t.reply)
			})
			return
		}
		verify(verified)
		answered := office(lv.afterWork(verified, lv.between(1, 3)))
		if f != fateInformation {
			decided := office(lv.afterWork(verified, lv.between(1, 4)))
			decide(decided)
			answered = office(lv.afterWork(decided, lv.between(1, 4)))
		}
		reply(answered)
		evening := func(days int) time.Time {
			return lv.dayOf(answered).AddDate(0, 0, days).Add(time.Duration(lv.between(18*60, 21*60)) * time.Minute)
		}
		switch f {
		case fateRated, fateInformation:
			rate(evening(lv.between(1, 4)), oneOf(lv.rng, []int{5, 5, 4, 4, 4, 3}))
		case fateLateVerify:
			rate(evening(lv.between(1, 4)), oneOf(lv.rng, []int{2, 3, 3}))
		case fateAutoClosed:
			closeDue := lv.afterWork(answered, complaint.CloseDays)
			at := closeDue.AddDate(0, 0, 1).Add(30 * time.Minute)
			v.at(at, "auto-close", func(ctx context.Context) error {
				_, err := v.complaints.AutoClose(ctx, at)
				return err
			})
		case fateClosed:
			v.at(office(lv.afterWork(answered, 6)), "complaint closed", func(ctx context.Context) error {
				return v.complaints.Close(ctx, v.system, lib, c.ID)
			})
		case fateResolved:
			v.at(office(lv.afterWork(answered, 1)), "complaint resolved", func(ctx context.Context) error {
				return v.complaints.Resolve(ctx, v.system, lib, c.ID)
			})
		}
		return
	}

	// The open ones, placed back from today in working days.
	back := func(n int) time.Time { return office(lv.beforeWork(lv.today, n)) }
	switch f {
	case fateNew:
		file(v.now.Add(-time.Duration(lv.between(40, 180)) * time.Minute))
	case fateNewOverdue:
		filed := back(lv.between(5, 7))
		file(filed)
		escalate(lv.afterWork(filed, complaint.VerifyDays))
	case fateVerified:
		file(back(3))
		verify(back(1))
	case fateDecideOverdue:
		file(back(10))
		verified := back(lv.between(7, 8))
		verify(verified)
		escalate(lv.afterWork(verified, complaint.DecideDays))
	case fateDecided:
		file(back(7))
		verify(back(6))
		decide(back(3))
	case fateAnswered:
		file(back(11))
		verify(back(10))
		decide(back(8))
		reply(back(lv.between(3, 5)))
	}
}

// account is the user id of the library's demo account with the role.
func (lv *voiceLib) account(role string) int64 {
	for _, a := range lv.Spec.Accounts {
		if a.Role == role {
			return lv.Users[a.Email]
		}
	}
	return 0
}
