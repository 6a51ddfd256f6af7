// Every state change writes its row, a history row (who, when, why, the
// request id) and an event in the same transaction (ARCHITECTURE.md 6).
#ifndef SISKER_COMMON_CHANGE_LOG_H_
#define SISKER_COMMON_CHANGE_LOG_H_

#include <google/protobuf/message.h>

#include <string>

#include "common/call_context.h"
#include "common/pg_transaction.h"

namespace sisker::common {

struct Change {
  std::string instansi_id;
  // e.g. "unit"; aggregate_name is the resource name.
  std::string aggregate_type;
  std::string aggregate_name;
  int64_t aggregate_version = 0;
  // e.g. "created", "renamed", "dissolved".
  std::string action;
  std::string reason;
  std::string request_id;
  // "kampar-2025@1" when a profile decided anything.
  std::string profile_version;
  // The resource after the change: the history snapshot and event payload.
  const google::protobuf::Message* snapshot = nullptr;
};

// Writes the history row and the event `sisker.<source>.<aggregate_type>.
// <action>` (payload: the snapshot as Any). Throws what libpqxx throws;
// RunTransaction classifies it.
void RecordChange(Tx& tx, const std::string& source, const CallContext& call,
                  const Change& change);

// The same from its parts: the history row and event of one change of
// `snapshot` (version `version` of `name`, an aggregate of `type`).
void RecordChange(Tx& tx, const std::string& source, const CallContext& call,
                  const std::string& instansi, const std::string& type,
                  const std::string& name, int64_t version,
                  const std::string& action, const std::string& reason,
                  const std::string& request_id,
                  const std::string& profile_version,
                  const google::protobuf::Message& snapshot);

// A random RFC 4122 version-4 UUID.
std::string NewUuid();

}  // namespace sisker::common

#endif  // SISKER_COMMON_CHANGE_LOG_H_
