// The teamwork service's schema: its migrations, embedded at build time.
#ifndef SISKER_SERVICES_TEAMWORK_SCHEMA_H_
#define SISKER_SERVICES_TEAMWORK_SCHEMA_H_

#include <vector>

#include "common/migrations.h"

namespace sisker::teamwork {

inline constexpr char kSchema[] = "teamwork";
inline constexpr char kServiceName[] = "sisker-teamwork";

const std::vector<common::Migration>& Migrations();

}  // namespace sisker::teamwork

#endif  // SISKER_SERVICES_TEAMWORK_SCHEMA_H_
