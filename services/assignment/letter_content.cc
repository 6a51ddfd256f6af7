#include "services/assignment/letter_content.h"

#include <openssl/rand.h>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "common/sha256.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"

namespace sisker::assignment {
namespace {

constexpr char kCodeAlphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

std::string Upper(std::string s) {
  absl::AsciiStrToUpper(&s);
  return s;
}

}  // namespace

std::string ContentHash(const sisker::v1::Letter& letter) {
  sisker::v1::Letter content = letter;
  content.clear_verification_code();
  content.clear_content_sha256();
  content.clear_state();
  content.clear_signature();
  content.clear_sign_time();
  content.clear_etag();
  content.clear_cancel_reason();
  content.clear_cancel_time();
  content.clear_cancelled_by();
  content.clear_superseded_by();
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream out(&bytes);
    google::protobuf::io::CodedOutputStream coded(&out);
    coded.SetSerializationDeterministic(true);
    content.SerializeToCodedStream(&coded);
  }
  return common::Sha256Hex(bytes);
}

std::string NewVerificationCode() {
  unsigned char raw[16];
  RAND_bytes(raw, sizeof(raw));
  std::string code;
  for (unsigned char c : raw) code.push_back(kCodeAlphabet[c % 32]);
  return code;
}

bool IsVerificationCode(const std::string& code) {
  if (code.size() != 16) return false;
  for (char c : code) {
    if (std::string_view(kCodeAlphabet).find(c) == std::string_view::npos)
      return false;
  }
  return true;
}

std::string LetterNumber(const sisker::v1::AssignmentRules& rules, int64_t seq,
                         const std::string& pd, int year) {
  return absl::StrReplaceAll(
      rules.letter_number_format().empty()
          ? "{classification}/{seq}/{pd}/{year}"
          : rules.letter_number_format(),
      {{"{classification}", rules.letter_classification()},
       {"{seq}", absl::StrCat(seq)},
       {"{pd}", pd.substr(pd.rfind('/') + 1)},
       {"{year}", absl::StrCat(year)}});
}

std::vector<std::string> Letterhead(const sisker::v1::AssignmentRules& rules,
                                    const std::string& instansi_name,
                                    const std::string& pd_name) {
  std::vector<std::string> lines;
  if (rules.letterhead().empty()) return {Upper(instansi_name), Upper(pd_name)};
  for (const auto& line : rules.letterhead()) {
    lines.push_back(
        absl::StrReplaceAll(line, {{"{INSTANSI}", Upper(instansi_name)},
                                   {"{PD}", Upper(pd_name)},
                                   {"{instansi}", instansi_name},
                                   {"{pd}", pd_name}}));
  }
  return lines;
}

std::vector<std::string> SignatureBlock(const sisker::v1::Letter& letter) {
  std::vector<std::string> block;
  const std::string& post = letter.signer_post_display_name().empty()
                                ? letter.signer_post()
                                : letter.signer_post_display_name();
  const std::string& capacity = letter.signer_capacity();
  if (capacity == "a.n." || capacity == "u.b.") {
    // The delegating official's post, then the signer's own.
    block.push_back(absl::StrCat(capacity, " ", letter.on_behalf_of_post()));
    block.push_back(post + ",");
  } else if (!capacity.empty()) {
    block.push_back(absl::StrCat(capacity, " ", post, ","));
  } else {
    block.push_back(post + ",");
  }
  block.push_back("");
  block.push_back("");
  block.push_back(letter.signer_name());
  return block;
}

}  // namespace sisker::assignment
