#include "services/assignment/letter_rules.h"

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "services/assignment/scope.h"

namespace sisker::assignment {
namespace {

bool Matches(const Rules::LetterRule& rule, Rules::Method method,
             Rules::Form form, Rules::Scope scope) {
  return rule.scope() == scope &&
         (rule.method() == Rules::METHOD_UNSPECIFIED ||
          rule.method() == method) &&
         (rule.form() == Rules::FORM_UNSPECIFIED || rule.form() == form);
}

}  // namespace

absl::StatusOr<LetterDecision> LetterFor(const Rules& rules,
                                         Rules::Method method, Rules::Form form,
                                         Rules::Scope scope) {
  for (const auto& rule : rules.letters()) {
    if (!Matches(rule, method, form, scope)) continue;
    if (rule.not_configured()) {
      return common::RuleViolation(
          "NOT_CONFIGURED",
          absl::StrCat("who issues the letter for ", Rules::Form_Name(form),
                       " work ", ScopeText(scope),
                       " is not set by the regulation or this instansi's "
                       "profile (",
                       rule.source(), ")"),
          "Pejabat penerbit surat untuk kasus ini belum ditetapkan.",
          rule.source());
    }
    LetterDecision d;
    for (int issuer : rule.issuers())
      d.issuers.push_back(static_cast<Rules::Official>(issuer));
    d.kind = rule.kind();
    d.source = rule.source();
    d.note = rule.note();
    return d;
  }
  return common::RuleViolation(
      "NOT_CONFIGURED",
      absl::StrCat("no letter rule for ", Rules::Method_Name(method), " ",
                   Rules::Form_Name(form), " ", ScopeText(scope)),
      "Aturan surat penugasan untuk kasus ini belum ditetapkan.");
}

absl::Status CheckAppointer(const Rules& rules, Rules::Official official) {
  for (int a : rules.appointers()) {
    if (a == official) return absl::OkStatus();
  }
  return common::PermissionDenied(
      absl::StrCat("an appointer under ", rules.appointers_source()),
      absl::StrCat("pejabat yang berwenang menunjuk (",
                   rules.appointers_source(), ")"));
}

absl::Status ValidateAssignmentRules(const Rules& rules) {
  if (rules.appointers().empty() || rules.appointers_source().empty()) {
    return absl::InvalidArgumentError(
        "assignment: appointers and appointers_source are required");
  }
  for (int i = 0; i < rules.letters_size(); ++i) {
    const auto& r = rules.letters(i);
    if (r.scope() == Rules::SCOPE_UNSPECIFIED || r.source().empty() ||
        (!r.not_configured() &&
         (r.issuers().empty() || r.kind() == Rules::LETTER_KIND_UNSPECIFIED))) {
      return absl::InvalidArgumentError(absl::StrCat(
          "assignment.letters[", i,
          "]: scope and source are required, and issuers and kind unless "
          "not_configured"));
    }
  }
  for (int i = 0; i < rules.volunteer_rules_size(); ++i) {
    const auto& v = rules.volunteer_rules(i);
    if (v.scope() == Rules::SCOPE_UNSPECIFIED || v.approvers().empty() ||
        v.source().empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("assignment.volunteer_rules[", i,
                       "]: scope, approvers and source are required"));
    }
  }
  for (auto method : {Rules::APPOINTMENT, Rules::VOLUNTEERING}) {
    for (auto form : {Rules::INDIVIDUAL, Rules::TEAM}) {
      for (auto scope : {Rules::WITHIN_UNIT, Rules::CROSS_UNIT, Rules::CROSS_PD,
                         Rules::CROSS_INSTITUTION}) {
        bool decided = false;
        for (const auto& r : rules.letters())
          decided |= Matches(r, method, form, scope);
        if (!decided) {
          return absl::InvalidArgumentError(absl::StrCat(
              "assignment.letters: no rule decides ",
              Rules::Method_Name(method), " ", Rules::Form_Name(form), " ",
              Rules::Scope_Name(scope),
              " (add one, or one with not_configured: true)"));
        }
      }
    }
  }
  return absl::OkStatus();
}

}  // namespace sisker::assignment
