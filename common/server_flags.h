// The flags every service binary takes for its gRPC server (host, port,
// metrics_port, reflection, drain_seconds) and the ServerOptions they make,
// so the services' main.cc files wire the same way without copying.
#ifndef SISKER_COMMON_SERVER_FLAGS_H_
#define SISKER_COMMON_SERVER_FLAGS_H_

#include <string>

#include "common/config.h"
#include "common/server.h"

namespace sisker::common {

void AddServerFlags(Config& config, int default_port, int default_metrics_port);

ServerOptions ServerOptionsFrom(const Config& config, std::string service_name,
                                std::string version);

}  // namespace sisker::common

#endif  // SISKER_COMMON_SERVER_FLAGS_H_
