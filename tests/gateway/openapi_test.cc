// The OpenAPI document of the fronted services, its validation by
// swagger-parser (tools/openapi), and the /docs explorer's files.
#include "services/gateway/openapi.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "absl/strings/str_cat.h"
#include "services/gateway/docs.h"
#include "services/gateway/routes.h"

namespace sisker::gateway {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::StartsWith;
using Json = nlohmann::json;

constexpr char kKedudukanPath[] =
    "/v1/instansi/{instansi}/pegawai/{pegawai}/kedudukan";

const Json& OrgDocument() {
  static const Json* const doc =
      new Json(Json::parse(BuildOpenApi(FrontedServices(), {})));
  return *doc;
}

// The parameter of an operation by name and location; null when absent.
Json ParamOf(const Json& op, const std::string& name, const std::string& in) {
  for (const Json& p : op.value("parameters", Json::array())) {
    if (p["name"] == name && p["in"] == in) return p;
  }
  return nullptr;
}

struct CommandResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr
};

CommandResult RunCommand(const std::string& command) {
  CommandResult result;
  FILE* pipe = popen(absl::StrCat(command, " 2>&1").c_str(), "r");
  if (pipe == nullptr) return result;
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof(buffer), pipe)) > 0) {
    result.output.append(buffer, n);
  }
  int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

const std::string& ToolsDir() {
  static const std::string* const dir =
      new std::string(absl::StrCat(SISKER_SOURCE_DIR, "/tools/openapi"));
  return *dir;
}

// tools/openapi/install.sh (npm ci when needed). A machine without node or
// npm fails here: the document must be validated, never silently not.
void InstallNodeModules() {
  static const CommandResult* const result =
      new CommandResult(RunCommand(absl::StrCat(ToolsDir(), "/install.sh")));
  ASSERT_EQ(result->exit_code, 0) << "tools/openapi/install.sh failed:\n"
                                  << result->output;
}

// Runs tools/openapi/validate.js on `document`.
CommandResult Validate(const std::string& document, const std::string& tag) {
  std::string file = absl::StrCat(::testing::TempDir(), "/openapi_", getpid(),
                                  "_", tag, ".json");
  std::ofstream(file) << document;
  CommandResult result =
      RunCommand(absl::StrCat("node ", ToolsDir(), "/validate.js ", file));
  std::remove(file.c_str());
  return result;
}

TEST(OpenApi, GetKedudukanHasItsOperationOnTheExpandedPath) {
  Json doc = OrgDocument();
  ASSERT_TRUE(doc["paths"].contains(kKedudukanPath)) << doc["paths"].dump(1);
  Json& op = doc["paths"][kKedudukanPath]["get"];
  EXPECT_EQ(op["operationId"], "sisker.v1.OrgService.GetKedudukan");
  EXPECT_EQ(op["tags"], Json::array({"OrgService"}));
  for (const char* name : {"instansi", "pegawai"}) {
    Json p = ParamOf(op, name, "path");
    ASSERT_FALSE(p.is_null()) << name;
    EXPECT_EQ(p["required"], true);
    EXPECT_EQ(p["schema"]["type"], "string");
    EXPECT_THAT(p["description"].get<std::string>(),
                HasSubstr("request field `name`"));
  }
  EXPECT_THAT(op["description"].get<std::string>(),
              HasSubstr("binds request field `name`"));
}

TEST(OpenApi, DateQueryParameterIsOneStringWithFormatDate) {
  Json doc = OrgDocument();
  Json& op = doc["paths"][kKedudukanPath]["get"];
  Json as_of = ParamOf(op, "as_of", "query");
  ASSERT_FALSE(as_of.is_null()) << op.dump(1);
  EXPECT_EQ(as_of["schema"]["type"], "string");
  EXPECT_EQ(as_of["schema"]["format"], "date");
  EXPECT_TRUE(ParamOf(op, "as_of.year", "query").is_null());
  EXPECT_TRUE(ParamOf(op, "name", "query").is_null());
}

TEST(OpenApi, VerbSuffixStaysAfterTheExpandedPath) {
  Json doc = OrgDocument();
  EXPECT_TRUE(
      doc["paths"].contains("/v1/instansi/{instansi}/posts/{post}:holders"));
  EXPECT_TRUE(doc["paths"].contains("/v1/instansi/{instansi}:lookupSubject"));
}

TEST(OpenApi, SchemasFollowTheProto3JsonMapping) {
  Json doc = OrgDocument();
  Json& schemas = doc["components"]["schemas"];
  Json& size = schemas["sisker.v1.Attachment"]["properties"]["sizeBytes"];
  EXPECT_EQ(size["type"], "string");
  EXPECT_EQ(size["format"], "int64");
  Json& created = schemas["sisker.v1.Attachment"]["properties"]["createTime"];
  EXPECT_EQ(created["format"], "date-time");
  Json& kind = schemas["sisker.v1.SubjectPerson.Kind"];
  EXPECT_EQ(kind["type"], "string");
  EXPECT_EQ(kind["enum"], Json::array({"KIND_UNSPECIFIED", "PEGAWAI",
                                       "OFFICIAL", "EXTERNAL_PARTICIPANT"}));
  // google.type.Date is a plain message in JSON bodies.
  EXPECT_EQ(schemas["google.type.Date"]["properties"]["year"]["type"],
            "integer");
  Json& payload = schemas["sisker.v1.EventEnvelope"]["properties"]["payload"];
  EXPECT_EQ(payload["required"], Json::array({"@type"}));
}

TEST(OpenApi, ErrorsAreGoogleRpcStatusAsJson) {
  Json doc = OrgDocument();
  Json& error = doc["components"]["schemas"]["Error"];
  Json& status = error["properties"]["error"]["properties"];
  EXPECT_EQ(status["code"]["type"], "integer");
  EXPECT_EQ(status["message"]["type"], "string");
  EXPECT_THAT(status["status"]["enum"], Contains("NOT_FOUND"));
  EXPECT_EQ(status["details"]["items"]["properties"]["@type"]["type"],
            "string");
  Json& op = doc["paths"][kKedudukanPath]["get"];
  EXPECT_EQ(op["responses"]["default"]["content"]["application/json"]["schema"]
              ["$ref"],
            "#/components/schemas/Error");
  EXPECT_EQ(
      op["responses"]["200"]["content"]["application/json"]["schema"]["$ref"],
      "#/components/schemas/sisker.v1.Kedudukan");
}

TEST(OpenApi, BearerTokensAreRequiredEverywhere) {
  Json doc = OrgDocument();
  EXPECT_EQ(
      doc["components"]["securitySchemes"]["bearerAuth"],
      (Json{{"type", "http"},
            {"scheme", "bearer"},
            {"bearerFormat", "JWT"},
            {"description", "An access token from the identity provider."}}));
  EXPECT_EQ(doc["security"],
            Json::array({Json{{"bearerAuth", Json::array()}}}));
  EXPECT_EQ(doc["openapi"], "3.0.3");
}

TEST(OpenApi, EveryOrgMethodWithAnHttpRuleHasItsOperations) {
  Json doc = OrgDocument();
  std::set<std::string> ids;
  for (const auto& [path, item] : doc["paths"].items()) {
    for (const auto& [verb, op] : item.items()) ids.insert(op["operationId"]);
  }
  int operations = 0;
  for (const auto* service : FrontedServices()) {
    for (int m = 0; m < service->method_count(); ++m) {
      const auto& method = *service->method(m);
      size_t n = HttpBindingsOf(method).size();
      for (size_t b = 0; b < n; ++b) {
        std::string id = b == 0 ? method.full_name()
                                : absl::StrCat(method.full_name(), "_", b + 1);
        EXPECT_TRUE(ids.contains(id)) << id;
        ++operations;
      }
    }
  }
  EXPECT_GT(operations, 40);
  EXPECT_EQ(ids.size(), static_cast<size_t>(operations));
}

TEST(OpenApi, SameDescriptorsGiveTheSameBytes) {
  EXPECT_EQ(BuildOpenApi(FrontedServices(), {}),
            BuildOpenApi(FrontedServices(), {}));
}

TEST(OpenApi, DescriptorSetWithSourceInfoGivesCommentsAsDocs) {
  auto loaded = LoadDescriptorSet(
      absl::StrCat(SISKER_BINARY_DIR, "/services/gateway/sisker_api.desc"),
      {"sisker.v1.OrgService"});
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  Json doc = Json::parse(BuildOpenApi(loaded->services, {}));
  Json& op = doc["paths"]["/v1/policyProfiles/{policyProfile}"]["get"];
  EXPECT_EQ(op["summary"],
            "Serves a policy profile (the newest version, or `version`).");
  EXPECT_THAT(op["description"].get<std::string>(),
              HasSubstr("NOT_FOUND: no such profile or version."));
  // Without comments the summary comes from the method's name.
  Json plain = OrgDocument();
  EXPECT_EQ(
      plain["paths"]["/v1/policyProfiles/{policyProfile}"]["get"]["summary"],
      "Get policy profile");
}

TEST(OpenApiValidation, SwaggerParserAcceptsTheDocument) {
  ASSERT_EQ(RunCommand("command -v node").exit_code, 0)
      << "node is not installed (tools/openapi needs Node 20.19+)";
  InstallNodeModules();
  CommandResult plain = Validate(BuildOpenApi(FrontedServices(), {}), "plain");
  EXPECT_EQ(plain.exit_code, 0) << plain.output;
  EXPECT_THAT(plain.output, HasSubstr("operations"));

  auto loaded = LoadDescriptorSet(
      absl::StrCat(SISKER_BINARY_DIR, "/services/gateway/sisker_api.desc"),
      {"sisker.v1.OrgService"});
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  CommandResult commented =
      Validate(BuildOpenApi(loaded->services, {}), "commented");
  EXPECT_EQ(commented.exit_code, 0) << commented.output;
}

TEST(OpenApiValidation, SwaggerParserRejectsABrokenDocument) {
  InstallNodeModules();
  // Caught by the OpenAPI schema.
  Json doc = OrgDocument();
  doc["paths"][kKedudukanPath]["get"]["bogus"] = true;
  CommandResult result = Validate(doc.dump(), "broken_schema");
  EXPECT_EQ(result.exit_code, 1) << result.output;
  EXPECT_THAT(result.output, HasSubstr("INVALID"));
  // Caught by validate.js's own rules (swagger-parser checks path
  // parameters for Swagger 2.0 only).
  doc = OrgDocument();
  doc["paths"][kKedudukanPath]["get"].erase("parameters");
  result = Validate(doc.dump(), "broken_params");
  EXPECT_EQ(result.exit_code, 1) << result.output;
  EXPECT_THAT(result.output,
              HasSubstr("path parameter {instansi} is not declared"));
}

std::string AssetsDir() {
  return absl::StrCat(ToolsDir(), "/node_modules/swagger-ui-dist");
}

TEST(Docs, ServesTheExplorerPageOnOpenApiJson) {
  for (const char* path : {"/docs", "/docs/"}) {
    auto page = ServeDocs("/nonexistent", path);
    ASSERT_TRUE(page.has_value()) << path;
    EXPECT_THAT(page->content_type, StartsWith("text/html"));
    EXPECT_THAT(page->body, HasSubstr("/docs/swagger-ui-bundle.js"));
  }
  auto init = ServeDocs("/nonexistent", "/docs/sisker-initializer.js");
  ASSERT_TRUE(init.has_value());
  EXPECT_THAT(init->body, HasSubstr("\"/openapi.json\""));
}

TEST(Docs, ServesSwaggerUiFilesWithTheirContentTypes) {
  InstallNodeModules();
  auto js = ServeDocs(AssetsDir(), "/docs/swagger-ui-bundle.js");
  ASSERT_TRUE(js.has_value());
  EXPECT_THAT(js->content_type, StartsWith("text/javascript"));
  EXPECT_GT(js->body.size(), 100000u);
  auto css = ServeDocs(AssetsDir(), "/docs/swagger-ui.css?v=1");
  ASSERT_TRUE(css.has_value());
  EXPECT_THAT(css->content_type, StartsWith("text/css"));
  auto png = ServeDocs(AssetsDir(), "/docs/favicon-32x32.png");
  ASSERT_TRUE(png.has_value());
  EXPECT_EQ(png->content_type, "image/png");
}

TEST(Docs, ServesNothingOutsideTheAssetsFolder) {
  InstallNodeModules();
  for (const char* path :
       {"/docs/../CMakeLists.txt", "/docs/../../../CMakeLists.txt",
        "/docs/..%2f..%2fCMakeLists.txt", "/docs/../swagger-ui-dist/index.js",
        "/docs//etc/passwd", "/docs/.hidden.js", "/docs/package.json",
        "/docs/README.md", "/docs/missing.js", "/docsx", "/openapi.json",
        "/docs/sub/index.js"}) {
    EXPECT_FALSE(ServeDocs(AssetsDir(), path).has_value()) << path;
  }
}

}  // namespace
}  // namespace sisker::gateway
