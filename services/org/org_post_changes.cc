// Changing and closing posts (jabatan). A post's formation is its number of
// seats (KMP 3(3), PSR 6(1)); closing a post ends it on a date, never
// deletes it, so who held it stays answerable.
#include "absl/strings/str_cat.h"
#include "common/dates.h"
#include "common/errors.h"
#include "common/resource_names.h"
#include "common/status_macros.h"
#include "services/org/org.h"
#include "services/org/resources.h"

namespace sisker::org {
namespace {

bool IsStructural(PostKind kind) {
  return kind == PostKind::kJptPratama || kind == PostKind::kAdministrator ||
         kind == PostKind::kPengawas;
}

absl::Status NotLive(const std::string& name) {
  return common::RuleViolation("POST_CLOSED", name + " is closed",
                               name + " sudah ditutup.");
}

}  // namespace

Org::Result<v1::Post> Org::UpdatePost(const Call& call,
                                      const v1::UpdatePostRequest& r) {
  common::FieldErrors errors;
  const v1::Post& post = r.post();
  auto name = ParsePostName(post.name());
  if (!name) errors.Add("post.name", "must be instansi/{i}/posts/{post}");
  if (r.update_mask().paths().empty()) {
    errors.Add("update_mask", "name at least one field");
  }
  std::optional<ChildName> reports_to;
  for (const auto& path : r.update_mask().paths()) {
    if (path == "display_name") {
      CheckDisplayName(post.display_name(), "post.display_name", errors);
    } else if (path == "formation") {
      if (post.formation() < 1 || post.formation() > 10000)
        errors.Add("post.formation", "must be 1 to 10000 seats");
    } else if (path == "reports_to") {
      if (!post.reports_to().empty()) {
        reports_to = ParsePostName(post.reports_to());
        if (!reports_to || (name && reports_to->instansi != name->instansi)) {
          errors.Add("post.reports_to", "must be a post of the same instansi");
        } else if (name && reports_to->id == name->id) {
          errors.Add("post.reports_to", "a post cannot report to itself");
        }
      }
    } else if (path != "hasil_penyetaraan") {
      errors.Add("update_mask", "unknown or immutable field " + path);
    }
  }
  if (r.reason().size() > 1000) errors.Add("reason", "at most 1000 bytes");
  common::ValidateRequestId(r.request_id(), errors);
  RETURN_IF_ERROR(errors.ToStatus());
  return Mutate<v1::Post>(
      call, "UpdatePost", r, r.request_id(),
      [&](common::Tx& tx) -> Result<v1::Post> {
        ASSIGN_OR_RETURN(Scope scope,
                         LoadScope(tx, call, name->instansi, true));
        const std::string& inst = name->instansi;
        auto row = kedudukan_.GetPost(tx, inst, name->id, scope.today);
        if (!row) return common::NotFound(post.name());
        RETURN_IF_ERROR(scope.authority.RequireUnitAuthority(row->at.pd_id));
        RETURN_IF_ERROR(CheckEtag(post.etag(), row->version, post.name()));
        if (row->valid_to && *row->valid_to <= scope.today)
          return NotLive(post.name());
        PostRow next = *row;
        for (const auto& path : r.update_mask().paths()) {
          if (path == "display_name") next.at.name = post.display_name();
          if (path == "hasil_penyetaraan")
            next.at.hasil_penyetaraan = next.hasil_penyetaraan =
                post.hasil_penyetaraan();
          if (path == "formation") next.formation = post.formation();
          if (path == "reports_to")
            next.at.reports_to = reports_to ? reports_to->id : "";
        }
        if (IsStructural(next.at.kind) && next.formation != 1) {
          return common::InvalidFields(
              {{"post.formation", "a structural post has one seat"}});
        }
        const int occupied =
            kedudukan_.OccupancyAfter(tx, inst, name->id, scope.today);
        if (next.formation < occupied) {
          return common::RuleViolation(
              "FORMATION_BELOW_OCCUPANCY",
              absl::StrCat(post.name(), " has ", occupied,
                           " pegawai placed or acting today or later; the "
                           "formation cannot be ",
                           next.formation),
              absl::StrCat("Formasi tidak boleh kurang dari ", occupied,
                           " pegawai yang menduduki jabatan ini."),
              "formasi jabatan (KMP 3(3), PSR 6(1))");
        }
        // The new superior post must exist and must not sit below this one.
        std::string up = next.at.reports_to;
        for (int steps = 0; !up.empty(); ++steps) {
          if (up == name->id || steps > 64) {
            return common::RuleViolation(
                "REPORTS_TO_CYCLE",
                post.reports_to() + " reports (directly or not) to " +
                    post.name(),
                "Jabatan atasan berada di bawah jabatan ini.");
          }
          auto above = kedudukan_.GetPost(tx, inst, up, scope.today);
          if (!above) return common::NotFound(PostName(inst, up));
          up = above->at.reports_to;
        }
        kedudukan_.UpdatePost(tx, inst, next);
        next.version = row->version + 1;
        v1::Post updated = PostToProto(inst, next);
        Record(tx, call, scope, "post", updated.name(), next.version, "updated",
               r.reason(), r.request_id(), updated);
        return updated;
      });
}

Org::Result<v1::Post> Org::ClosePost(const Call& call,
                                     const v1::ClosePostRequest& r) {
  common::FieldErrors errors;
  auto name = ParsePostName(r.name());
  if (!name) errors.Add("name", "must be instansi/{i}/posts/{post}");
  if (!common::IsSet(r.effective_date())) {
    errors.Add("effective_date", "required");
  } else {
    CheckOptionalDate(r.effective_date(), "effective_date", errors);
  }
  if (r.reason().empty() || r.reason().size() > 1000)
    errors.Add("reason", "required, at most 1000 bytes");
  common::ValidateRequestId(r.request_id(), errors);
  RETURN_IF_ERROR(errors.ToStatus());
  const absl::CivilDay day = common::ToCivilDay(r.effective_date());
  return Mutate<v1::Post>(
      call, "ClosePost", r, r.request_id(),
      [&](common::Tx& tx) -> Result<v1::Post> {
        ASSIGN_OR_RETURN(Scope scope,
                         LoadScope(tx, call, name->instansi, true));
        const std::string& inst = name->instansi;
        auto row = kedudukan_.GetPost(tx, inst, name->id, day);
        if (!row) return common::NotFound(r.name());
        RETURN_IF_ERROR(scope.authority.RequireUnitAuthority(row->at.pd_id));
        RETURN_IF_ERROR(CheckEtag(r.etag(), row->version, r.name()));
        if (row->valid_to) return NotLive(r.name());
        if (day <= row->valid_from) {
          return common::RuleViolation(
              "DATE_BEFORE_POST",
              r.name() + " starts on " + common::ToIsoDate(row->valid_from) +
                  "; it can only be closed after that",
              "Tanggal penutupan sebelum jabatan dibentuk.");
        }
        if (int n = kedudukan_.OccupancyAfter(tx, inst, name->id, day); n) {
          return common::RuleViolation(
              "POST_OCCUPIED",
              absl::StrCat(n,
                           " placement(s) or acting appointment(s) of this "
                           "post run past ",
                           common::ToIsoDate(day), "; end or move them first"),
              "Masih ada pegawai yang menduduki jabatan ini setelah tanggal "
              "penutupan.");
        }
        if (int n = kedudukan_.LiveReportsAfter(tx, inst, name->id, day); n) {
          return common::RuleViolation(
              "POST_HAS_REPORTS",
              absl::StrCat(n, " live post(s) still report to this post"),
              "Masih ada jabatan yang melapor ke jabatan ini.");
        }
        PostRow next = *row;
        next.valid_to = day;
        kedudukan_.UpdatePost(tx, inst, next);
        next.version = row->version + 1;
        v1::Post closed = PostToProto(inst, next);
        Record(tx, call, scope, "post", closed.name(), next.version, "closed",
               r.reason(), r.request_id(), closed);
        return closed;
      });
}

}  // namespace sisker::org
