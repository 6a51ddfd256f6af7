// A signed letter as it is printed (DOMAIN.md 3.2; PSR 9(2), 10(1)): the
// mapping from the stored letter to the PDF renderer's document. Pure.
#ifndef SISKER_SERVICES_ASSIGNMENT_LETTER_DOCUMENT_H_
#define SISKER_SERVICES_ASSIGNMENT_LETTER_DOCUMENT_H_

#include <string>

#include "services/assignment/letter_pdf.h"
#include "sisker/v1/assignment.pb.h"
#include "sisker/v1/common.pb.h"

namespace sisker::assignment {

// "30 November 2026".
std::string IndonesianDate(const google::type::Date& date);

// `verify_base`: the public base URL (the QR points at
// `{verify_base}/v1/letters:verify?code=`); `supersedes_number`: the number
// of the letter this one replaces, if any.
LetterDocument DocumentFor(const sisker::v1::Letter& letter,
                           const sisker::v1::AssignmentRules& rules,
                           const std::string& verify_base,
                           const std::string& supersedes_number);

}  // namespace sisker::assignment

#endif  // SISKER_SERVICES_ASSIGNMENT_LETTER_DOCUMENT_H_
