// The demo teams of each kabupaten: a team of the Dinas Kesehatan in
// every state, who forms it and who acts at each step under the profile
// (Kampar: KMP 4-11; Paser: PSR 8-15). People are picked from the posts of
// the demo structure (demo_kedudukan.cc: "f0", "f1" fungsional, "p"
// pelaksana); the texts are invented demo content.
#include "deploy/demo/demo_teams_steps.h"

namespace sisker::demo::teams {

namespace {

using S = v1::Team;

// An activity for the team's member `owner` (the lead left out), due `due`.
ActivityPlan Todo(int owner, Day due, const char* title) {
  return {title, due, v1::Activity::TODO, 0, owner};
}
ActivityPlan Doing(int owner, int progress, Day due, const char* title) {
  return {title, due, v1::Activity::IN_PROGRESS, progress, owner};
}
ActivityPlan Done(int owner, Day due, const char* title) {
  return {title, due, v1::Activity::DONE, 100, owner};
}

}  // namespace

// The work each kabupaten's EXECUTION team records.
constexpr Work kKamparWork = {
    .member_report =
        "Skrining gejala TBC pada kontak serumah di wilayah kerja telah "
        "dilaksanakan di 14 desa; 1.120 orang diskrining, 86 terduga TBC "
        "dirujuk untuk pemeriksaan TCM. Kendala: sebagian kontak bekerja di "
        "kebun sawit pada siang hari.",
    .lead_report =
        "Laporan bulanan Oktober 2026: skrining berjalan di lima puskesmas "
        "(capaian 2.310 dari 5.000 sasaran, 46 persen); 173 terduga TBC "
        "diperiksa TCM, 21 kasus terkonfirmasi dan seluruhnya telah mulai "
        "pengobatan. Hambatan utama adalah ketersediaan kartrid TCM.",
    .request_subject =
        "Rekap hasil skrining dan rujukan terduga TBC Puskesmas Bangkinang "
        "sampai dengan 27 November 2026",
    .open = {.problem = "Stok kartrid TCM di UPTD Labkesda diperkirakan "
                        "habis pada pertengahan Desember 2026, sebelum "
                        "seluruh sampel dahak hasil skrining diperiksa.",
             .recommendations = {"Mengajukan permintaan kartrid tambahan ke "
                                 "Dinas Kesehatan Provinsi Riau",
                                 "Merujuk sebagian sampel ke RSUD Bangkinang "
                                 "yang memiliki alat TCM"}},
    .decided = {.problem = "Data skrining dari Puskesmas Bangkinang belum "
                           "dapat diunggah ke SITB karena format data desa "
                           "tidak sesuai dengan kode wilayah Dukcapil.",
                .recommendations = {"Dinas Komunikasi dan Informatika "
                                    "memetakan kode desa ke kode wilayah "
                                    "Dukcapil",
                                    "Petugas puskesmas memasukkan ulang data "
                                    "secara manual"},
                .collaboration = true,
                .decision = "Dilaksanakan alternatif pertama: Bidang "
                            "Statistik dan Persandian Diskominfo membantu "
                            "pemetaan kode wilayah paling lambat 11 Desember "
                            "2026.",
                .chosen = 0},
    .feedback =
        "Laporan harian skrining sudah rapi; mohon dilengkapi jumlah "
        "kontak yang belum dapat ditemui beserta rencana kunjungan "
        "ulangnya.",
    .result =
        "Mengoordinasikan rapat persiapan dan pembagian wilayah "
        "skrining; menyusun rekap mingguan capaian skrining lima "
        "puskesmas tepat waktu.",
    .note_counterpart = "Bidang Pelayanan Kesehatan RSUD Bangkinang",
    .note_topic =
        "Rujukan sampel dahak terduga TBC ke laboratorium TCM RSUD "
        "Bangkinang",
    .note_outcome =
        "RSUD Bangkinang bersedia memeriksa sampai 40 sampel per "
        "minggu selama Desember 2026.",
};

Plan KamparTeams() {
  // KMP 4(5), 4(9): the Kepala PD forms the team and signs its Keputusan;
  // 4(6): the lead a fungsional hasil penyetaraan of the owner PD, a
  // Kepala Bidang (Administrator) the penanggung jawab.
  const Who kKadis = Who::kOwnerKepalaPd;
  return {
      .roles = {.accountable = true,
                .plan_approver = kKadis,
                .closer = kKadis,
                .decider = kKadis,
                .requester = Who::kAccountable,
                .forward_lead_report = true},
      .teams = {
          {.stage = S::DRAFT,
           .owner_unit = "dinkes-bid-kesmas",
           .former = kKadis,
           .purpose = "Penyusunan rencana aksi daerah percepatan penurunan "
                      "stunting Kabupaten Kampar 2027",
           .targets = {"Draf rencana aksi daerah penurunan stunting 2027 "
                       "tersusun",
                       "Indikator dan target per kecamatan disepakati lintas "
                       "bidang"},
           .start = {2027, 1, 4},
           .end = {2027, 3, 31},
           .members = {{"dinkes-bid-kesmas", "f0"},
                       {"dinkes-bid-kesmas", "p"},
                       {"dinkes-bid-sdk", "f1"}}},
          {.stage = S::FORMING,
           .owner_unit = "dinkes-bid-p2p",
           .former = kKadis,
           .purpose = "Penanggulangan kejadian luar biasa difteri di "
                      "Kecamatan Tambang",
           .targets = {"Seluruh kontak erat kasus difteri terlacak dan "
                       "mendapat profilaksis",
                       "Outbreak Response Immunization difteri terlaksana di "
                       "desa terdampak"},
           .start = {2026, 12, 7},
           .end = {2027, 2, 26},
           .members = {{"dinkes-bid-p2p", "f1"},
                       {"dinkes-bid-p2p", "p"},
                       {"dinkes-uptd-pkm-tambang", "f1"}},
           .competence = "Surveilans dan imunisasi"},
          {.stage = S::PLANNING,
           .owner_unit = "dinkes-bid-yankes",
           .former = kKadis,
           .purpose = "Pendampingan persiapan akreditasi lima puskesmas "
                      "tahun 2027",
           .targets = {"Dokumen akreditasi lima puskesmas lengkap",
                       "Simulasi survei akreditasi terlaksana di setiap "
                       "puskesmas"},
           .start = {2026, 12, 1},
           .end = {2027, 3, 31},
           .members = {{"dinkes-bid-yankes", "f0"},
                       {"dinkes-bid-yankes", "p"},
                       {"dinkes-uptd-pkm-kuok", "f0"}},
           .competence = "Manajemen mutu pelayanan kesehatan primer",
           .strategy = "Pendampingan bertahap: penilaian mandiri, perbaikan "
                       "dokumen, lalu simulasi survei di setiap puskesmas.",
           .activities =
               {Todo(0, {2026, 12, 18}, "Penilaian mandiri standar akreditasi"),
                Todo(1, {2027, 2, 12},
                     "Perbaikan dokumen dan tata kelola mutu"),
                Todo(2, {2027, 3, 19}, "Simulasi survei akreditasi")}},
          {.stage = S::EXECUTION,
           .owner_unit = "dinkes-bid-p2p",
           .former = kKadis,
           .purpose = "Penemuan kasus aktif tuberkulosis di lima puskesmas "
                      "Kabupaten Kampar",
           .targets = {"Skrining TBC pada 5.000 kontak serumah dan kelompok "
                       "berisiko terlaksana",
                       "Seluruh kasus TBC yang ditemukan mulai diobati paling "
                       "lambat dua minggu setelah diagnosis"},
           .start = {2026, 10, 1},
           .end = {2026, 12, 31},
           .members = {{"dinkes-bid-p2p", "f0"},
                       {"dinkes-uptd-pkm-bangkinang", "f0"},
                       {"dinkes-uptd-labkesda", "f1"},
                       {"diskominfo-bid-statistik-sandi", "f0"},
                       {"dinkes-bid-p2p", "p"}},
           .competence = "Surveilans TBC, pemeriksaan laboratorium dan "
                         "pengolahan data",
           .strategy = "Skrining dari rumah ke rumah oleh petugas puskesmas, "
                       "pemeriksaan TCM terpusat di Labkesda, pencatatan "
                       "harian ke SITB.",
           .activities =
               {Done(0, {2026, 10, 9},
                     "Rapat koordinasi dan pembagian wilayah skrining"),
                Done(1, {2026, 11, 20},
                     "Skrining gejala TBC pada kontak serumah"),
                Doing(2, 70, {2026, 11, 27},
                      "Pemeriksaan TCM dahak terduga TBC di Labkesda"),
                Doing(3, 30, {2026, 12, 11},
                      "Validasi data kasus dan unggah ke SITB"),
                Todo(4, {2026, 12, 23},
                     "Penyusunan laporan dan rekomendasi tindak lanjut")},
           .work = &kKamparWork},
          {.stage = S::EVALUATION,
           .owner_unit = "dinkes-bid-sdk",
           .former = kKadis,
           .purpose = "Pemetaan kebutuhan tenaga kesehatan puskesmas tahun "
                      "2027",
           .targets = {"Peta kebutuhan tenaga kesehatan per puskesmas "
                       "tersusun berdasarkan analisis beban kerja"},
           .start = {2026, 8, 3},
           .end = {2026, 11, 20},
           .members = {{"dinkes-bid-sdk", "f0"},
                       {"dinkes-bid-sdk", "p"},
                       {"dinkes-subbag-umum", "f1"}},
           .strategy = "Analisis beban kerja per jenis tenaga di setiap "
                       "puskesmas, dibandingkan dengan data SISDMK.",
           .activities =
               {Done(0, {2026, 9, 11},
                     "Pengumpulan data tenaga kesehatan per puskesmas"),
                Done(1, {2026, 10, 23}, "Analisis beban kerja"),
                Done(2, {2026, 11, 13}, "Penyusunan peta kebutuhan")},
           .results = "Peta kebutuhan tenaga kesehatan 31 puskesmas tersusun: "
                      "kekurangan 42 bidan, 18 perawat dan 9 tenaga gizi."},
          {.stage = S::CLOSED,
           .owner_unit = "dinkes-bid-kesmas",
           .former = kKadis,
           .purpose = "Pelaksanaan Bulan Penimbangan Balita Agustus 2026",
           .targets = {"Cakupan penimbangan balita minimal 90 persen di "
                       "seluruh posyandu",
                       "Data hasil penimbangan masuk ke aplikasi e-PPGBM"},
           .start = {2026, 7, 20},
           .end = {2026, 9, 30},
           .members = {{"dinkes-bid-kesmas", "f1"},
                       {"dinkes-bid-kesmas", "p"},
                       {"dinkes-uptd-pkm-air-tiris", "f0"}},
           .strategy = "Penimbangan serentak di posyandu dengan pendampingan "
                       "petugas gizi puskesmas.",
           .activities = {Done(0, {2026, 7, 31},
                               "Sosialisasi dan penyiapan alat ukur posyandu"),
                          Done(1, {2026, 8, 31}, "Penimbangan serentak"),
                          Done(2, {2026, 9, 25},
                               "Entri dan validasi data e-PPGBM")},
           .results = "Cakupan penimbangan 93,4 persen; seluruh data masuk "
                      "e-PPGBM dan tervalidasi.",
           .closing_note = "Hasil diterima dan sesuai target (KMP 11(3))."},
          {.stage = S::CANCELLED,
           .owner_unit = "dinkes-bid-yankes",
           .former = kKadis,
           .purpose = "Penyusunan standar pelayanan kesehatan jemaah haji "
                      "Kabupaten Kampar 2027",
           .targets = {"Draf standar pelayanan kesehatan jemaah haji "
                       "tersusun"},
           .start = {2027, 1, 11},
           .end = {2027, 4, 30},
           .members = {{"dinkes-bid-yankes", "f0"}, {"dinkes-bid-yankes", "p"}},
           .cancel_reason = "Standar pelayanan kesehatan jemaah haji "
                            "ditetapkan secara nasional oleh Kementerian "
                            "Kesehatan; penyusunan di daerah tidak "
                            "diperlukan."}}};
}

constexpr Work kPaserWork = {
    .member_report =
        "Inventarisasi format laporan W2 dan laporan bulanan selesai untuk "
        "16 puskesmas; 11 variabel berbeda penamaan antarpuskesmas dan telah "
        "diusulkan penyeragamannya.",
    .lead_report =
        "Laporan bulanan Oktober 2026: kamus data surveilans disepakati, "
        "modul unggah pada portal Satu Data dikembangkan (60 persen), uji "
        "coba di Puskesmas Long Kali dijadwalkan awal Desember.",
    .request_subject =
        "Kesiapan jaringan dan perangkat Puskesmas Long Kali untuk uji coba "
        "pengiriman data surveilans",
    .open = {.problem = "Jaringan internet di enam puskesmas wilayah hulu "
                        "tidak stabil sehingga unggah data mingguan sering "
                        "gagal.",
             .recommendations = {"Menyediakan mode luring dengan sinkronisasi "
                                 "otomatis saat jaringan tersedia",
                                 "Mengirim data melalui puskesmas induk "
                                 "terdekat"}},
    .decided = {.problem = "Server portal Satu Data belum memiliki ruang "
                           "penyimpanan untuk data surveilans mingguan.",
                .recommendations = {"Diskominfo menambah kapasitas server "
                                    "pada anggaran perubahan",
                                    "Data disimpan sementara di server Dinas "
                                    "Kesehatan"},
                .collaboration = true,
                .decision = "Alternatif pertama: Diskominfo menambah "
                            "kapasitas server; sementara itu data disimpan "
                            "di server Dinas Kesehatan.",
                .chosen = 0},
    .feedback =
        "Kamus data sudah baik; mohon tambahkan definisi operasional "
        "untuk kasus suspek dan probable.",
    .result =
        "Menyelesaikan inventarisasi format laporan 16 puskesmas dan "
        "usulan penyeragaman variabel tepat waktu.",
    .note_counterpart = "Bappeda Kabupaten Paser (Forum Satu Data)",
    .note_topic =
        "Penetapan data surveilans penyakit menular sebagai data "
        "prioritas Satu Data Kabupaten Paser",
    .note_outcome =
        "Disepakati masuk daftar data prioritas 2027; walidata "
        "pendukung Dinas Kesehatan.",
};

Plan PaserTeams() {
  // PSR 8(5), 10(1): the Pimpinan Unit (or the Kepala PD) forms the team;
  // across units or PDs the home heads answer (10(2)-(3)); across PDs the
  // Sekda's Keputusan (10(4)); a lead from another PD is acknowledged
  // (10(8)).
  const Who kKabid = Who::kOwnerUnitHead;
  const Who kKadis = Who::kOwnerKepalaPd;
  return {
      .roles = {.plan_approver = kKabid,
                .closer = kKadis,
                .decider = kKabid,
                .requester = kKabid},
      .teams =
          {{.stage = S::DRAFT,
            .owner_unit = "dinkes-bid-kesmas",
            .former = kKabid,
            .purpose = "Penyusunan rencana kegiatan Gerakan Masyarakat Hidup "
                       "Sehat (Germas) Kabupaten Paser 2027",
            .targets = {"Rencana kegiatan Germas 2027 per kecamatan tersusun"},
            .start = {2027, 1, 4},
            .end = {2027, 3, 31},
            .lead = {"dinkes-bid-kesmas", "f0"},
            .members = {{"dinkes-bid-kesmas", "f1"},
                        {"dinkes-bid-kesmas", "p"}}},
           // Across units: the heads of the UPTD Puskesmas have not answered.
           {.stage = S::FORMING,
            .owner_unit = "dinkes-bid-p2p",
            .former = kKabid,
            .purpose = "Penyelidikan epidemiologi dan pengendalian vektor "
                       "demam berdarah di Kecamatan Tanah Grogot",
            .targets = {"Penyelidikan epidemiologi seluruh kasus DBD "
                        "terlaksana dalam 24 jam",
                        "Angka bebas jentik di desa terdampak minimal 95 "
                        "persen"},
            .start = {2026, 12, 7},
            .end = {2027, 1, 29},
            .lead = {"dinkes-bid-p2p", "f1"},
            .members = {{"dinkes-uptd-pkm-tanah-grogot", "f0"},
                        {"dinkes-uptd-labkesda", "f0"},
                        {"dinkes-bid-p2p", "p"}},
            .competence = "Surveilans epidemiologi dan pengendalian vektor"},
           // Across units: answered by the Kepala UPTD, signed by the Kabid.
           {.stage = S::PLANNING,
            .owner_unit = "dinkes-bid-yankes",
            .former = kKabid,
            .purpose = "Penguatan rujukan maternal dan neonatal dari "
                       "puskesmas ke RSUD Panglima Sebaya",
            .targets = {"Alur rujukan maternal dan neonatal disepakati "
                        "seluruh puskesmas",
                        "Waktu tanggap rujukan tercatat di setiap puskesmas"},
            .start = {2026, 12, 1},
            .end = {2027, 3, 31},
            .lead = {"dinkes-bid-yankes", "f1"},
            .members = {{"dinkes-uptd-pkm-kuaro", "f0"},
                        {"dinkes-uptd-pkm-long-ikis", "f1"},
                        {"dinkes-bid-yankes", "p"}},
            .competence = "Pelayanan kesehatan ibu dan anak",
            .strategy = "Pemetaan alur rujukan, kesepakatan dengan RSUD, lalu "
                        "pencatatan waktu tanggap di setiap puskesmas.",
            .activities =
                {Todo(0, {2026, 12, 18}, "Pemetaan alur rujukan puskesmas"),
                 Todo(1, {2027, 1, 29}, "Kesepakatan alur rujukan dengan RSUD"),
                 Todo(2, {2027, 3, 19}, "Pencatatan waktu tanggap rujukan")}},
           // Across PDs with a lead from Diskominfo (PSR 10(8), acknowledged):
           // answered by the home heads, the Sekda's Keputusan (PSR 10(4)).
           {.stage = S::EXECUTION,
            .owner_unit = "dinkes-bid-p2p",
            .former = kKadis,
            .purpose = "Integrasi data surveilans penyakit menular puskesmas "
                       "ke portal Satu Data Kabupaten Paser",
            .targets = {"Data surveilans mingguan 16 puskesmas tersedia di "
                        "portal Satu Data",
                        "SOP pemutakhiran data surveilans ditetapkan"},
            .start = {2026, 10, 1},
            .end = {2026, 12, 31},
            .lead = {"diskominfo-bid-statistik", "f0"},
            .members = {{"dinkes-bid-p2p", "f0"},
                        {"dinkes-bid-p2p", "p"},
                        {"dinkes-uptd-pkm-long-kali", "f0"},
                        {"diskominfo-bid-aptika", "f1"}},
            .competence = "Surveilans epidemiologi, statistik dan "
                          "pengembangan aplikasi",
            .strategy = "Penyeragaman format data, pengembangan modul unggah, "
                        "uji coba di satu puskesmas, lalu perluasan.",
            .activities =
                {Done(0, {2026, 10, 16},
                      "Inventarisasi format laporan surveilans puskesmas"),
                 Done(1, {2026, 11, 6}, "Penyusunan kamus data surveilans"),
                 Doing(3, 60, {2026, 11, 27},
                       "Pengembangan modul unggah data pada portal Satu Data"),
                 Doing(2, 25, {2026, 12, 11},
                       "Uji coba pengiriman data dari Puskesmas Long Kali"),
                 Todo(1, {2026, 12, 23},
                      "Penyusunan SOP pemutakhiran data surveilans")},
            .work = &kPaserWork},
           {.stage = S::EVALUATION,
            .owner_unit = "dinkes-bid-kesmas",
            .former = kKabid,
            .purpose = "Survei cepat cakupan ASI eksklusif Kabupaten Paser "
                       "2026",
            .targets = {"Angka cakupan ASI eksklusif per kecamatan "
                        "terukur"},
            .start = {2026, 8, 3},
            .end = {2026, 11, 20},
            .lead = {"dinkes-bid-kesmas", "f0"},
            .members = {{"dinkes-bid-kesmas", "f1"},
                        {"dinkes-bid-kesmas", "p"}},
            .strategy = "Survei klaster 30x7 di setiap kecamatan.",
            .activities =
                {Done(0, {2026, 8, 28},
                      "Penyusunan kuesioner dan pelatihan enumerator"),
                 Done(1, {2026, 10, 16}, "Pengumpulan data lapangan"),
                 Done(0, {2026, 11, 13}, "Analisis dan penulisan laporan")},
            .results = "Cakupan ASI eksklusif 61,8 persen; terendah di "
                       "Kecamatan Muara Samu (44,2 persen)."},
           {.stage = S::CLOSED,
            .owner_unit = "dinkes-bid-p2p",
            .former = kKabid,
            .purpose = "Pelaksanaan Pekan Imunisasi Nasional polio putaran "
                       "kedua 2026",
            .targets = {"Cakupan imunisasi polio putaran kedua minimal 95 "
                        "persen"},
            .start = {2026, 7, 13},
            .end = {2026, 9, 30},
            .lead = {"dinkes-bid-p2p", "f0"},
            .members = {{"dinkes-bid-p2p", "f1"}, {"dinkes-bid-p2p", "p"}},
            .strategy = "Pos imunisasi di posyandu dan sekolah, penyisiran "
                        "rumah ke rumah pada minggu kedua.",
            .activities = {Done(0, {2026, 7, 24}, "Penyiapan logistik vaksin"),
                           Done(1, {2026, 8, 28}, "Pelaksanaan pos imunisasi"),
                           Done(0, {2026, 9, 25}, "Penyisiran dan pelaporan")},
            .results = "Cakupan imunisasi polio putaran kedua 96,7 persen.",
            .closing_note = "Hasil diterima dan sesuai target."},
           {.stage = S::CANCELLED,
            .owner_unit = "dinkes-bid-yankes",
            .former = kKabid,
            .purpose = "Kajian pembentukan UPTD Laboratorium Kesehatan "
                       "Daerah kedua di wilayah hulu",
            .targets = {"Naskah kajian pembentukan UPTD tersusun"},
            .start = {2027, 1, 11},
            .end = {2027, 5, 28},
            .lead = {"dinkes-bid-yankes", "f0"},
            .members = {{"dinkes-bid-yankes", "p"}},
            .cancel_reason =
                "Pembentukan UPTD baru tidak masuk prioritas RPJMD "
                "dan ditunda sampai evaluasi kelembagaan 2028."}}};
}

}  // namespace sisker::demo::teams
