// sisker-openapi: prints the OpenAPI document of the services the gateway
// fronts. With --descriptor_set (protoc --include_source_info output, built
// next to this binary as sisker_api.desc) the proto comments become the
// operations' summaries and descriptions.
#include <cstdio>
#include <string>
#include <string_view>

#include "services/gateway/openapi.h"
#include "services/gateway/routes.h"

#ifndef SISKER_VERSION
#define SISKER_VERSION "0.0.0"
#endif

namespace {

constexpr char kUsage[] =
    "usage: sisker-openapi [--descriptor_set=FILE] [--server_url=URL] "
    "[--version=VERSION] > openapi.json\n";

// Strips `prefix` from `arg` if it starts with it.
bool Consume(std::string_view& arg, std::string_view prefix) {
  if (!arg.starts_with(prefix)) return false;
  arg.remove_prefix(prefix.size());
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  sisker::gateway::OpenApiOptions options;
  options.version = SISKER_VERSION;
  std::string descriptor_set;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (Consume(arg, "--descriptor_set=")) {
      descriptor_set = std::string(arg);
    } else if (Consume(arg, "--server_url=")) {
      options.server_url = std::string(arg);
    } else if (Consume(arg, "--version=")) {
      options.version = std::string(arg);
    } else {
      std::fputs(kUsage, stderr);
      return arg == "--help" ? 0 : 2;
    }
  }
  std::vector<const google::protobuf::ServiceDescriptor*> services =
      sisker::gateway::FrontedServices();
  sisker::gateway::DescriptorSetPool commented;
  if (!descriptor_set.empty()) {
    std::vector<std::string> names;
    for (const auto* s : services) names.push_back(s->full_name());
    auto loaded = sisker::gateway::LoadDescriptorSet(descriptor_set, names);
    if (!loaded.ok()) {
      std::fprintf(stderr, "sisker-openapi: %s\n",
                   std::string(loaded.status().message()).c_str());
      return 1;
    }
    commented = *std::move(loaded);
    services = commented.services;
  }
  std::string doc = sisker::gateway::BuildOpenApi(services, options);
  std::fwrite(doc.data(), 1, doc.size(), stdout);
  std::fputc('\n', stdout);
  return std::fflush(stdout) == 0 ? 0 : 1;
}
