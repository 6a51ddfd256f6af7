// What an assignment letter says and how it is numbered, hashed and
// verified (DOMAIN.md 3.2; PSR 9(2), 10(1)): pure functions, no gRPC, no
// SQL.
#ifndef SISKER_SERVICES_ASSIGNMENT_LETTER_CONTENT_H_
#define SISKER_SERVICES_ASSIGNMENT_LETTER_CONTENT_H_

#include <string>
#include <vector>

#include "sisker/v1/assignment.pb.h"
#include "sisker/v1/common.pb.h"

namespace sisker::assignment {

// The SHA-256 (hex) of everything the letter says: all fields but its
// state, verification code, hash, electronic signature, etag and the
// cancellation/supersession record.
std::string ContentHash(const sisker::v1::Letter& letter);

// 16 characters of an alphabet without look-alikes (no 0/O, 1/I).
std::string NewVerificationCode();
bool IsVerificationCode(const std::string& code);

// The number in the profile's format ({classification}/{seq}/{pd}/{year}
// when the profile has none); `pd` is the PD's resource name.
std::string LetterNumber(const sisker::v1::AssignmentRules& rules, int64_t seq,
                         const std::string& pd, int year);

// The profile's letterhead lines with {instansi}/{pd} and their capital
// forms {INSTANSI}/{PD} filled in; the default is the two names in capitals.
std::vector<std::string> Letterhead(const sisker::v1::AssignmentRules& rules,
                                    const std::string& instansi_name,
                                    const std::string& pd_name);

// The signature block as printed, e.g. {"a.n. Kepala Dinas Kesehatan",
// "Sekretaris,", "", "", "dr. Ani"} or {"Plt. Kepala Dinas,", ...}.
std::vector<std::string> SignatureBlock(const sisker::v1::Letter& letter);

}  // namespace sisker::assignment

#endif  // SISKER_SERVICES_ASSIGNMENT_LETTER_CONTENT_H_
