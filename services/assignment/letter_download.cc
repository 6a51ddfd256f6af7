// A letter's PDF: rendered on first download of each state from the stored
// content (so a cancelled letter gets its stamp), kept in PostgreSQL, and
// served from there afterwards.
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "common/errors.h"
#include "common/resource_names.h"
#include "common/sha256.h"
#include "common/status_macros.h"
#include "services/assignment/assignments.h"
#include "services/assignment/letter_document.h"

namespace sisker::assignment {

absl::StatusOr<v1::FileDownload> Assignments::GetLetterPdf(
    const Call& call, const v1::GetLetterPdfRequest& r) {
  ASSIGN_OR_RETURN(LetterAndAssignment found, ReadLetter(call, r.name()));
  const v1::Letter& letter = found.letter;
  const std::string inst = call.principal.instansi_id;
  const std::string id = letter.name().substr(letter.name().rfind('/') + 1);
  const std::string state = v1::Letter::State_Name(letter.state());
  v1::FileDownload out;
  out.set_content_type("application/pdf");
  out.set_filename(
      absl::StrCat(absl::StrReplaceAll(letter.number(), {{"/", "-"}}), ".pdf"));
  std::optional<std::string> kept;
  std::string supersedes_number;
  RETURN_IF_ERROR(
      common::RunReadOnly(*pool_, call.deadline, [&](common::Tx& tx) {
        kept = store_.LetterPdf(tx, inst, id, state);
        if (!kept && !letter.supersedes().empty()) {
          auto ids =
              common::ParseName(letter.supersedes(), {"instansi", "letters"});
          if (auto old = store_.GetLetter(tx, inst, (*ids)[1]))
            supersedes_number = old->number();
        }
        return absl::OkStatus();
      }));
  if (!kept) {
    ASSIGN_OR_RETURN(const v1::PolicyProfile* profile,
                     ProfileOf(inst, call.deadline));
    ASSIGN_OR_RETURN(
        std::string pdf,
        RenderLetterPdf(DocumentFor(letter, profile->assignment(),
                                    public_base_url_, supersedes_number)));
    const std::string sha = common::Sha256Hex(pdf);
    RETURN_IF_ERROR(common::RunTransaction(
        *pool_, {.deadline = call.deadline}, [&](common::Tx& tx) {
          store_.PutLetterPdf(tx, inst, id, state, pdf, sha);
          kept = store_.LetterPdf(tx, inst, id, state);
          return absl::OkStatus();
        }));
  }
  out.set_sha256(common::Sha256Hex(*kept));
  out.set_data(*std::move(kept));
  return out;
}

}  // namespace sisker::assignment
