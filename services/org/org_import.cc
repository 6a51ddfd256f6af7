// ImportPegawai: a SIASN/SIMPEG-shaped CSV, row by row through the same
// rules as CreatePegawai and CreatePlacement, in one transaction; a dry run
// (or any row error) rolls it all back and still answers the full report.
#include "absl/strings/str_cat.h"
#include "common/dates.h"
#include "common/errors.h"
#include "common/status_macros.h"
#include "services/org/csv.h"
#include "services/org/org.h"
#include "services/org/resources.h"

namespace sisker::org {
namespace {

const std::vector<std::string> kRequired = {
    "NIP", "NAMA", "JENIS_ASN", "JABATAN", "TMT_JABATAN", "NOMOR_SK"};

std::string Field(const CsvRow& row, const char* name) {
  auto it = row.fields.find(name);
  return it == row.fields.end() ? "" : it->second;
}

// Every problem of a status as row issues (field violations first).
void AddIssues(const absl::Status& status, int line,
               google::protobuf::RepeatedPtrField<v1::ImportRowIssue>* out) {
  auto details = common::GetErrorDetails(status);
  if (details && !details->field_violations.empty()) {
    for (const auto& v : details->field_violations) {
      auto* issue = out->Add();
      issue->set_line(line);
      issue->set_field(v.field);
      issue->set_code(details->reason);
      issue->set_message(v.description);
    }
    return;
  }
  auto* issue = out->Add();
  issue->set_line(line);
  issue->set_code(details ? details->reason : "ERROR");
  issue->set_message(std::string(status.message()));
}

std::optional<google::type::Date> DateField(const std::string& text) {
  auto day = common::ParseIsoDate(text);
  if (!day.ok()) return std::nullopt;
  return common::ToProtoDate(*day);
}

}  // namespace

Org::Result<v1::ImportPegawaiResponse> Org::ImportPegawai(
    const Call& call, const v1::ImportPegawaiRequest& r) {
  auto instansi = ParseInstansiName(r.parent());
  if (!instansi)
    return common::InvalidFields({{"parent", "must be instansi/{id}"}});
  ASSIGN_OR_RETURN(std::vector<CsvRow> rows, ParseCsv(r.csv(), kRequired));
  v1::ImportPegawaiResponse report;
  bool roll_back = r.dry_run();
  common::TxOptions options;
  options.deadline = call.deadline;
  options.rollback_if = &roll_back;
  RETURN_IF_ERROR(common::RunTransaction(
      *pool_, options, [&](common::Tx& tx) -> absl::Status {
        report.Clear();
        ASSIGN_OR_RETURN(Scope scope, LoadScope(tx, call, *instansi, true));
        RETURN_IF_ERROR(scope.authority.RequireBkpsdm());
        for (const CsvRow& row : rows) {
          report.set_rows(report.rows() + 1);
          v1::Pegawai p;
          p.set_nip(Field(row, "NIP"));
          p.set_display_name(Field(row, "NAMA"));
          p.set_gelar_depan(Field(row, "GELAR_DEPAN"));
          p.set_gelar_belakang(Field(row, "GELAR_BELAKANG"));
          p.set_golongan(Field(row, "GOLONGAN"));
          p.set_pangkat(Field(row, "PANGKAT"));
          const std::string kind = Field(row, "JENIS_ASN");
          p.set_asn_kind(kind == "PNS"    ? v1::Pegawai::PNS
                         : kind == "PPPK" ? v1::Pegawai::PPPK
                                          : v1::Pegawai::ASN_KIND_UNSPECIFIED);
          v1::Placement pl;
          pl.set_post(PostName(*instansi, Field(row, "JABATAN")));
          pl.set_sk_number(Field(row, "NOMOR_SK"));
          common::FieldErrors errors;
          CheckPegawaiFields(p, errors);
          CheckPlacementFields(pl, *instansi, errors);
          if (auto d = DateField(Field(row, "TMT_JABATAN"))) {
            *pl.mutable_valid_from() = *d;
          } else {
            errors.Add("TMT_JABATAN", "must be a date YYYY-MM-DD");
          }
          if (!Field(row, "TANGGAL_SK").empty()) {
            if (auto d = DateField(Field(row, "TANGGAL_SK"))) {
              *pl.mutable_sk_date() = *d;
            } else {
              errors.Add("TANGGAL_SK", "must be a date YYYY-MM-DD");
            }
          }
          if (!errors.empty()) {
            AddIssues(errors.ToStatus(), row.line, report.mutable_errors());
            continue;
          }
          std::string digits;
          for (char c : p.nip()) {
            if (c != ' ') digits.push_back(c);
          }
          // The id follows from the NIP, so the same row finds the same
          // pegawai.
          const std::string id = "p" + digits;
          bool changed = false;
          auto existing = kedudukan_.GetPegawai(tx, *instansi, id);
          if (!existing) {
            auto created = AddPegawai(tx, call, scope, id, p, "");
            if (!created.ok()) {
              AddIssues(created.status(), row.line, report.mutable_errors());
              continue;
            }
            for (const auto& w : created->warnings()) {
              auto* issue = report.add_warnings();
              issue->set_line(row.line);
              issue->set_field("NIP");
              issue->set_code(w.code());
              issue->set_message(w.message());
            }
            report.set_pegawai_created(report.pegawai_created() + 1);
            changed = true;
          } else if (existing->display_name() != p.display_name() ||
                     existing->asn_kind() != p.asn_kind()) {
            AddIssues(
                common::MakeError(
                    absl::StatusCode::kFailedPrecondition, "PEGAWAI_DIFFERS",
                    "this NIP is registered with another name or ASN kind",
                    "NIP terdaftar dengan nama atau jenis ASN lain."),
                row.line, report.mutable_errors());
            continue;
          }
          auto current = kedudukan_.LatestPlacement(tx, *instansi, id);
          const bool same_placement =
              current && !current->valid_to &&
              PostName(*instansi, current->post_id) == pl.post() &&
              current->valid_from == common::ToCivilDay(pl.valid_from());
          if (!same_placement) {
            auto placed = AddPlacement(tx, call, scope, id, pl, "");
            if (!placed.ok()) {
              AddIssues(placed.status(), row.line, report.mutable_errors());
              continue;
            }
            report.set_placements_created(report.placements_created() + 1);
            changed = true;
          }
          if (!changed) report.set_unchanged(report.unchanged() + 1);
        }
        roll_back = r.dry_run() || report.errors_size() > 0;
        report.set_applied(!roll_back);
        return absl::OkStatus();
      }));
  return report;
}

}  // namespace sisker::org
