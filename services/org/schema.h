// The org service's schema: its migrations, embedded at build time.
#ifndef SISKER_SERVICES_ORG_SCHEMA_H_
#define SISKER_SERVICES_ORG_SCHEMA_H_

#include <vector>

#include "common/migrations.h"

namespace sisker::org {

inline constexpr char kSchema[] = "org";
inline constexpr char kServiceName[] = "sisker-org";

const std::vector<common::Migration>& Migrations();

}  // namespace sisker::org

#endif  // SISKER_SERVICES_ORG_SCHEMA_H_
