// ServiceRunner: the canonical gRPC server start plus the half the
// examples leave out (readiness, signals, drain).
#include "common/server.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/impl/server_builder_option.h>
#include <grpcpp/server_builder.h>
#include <signal.h>

#include "absl/strings/str_cat.h"
#include "common/log.h"

namespace sisker::common {
namespace {

// Debian's libgrpc++_reflection registers its plugin when loaded; this
// option removes it unless reflection was asked for (TOOLCHAIN.md 8).
class WithoutReflection : public grpc::ServerBuilderOption {
 public:
  void UpdateArguments(grpc::ChannelArguments*) override {}
  void UpdatePlugins(std::vector<std::unique_ptr<grpc::ServerBuilderPlugin>>*
                         plugins) override {
    std::erase_if(*plugins, [](const auto& plugin) {
      return plugin->name() == "proto_server_reflection";
    });
  }
};

}  // namespace

ServiceRunner::ServiceRunner(ServerOptions options, MetricsRegistry* metrics,
                             Authenticator* authenticator)
    : options_(std::move(options)),
      metrics_(metrics),
      authenticator_(authenticator) {}

ServiceRunner::~ServiceRunner() {
  Shutdown();
  Wait();
}

void ServiceRunner::AddService(grpc::Service* service) {
  services_.push_back(service);
}

void ServiceRunner::SetReadinessCheck(std::function<bool()> ready) {
  ready_ = std::move(ready);
}

absl::Status ServiceRunner::Start() {
  grpc::EnableDefaultHealthCheckService(true);
  if (options_.reflection) {
    grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  }
  grpc::ServerBuilder builder;
  if (!options_.reflection) {
    builder.SetOption(std::make_unique<WithoutReflection>());
  }
  builder.AddListeningPort(absl::StrCat(options_.host, ":", options_.port),
                           grpc::InsecureServerCredentials(), &port_);
  builder.SetMaxReceiveMessageSize(options_.max_message_bytes);
  builder.SetMaxSendMessageSize(options_.max_message_bytes);
  // Our clients (the gateway, the services) keep idle channels alive with a
  // ping every 30 s; gRPC's server defaults (no pings without calls, at
  // most one per 5 min) would answer GOAWAY "too_many_pings" and fail the
  // next call with UNAVAILABLE.
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
  builder.AddChannelArgument(
      GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS, 10000);
  builder.AddChannelArgument(GRPC_ARG_HTTP2_MAX_PING_STRIKES, 0);
  for (grpc::Service* service : services_) builder.RegisterService(service);
  std::vector<
      std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>
      interceptors;
  interceptors.push_back(std::make_unique<ObservabilityInterceptorFactory>(
      metrics_, authenticator_));
  builder.experimental().SetInterceptorCreators(std::move(interceptors));
  server_ = builder.BuildAndStart();
  if (server_ == nullptr || port_ == 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", options_.host, ":", options_.port));
  }
  metrics_->AddGauge(
      "sisker_build_info", "Build of this binary.",
      {{"service", options_.service_name}, {"version", options_.version}},
      [] { return 1.0; });
  if (options_.metrics_port >= 0) {
    http_.Handle("/metrics", [this](const std::string&) {
      return HttpResponse{200, "text/plain; version=0.0.4; charset=utf-8",
                          metrics_->Render()};
    });
    http_.Handle("/healthz", [this](const std::string&) {
      bool serving = !stopping_.HasBeenNotified() && (!ready_ || ready_());
      return HttpResponse{serving ? 200 : 503, "text/plain; charset=utf-8",
                          serving ? "SERVING\n" : "NOT_SERVING\n"};
    });
    auto bound = http_.Start(options_.host, options_.metrics_port);
    if (!bound.ok()) {
      server_->Shutdown();
      return bound.status();
    }
    metrics_port_ = *bound;
  }
  bool ready = !ready_ || ready_();
  server_->GetHealthCheckService()->SetServingStatus(ready);
  readiness_thread_ = std::thread([this] { ReadinessLoop(); });
  Log(LogLevel::kInfo, "server started",
      {{"port", int64_t{port_}},
       {"metrics_port", int64_t{metrics_port_}},
       {"reflection", options_.reflection},
       {"version", options_.version}});
  return absl::OkStatus();
}

void ServiceRunner::ReadinessLoop() {
  bool last = true;
  while (!stopping_.WaitForNotificationWithTimeout(options_.readiness_period)) {
    bool ready = !ready_ || ready_();
    if (stopping_.HasBeenNotified()) break;
    server_->GetHealthCheckService()->SetServingStatus(ready);
    if (ready != last) {
      Log(ready ? LogLevel::kInfo : LogLevel::kWarning,
          ready ? "ready" : "not ready (a dependency is unreachable)");
      last = ready;
    }
  }
}

void ServiceRunner::Shutdown() {
  absl::MutexLock lock(&shutdown_mu_);
  if (server_ == nullptr || stopped_.HasBeenNotified()) return;
  if (!stopping_.HasBeenNotified()) stopping_.Notify();
  Log(LogLevel::kInfo, "shutting down: NOT_SERVING, draining");
  server_->GetHealthCheckService()->Shutdown();
  if (readiness_thread_.joinable()) readiness_thread_.join();
  server_->Shutdown(std::chrono::system_clock::now() +
                    absl::ToChronoMilliseconds(options_.drain_timeout));
  server_->Wait();
  http_.Stop();
  Log(LogLevel::kInfo, "stopped");
  stopped_.Notify();
}

void ServiceRunner::Wait() {
  if (server_ == nullptr) return;
  stopped_.WaitForNotification();
}

void BlockTerminationSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  // A peer closing a socket must not kill the process (libpq, hiredis).
  signal(SIGPIPE, SIG_IGN);
}

int WaitForTerminationSignal() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  int sig = 0;
  sigwait(&set, &sig);
  return sig;
}

}  // namespace sisker::common
