#include "common/event_log.h"

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/errors.h"
#include "common/status_macros.h"

namespace sisker::common {
namespace {

constexpr PageSize kEventPage{100, 1000};

}  // namespace

sisker::v1::EventEnvelope EnvelopeFromRow(const pqxx::row& r) {
  sisker::v1::EventEnvelope e;
  e.set_id(r[0].as<std::string>());
  e.set_type(r[1].as<std::string>());
  e.set_source(r[2].as<std::string>());
  e.set_aggregate_name(r[3].as<std::string>());
  e.set_aggregate_version(r[4].as<int64_t>());
  e.set_instansi(r[5].as<std::string>());
  const double epoch = r[6].as<double>();
  const auto seconds = static_cast<int64_t>(epoch);
  e.mutable_occurred_at()->set_seconds(seconds);
  e.mutable_occurred_at()->set_nanos(
      static_cast<int32_t>((epoch - static_cast<double>(seconds)) * 1e9));
  e.set_traceparent(r[7].as<std::string>());
  e.mutable_payload()->set_type_url(r[8].as<std::string>());
  const pqxx::binarystring payload(r[9]);
  e.mutable_payload()->set_value(payload.str());
  e.set_position(r[10].as<int64_t>());
  return e;
}

std::vector<sisker::v1::EventEnvelope> ReadEvents(Tx& tx, int64_t after,
                                                  const std::string& instansi,
                                                  int limit) {
  auto rows = tx.exec_params(
      absl::StrCat("SELECT ", kEventColumns,
                   " FROM events WHERE position > $1 AND ($2 = '' OR "
                   "instansi_id = $2) ORDER BY position LIMIT $3"),
      after, instansi, limit);
  std::vector<sisker::v1::EventEnvelope> out;
  out.reserve(rows.size());
  for (const auto& row : rows) out.push_back(EnvelopeFromRow(row));
  return out;
}

bool TypeMatches(const std::string& type,
                 const std::vector<std::string>& patterns) {
  if (patterns.empty()) return true;
  for (const auto& p : patterns) {
    if (absl::EndsWith(p, "*")) {
      if (absl::StartsWith(type, p.substr(0, p.size() - 1))) return true;
    } else if (type == p) {
      return true;
    }
  }
  return false;
}

absl::StatusOr<sisker::v1::ListEventsResponse> ListEvents(
    Tx& tx, const CallContext& call, bool admin, const PageTokens& tokens,
    const sisker::v1::ListEventsRequest& r) {
  const Principal& p = call.principal;
  if (!admin &&
      !(p.kind == Principal::Kind::kService && p.HasScope(kEventsReadScope))) {
    return PermissionDenied(
        absl::StrCat("a service with scope ", kEventsReadScope),
        absl::StrCat("layanan dengan cakupan ", kEventsReadScope));
  }
  FieldErrors errors;
  std::vector<std::string> types;
  for (const auto& t : r.types()) {
    const size_t star = t.find('*');
    if (t.empty() || t.size() > 200 ||
        (star != std::string::npos && star + 1 != t.size())) {
      errors.Add("types", "an event type, or a prefix ending in one '*'");
    }
    types.push_back(t);
  }
  if (r.after_position() < 0) errors.Add("after_position", "must be >= 0");
  auto size = EffectivePageSize(r.page_size(), kEventPage);
  if (!size.ok()) errors.Add("page_size", "must be 0 to 1000");
  RETURN_IF_ERROR(errors.ToStatus());
  // A deployment service without an instansi sees every instansi.
  const std::string instansi = admin ? "" : p.instansi_id;
  const std::string query =
      absl::StrCat("events|", instansi, "|", absl::StrJoin(types, ","));
  int64_t after = r.after_position();
  if (!r.page_token().empty()) {
    auto cursor = tokens.Decode(query, r.page_token());
    if (!cursor.ok()) return cursor.status();
    if (!absl::SimpleAtoi(*cursor, &after)) {
      return InvalidFields({{"page_token", "malformed"}});
    }
  }
  sisker::v1::ListEventsResponse response;
  auto events = ReadEvents(tx, after, instansi, *size);
  int64_t last = after;
  for (auto& e : events) {
    last = e.position();
    if (TypeMatches(e.type(), types)) *response.add_events() = std::move(e);
  }
  response.set_last_position(last);
  if (static_cast<int>(events.size()) == *size) {
    response.set_next_page_token(tokens.Encode(query, absl::StrCat(last)));
  }
  return response;
}

absl::StatusOr<sisker::v1::ListEventsResponse> ListEventsOf(
    PgPool& pool, const CallContext& call, const PageTokens& tokens,
    const sisker::v1::ListEventsRequest& request) {
  absl::StatusOr<sisker::v1::ListEventsResponse> out;
  RETURN_IF_ERROR(RunReadOnly(pool, call.deadline, [&](Tx& tx) {
    out = ListEvents(tx, call, false, tokens, request);
    return absl::OkStatus();
  }));
  return out;
}

}  // namespace sisker::common
