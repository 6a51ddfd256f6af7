// Resource names and ids (AIP-122): `instansi/{i}/units/{u}`.
#ifndef SISKER_COMMON_RESOURCE_NAMES_H_
#define SISKER_COMMON_RESOURCE_NAMES_H_

#include <optional>
#include <string>
#include <vector>

namespace sisker::common {

// A client-chosen or generated id: `[a-z][a-z0-9-]{2,39}`, no trailing or
// doubled hyphen.
bool IsValidResourceId(const std::string& id);
// A new random id (12 chars, starts with a letter).
std::string NewResourceId();

// Splits `name` by the collection ids of `pattern` and returns the ids in
// order: ParseName("instansi/k/units/u", {"instansi", "units"}) ->
// {"k", "u"}. nullopt when the shape or an id is wrong.
std::optional<std::vector<std::string>> ParseName(
    const std::string& name, const std::vector<std::string>& collections);

}  // namespace sisker::common

#endif  // SISKER_COMMON_RESOURCE_NAMES_H_
