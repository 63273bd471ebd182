package demo

// The staff-development story of each demo library, as data: what its
// positions require, where its people are strong or weak, which training it
// ran and offers, and how far its people are toward the 20 JP. The code in
// development*.go writes it through the domain services.

// reqRule is what a position (jabatan), optionally of one jenjang or at one
// kind of service point, requires per competency code of the default
// framework (docs/competency.md). The most specific rule wins per code.
type reqRule struct {
	position, level, kind string
	levels                map[string]int
}

// devRequirements are the position requirements every demo library sets on
// the default framework. Positions not named here (petugas keamanan) have
// none: they are not assessed on librarian competencies.
var devRequirements = []reqRule{
	{position: "Pustakawan", levels: map[string]int{"LP.01": 3, "LP.02": 3, "LP.03": 3, "LP.06": 2, "PB.01": 3, "PB.02": 3, "PK.02": 2,
		"TI.01": 3, "TI.02": 3, "TI.03": 2, "KU.01": 3, "KU.02": 3, "KU.03": 3, "KU.06": 3}},
	{position: "Pustakawan", level: "Terampil", levels: map[string]int{"PB.01": 2, "PB.02": 2, "LP.02": 2, "LP.03": 2, "KU.03": 2}},
	{position: "Pustakawan", level: "Mahir", levels: map[string]int{"PB.02": 2, "LP.03": 2}},
	{position: "Pustakawan", level: "Penyelia", levels: map[string]int{"PB.01": 4, "LP.01": 4, "MP.02": 3}},
	{position: "Pustakawan", level: "Ahli Muda", levels: map[string]int{"LP.02": 4, "KU.03": 4, "PP.01": 3, "KU.05": 3, "PK.01": 3}},
	{position: "Pustakawan", level: "Ahli Madya", levels: map[string]int{"LP.02": 4, "KU.03": 4, "PP.01": 4, "KU.05": 4, "PK.01": 3,
		"MP.04": 3, "KU.04": 3}},
	{position: "Pustakawan", kind: "anak", levels: map[string]int{"LP.04": 3}},
	{position: "Pustakawan", kind: "keliling", levels: map[string]int{"LP.05": 3}},
	{position: "Pustakawan", kind: "digital", levels: map[string]int{"TI.03": 3, "TI.04": 3}},
	{position: "Pustakawan", kind: "deposit", levels: map[string]int{"PL.01": 3, "PL.03": 2}},
	{position: "Pengelola Layanan Perpustakaan", levels: frontLine},
	{position: "Pengelola Layanan Perpustakaan", kind: "anak", levels: map[string]int{"LP.04": 2}},
	{position: "Pengelola Layanan Perpustakaan", kind: "digital", levels: map[string]int{"TI.03": 2}},
	{position: "Petugas Layanan Perpustakaan", levels: frontLine},
	{position: "Petugas Layanan Perpustakaan", kind: "anak", levels: map[string]int{"LP.04": 2}},
	{position: "Petugas Layanan Perpustakaan", kind: "digital", levels: map[string]int{"TI.03": 2}},
	{position: "Pranata Komputer", levels: map[string]int{"TI.01": 4, "TI.02": 3, "TI.03": 3, "TI.04": 3, "TI.05": 3, "KU.02": 2, "KU.07": 3}},
	{position: "Operator Layanan Digital", levels: map[string]int{"TI.01": 3, "TI.02": 3, "TI.03": 3, "TI.04": 2, "KU.02": 3, "KU.03": 2}},
	{position: "Pendamping Layanan Anak", levels: map[string]int{"LP.04": 3, "LP.06": 3, "KU.01": 3, "KU.02": 3, "KU.03": 2}},
	{position: "Arsiparis", levels: map[string]int{"PL.01": 3, "PL.03": 3, "PB.05": 2, "TI.01": 3, "KU.06": 3}},
	{position: "Pengemudi Perpustakaan Keliling", levels: map[string]int{"LP.05": 2, "KU.02": 2}},
	{position: "Pengadministrasi Umum", levels: map[string]int{"TI.01": 2, "KU.01": 2, "KU.07": 3}},
	{position: "Analis Sumber Daya Manusia Aparatur", levels: map[string]int{"MP.02": 3, "TI.01": 3, "KU.01": 3, "KU.07": 3}},
	{position: "Kepala Dinas", levels: map[string]int{"MP.01": 4, "MP.04": 4, "MP.05": 4, "KU.04": 4, "KU.01": 4}},
	{position: "Sekretaris Dinas", levels: map[string]int{"MP.01": 4, "MP.02": 3, "MP.04": 4, "KU.04": 3}},
	{position: "Kepala Bidang Layanan Perpustakaan", levels: map[string]int{"MP.01": 4, "MP.02": 3, "MP.04": 4, "MP.05": 3, "KU.04": 4,
		"KU.02": 3, "KU.03": 3}},
	{position: "Kepala Subbagian Umum dan Kepegawaian", levels: map[string]int{"MP.02": 4, "MP.04": 3, "KU.01": 3, "KU.04": 3, "TI.01": 3}},
}

// frontLine is what front-line staff who are not pustakawan need.
var frontLine = map[string]int{"LP.01": 3, "LP.03": 2, "TI.01": 2, "TI.02": 2, "KU.01": 3, "KU.02": 3, "KU.03": 2, "KU.07": 3}

// progDef is a programme of the demo catalogue.
type progDef struct {
	key, title, typ, level string
	jp, days               int    // JP of the programme, spread over its days
	partner                string // "" internal; "magang" the library's university partner
	modality               string
	description            string
	materials              []string
	targets                []string // competency codes
	validity               int      // certificate validity in months, 0: never expires
	selfRegistration       bool
	trainer, institution   string // the external trainer ("" for the library's own head of services)
	budget                 int64
}

var devPrograms = []progDef{
	{key: "prima", title: "Pelayanan Prima", typ: "workshop", level: "dasar", jp: 16, days: 2, modality: "offline",
		description: "Standar pelayanan prima bagi petugas layanan: menyapa, melayani dengan tuntas, menangani keluhan pemustaka, dan melayani pemustaka berkebutuhan khusus. Dilengkapi praktik bermain peran di meja sirkulasi.",
		materials:   []string{"https://asnunggul.lan.go.id/"}, targets: []string{"KU.02", "KU.01", "LP.01"},
		selfRegistration: true, budget: 7_500_000},
	{key: "literasi", title: "Literasi Informasi untuk Pemustaka", typ: "workshop", level: "menengah", jp: 24, days: 3, modality: "hybrid",
		description: "Merancang dan memandu kelas literasi informasi untuk pelajar, mahasiswa dan masyarakat: menelusur sumber tepercaya, mengevaluasi informasi dan mengenali hoaks, serta memakai e-resources Perpusnas.",
		materials:   []string{"https://www.perpusnas.go.id/", "https://e-resources.perpusnas.go.id/"}, targets: []string{"KU.03", "LP.03", "LP.02"},
		validity: 36, selfRegistration: true, trainer: "Dr. Rahmi Kurniasari, M.Hum.", institution: "Perpustakaan Nasional RI", budget: 12_000_000},
	{key: "rda", title: "Katalogisasi RDA", typ: "workshop", level: "menengah", jp: 32, days: 4, partner: "Perpustakaan Nasional RI", modality: "offline",
		description: "Katalogisasi deskriptif dengan Resource Description and Access (RDA) dan MARC 21 di INLISLite dan SLiMS: deskripsi bahan tercetak dan sumber elektronik, titik akses, tajuk subjek.",
		materials:   []string{"https://www.rdatoolkit.org/", "https://inlislite.perpusnas.go.id/"}, targets: []string{"PB.01", "PB.03", "TI.02"},
		validity: 36, trainer: "Drs. Bambang Supriyadi, M.IP.", institution: "Perpustakaan Nasional RI", budget: 18_500_000},
	{key: "dongeng", title: "Storytelling untuk Layanan Anak", typ: "workshop", level: "dasar", jp: 12, days: 2, modality: "offline",
		description: "Teknik mendongeng, membaca nyaring dan memilih buku untuk anak usia dini dan sekolah dasar; merancang kegiatan di layanan anak dan perpustakaan keliling.",
		materials:   []string{"https://www.letsreadasia.org/"}, targets: []string{"LP.04", "LP.06", "KU.01"},
		selfRegistration: true, trainer: "Kak Dian Anggraini", institution: "Komunitas Dongeng Nusantara", budget: 5_000_000},
	{key: "digital", title: "Pengelolaan Perpustakaan Digital", typ: "e_learning", level: "menengah", jp: 20, days: 5, partner: "Perpustakaan Nasional RI", modality: "online",
		description: "Kelas daring lima pertemuan: koleksi digital dan lisensi, repositori lokal, iPusnas dan e-resources, alih media, serta promosi layanan digital lewat situs web dan media sosial.",
		materials:   []string{"https://ipusnas.id/", "https://slims.web.id/"}, targets: []string{"TI.03", "PK.05", "TI.04"},
		validity: 24, selfRegistration: true, trainer: "Arif Wicaksono, S.Kom., M.T.", institution: "Perpustakaan Nasional RI", budget: 4_000_000},
	{key: "magang", title: "Magang Layanan Referensi di Perpustakaan Perguruan Tinggi", typ: "magang", level: "lanjut", jp: 40, days: 5, partner: "magang", modality: "offline",
		description: "Praktik kerja lima hari di perpustakaan perguruan tinggi mitra: layanan referensi dan penelusuran, literasi informasi bagi mahasiswa, dan riset kecil tentang kebutuhan pemustaka.",
		targets:     []string{"LP.02", "LP.03", "KU.05"}, budget: 15_000_000},
}

// devStory is one library's staff-development story.
type devStory struct {
	university string         // the partner of the magang
	bias       map[string]int // agreed level = required + bias (± noise): weak < 0 < strong
	programs   []string       // catalogue, by progDef key
	past       []pastDef      // completed sessions, oldest first
	upcoming   []upDef        // sessions open for registration, soonest first
	mine       [2]string      // the demo pustakawan's completed and upcoming programme
	jpMix      [3]int         // percent of staff who met, are close to, are far from the JP target
	reaction   int            // how the library's trainings are received: added to a 4 (of 5)
}

// pastDef is a completed session, at a share of the past window (0 earliest).
type pastDef struct {
	program string
	at      float64
}

// upDef is an upcoming session: days from today, capacity, how many are
// nominated (more than the capacity: a waitlist).
type upDef struct {
	program   string
	in, seats int
	nominated int
}

// devStories, by the library's e-mail key.
var devStories = map[string]devStory{
	// A smaller city: digital services still new, literacy classes rare;
	// the circulation desk is its strength. Many staff far from 20 JP.
	"lubuklinggau": {
		university: "Program Studi Ilmu Perpustakaan, Fakultas Adab dan Humaniora UIN Raden Fatah Palembang",
		bias:       map[string]int{"TI.01": -1, "TI.02": -1, "TI.03": -2, "TI.04": -1, "PK.05": -1, "KU.03": -1, "LP.02": -1, "LP.03": -1, "LP.01": 1},
		programs:   []string{"prima", "literasi", "dongeng", "digital", "magang"},
		past:       []pastDef{{"prima", 0.3}, {"dongeng", 0.8}},
		upcoming:   []upDef{{"digital", 12, 15, 19}, {"literasi", 26, 25, 9}},
		mine:       [2]string{"prima", "literasi"},
		jpMix:      [3]int{25, 35, 40},
	},
	// The largest collection outside Java in the demo: a cataloguing
	// backlog, a busy digital corner, complaints about the desk.
	"samarinda": {
		university: "UPT Perpustakaan Universitas Mulawarman",
		bias:       map[string]int{"PB.01": -2, "PB.02": -1, "PB.03": -1, "KU.03": -1, "LP.02": -1, "KU.02": -1, "KU.01": -1, "LP.01": 1, "TI.03": 1},
		programs:   []string{"prima", "literasi", "rda", "dongeng", "digital", "magang"},
		past:       []pastDef{{"digital", 0.2}, {"prima", 0.55}, {"literasi", 0.85}},
		upcoming:   []upDef{{"rda", 10, 12, 16}, {"dongeng", 24, 20, 8}, {"magang", 38, 4, 3}},
		mine:       [2]string{"prima", "dongeng"},
		jpMix:      [3]int{30, 40, 30},
		reaction:   -1,
	},
	// Doing well: friendly desks, most staff at 20 JP; digital and
	// information literacy the gaps left.
	"batu": {
		university: "Program Studi Perpustakaan dan Ilmu Informasi, Fakultas Ilmu Administrasi Universitas Brawijaya",
		bias:       map[string]int{"LP.01": 1, "KU.02": 1, "KU.01": 1, "LP.04": 1, "TI.03": -1, "KU.03": -1},
		programs:   []string{"prima", "literasi", "rda", "dongeng", "digital", "magang"},
		past:       []pastDef{{"literasi", 0.25}, {"rda", 0.6}, {"dongeng", 0.85}},
		upcoming:   []upDef{{"digital", 11, 15, 18}, {"prima", 25, 25, 10}, {"magang", 39, 4, 2}},
		mine:       [2]string{"dongeng", "prima"},
		jpMix:      [3]int{55, 30, 15},
		reaction:   1,
	},
	// Strong children's services, weak customer service and ethics: the
	// complaints say so.
	"kediri": {
		bias:     map[string]int{"KU.02": -1, "KU.01": -1, "KU.06": -1, "KU.03": -1, "TI.03": -1, "LP.01": 1, "LP.04": 1},
		programs: []string{"prima", "literasi", "rda", "dongeng", "digital"},
		past:     []pastDef{{"dongeng", 0.2}, {"rda", 0.5}, {"digital", 0.8}},
		upcoming: []upDef{{"prima", 12, 20, 24}, {"literasi", 26, 25, 8}},
		mine:     [2]string{"dongeng", "literasi"},
		jpMix:    [3]int{30, 40, 30},
	},
	// A metropolitan library with a strong outreach tradition (mobile
	// library, children); digital services and information literacy lag.
	"semarang": {
		university: "Program Studi Ilmu Perpustakaan, Fakultas Ilmu Budaya Universitas Diponegoro",
		bias:       map[string]int{"TI.03": -2, "TI.04": -1, "KU.03": -2, "LP.02": -1, "LP.03": -1, "LP.01": 1, "LP.04": 1, "LP.05": 1},
		programs:   []string{"prima", "literasi", "rda", "dongeng", "digital", "magang"},
		past:       []pastDef{{"magang", 0.25}, {"prima", 0.5}, {"dongeng", 0.8}},
		upcoming:   []upDef{{"literasi", 10, 20, 24}, {"digital", 24, 30, 12}, {"rda", 38, 20, 9}},
		mine:       [2]string{"prima", "digital"},
		jpMix:      [3]int{40, 35, 25},
	},
}

// jpActivityDef is an activity staff record in their JP ledger themselves.
type jpActivityDef struct {
	activity, title, organizer string
	min, max                   int // JP
}

var jpActivities = []jpActivityDef{
	{"seminar", "Webinar Perpusnas: Transformasi Perpustakaan Berbasis Inklusi Sosial", "Perpustakaan Nasional RI", 2, 4},
	{"seminar", "Webinar Literasi Digital untuk Pustakawan", "Perpustakaan Nasional RI", 2, 3},
	{"seminar", "Seminar Nasional Kepustakawanan", "Ikatan Pustakawan Indonesia", 8, 8},
	{"workshop", "Bimbingan Teknis Pengelolaan Perpustakaan Umum", "Dinas Perpustakaan Provinsi", 8, 16},
	{"e_learning", "Kursus Daring Orientasi Pelayanan Publik", "Lembaga Administrasi Negara (ASN Unggul)", 6, 10},
	{"e_learning", "Pelatihan Daring Literasi Digital ASN", "Kementerian Komunikasi dan Digital", 4, 8},
	{"workshop", "Workshop Penulisan Karya Tulis Ilmiah Pustakawan", "Ikatan Pustakawan Indonesia", 8, 8},
	{"belajar_mandiri", "Belajar Mandiri: Modul Otomasi Perpustakaan SLiMS", "", 1, 4},
	{"belajar_mandiri", "Belajar Mandiri: Modul Pelayanan Referensi", "", 1, 4},
}

// Comments participants leave on the L1 reaction survey.
var reactionComments = []string{
	"Waktu praktik perlu ditambah.",
	"Materi sangat bermanfaat, mohon modul dibagikan dalam bentuk PDF.",
	"Ruangan terlalu dingin, proyektor kurang terang.",
	"Contoh kasus sebaiknya dari perpustakaan umum, bukan perguruan tinggi.",
	"Sesi tanya jawab terlalu singkat.",
	"Jaringan internet sering terputus saat sesi daring.",
	"Pemateri menguasai materi dan mudah dipahami.",
	"Perlu pelatihan lanjutan tingkat menengah.",
}
