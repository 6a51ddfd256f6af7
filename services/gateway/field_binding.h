// Query strings and path values into protobuf request messages, by
// reflection only: the gateway binds `?page_size=10&types=a` and the
// variables of a path template to fields of any request message.
#ifndef SISKER_SERVICES_GATEWAY_FIELD_BINDING_H_
#define SISKER_SERVICES_GATEWAY_FIELD_BINDING_H_

#include <google/protobuf/message.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace sisker::gateway {

// Splits a query string (without the '?') "a=1&b=x%20y&c" into decoded
// pairs, in order: '+' is a space, a key without '=' has the value "",
// empty pieces ("a=1&&b=2") are skipped, repeated keys stay repeated.
// INVALID_ARGUMENT (INVALID_FIELDS, naming the key) on a bad
// percent-escape.
absl::StatusOr<std::vector<std::pair<std::string, std::string>>> ParseQuery(
    std::string_view query);

// Decodes "%HH" escapes ('+' stays '+', as in a path). INVALID_ARGUMENT
// naming the offset of a '%' not followed by two hex digits.
absl::StatusOr<std::string> PercentDecode(std::string_view text);

// Sets the field at `field_path` (dotted; each name the proto field name
// or its json_name) in `message` from one string value:
//  - int32/64, uint32/64, sint32/64, (s)fixed32/64: decimal, no sign for
//    unsigned, no '+', no spaces; out of range is an error;
//  - float/double: decimal or exponent notation, "NaN", "Infinity",
//    "-Infinity";
//  - bool: "true" or "false";
//  - string: valid UTF-8;
//  - bytes: base64 or base64url, padding optional (a ' ' counts as '+',
//    the form decoding of a raw '+' in a query);
//  - enum: a value name ("ACTIVE") or a defined number ("1");
//  - google.protobuf.Timestamp (RFC 3339), Duration ("1.5s"), FieldMask
//    ("displayName,pegawai.status": comma-separated paths, camelCase turned
//    into snake_case), the wrappers (Int32Value ...: as their scalar) and
//    google.type.Date ("2025-03-31") as whole values; their subfields can
//    also be set one by one ("as_of.year").
// A repeated field gets the value appended; a singular field is
// overwritten. Messages along the path are created as needed; a repeated
// or map field in the middle of the path, a map field, a message that is
// not one of the types above, and a second member of a oneof are errors.
// On error `message` is unchanged and the status is INVALID_ARGUMENT
// (reason INVALID_FIELDS) with one field violation; its message names the
// path and what is wrong ("unknown field 'foo'", "field 'page_size': not
// an int32: 'abc'").
absl::Status SetField(google::protobuf::Message& message,
                      std::string_view field_path, std::string_view value);

}  // namespace sisker::gateway

#endif  // SISKER_SERVICES_GATEWAY_FIELD_BINDING_H_
