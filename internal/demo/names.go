package demo

// region holds the name lists staff names are built from. Names are two
// words, a first name and a second; the second lists are split by sex too,
// because many are unmistakably male or female (Wulandari, Saputra), and the
// NIP's sex digit must agree with the name.
type region struct {
	maleFirst, maleLast, femaleFirst, femaleLast []string
}

// javanese serves Batu, Kediri and Semarang.
var javanese = region{
	maleFirst: []string{"Agus", "Bambang", "Budi", "Eko", "Hadi", "Joko", "Slamet", "Sugeng", "Teguh", "Wahyu",
		"Bayu", "Arif", "Dimas", "Galih", "Heru", "Hari", "Yoga", "Rudi", "Wisnu", "Aris", "Adi", "Imam", "Fajar"},
	maleLast: []string{"Santoso", "Wibowo", "Prasetyo", "Nugroho", "Hartono", "Susanto", "Setiawan", "Kurniawan",
		"Saputra", "Wijaya", "Hidayat", "Sulistyo", "Sugiarto", "Widodo", "Purnomo", "Suryanto", "Prabowo",
		"Firmansyah", "Hermawan", "Cahyono"},
	femaleFirst: []string{"Sri", "Siti", "Endah", "Rini", "Ratna", "Wulan", "Dewi", "Indah", "Yuni", "Kartika",
		"Ayu", "Retno", "Suci", "Puspita", "Nining", "Fitri", "Anik", "Erna", "Novi", "Diah", "Tutik"},
	femaleLast: []string{"Wulandari", "Lestari", "Rahayu", "Handayani", "Purnamasari", "Pratiwi", "Utami",
		"Rahmawati", "Ningsih", "Setyowati", "Susilowati", "Kusumawati", "Maharani", "Anggraini", "Permatasari",
		"Puspitasari", "Wahyuni", "Safitri", "Damayanti", "Indriani"},
}

// malayPalembang serves Lubuklinggau (Musi Rawas, Sumatera Selatan).
var malayPalembang = region{
	maleFirst: []string{"Rahmat", "Hendra", "Dedi", "Erwin", "Fauzi", "Irwan", "Syahrial", "Zulkifli", "Herman",
		"Junaidi", "Rudi", "Azhari", "Marzuki", "Iskandar", "Yusuf", "Amri", "Ridwan", "Darmawan", "Hasan", "Muhammad"},
	maleLast: []string{"Effendi", "Syahputra", "Saputra", "Hidayat", "Rahman", "Firdaus", "Pratama", "Gunawan",
		"Ansori", "Mansyur", "Hakim", "Fadli", "Alamsyah", "Syafei", "Harun", "Zainal", "Husin", "Rasyid", "Ismail",
		"Arifin"},
	femaleFirst: []string{"Yulia", "Erna", "Desi", "Fitri", "Herlina", "Lenny", "Rika", "Yusnita", "Zuraida",
		"Mardiana", "Aisyah", "Siti", "Nurul", "Winda", "Meri", "Rosita", "Yeni", "Dewi", "Lidia", "Reni", "Mega"},
	femaleLast: []string{"Sari", "Novianti", "Marlina", "Oktaviani", "Rahmawati", "Yuliana", "Puspita", "Agustina",
		"Safitri", "Susanti", "Aprilia", "Fitriani", "Handayani", "Anggraini", "Rosalina", "Aini"},
}

// banjarKutaiBugis serves Samarinda: Banjar titles and spellings (Anang,
// Akhmad, Noor), Kutai (Awang, Dayang) and Bugis (Andi, for either sex).
var banjarKutaiBugis = region{
	maleFirst: []string{"Muhammad", "Akhmad", "Andi", "Anang", "Awang", "Rahmadi", "Irfan", "Hendri", "Wahyudi",
		"Fahmi", "Rizal", "Hairul", "Muhlis", "Syaiful", "Gusti"},
	maleLast: []string{"Rusdi", "Jailani", "Syahrani", "Ardiansyah", "Hasanuddin", "Fahrurrazi", "Mappiasse",
		"Syamsuddin", "Riduan", "Noor", "Mahyudin", "Bahrani", "Mattalitti", "Husaini", "Arsyad", "Rasyid", "Saleh",
		"Mahmud", "Faisal", "Rahman"},
	femaleFirst: []string{"Siti", "Nor", "Andi", "Dayang", "Rahmah", "Herliani", "Masliana", "Normila", "Jamilah",
		"Rusmini", "Hairunnisa", "Nurul", "Aulia", "Mariam", "Salmah", "Rina"},
	femaleLast: []string{"Aminah", "Fatimah", "Nurjannah", "Mahmudah", "Khairunnisa", "Rahmawati", "Hidayah",
		"Norhayati", "Zainab", "Maulidah", "Hasanah", "Rahmi", "Aisyah", "Nuraini", "Sari", "Hafsah", "Mardiah",
		"Safitri"},
}

// soundsOdd reports pairs a parent would not give: the same start
// ("Wulan Wulandari", "Herman Hermawan") or the same ending ("Hairunnisa
// Khairunnisa", "Fitri Safitri").
func soundsOdd(first, last string) bool {
	a, b := []rune(first), []rune(last)
	if len(a) < 3 || len(b) < 3 {
		return false
	}
	return string(a[:3]) == string(b[:3]) || string(a[len(a)-3:]) == string(b[len(b)-3:])
}
