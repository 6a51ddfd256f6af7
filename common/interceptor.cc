// Per-call observation: principal, metrics, one log line.
#include "common/interceptor.h"

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "common/log.h"

namespace sisker::common {
namespace {

using grpc::experimental::InterceptionHookPoints;

// "/sisker.v1.OrgService/GetUnit" -> {"sisker.v1.OrgService", "GetUnit"}.
std::pair<std::string, std::string> SplitMethod(const char* full) {
  std::string_view m = full == nullptr ? "" : full;
  if (!m.empty() && m.front() == '/') m.remove_prefix(1);
  auto slash = m.find('/');
  if (slash == std::string_view::npos) return {std::string(m), ""};
  return {std::string(m.substr(0, slash)), std::string(m.substr(slash + 1))};
}

// The canonical UPPER_SNAKE name of a code (gRPC and Abseil share the
// numbering), e.g. "NOT_FOUND": one mapping, Abseil's.
std::string CodeName(grpc::StatusCode code) {
  return absl::StatusCodeToString(static_cast<absl::StatusCode>(code));
}

class ObservabilityInterceptor : public grpc::experimental::Interceptor {
 public:
  ObservabilityInterceptor(grpc::experimental::ServerRpcInfo* info,
                           MetricsRegistry* metrics,
                           Authenticator* authenticator)
      : info_(info),
        metrics_(metrics),
        authenticator_(authenticator),
        start_(absl::Now()) {
    std::tie(service_, method_) = SplitMethod(info->method());
  }

  void Intercept(
      grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::POST_RECV_INITIAL_METADATA)) {
      OnMetadata(*methods->GetRecvInitialMetadata());
    }
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::PRE_SEND_STATUS)) {
      OnStatus(methods->GetSendStatus());
    }
    methods->Proceed();
  }

 private:
  void OnMetadata(
      const std::multimap<grpc::string_ref, grpc::string_ref>& metadata) {
    if (auto it = metadata.find("traceparent"); it != metadata.end()) {
      trace_id_ = TraceIdFromTraceparent(
          std::string_view(it->second.data(), it->second.size()));
    }
    std::string_view assertion;
    if (auto it = metadata.find(kPrincipalMetadata); it != metadata.end()) {
      assertion = std::string_view(it->second.data(), it->second.size());
    }
    absl::StatusOr<Principal> principal = authenticator_->Verify(assertion);
    if (principal.ok()) principal_ = principal->ToString();
    authenticator_->Remember(info_->server_context(), std::move(principal));
    remembered_ = true;
  }

  void OnStatus(const grpc::Status& status) {
    if (remembered_) authenticator_->Forget(info_->server_context());
    const double seconds = absl::ToDoubleSeconds(absl::Now() - start_);
    const std::string code = CodeName(status.error_code());
    Labels labels = {{"grpc_type", "unary"},
                     {"grpc_service", service_},
                     {"grpc_method", method_},
                     {"grpc_code", code}};
    metrics_->IncrementCounter("grpc_server_handled_total", labels);
    metrics_->ObserveHistogram("grpc_server_handling_seconds",
                               {{"grpc_type", "unary"},
                                {"grpc_service", service_},
                                {"grpc_method", method_}},
                               seconds);
    LogFields fields = {{"method", service_ + "/" + method_},
                        {"code", code},
                        {"latency_ms", seconds * 1000.0},
                        {"trace_id", trace_id_},
                        {"principal", principal_}};
    if (!status.ok()) fields.emplace_back("error", status.error_message());
    Log(status.ok() ? LogLevel::kInfo : LogLevel::kWarning, "rpc", fields);
  }

  grpc::experimental::ServerRpcInfo* info_;
  MetricsRegistry* metrics_;
  Authenticator* authenticator_;
  absl::Time start_;
  std::string service_;
  std::string method_;
  std::string trace_id_;
  std::string principal_;
  bool remembered_ = false;
};

}  // namespace

std::string TraceIdFromTraceparent(std::string_view traceparent) {
  // version "-" trace-id(32 hex) "-" parent-id(16 hex) "-" flags(2 hex)
  std::vector<std::string> parts =
      absl::StrSplit(std::string(traceparent), '-');
  if (parts.size() != 4 || parts[1].size() != 32 || parts[2].size() != 16) {
    return "";
  }
  for (char c : parts[1]) {
    if (!absl::ascii_isxdigit(static_cast<unsigned char>(c))) return "";
  }
  if (parts[1] == std::string(32, '0')) return "";
  return absl::AsciiStrToLower(parts[1]);
}

ObservabilityInterceptorFactory::ObservabilityInterceptorFactory(
    MetricsRegistry* metrics, Authenticator* authenticator)
    : metrics_(metrics), authenticator_(authenticator) {
  metrics_->DescribeCounter("grpc_server_handled_total",
                            "RPCs completed on the server, by status code.");
  metrics_->DescribeHistogram(
      "grpc_server_handling_seconds",
      "Time from receiving an RPC to sending its status.",
      {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5,
       5, 10});
}

grpc::experimental::Interceptor*
ObservabilityInterceptorFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* info) {
  return new ObservabilityInterceptor(info, metrics_, authenticator_);
}

}  // namespace sisker::common
