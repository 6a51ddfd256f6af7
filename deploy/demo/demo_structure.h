// The demo structure files (deploy/demo/structure_*.txt): one record per
// line, `pd | id | KIND | CODE | name` and
// `unit | pd-id | unit-id | parent-id or - | KIND | name`.
#ifndef SISKER_DEPLOY_DEMO_DEMO_STRUCTURE_H_
#define SISKER_DEPLOY_DEMO_DEMO_STRUCTURE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace sisker::demo {

struct DemoPd {
  std::string id, kind, code, name;
};
struct DemoUnit {
  std::string pd_id, id, parent_id, kind, name;
};
struct DemoStructure {
  std::vector<DemoPd> pds;
  std::vector<DemoUnit> units;
};

// Parses a file; errors name the line.
absl::StatusOr<DemoStructure> ReadDemoStructure(const std::string& path);

}  // namespace sisker::demo

#endif  // SISKER_DEPLOY_DEMO_DEMO_STRUCTURE_H_
