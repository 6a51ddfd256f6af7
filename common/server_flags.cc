#include "common/server_flags.h"

namespace sisker::common {

void AddServerFlags(Config& config, int default_port,
                    int default_metrics_port) {
  config.AddString("host", "127.0.0.1",
                   "address the gRPC and metrics ports bind");
  config.AddInt("port", default_port, 0, 65535, "gRPC port");
  config.AddInt("metrics_port", default_metrics_port, -1, 65535,
                "Prometheus /metrics port (-1 = off)");
  config.AddBool("reflection", false, "serve gRPC reflection");
  config.AddInt("drain_seconds", 10, 0, 300, "graceful stop deadline");
}

ServerOptions ServerOptionsFrom(const Config& config, std::string service_name,
                                std::string version) {
  ServerOptions options;
  options.service_name = std::move(service_name);
  options.version = std::move(version);
  options.host = config.GetString("host");
  options.port = static_cast<int>(config.GetInt("port"));
  options.metrics_port = static_cast<int>(config.GetInt("metrics_port"));
  options.reflection = config.GetBool("reflection");
  options.drain_timeout = absl::Seconds(config.GetInt("drain_seconds"));
  return options;
}

}  // namespace sisker::common
