// libFuzzer target for the gateway's HTTP rule logic (tests/fuzz/run.sh).
// The input is split at '\n' into up to four parts:
//   0: a path template, also used as a field path
//   1: a request path
//   2: a query string
//   3: a field value
// and fed to PathTemplate::Parse/Match, a fixed Router, PercentDecode,
// ParseQuery and SetField on sisker.v1 request messages. Beyond crashes
// and sanitizer reports it checks a few invariants and aborts when one
// breaks, or when protobuf logs an error.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "google/protobuf/stubs/logging.h"
#include "services/gateway/field_binding.h"
#include "services/gateway/path_template.h"
#include "sisker/v1/common.pb.h"
#include "sisker/v1/org.pb.h"

namespace {

using sisker::gateway::PathTemplate;
using sisker::gateway::Router;
using sisker::gateway::RouteTable;
using sisker::gateway::SplitPath;

void Check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "invariant broken: %s\n", what);
    std::abort();
  }
}

// Protobuf logs an ERROR instead of failing, e.g. for a string field with
// invalid UTF-8 in a request or in an error's details: a finding here.
void AbortOnProtobufError(google::protobuf::LogLevel level,
                          const char* filename, int line,
                          const std::string& message) {
  std::fprintf(stderr, "[libprotobuf %s:%d] %s\n", filename, line,
               message.c_str());
  if (level >= google::protobuf::LOGLEVEL_ERROR) {
    Check(false, "protobuf logged an error");
  }
}

const std::vector<PathTemplate>& FixedTemplates() {
  static const auto* templates = [] {
    auto* out = new std::vector<PathTemplate>;
    for (const char* text : {"/v1/{name=instansi/*/pegawai/*}",
                             "/v1/{name=instansi/*/pegawai/*}:lookupSubject",
                             "/v1/{parent=instansi/*}/orgEvents",
                             "/v1/files/{path=**}", "/v1/{name=**}:download",
                             "/v1/instansi/{instansi}/units/{unit}", "/"}) {
      out->push_back(*PathTemplate::Parse(text));
    }
    return out;
  }();
  return *templates;
}

const Router<int>& FixedRouter() {
  static const auto* router = [] {
    auto* r = new Router<int>;
    int id = 0;
    for (const char* method : {"GET", "POST"}) {
      for (const PathTemplate& t : FixedTemplates()) {
        if (!r->Add(method, t.text(), id++).ok()) std::abort();
      }
    }
    return r;
  }();
  return *router;
}

// Match, Matches and the bindings agree.
void MatchAndCheck(const PathTemplate& t, std::string_view path) {
  auto bindings = t.Match(path);
  Check(bindings.has_value() == t.Matches(SplitPath(path)),
        "Match and Matches agree");
  if (bindings) {
    Check(bindings->size() == t.FieldPaths().size(), "one binding a variable");
  }
}

void FuzzTemplate(std::string_view text, std::string_view path) {
  auto parsed = PathTemplate::Parse(text);
  if (!parsed.ok()) {
    Check(parsed.status().code() == absl::StatusCode::kInvalidArgument,
          "a bad template is INVALID_ARGUMENT");
    return;
  }
  MatchAndCheck(*parsed, path);
  // The shape is itself a template, of the same shape and counts.
  auto shape = PathTemplate::Parse(parsed->shape());
  Check(shape.ok(), "the shape parses");
  Check(shape->shape() == parsed->shape(), "the shape is a fixed point");
  Check(shape->literal_segments() == parsed->literal_segments() &&
            shape->wildcard_segments() == parsed->wildcard_segments(),
        "the shape keeps the counts");
  Check(shape->Matches(SplitPath(path)) == parsed->Matches(SplitPath(path)),
        "the shape matches the same paths");
}

void FuzzFields(std::string_view field_path, std::string_view query,
                std::string_view value) {
  sisker::v1::ListEventsRequest list;
  sisker::v1::UpdatePegawaiRequest update;
  sisker::v1::GetKedudukanRequest get;
  sisker::v1::EventEnvelope event;
  google::protobuf::Message* messages[] = {&list, &update, &get, &event};
  for (google::protobuf::Message* m : messages) {
    std::string before = m->SerializeAsString();
    absl::Status s = sisker::gateway::SetField(*m, field_path, value);
    if (!s.ok()) {
      Check(s.code() == absl::StatusCode::kInvalidArgument,
            "a bad field is INVALID_ARGUMENT");
      Check(m->SerializeAsString() == before, "an error changes nothing");
    }
  }
  auto pairs = sisker::gateway::ParseQuery(query);
  if (!pairs.ok()) return;
  for (const auto& [key, v] : *pairs) {
    for (google::protobuf::Message* m : messages) {
      (void)sisker::gateway::SetField(*m, key, v);
    }
  }
  // Whatever was set serializes and parses back.
  for (google::protobuf::Message* m : messages) {
    std::string bytes;
    Check(m->SerializeToString(&bytes), "serializes");
    std::unique_ptr<google::protobuf::Message> copy(m->New());
    Check(copy->ParseFromString(bytes), "parses back");
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv) {
  google::protobuf::SetLogHandler(&AbortOnProtobufError);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::string_view parts[4];
  for (int i = 0; i < 4; ++i) {
    size_t nl = i == 3 ? std::string_view::npos : input.find('\n');
    parts[i] = input.substr(0, nl);
    input = nl == std::string_view::npos ? std::string_view()
                                         : input.substr(nl + 1);
  }
  FuzzTemplate(parts[0], parts[1]);
  for (const PathTemplate& t : FixedTemplates()) MatchAndCheck(t, parts[1]);
  auto found = FixedRouter().Match("GET", parts[1]);
  Check((found.outcome == RouteTable::Outcome::kFound) ==
            (found.value != nullptr),
        "a value exactly when found");
  (void)sisker::gateway::PercentDecode(parts[1]);
  FuzzFields(parts[0], parts[2], parts[3]);
  return 0;
}
