// sisker-gateway: wiring only. HTTP/JSON on --port (8080), /metrics and
// /healthz on --metrics_port (9096).
#include <grpcpp/create_channel.h>

#include <cstdio>

#include "absl/strings/str_split.h"
#include "common/config.h"
#include "common/http_listener.h"
#include "common/log.h"
#include "common/metrics.h"
#include "common/org_client.h"
#include "common/principal.h"
#include "common/redis_client.h"
#include "common/server.h"
#include "common/stream_follower.h"
#include "services/gateway/gateway.h"
#include "services/gateway/http_errors.h"
#include "services/gateway/openapi.h"
#include "services/gateway/rate_limiter.h"
#include "services/gateway/routes.h"
#include "services/gateway/token_auth.h"

namespace {

int Fail(const std::string& what) {
  std::fprintf(stderr, "sisker-gateway: %s\n", what.c_str());
  return 1;
}

std::vector<std::string> List(const std::string& csv) {
  std::vector<std::string> out;
  for (auto s : absl::StrSplit(csv, ',', absl::SkipEmpty()))
    out.emplace_back(s);
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace sisker;  // NOLINT(build/namespaces): wiring only
  common::BlockTerminationSignals();
  common::Config config;
  config.AddString("host", "127.0.0.1", "address the HTTP ports bind");
  config.AddInt("port", 8080, 0, 65535, "HTTP/JSON port");
  config.AddInt("metrics_port", 9096, -1, 65535,
                "Prometheus /metrics port (-1 = off)");
  config.AddString("org", "127.0.0.1:50051", "org service gRPC address");
  config.AddString("assignment", "127.0.0.1:50052",
                   "assignment service gRPC address");
  config.AddString("teamwork", "127.0.0.1:50053",
                   "teamwork service gRPC address");
  config.AddString("redis", "", "host:port of Redis (rate limits, org events)",
                   true);
  config.AddString("token_keys", "", "JWKS file of the bearer-token keys",
                   true);
  config.AddString("token_issuers", "sisker-dev-idp",
                   "comma-separated accepted token issuers");
  config.AddString("token_audience", "sisker", "required token audience");
  config.AddString("assertion_keys", "",
                   "JWKS file with the principal-assertion signing key", true);
  config.AddString("assertion_kid", "dev-1", "kid of the signing key");
  config.AddInt("http_threads", 8, 1, 256, "HTTP worker threads");
  config.AddInt("max_body_bytes", 1 << 20, 1024, 64 << 20,
                "request body limit");
  config.AddInt("max_in_flight", 256, 1, 100000, "requests in flight at once");
  config.AddInt("default_deadline_ms", 10000, 1, 300000,
                "backend call deadline");
  config.AddInt("max_deadline_ms", 30000, 1, 300000,
                "cap of a request's X-Timeout-Ms");
  config.AddInt("rate_per_second", 50, 1, 1000000,
                "sustained requests per principal");
  config.AddInt("rate_burst", 100, 1, 1000000, "burst per principal");
  config.AddString("cors_origins", "",
                   "comma-separated origins allowed by CORS (* = any)");
  config.AddString(
      "descriptor_set", "",
      "descriptor set with source info (comments in /openapi.json)");
  config.AddString("docs_dir", "tools/openapi/node_modules/swagger-ui-dist",
                   "swagger-ui-dist files for /docs");
  common::ParseOrExit(config, argc, const_cast<const char* const*>(argv),
                      "sisker-gateway", SISKER_VERSION);
  common::ConfigureLogging("sisker-gateway", common::LogLevel::kInfo);

  auto tokens = gateway::TokenVerifier::Create(
      {config.GetString("token_keys"), List(config.GetString("token_issuers")),
       config.GetString("token_audience")});
  if (!tokens.ok()) return Fail(std::string(tokens.status().message()));
  auto assertion_keys = common::LoadKeySet(config.GetString("assertion_keys"));
  if (!assertion_keys.ok())
    return Fail(std::string(assertion_keys.status().message()));
  const common::JwsKey* signing_key =
      assertion_keys->Find(config.GetString("assertion_kid"));
  if (signing_key == nullptr || !signing_key->can_sign()) {
    return Fail("bad configuration: --assertion_kid names no signing key in " +
                config.GetString("assertion_keys"));
  }
  common::AssertionSigner signer(*signing_key, "sisker-gateway");

  common::MetricsRegistry metrics;
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_KEEPALIVE_TIME_MS, 30000);
  args.SetInt(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, 10000);
  args.SetInt(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
  auto org_channel = grpc::CreateCustomChannel(
      config.GetString("org"), grpc::InsecureChannelCredentials(), args);
  common::OrgClient org(org_channel, &signer, {.service = "sisker-gateway"});
  common::RedisClient redis({config.GetString("redis")});
  common::StreamFollower follower(
      &redis, "org",
      [&org](const sisker::v1::EventEnvelope& e) { org.OnOrgEvent(e); },
      [&org](bool following) { org.OnFollowing(following); });
  gateway::RateLimiter limiter(
      &redis, {static_cast<double>(config.GetInt("rate_per_second")),
               static_cast<double>(config.GetInt("rate_burst"))});

  gateway::GatewayOptions options;
  options.default_deadline =
      absl::Milliseconds(config.GetInt("default_deadline_ms"));
  options.max_deadline = absl::Milliseconds(config.GetInt("max_deadline_ms"));
  options.max_in_flight = static_cast<int>(config.GetInt("max_in_flight"));
  options.cors_origins = List(config.GetString("cors_origins"));
  options.docs_dir = config.GetString("docs_dir");
  // With the descriptor set the document carries the protos' comments.
  if (!config.GetString("descriptor_set").empty()) {
    std::vector<std::string> names;
    for (const auto* service : gateway::FrontedServices())
      names.push_back(service->full_name());
    auto described =
        gateway::LoadDescriptorSet(config.GetString("descriptor_set"), names);
    if (!described.ok()) return Fail(std::string(described.status().message()));
    options.openapi_json =
        gateway::BuildOpenApi(described->services, {.version = SISKER_VERSION});
  } else {
    options.openapi_json = gateway::BuildOpenApi(gateway::FrontedServices(),
                                                 {.version = SISKER_VERSION});
  }
  gateway::Gateway gw(
      options,
      {{"sisker.v1.OrgService", {org_channel, "sisker-org"}},
       {"sisker.v1.AssignmentService",
        {grpc::CreateCustomChannel(config.GetString("assignment"),
                                   grpc::InsecureChannelCredentials(), args),
         "sisker-assignment"}},
       {"sisker.v1.TeamworkService",
        {grpc::CreateCustomChannel(config.GetString("teamwork"),
                                   grpc::InsecureChannelCredentials(), args),
         "sisker-teamwork"}}},
      tokens->get(), &signer, &org, &limiter, &metrics);
  if (auto status = gw.Init(); !status.ok())
    return Fail(std::string(status.message()));

  common::HttpServerOptions http_options;
  http_options.threads = static_cast<int>(config.GetInt("http_threads"));
  http_options.body_limit =
      static_cast<size_t>(config.GetInt("max_body_bytes"));
  http_options.error_response = [](int status, const std::string& message) {
    const grpc::StatusCode code =
        status == 413   ? grpc::StatusCode::OUT_OF_RANGE
        : status == 431 ? grpc::StatusCode::OUT_OF_RANGE
        : status >= 500 ? grpc::StatusCode::INTERNAL
                        : grpc::StatusCode::INVALID_ARGUMENT;
    return gateway::ErrorResponse(status, code,
                                  status == 413   ? "BODY_TOO_LARGE"
                                  : status == 431 ? "HEADERS_TOO_LARGE"
                                  : status >= 500 ? "INTERNAL"
                                                  : "BAD_REQUEST",
                                  message);
  };
  common::HttpServer server(
      http_options,
      [&gw](const common::HttpRequest& request) { return gw.Handle(request); });
  auto port = server.Start(config.GetString("host"),
                           static_cast<int>(config.GetInt("port")));
  if (!port.ok()) return Fail(std::string(port.status().message()));
  common::HttpListener metrics_listener;
  if (config.GetInt("metrics_port") >= 0) {
    metrics_listener.Handle("/metrics", [&metrics](const std::string&) {
      common::HttpResponse r;
      r.content_type = "text/plain; version=0.0.4";
      r.body = metrics.Render();
      return r;
    });
    metrics_listener.Handle("/healthz", [](const std::string&) {
      common::HttpResponse r;
      r.body = "SERVING\n";
      return r;
    });
    auto mport =
        metrics_listener.Start(config.GetString("host"),
                               static_cast<int>(config.GetInt("metrics_port")));
    if (!mport.ok()) return Fail(std::string(mport.status().message()));
  }
  follower.Start();
  limiter.Start();
  common::Log(common::LogLevel::kInfo, "serving",
              {{"port", static_cast<int64_t>(*port)},
               {"routes", static_cast<int64_t>(gw.route_count())}});
  common::WaitForTerminationSignal();
  server.Stop();
  metrics_listener.Stop();
  follower.Stop();
  limiter.Stop();
  return 0;
}
