// Server bootstrap shared by every service: gRPC server with health and
// optional reflection, the interceptor, message size limits, the /metrics
// listener, a readiness probe, and graceful shutdown.
#ifndef SISKER_COMMON_SERVER_H_
#define SISKER_COMMON_SERVER_H_

#include <grpcpp/server.h>

#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "common/http_listener.h"
#include "common/interceptor.h"
#include "common/metrics.h"
#include "common/principal.h"

namespace sisker::common {

struct ServerOptions {
  std::string service_name;  // e.g. "sisker-org"
  std::string version;       // build version, for --version and build_info
  std::string host = "127.0.0.1";
  int port = 0;           // 0 = a free port
  int metrics_port = -1;  // -1 = no metrics listener, 0 = free port
  bool reflection = false;
  int max_message_bytes = 4 << 20;
  absl::Duration drain_timeout = absl::Seconds(10);
  absl::Duration readiness_period = absl::Seconds(2);
};

class ServiceRunner {
 public:
  // metrics and authenticator must outlive the runner.
  ServiceRunner(ServerOptions options, MetricsRegistry* metrics,
                Authenticator* authenticator);
  ~ServiceRunner();

  void AddService(grpc::Service* service);
  // Polled every readiness_period; false flips health to NOT_SERVING.
  void SetReadinessCheck(std::function<bool()> ready);

  absl::Status Start();
  int port() const { return port_; }
  int metrics_port() const { return metrics_port_; }

  // NOT_SERVING, stop accepting, let calls in flight finish until the
  // drain deadline, then cancel the rest. Idempotent.
  void Shutdown();
  // Blocks until Shutdown has completed.
  void Wait();

 private:
  void ReadinessLoop();

  ServerOptions options_;
  MetricsRegistry* metrics_;
  Authenticator* authenticator_;
  std::vector<grpc::Service*> services_;
  std::function<bool()> ready_;
  std::unique_ptr<grpc::Server> server_;
  HttpListener http_;
  std::thread readiness_thread_;
  absl::Notification stopping_;
  absl::Notification stopped_;
  absl::Mutex shutdown_mu_;
  int port_ = 0;
  int metrics_port_ = -1;
};

// Blocks SIGTERM/SIGINT in the calling thread (call first in main, before
// any thread starts, so every thread inherits the mask).
void BlockTerminationSignals();
// Waits for SIGTERM/SIGINT (after BlockTerminationSignals) and returns its
// number.
int WaitForTerminationSignal();

}  // namespace sisker::common

#endif  // SISKER_COMMON_SERVER_H_
