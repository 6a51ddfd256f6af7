// RecordChange: history row + event row.
#include "common/change_log.h"

#include <google/protobuf/any.pb.h>
#include <google/protobuf/util/json_util.h>
#include <openssl/rand.h>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/prepared.h"

namespace sisker::common {

void RecordChange(Tx& tx, const std::string& source, const CallContext& call,
                  const std::string& instansi, const std::string& type,
                  const std::string& name, int64_t version,
                  const std::string& action, const std::string& reason,
                  const std::string& request_id,
                  const std::string& profile_version,
                  const google::protobuf::Message& snapshot) {
  Change change;
  change.instansi_id = instansi;
  change.aggregate_type = type;
  change.aggregate_name = name;
  change.aggregate_version = version;
  change.action = action;
  change.reason = reason;
  change.request_id = request_id;
  change.profile_version = profile_version;
  change.snapshot = &snapshot;
  RecordChange(tx, source, call, change);
}

std::string NewUuid() {
  unsigned char b[16];
  RAND_bytes(b, sizeof(b));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  std::string hex = absl::BytesToHexString(
      std::string(reinterpret_cast<const char*>(b), sizeof(b)));
  return absl::StrFormat("%s-%s-%s-%s-%s", hex.substr(0, 8), hex.substr(8, 4),
                         hex.substr(12, 4), hex.substr(16, 4), hex.substr(20));
}

void RecordChange(Tx& tx, const std::string& source, const CallContext& call,
                  const Change& change) {
  std::string snapshot_json;
  google::protobuf::Any payload;
  if (change.snapshot != nullptr) {
    google::protobuf::util::JsonPrintOptions options;
    options.preserve_proto_field_names = true;
    (void)google::protobuf::util::MessageToJsonString(*change.snapshot,
                                                      &snapshot_json, options);
    payload.PackFrom(*change.snapshot);
  }
  if (snapshot_json.empty()) snapshot_json = "{}";
  const std::string kind =
      call.principal.kind == Principal::Kind::kPerson ? "person" : "service";
  common::ExecPrepared0(
      tx, "chg_history",
      "INSERT INTO history (instansi_id, aggregate_type, aggregate_id, "
      "aggregate_version, action, actor_subject, actor_kind, reason, "
      "request_id, trace_id, profile_version, snapshot) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::jsonb)",
      change.instansi_id, change.aggregate_type, change.aggregate_name,
      change.aggregate_version, change.action, call.principal.subject, kind,
      change.reason, change.request_id, call.trace_id, change.profile_version,
      snapshot_json);
  const std::string bytes = payload.value();
  common::ExecPrepared0(
      tx, "chg_event",
      "INSERT INTO events (id, type, source, aggregate_name, "
      "aggregate_version, instansi_id, traceparent, payload_type, payload) "
      "VALUES ($1::uuid, $2, $3, $4, $5, $6, $7, $8, $9)",
      NewUuid(),
      absl::StrCat("sisker.", source, ".", change.aggregate_type, ".",
                   change.action),
      source, change.aggregate_name, change.aggregate_version,
      change.instansi_id, call.traceparent, payload.type_url(),
      pqxx::binarystring(bytes));
}

}  // namespace sisker::common
