// The OpenAPI document's rules on a small made-up service: wildcards,
// several bindings, bodies, query flattening, maps, recursion, public
// methods.
#include <gmock/gmock.h>
#include <google/protobuf/descriptor.h>
#include <google/protobuf/descriptor.pb.h>
#include <google/protobuf/text_format.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "services/gateway/openapi.h"

namespace sisker::gateway {
namespace {

using ::testing::HasSubstr;
using Json = nlohmann::json;

constexpr char kThings[] = R"pb(
  name: "openapi_test/things.proto"
  package: "sisker.test"
  syntax: "proto3"
  dependency: "google/protobuf/duration.proto"
  dependency: "google/protobuf/field_mask.proto"
  dependency: "google/protobuf/wrappers.proto"
  message_type {
    name: "Thing"
    field { name: "name" number: 1 label: LABEL_OPTIONAL type: TYPE_STRING }
    field {
      name: "child_things"
      number: 2
      label: LABEL_REPEATED
      type: TYPE_MESSAGE
      type_name: ".sisker.test.Thing"
    }
    field {
      name: "labels"
      number: 3
      label: LABEL_REPEATED
      type: TYPE_MESSAGE
      type_name: ".sisker.test.Thing.LabelsEntry"
    }
    field { name: "count" number: 4 label: LABEL_OPTIONAL type: TYPE_UINT64 }
    field { name: "blob" number: 5 label: LABEL_OPTIONAL type: TYPE_BYTES }
    nested_type {
      name: "LabelsEntry"
      field { name: "key" number: 1 label: LABEL_OPTIONAL type: TYPE_STRING }
      field { name: "value" number: 2 label: LABEL_OPTIONAL type: TYPE_INT64 }
      options { map_entry: true }
    }
  }
  message_type {
    name: "Filter"
    field { name: "owner" number: 1 label: LABEL_OPTIONAL type: TYPE_STRING }
    field {
      name: "inner"
      number: 2
      label: LABEL_OPTIONAL
      type: TYPE_MESSAGE
      type_name: ".sisker.test.Filter"
    }
  }
  message_type {
    name: "GetThingRequest"
    field { name: "name" number: 1 label: LABEL_OPTIONAL type: TYPE_STRING }
    field { name: "tags" number: 2 label: LABEL_REPEATED type: TYPE_STRING }
    field {
      name: "ttl"
      number: 3
      label: LABEL_OPTIONAL
      type: TYPE_MESSAGE
      type_name: ".google.protobuf.Duration"
    }
    field {
      name: "read_mask"
      number: 4
      label: LABEL_OPTIONAL
      type: TYPE_MESSAGE
      type_name: ".google.protobuf.FieldMask"
    }
    field {
      name: "limit"
      number: 5
      label: LABEL_OPTIONAL
      type: TYPE_MESSAGE
      type_name: ".google.protobuf.Int64Value"
    }
    field {
      name: "filter"
      number: 6
      label: LABEL_OPTIONAL
      type: TYPE_MESSAGE
      type_name: ".sisker.test.Filter"
    }
    field {
      name: "things"
      number: 7
      label: LABEL_REPEATED
      type: TYPE_MESSAGE
      type_name: ".sisker.test.Thing"
    }
  }
  message_type {
    name: "UpdateThingRequest"
    field {
      name: "thing"
      number: 1
      label: LABEL_OPTIONAL
      type: TYPE_MESSAGE
      type_name: ".sisker.test.Thing"
    }
    field {
      name: "request_id"
      number: 2
      label: LABEL_OPTIONAL
      type: TYPE_STRING
    }
  }
  message_type {
    name: "ListThingsResponse"
    field {
      name: "things"
      number: 1
      label: LABEL_REPEATED
      type: TYPE_MESSAGE
      type_name: ".sisker.test.Thing"
    }
  }
  service {
    name: "ThingService"
    method {
      name: "GetThing"
      input_type: ".sisker.test.GetThingRequest"
      output_type: ".sisker.test.Thing"
      options {
        [google.api.http] {
          get: "/v1/{name=things/**}"
          additional_bindings { get: "/v1/{name=things/**}" }
          additional_bindings { get: "/v1/{name=rooms/*/things/*}" }
        }
        [sisker.v1.public]: true
      }
    }
    method {
      name: "UpdateThing"
      input_type: ".sisker.test.UpdateThingRequest"
      output_type: ".sisker.test.Thing"
      options {
        [google.api.http] { patch: "/v1/{thing.name=things/*}" body: "thing" }
      }
    }
    method {
      name: "ReplaceThing"
      input_type: ".sisker.test.Thing"
      output_type: ".sisker.test.Thing"
      options {
        [google.api.http] { post: "/v1/{name=things/*}:replace" body: "*" }
      }
    }
    method {
      name: "ListThings"
      input_type: ".sisker.test.GetThingRequest"
      output_type: ".sisker.test.ListThingsResponse"
      options {
        [google.api.http] { get: "/v1/things" response_body: "things" }
      }
    }
  }
)pb";

// Copies `file` and its imports from the generated pool into `pool`.
void AddGenerated(const std::string& name,
                  google::protobuf::DescriptorPool& pool) {
  if (pool.FindFileByName(name) != nullptr) return;
  const auto* file =
      google::protobuf::DescriptorPool::generated_pool()->FindFileByName(name);
  ASSERT_NE(file, nullptr) << name;
  for (int i = 0; i < file->dependency_count(); ++i) {
    AddGenerated(file->dependency(i)->name(), pool);
  }
  google::protobuf::FileDescriptorProto proto;
  file->CopyTo(&proto);
  ASSERT_NE(pool.BuildFile(proto), nullptr) << name;
}

class OpenApiRules : public ::testing::Test {
 protected:
  void SetUp() override {
    google::protobuf::FileDescriptorProto proto;
    ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(kThings, &proto));
    for (const auto& dep : proto.dependency()) AddGenerated(dep, pool_);
    const auto* file = pool_.BuildFile(proto);
    ASSERT_NE(file, nullptr);
    doc_ = Json::parse(
        BuildOpenApi({file->FindServiceByName("ThingService")}, {}));
  }

  Json Param(Json& op, const std::string& name) {
    for (Json& p : op.value("parameters", Json::array())) {
      if (p["name"] == name) return p;
    }
    return nullptr;
  }

  google::protobuf::DescriptorPool pool_;
  Json doc_;
};

TEST_F(OpenApiRules, DoubleWildcardIsOneParameterThatMayHoldSlashes) {
  Json& op = doc_["paths"]["/v1/things/{thing}"]["get"];
  EXPECT_EQ(op["operationId"], "sisker.test.ThingService.GetThing");
  EXPECT_THAT(Param(op, "thing")["description"].get<std::string>(),
              HasSubstr("May contain '/'"));
}

TEST_F(OpenApiRules, FurtherBindingsGetNumberedOperationIds) {
  // The second binding repeats the first route: the first one wins.
  Json& op = doc_["paths"]["/v1/rooms/{room}/things/{thing}"]["get"];
  EXPECT_EQ(op["operationId"], "sisker.test.ThingService.GetThing_3");
  EXPECT_EQ(doc_["paths"].dump().find("GetThing_2"), std::string::npos);
}

TEST_F(OpenApiRules, PublicMethodsNeedNoToken) {
  EXPECT_EQ(doc_["paths"]["/v1/things/{thing}"]["get"]["security"],
            Json::array());
  EXPECT_FALSE(doc_["paths"]["/v1/things"]["get"].contains("security"));
}

TEST_F(OpenApiRules, QueryParametersFlattenTheRequest) {
  Json& op = doc_["paths"]["/v1/things/{thing}"]["get"];
  Json tags = Param(op, "tags");
  EXPECT_EQ(tags["schema"]["type"], "array");
  EXPECT_EQ(tags["explode"], true);
  EXPECT_EQ(Param(op, "ttl")["schema"]["type"], "string");
  EXPECT_EQ(Param(op, "read_mask")["schema"]["type"], "string");
  EXPECT_EQ(Param(op, "limit")["schema"]["format"], "int64");
  EXPECT_EQ(Param(op, "filter.owner")["in"], "query");
  EXPECT_EQ(Param(op, "filter.inner.owner")["in"], "query");
  EXPECT_TRUE(Param(op, "filter.inner.inner.owner").is_null());  // depth 3
  EXPECT_TRUE(Param(op, "things").is_null());  // repeated messages: no
  EXPECT_TRUE(Param(op, "name").is_null());    // bound by the path
}

TEST_F(OpenApiRules, BodyFieldIsTheRequestBodyAndNotAQuery) {
  Json& op = doc_["paths"]["/v1/things/{thing}"]["patch"];
  EXPECT_EQ(op["requestBody"]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/sisker.test.Thing");
  EXPECT_EQ(Param(op, "Idempotency-Key")["in"], "header");
  EXPECT_TRUE(Param(op, "thing.count").is_null());
  EXPECT_EQ(Param(op, "request_id")["in"], "query");
}

TEST_F(OpenApiRules, WholeBodyLeavesOutWhatThePathBinds) {
  Json& op = doc_["paths"]["/v1/things/{thing}:replace"]["post"];
  Json& body = op["requestBody"]["content"]["application/json"]["schema"];
  EXPECT_FALSE(body["properties"].contains("name"));
  EXPECT_TRUE(body["properties"].contains("childThings"));
  EXPECT_EQ(op["parameters"].size(), 1u);  // just the path parameter
}

TEST_F(OpenApiRules, ResponseBodyIsThatField) {
  Json& schema = doc_["paths"]["/v1/things"]["get"]["responses"]["200"]
                     ["content"]["application/json"]["schema"];
  EXPECT_EQ(schema["type"], "array");
  EXPECT_EQ(schema["items"]["$ref"], "#/components/schemas/sisker.test.Thing");
}

TEST_F(OpenApiRules, MapsRecursionAndScalarsFollowTheJsonMapping) {
  Json& thing = doc_["components"]["schemas"]["sisker.test.Thing"];
  EXPECT_EQ(thing["properties"]["childThings"]["items"]["$ref"],
            "#/components/schemas/sisker.test.Thing");
  EXPECT_EQ(thing["properties"]["labels"]["type"], "object");
  EXPECT_EQ(thing["properties"]["labels"]["additionalProperties"]["format"],
            "int64");
  EXPECT_EQ(thing["properties"]["count"]["type"], "string");
  EXPECT_EQ(thing["properties"]["blob"]["format"], "byte");
  EXPECT_FALSE(
      doc_["components"]["schemas"].contains("sisker.test.Thing.LabelsEntry"));
}

}  // namespace
}  // namespace sisker::gateway
