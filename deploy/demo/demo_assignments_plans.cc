// The demo assignments of each kabupaten: an assignment in every state and
// letters valid, cancelled and superseded, each with the officials its
// profile names (Kampar: KMP 4; Paser: PSR 8-11).
#include "deploy/demo/demo_assignments_plans.h"

namespace sisker::demo::assignments {

constexpr auto kAppoint = Rules::APPOINTMENT;
constexpr auto kVolunteer = Rules::VOLUNTEERING;

Plan KamparPlan() {
  // KMP 4(5): the Kepala PD appoints; 4(8): the Kepala PD or the PPK signs
  // a Surat Tugas; no involvement request; volunteers are approved by the
  // Kepala PD (the profile's choice, KMP 4(7) names nobody).
  const Who kKepalaPd = Who::kOwnerKepalaPd;
  return {.scenarios = {
              {.home_unit = "dinkes-bid-p2p",
               .owner_unit = "dinkes-bid-p2p",
               .method = kVolunteer,
               .creator = Who::kSelf,
               .purpose = "Pendampingan petugas puskesmas dalam pelaksanaan "
                          "Bulan Imunisasi Anak Sekolah (BIAS) 2026",
               .targets = {"Pendampingan BIAS di lima puskesmas terlaksana",
                           "Laporan cakupan BIAS per puskesmas tersusun"},
               .start = {2026, 12, 1},
               .end = {2026, 12, 31},
               .inbox = kKepalaPd},
              {.home_unit = "diskominfo-bid-statistik-sandi",
               .owner_unit = "dinkes-bid-p2p",
               .method = kVolunteer,
               .creator = Who::kSelf,
               .purpose = "Pengembangan dasbor surveilans penyakit menular "
                          "berbasis data puskesmas",
               .targets = {"Dasbor surveilans mingguan tersedia dan "
                           "diperbarui dari laporan puskesmas"},
               .competence = "Pengolahan dan visualisasi data statistik",
               .start = {2026, 12, 1},
               .end = {2026, 12, 31}},
              {.home_unit = "dinkes-bid-kesmas",
               .owner_unit = "dinkes-bid-kesmas",
               .method = kAppoint,
               .creator = kKepalaPd,
               .purpose = "Penyusunan laporan pemantauan status gizi balita "
                          "semester II 2026",
               .targets = {"Laporan pemantauan status gizi balita semester "
                           "II tersusun",
                           "Data penimbangan seluruh puskesmas tervalidasi"},
               .start = {2026, 12, 1},
               .end = {2026, 12, 31}},
              {.home_unit = "dinkes-bid-yankes",
               .owner_unit = "dinkes-bid-p2p",
               .method = kAppoint,
               .creator = kKepalaPd,
               .purpose = "Penyusunan laporan surveilans campak triwulan III",
               .targets = {"Laporan surveilans triwulan III tersusun dan "
                           "disampaikan"},
               .competence = "Analisis data epidemiologi",
               .start = {2026, 10, 1},
               .end = {2026, 12, 31},
               .steps = {{Op::kSign, kKepalaPd}},
               .showcase = true},
              {.home_unit = "dinkes-bid-sdk",
               .owner_unit = "dinkes-bid-p2p",
               .method = kVolunteer,
               .creator = Who::kSelf,
               .purpose = "Verifikasi data kasus demam berdarah dengue (DBD) "
                          "tahun 2026",
               .targets = {"Data kasus DBD tahun 2026 terverifikasi per "
                           "kecamatan"},
               .competence = "Pengelolaan data kesehatan",
               .start = {2026, 11, 2},
               .end = {2026, 12, 18},
               .steps = {{Op::kRefuse, kKepalaPd,
                          "Yang bersangkutan menjadi panitia uji kompetensi "
                          "tenaga kesehatan sampai akhir Desember 2026"}}},
              {.home_unit = "dinkes-bid-p2p",
               .owner_unit = "dinkes-bid-p2p",
               .method = kAppoint,
               .creator = kKepalaPd,
               .purpose = "Penyelidikan epidemiologi kejadian luar biasa "
                          "diare di Kecamatan Kampar Kiri",
               .targets = {"Laporan penyelidikan epidemiologi KLB diare "
                           "tersusun"},
               .start = {2026, 10, 5},
               .end = {2026, 10, 30},
               .steps = {{Op::kSign, kKepalaPd},
                         {Op::kCancel, kKepalaPd,
                          "Penyelidikan diambil alih tim gerak cepat Dinas "
                          "Kesehatan Provinsi Riau"}}},
              {.home_unit = "dinkes-bid-kesmas",
               .owner_unit = "dinkes-bid-kesmas",
               .method = kAppoint,
               .creator = kKepalaPd,
               .purpose = "Sosialisasi perilaku hidup bersih dan sehat "
                          "(PHBS) di sekolah dasar",
               .targets = {"Sosialisasi PHBS di 20 sekolah dasar terlaksana"},
               .start = {2026, 9, 1},
               .end = {2026, 10, 31},
               .steps = {{Op::kSign, kKepalaPd},
                         {Op::kSupersede, kKepalaPd,
                          "Jangka waktu diperpanjang karena jadwal ujian "
                          "sekolah bergeser"}},
               .corrected_end = {2026, 11, 30}},
              // KMP 4(8): the Pejabat Penilai Kinerja may sign too.
              {.home_unit = "dinkes-bid-yankes",
               .owner_unit = "dinkes-bid-yankes",
               .method = kVolunteer,
               .creator = Who::kSelf,
               .purpose = "Penyusunan standar operasional prosedur rujukan "
                          "puskesmas ke RSUD Bangkinang",
               .targets = {"Draf SOP rujukan tersusun dan dibahas dengan "
                           "kepala puskesmas"},
               .start = {2026, 10, 1},
               .end = {2026, 11, 30},
               .steps = {{Op::kApprove, kKepalaPd}, {Op::kSign, Who::kPpk}}},
              // Work of the Setda for a pegawai of the Dinkes: across PDs,
              // low priority against the home PD's work (KMP 5(2)).
              {.home_unit = "dinkes-bid-kesmas",
               .owner_unit = "setda-bag-kesra",
               .method = kAppoint,
               .creator = kKepalaPd,
               .purpose = "Penyusunan bahan rapat koordinasi percepatan "
                          "penurunan stunting tingkat kabupaten",
               .targets = {"Bahan rapat koordinasi dan notula tersusun",
                           "Rekomendasi tindak lanjut disampaikan kepada "
                           "Sekretaris Daerah"},
               .competence = "Gizi masyarakat",
               .start = {2026, 10, 12},
               .end = {2026, 12, 11},
               .steps = {{Op::kSign, kKepalaPd}}},
          }};
}

Plan PaserPlan() {
  // PSR 8(2), 8(5): the PPK, Kepala PD or Pimpinan Unit appoints; across
  // units or PDs the head where the pegawai sits answers first (9(3)-(4)).
  const Who kKabid = Who::kOwnerUnitHead;
  const Who kHome = Who::kHomeUnitHead;
  const Who kKadis = Who::kOwnerKepalaPd;
  return {
      .delegate_units = {"dinkes-sekretariat", "dinkes-bid-yankes"},
      .delegating_pd = "dinkes",
      .scenarios = {
          {.home_unit = "dinkes-bid-kesmas",
           .owner_unit = "dinkes-bid-p2p",
           .method = kAppoint,
           .creator = kKabid,
           .purpose = "Penyusunan laporan surveilans campak triwulan III",
           .targets = {"Laporan surveilans triwulan III tersusun dan "
                       "disampaikan"},
           .competence = "Analisis data epidemiologi",
           .start = {2026, 12, 1},
           .end = {2026, 12, 31},
           .inbox = kHome},
          {.home_unit = "diskominfo-bid-statistik",
           .owner_unit = "dinkes-bid-p2p",
           .method = kAppoint,
           .creator = kKabid,
           .purpose = "Pengolahan data kasus penyakit berpotensi kejadian "
                      "luar biasa tahun 2026",
           .targets = {"Data kasus penyakit berpotensi KLB tahun 2026 "
                       "terolah dan tersaji per kecamatan"},
           .competence = "Statistik dan pengolahan data",
           .start = {2026, 12, 1},
           .end = {2026, 12, 31}},
          {.home_unit = "dinkes-bid-yankes",
           .owner_unit = "dinkes-bid-p2p",
           .method = kVolunteer,
           .creator = Who::kSelf,
           .purpose = "Pendampingan imunisasi kejar campak-rubela di "
                      "Kecamatan Long Ikis",
           .targets = {"Imunisasi kejar di 12 desa terdampingi dan tercatat"},
           .start = {2026, 12, 1},
           .end = {2026, 12, 23}},
          {.home_unit = "dinkes-bid-p2p",
           .owner_unit = "dinkes-bid-p2p",
           .method = kAppoint,
           .creator = Who::kPpk,
           .purpose = "Penyusunan rencana aksi eliminasi malaria Kabupaten "
                      "Paser 2027",
           .targets = {"Draf rencana aksi eliminasi malaria 2027 tersusun"},
           .start = {2026, 12, 1},
           .end = {2026, 12, 31}},
          // PSR 9(5)a: across units of one PD, the Kepala PD signs.
          {.home_unit = "dinkes-bid-yankes",
           .owner_unit = "dinkes-bid-p2p",
           .method = kAppoint,
           .creator = kKabid,
           .purpose = "Validasi laporan surveilans penyakit tidak menular "
                      "triwulan III",
           .targets = {"Laporan surveilans PTM triwulan III tervalidasi dan "
                       "disampaikan"},
           .competence = "Analisis data epidemiologi",
           .start = {2026, 10, 1},
           .end = {2026, 12, 31},
           .steps = {{Op::kApprove, kHome}, {Op::kSign, kKadis}}},
          // The Kepala UPTD Puskesmas answers for their staff (PSR 9(4)).
          {.home_unit = "dinkes-uptd-pkm-tanah-grogot",
           .owner_unit = "dinkes-bid-p2p",
           .method = kAppoint,
           .creator = kKabid,
           .purpose = "Pelacakan kontak kasus tuberkulosis di Kecamatan "
                      "Tanah Grogot",
           .targets = {"Seluruh kontak serumah kasus TBC terlacak dan "
                       "terperiksa"},
           .competence = "Surveilans dan pelacakan kontak",
           .start = {2026, 11, 2},
           .end = {2026, 12, 18},
           .steps = {{Op::kRefuse, kHome,
                      "Tenaga surveilans puskesmas sedang melaksanakan "
                      "imunisasi kejar sampai 18 Desember 2026"}}},
          // PSR 9(1): within a unit, the PPK appoints and signs.
          {.home_unit = "dinkes-bid-kesmas",
           .owner_unit = "dinkes-bid-kesmas",
           .method = kAppoint,
           .creator = Who::kPpk,
           .purpose = "Pemantauan kualitas air minum di fasilitas umum "
                      "Kecamatan Tanah Grogot",
           .targets = {"Hasil uji kualitas air minum 30 titik terlaporkan"},
           .start = {2026, 10, 5},
           .end = {2026, 11, 27},
           .steps = {{Op::kSign, Who::kPpk},
                     {Op::kCancel, Who::kPpk,
                      "Kegiatan ditunda karena reagen pemeriksaan belum "
                      "tersedia"}}},
          {.home_unit = "dinkes-subbag-umum",
           .owner_unit = "dinkes-subbag-umum",
           .method = kAppoint,
           .creator = Who::kPpk,
           .purpose = "Pendataan tenaga kesehatan untuk perencanaan "
                      "kebutuhan SDM kesehatan 2027",
           .targets = {"Data tenaga kesehatan seluruh puskesmas mutakhir"},
           .start = {2026, 9, 1},
           .end = {2026, 10, 31},
           .steps = {{Op::kSign, Who::kPpk},
                     {Op::kSupersede, Who::kPpk,
                      "Jangka waktu diperpanjang: data dua puskesmas belum "
                      "masuk"}},
           .corrected_end = {2026, 11, 30}},
          // PSR 9(5)b: across PDs by appointment, the Sekda signs.
          {.home_unit = "dinkes-bid-kesmas",
           .owner_unit = "setda-bag-kesra",
           .method = kAppoint,
           .creator = kKabid,
           .purpose = "Penyusunan laporan kinerja Tim Percepatan Penurunan "
                      "Stunting Kabupaten Paser semester II",
           .targets = {"Laporan kinerja TPPS semester II tersusun dan "
                       "disampaikan kepada Bupati"},
           .competence = "Gizi masyarakat",
           .start = {2026, 10, 1},
           .end = {2026, 12, 31},
           .steps = {{Op::kApprove, kHome}, {Op::kSign, Who::kSekda}}},
          // PSR 9(5)a, signed "a.n. Kepala Dinas Kesehatan" by the delegate.
          {.home_unit = "dinkes-bid-kesmas",
           .owner_unit = "dinkes-bid-p2p",
           .method = kAppoint,
           .creator = kKabid,
           .purpose = "Validasi data sasaran imunisasi kejar campak-rubela "
                      "2026",
           .targets = {"Data sasaran imunisasi kejar tervalidasi per "
                       "puskesmas"},
           .competence = "Pengelolaan data imunisasi",
           .start = {2026, 10, 12},
           .end = {2026, 12, 11},
           .steps = {{Op::kApprove, kHome}, {Op::kSign, Who::kDelegate}},
           .showcase = true},
          // PSR 11(3): the home Kepala PD approves, the target PD accepts
          // and issues the letter (11(3)b, the profile's reading).
          {.home_unit = "diskominfo-bid-aptika",
           .owner_unit = "dinkes-bid-p2p",
           .method = kVolunteer,
           .creator = Who::kSelf,
           .purpose = "Pengembangan aplikasi pelaporan kasus penyakit "
                      "berpotensi kejadian luar biasa",
           .targets = {"Aplikasi pelaporan kasus berbasis web dipakai "
                       "seluruh puskesmas"},
           .competence = "Pengembangan aplikasi",
           .start = {2026, 10, 1},
           .end = {2026, 12, 31},
           .steps = {{Op::kApprove, Who::kHomeKepalaPd},
                     {Op::kAccept, kKadis},
                     {Op::kSign, kKadis}}},
      }};
}

}  // namespace sisker::demo::assignments
