// The assignment service's schema: its migrations, embedded at build time.
#ifndef SISKER_SERVICES_ASSIGNMENT_SCHEMA_H_
#define SISKER_SERVICES_ASSIGNMENT_SCHEMA_H_

#include <vector>

#include "common/migrations.h"

namespace sisker::assignment {

inline constexpr char kSchema[] = "assignment";
inline constexpr char kServiceName[] = "sisker-assignment";
const std::vector<common::Migration>& Migrations();

}  // namespace sisker::assignment

#endif  // SISKER_SERVICES_ASSIGNMENT_SCHEMA_H_
