// The read side of the event log (ARCHITECTURE.md 6): events of a service
// schema in publish order, as envelopes. ListEvents (catch-up and SPBE
// change feeds) and the relay read through here.
#ifndef SISKER_COMMON_EVENT_LOG_H_
#define SISKER_COMMON_EVENT_LOG_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/call_context.h"
#include "common/page_token.h"
#include "common/pg_transaction.h"
#include "sisker/v1/common.pb.h"

namespace sisker::common {

// The scope a service principal needs to read events.
inline constexpr char kEventsReadScope[] = "events.read";

// The envelope of one row of `events` selected with kEventColumns.
inline constexpr char kEventColumns[] =
    "id::text, type, source, aggregate_name, aggregate_version, instansi_id, "
    "extract(epoch FROM occurred_at)::float8, traceparent, payload_type, "
    "payload, coalesce(position, 0)";
sisker::v1::EventEnvelope EnvelopeFromRow(const pqxx::row& row);

// Positioned events after `after`, of `instansi` (empty: every instansi),
// oldest first, at most `limit`.
std::vector<sisker::v1::EventEnvelope> ReadEvents(Tx& tx, int64_t after,
                                                  const std::string& instansi,
                                                  int limit);

// Whether `type` matches one of `patterns` (exact, or a prefix ending in
// `*`); an empty list matches everything.
bool TypeMatches(const std::string& type,
                 const std::vector<std::string>& patterns);

// The ListEvents RPC of every service: PERMISSION_DENIED unless `admin` or
// a service principal with kEventsReadScope (limited to its instansi when
// it has one); INVALID_ARGUMENT naming the field (page_size, page_token,
// types, after_position).
absl::StatusOr<sisker::v1::ListEventsResponse> ListEvents(
    Tx& tx, const CallContext& call, bool admin, const PageTokens& tokens,
    const sisker::v1::ListEventsRequest& request);
// The same in a read-only transaction of `pool` (a service's RPC; `admin`
// false: the deployment's administrators read through the org service).
absl::StatusOr<sisker::v1::ListEventsResponse> ListEventsOf(
    PgPool& pool, const CallContext& call, const PageTokens& tokens,
    const sisker::v1::ListEventsRequest& request);

}  // namespace sisker::common

#endif  // SISKER_COMMON_EVENT_LOG_H_
