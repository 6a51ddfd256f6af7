#include "services/gateway/gateway.h"

#include <google/protobuf/descriptor.h>
#include <grpcpp/client_context.h>
#include <grpcpp/completion_queue.h>
#include <grpcpp/support/byte_buffer.h>
#include <openssl/rand.h>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/synchronization/notification.h"
#include "common/errors.h"
#include "common/log.h"
#include "common/sha256.h"
#include "common/status_macros.h"
#include "services/gateway/docs.h"
#include "services/gateway/http_errors.h"

namespace sisker::gateway {
namespace {

using common::HttpRequest;
using common::HttpResponse;

std::string RandomHex(size_t bytes) {
  std::string raw(bytes, '\0');
  RAND_bytes(reinterpret_cast<unsigned char*>(raw.data()),
             static_cast<int>(bytes));
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : raw) {
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 15]);
  }
  return out;
}

// W3C trace context: the caller's, or a new one.
std::string Traceparent(const HttpRequest& request) {
  if (const std::string* tp = request.Header("traceparent");
      tp != nullptr && tp->size() == 55 && (*tp)[2] == '-') {
    return *tp;
  }
  return absl::StrCat("00-", RandomHex(16), "-", RandomHex(8), "-01");
}

HttpResponse Json(int status, std::string body) {
  HttpResponse r;
  r.status = status;
  r.content_type = "application/json";
  r.body = std::move(body);
  return r;
}

// Sets request_id from the Idempotency-Key header when the request has
// such a field and the body left it empty (AIP-155).
void ApplyIdempotencyKey(const HttpRequest& http,
                         google::protobuf::Message& request) {
  const std::string* key = http.Header("idempotency-key");
  if (key == nullptr || key->empty()) return;
  const auto* field = request.GetDescriptor()->FindFieldByName("request_id");
  if (field == nullptr ||
      field->type() != google::protobuf::FieldDescriptor::TYPE_STRING ||
      field->is_repeated()) {
    return;
  }
  if (request.GetReflection()->GetString(request, field).empty())
    request.GetReflection()->SetString(&request, field, *key);
}

// A principal as a map key (ToString masks NIPs, so two could collide).
std::string PrincipalKey(const common::Principal& p) {
  return absl::StrCat(p.kind == common::Principal::Kind::kService ? "s:" : "p:",
                      p.subject, "@", p.instansi_id);
}

}  // namespace

Gateway::Gateway(GatewayOptions options,
                 std::map<std::string, Backend> backends, TokenVerifier* tokens,
                 const common::AssertionSigner* signer, common::OrgClient* org,
                 RateLimiter* limiter, common::MetricsRegistry* metrics)
    : options_(std::move(options)),
      backends_(std::move(backends)),
      tokens_(tokens),
      signer_(signer),
      org_(org),
      limiter_(limiter),
      metrics_(metrics),
      verified_(100000, options_.token_cache_ttl) {
  if (metrics_ != nullptr) {
    metrics_->DescribeCounter("sisker_http_requests_total",
                              "HTTP requests by route and status.");
    metrics_->DescribeHistogram(
        "sisker_http_request_seconds", "HTTP request latency.",
        {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5});
    metrics_->AddGauge(
        "sisker_http_in_flight", "HTTP requests in flight.", {},
        [this] { return static_cast<double>(in_flight_.load()); });
  }
}

absl::Status Gateway::Init() {
  for (const auto* service : FrontedServices()) {
    // A service without a backend in this deployment is not routed.
    auto backend = backends_.find(service->full_name());
    if (backend == backends_.end()) continue;
    for (int i = 0; i < service->method_count(); ++i) {
      const auto* method = service->method(i);
      for (const auto& binding : HttpBindingsOf(*method)) {
        auto compiled = std::make_unique<CompiledRoute>(CompiledRoute{
            Route{method, binding, IsPublic(*method),
                  absl::StrCat("/", service->full_name(), "/", method->name()),
                  backend->second.audience},
            std::make_unique<grpc::GenericStub>(backend->second.channel)});
        absl::Status added =
            router_.Add(binding.method, binding.path, compiled.get());
        if (!added.ok()) {
          return absl::InvalidArgumentError(
              absl::StrCat(method->full_name(), ": ", added.message()));
        }
        routes_.push_back(std::move(compiled));
      }
    }
  }
  return absl::OkStatus();
}

void Gateway::AddCors(const HttpRequest& request,
                      HttpResponse& response) const {
  const std::string* origin = request.Header("origin");
  if (origin == nullptr || options_.cors_origins.empty()) return;
  for (const auto& allowed : options_.cors_origins) {
    if (allowed == "*" || allowed == *origin) {
      response.headers.push_back({"Access-Control-Allow-Origin", *origin});
      response.headers.push_back({"Vary", "Origin"});
      response.headers.push_back(
          {"Access-Control-Expose-Headers", "WWW-Authenticate, Retry-After"});
      return;
    }
  }
}

HttpResponse Gateway::Handle(const HttpRequest& request) {
  const absl::Time start = absl::Now();
  std::string principal = "-";
  HttpResponse response;
  if (in_flight_.fetch_add(1) >= options_.max_in_flight) {
    response = ErrorResponse(503, grpc::StatusCode::UNAVAILABLE, "OVERLOADED",
                             "too many requests in flight; retry shortly");
    response.headers.push_back({"Retry-After", "1"});
  } else {
    response = Dispatch(request, &principal);
  }
  in_flight_.fetch_sub(1);
  AddCors(request, response);
  const double seconds = absl::ToDoubleSeconds(absl::Now() - start);
  if (metrics_ != nullptr) {
    metrics_->IncrementCounter(
        "sisker_http_requests_total",
        {{"method", request.method}, {"code", absl::StrCat(response.status)}});
    metrics_->ObserveHistogram("sisker_http_request_seconds", {}, seconds);
  }
  common::Log(response.status >= 500 ? common::LogLevel::kWarning
                                     : common::LogLevel::kInfo,
              "http",
              {{"method", request.method},
               {"path", request.path},
               {"status", static_cast<int64_t>(response.status)},
               {"latency_ms", seconds * 1000},
               {"principal", principal},
               {"remote", request.remote_address}});
  return response;
}

HttpResponse Gateway::Dispatch(const HttpRequest& request,
                               std::string* principal_for_log) {
  // The gateway's own pages.
  if (request.path == "/healthz") return Json(200, R"({"status":"SERVING"})");
  if (request.path == "/openapi.json" && request.method == "GET") {
    HttpResponse r = Json(200, options_.openapi_json);
    r.headers.push_back({"Cache-Control", "public, max-age=300"});
    return r;
  }
  if ((request.path == "/docs" || absl::StartsWith(request.path, "/docs/")) &&
      request.method == "GET" && !options_.docs_dir.empty()) {
    if (auto file = ServeDocs(options_.docs_dir, request.path)) {
      HttpResponse r;
      r.content_type = file->content_type;
      r.body = std::move(file->body);
      return r;
    }
  }
  // CORS preflight.
  if (request.method == "OPTIONS" && request.Header("origin") != nullptr &&
      request.Header("access-control-request-method") != nullptr) {
    HttpResponse r;
    r.status = 204;
    r.headers = {{"Access-Control-Allow-Methods",
                  "GET, POST, PATCH, PUT, DELETE, OPTIONS"},
                 {"Access-Control-Allow-Headers",
                  "Authorization, Content-Type, Idempotency-Key, traceparent, "
                  "X-Timeout-Ms"},
                 {"Access-Control-Max-Age", "600"}};
    return r;
  }

  // Route: the most specific template that matches; 405 when only other
  // methods match.
  auto found = router_.Match(request.method, request.path);
  if (found.outcome == RouteTable::Outcome::kMethodNotAllowed) {
    HttpResponse r = ErrorResponse(
        405, grpc::StatusCode::UNIMPLEMENTED, "METHOD_NOT_ALLOWED",
        absl::StrCat(request.method, " is not allowed on ", request.path));
    r.headers.push_back({"Allow", absl::StrJoin(found.allowed_methods, ", ")});
    return r;
  }
  if (found.outcome != RouteTable::Outcome::kFound) {
    return ErrorResponse(404, grpc::StatusCode::NOT_FOUND, "NO_ROUTE",
                         absl::StrCat("no route for ", request.path));
  }
  const CompiledRoute* best = *found.value;
  std::vector<std::pair<std::string, std::string>> variables;
  for (auto& b : found.bindings)
    variables.push_back({std::move(b.field_path), std::move(b.value)});
  const Route& route = best->route;

  // Who is calling.
  common::Principal principal;
  std::string assertion;
  if (!route.is_public) {
    auto p = Authenticate(request);
    if (!p.ok()) {
      HttpResponse r = ErrorResponse(p.status());
      if (r.status == 401) {
        r.headers.push_back(
            {"WWW-Authenticate",
             R"(Bearer realm="sisker", error="invalid_token")"});
      }
      return r;
    }
    principal = *std::move(p);
    *principal_for_log = principal.ToString();
    if (limiter_ != nullptr && !limiter_->Allow(PrincipalKey(principal))) {
      HttpResponse r =
          ErrorResponse(429, grpc::StatusCode::RESOURCE_EXHAUSTED,
                        "RATE_LIMITED", "too many requests; slow down");
      r.headers.push_back({"Retry-After", "1"});
      return r;
    }
    auto minted = AssertionFor(principal, route.audience);
    if (!minted.ok()) return ErrorResponse(minted.status());
    assertion = *std::move(minted);
  }

  // The request message.
  auto message = BuildRequest(route, variables, request);
  if (!message.ok()) return ErrorResponse(message.status());
  ApplyIdempotencyKey(request, **message);

  // The deadline: the default, or the caller's X-Timeout-Ms within the cap.
  absl::Duration timeout = options_.default_deadline;
  if (const std::string* t = request.Header("x-timeout-ms")) {
    int64_t ms = 0;
    if (!absl::SimpleAtoi(*t, &ms) || ms <= 0) {
      return ErrorResponse(common::InvalidFields(
          {{"X-Timeout-Ms", "a positive number of milliseconds"}}));
    }
    timeout = std::min(absl::Milliseconds(ms), options_.max_deadline);
  }

  // The call.
  grpc::ClientContext ctx;
  ctx.set_deadline(absl::ToChronoTime(absl::Now() + timeout));
  if (!assertion.empty())
    ctx.AddMetadata(common::kPrincipalMetadata, assertion);
  ctx.AddMetadata("traceparent", Traceparent(request));
  std::string bytes;
  (*message)->SerializeToString(&bytes);
  grpc::Slice slice(bytes);
  grpc::ByteBuffer request_buffer(&slice, 1);
  grpc::ByteBuffer response_buffer;
  grpc::Status status;
  {
    // A completion queue of this call, drained on this thread: no hand-off
    // to a callback thread and back.
    grpc::CompletionQueue cq;
    auto call = best->stub->PrepareUnaryCall(&ctx, route.grpc_path,
                                             request_buffer, &cq);
    call->StartCall();
    call->Finish(&response_buffer, &status, reinterpret_cast<void*>(1));
    void* tag = nullptr;
    bool ok = false;
    (void)cq.Next(&tag, &ok);
    cq.Shutdown();
    while (cq.Next(&tag, &ok)) {
    }
  }
  if (!status.ok()) return ErrorResponse(status);
  std::vector<grpc::Slice> slices;
  (void)response_buffer.Dump(&slices);
  std::string reply;
  for (const auto& s : slices)
    reply.append(reinterpret_cast<const char*>(s.begin()), s.size());
  auto response = NewResponse(route);
  if (!response->ParseFromString(reply)) {
    return ErrorResponse(absl::InternalError("malformed backend response"));
  }
  if (auto file = FileResponse(*response)) return *std::move(file);
  auto json = ResponseJson(route, *response);
  if (!json.ok()) return ErrorResponse(json.status());
  return Json(200, *std::move(json));
}

absl::StatusOr<common::Principal> Gateway::Authenticate(
    const HttpRequest& request) {
  const std::string* header = request.Header("authorization");
  if (header == nullptr) {
    return common::MakeError(absl::StatusCode::kUnauthenticated,
                             "MISSING_TOKEN",
                             "an Authorization: Bearer token is required",
                             "Diperlukan token akses.");
  }
  if (!absl::StartsWithIgnoreCase(*header, "bearer ")) {
    return common::MakeError(
        absl::StatusCode::kUnauthenticated, "INVALID_TOKEN",
        "the Authorization header must be Bearer", "Token akses tidak sah.");
  }
  const std::string token(absl::StripAsciiWhitespace(header->substr(7)));
  const std::string hash = common::Sha256Hex(token);
  if (auto hit = verified_.Get("", hash)) return *std::move(hit);
  const uint64_t generation = verified_.Generation("");
  ASSIGN_OR_RETURN(common::Principal principal, tokens_->Verify(token));
  if (principal.kind == common::Principal::Kind::kPerson) {
    // A person must be a known active person of that instansi.
    auto person = org_->LookupSubject(principal.instansi_id, principal.subject,
                                      absl::Now() + absl::Seconds(2));
    if (!person.ok()) {
      if (person.status().code() == absl::StatusCode::kNotFound ||
          person.status().code() == absl::StatusCode::kPermissionDenied) {
        return common::MakeError(
            absl::StatusCode::kPermissionDenied, "UNKNOWN_PERSON",
            "the token's subject is not a known active person of its instansi",
            "Akun ini tidak terhubung dengan pegawai atau pejabat aktif.");
      }
      return person.status();
    }
  }
  verified_.Put("", hash, principal, generation);
  return principal;
}

absl::StatusOr<std::string> Gateway::AssertionFor(const common::Principal& p,
                                                  const std::string& audience) {
  const std::string key = absl::StrCat(
      PrincipalKey(p), "|", absl::StrJoin(p.scopes, " "), "|", audience);
  const absl::Time now = absl::Now();
  absl::MutexLock lock(&mu_);
  auto it = assertions_.find(key);
  if (it != assertions_.end() && it->second.refresh > now)
    return it->second.assertion;
  ASSIGN_OR_RETURN(std::string assertion,
                   signer_->Mint(p, audience, now, absl::Seconds(60)));
  if (assertions_.size() > 100000) assertions_.clear();
  assertions_[key] = {assertion, now + absl::Seconds(30)};
  return assertion;
}

}  // namespace sisker::gateway
