// Who may appoint, and which official issues which letter, for a case of
// penugasan (DOMAIN.md 3.2), read from the instansi's policy profile: a
// third kabupaten is a new profile file, not code. No gRPC, no SQL.
#ifndef SISKER_SERVICES_ASSIGNMENT_LETTER_RULES_H_
#define SISKER_SERVICES_ASSIGNMENT_LETTER_RULES_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "sisker/v1/common.pb.h"

namespace sisker::assignment {

using Rules = sisker::v1::AssignmentRules;

struct LetterDecision {
  std::vector<Rules::Official> issuers;  // any one signs, in this order
  Rules::LetterKind kind = Rules::LETTER_KIND_UNSPECIFIED;
  std::string source;  // the article, or the configuration that decided
  std::string note;
};

// The letter for (method, form, scope): the first matching rule.
// FAILED_PRECONDITION with reason NOT_CONFIGURED when the regulation leaves
// the case open and the profile has not filled it (never an invented
// signer), or when no rule matches.
absl::StatusOr<LetterDecision> LetterFor(const Rules& rules,
                                         Rules::Method method, Rules::Form form,
                                         Rules::Scope scope);

// Whether `official` may appoint (penunjukan) under the profile; the
// PERMISSION_DENIED message cites the source.
absl::Status CheckAppointer(const Rules& rules, Rules::Official official);

// Profile load check: every (method, form, scope) inside the kabupaten is
// decided by some rule (a letter or an explicit not_configured), rules have
// issuers and a source. INVALID_ARGUMENT naming the first gap.
absl::Status ValidateAssignmentRules(const Rules& rules);

}  // namespace sisker::assignment

#endif  // SISKER_SERVICES_ASSIGNMENT_LETTER_RULES_H_
