// Idempotency keys and their storage.
#include "common/idempotency.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <openssl/evp.h>

#include <memory>
#include <regex>

#include "absl/strings/escaping.h"
#include "common/prepared.h"

namespace sisker::common {
namespace {

std::string DeterministicBytes(const google::protobuf::Message& message) {
  std::string out;
  {
    google::protobuf::io::StringOutputStream stream(&out);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    message.SerializeToCodedStream(&coded);
  }
  return out;
}

}  // namespace

void ValidateRequestId(const std::string& request_id, FieldErrors& errors) {
  if (request_id.empty()) return;
  static const std::regex kUuid(
      "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]"
      "{12}$");
  if (!std::regex_match(request_id, kUuid)) {
    errors.Add("request_id", "must be a UUID");
  }
}

std::optional<IdempotencyKey> MakeIdempotencyKey(
    const CallContext& call, const std::string& method,
    const google::protobuf::Message& request, const std::string& request_id) {
  if (request_id.empty()) return std::nullopt;
  std::unique_ptr<google::protobuf::Message> copy(request.New());
  copy->CopyFrom(request);
  if (const auto* field =
          copy->GetDescriptor()->FindFieldByName("request_id")) {
    copy->GetReflection()->ClearField(copy.get(), field);
  }
  const std::string bytes = DeterministicBytes(*copy);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest, &len, EVP_sha256(), nullptr);
  return IdempotencyKey{call.principal.ToString(), method, request_id,
                        absl::BytesToHexString(
                            std::string(reinterpret_cast<char*>(digest), len))};
}

absl::StatusOr<std::optional<std::string>> FindStoredResponse(
    Tx& tx, const IdempotencyKey& key) {
  auto rows = common::ExecPrepared(
      tx, "idem_lookup",
      "SELECT request_hash, response FROM idempotency WHERE principal = $1 "
      "AND method = $2 AND request_id = $3",
      key.principal, key.method, key.request_id);
  if (rows.empty()) return std::optional<std::string>();
  if (rows[0][0].as<std::string>() != key.request_hash) {
    return MakeError(absl::StatusCode::kAlreadyExists, "REQUEST_ID_REUSED",
                     "request_id " + key.request_id +
                         " was already used for a different request",
                     "request_id sudah dipakai untuk permintaan lain.",
                     {{"request_id", key.request_id}});
  }
  pqxx::binarystring response(rows[0][1]);
  return std::optional<std::string>(response.str());
}

void StoreResponse(Tx& tx, const IdempotencyKey& key,
                   const std::string& response) {
  common::ExecPrepared0(
      tx, "idem_store",
      "INSERT INTO idempotency (principal, method, request_id, request_hash, "
      "response) VALUES ($1, $2, $3, $4, $5)",
      key.principal, key.method, key.request_id, key.request_hash,
      pqxx::binarystring(response));
}

}  // namespace sisker::common
