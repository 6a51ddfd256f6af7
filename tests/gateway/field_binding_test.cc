// Query strings and path values into request messages: every scalar kind,
// enums, repeated and nested fields, the well-known types, and errors that
// name the field.
#include "services/gateway/field_binding.h"

#include <gmock/gmock.h>
#include <google/protobuf/descriptor.h>
#include <google/protobuf/descriptor.pb.h>
#include <google/protobuf/duration.pb.h>
#include <google/protobuf/dynamic_message.h>
#include <google/protobuf/field_mask.pb.h>
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/text_format.h>
#include <google/protobuf/timestamp.pb.h>
#include <google/protobuf/util/time_util.h>
#include <google/protobuf/wrappers.pb.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "common/testing/status_matchers.h"
#include "sisker/v1/common.pb.h"
#include "sisker/v1/org.pb.h"

namespace sisker::gateway {
namespace {

using ::google::protobuf::DescriptorPool;
using ::google::protobuf::DescriptorProto;
using ::google::protobuf::DynamicMessageFactory;
using ::google::protobuf::FieldDescriptorProto;
using ::google::protobuf::FileDescriptorProto;
using ::google::protobuf::Message;
using ::google::protobuf::Reflection;
using ::sisker::testing::IsOk;
using ::sisker::testing::StatusIs;
using ::sisker::testing::ViolatedFields;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Pair;

MATCHER_P(IsOkAndHolds, value,
          "is OK and holds " + ::testing::PrintToString(value)) {
  if (!arg.ok()) {
    *result_listener << "status is " << arg.status();
    return false;
  }
  *result_listener << "holds " << ::testing::PrintToString(*arg);
  return *arg == value;
}

// Expects an INVALID_FIELDS error naming exactly `field`, whose message
// contains `message`.
void ExpectBad(const absl::Status& status, const std::string& field,
               const std::string& message) {
  EXPECT_THAT(status,
              StatusIs(absl::StatusCode::kInvalidArgument, "INVALID_FIELDS"));
  EXPECT_THAT(ViolatedFields(status), ElementsAre(field));
  EXPECT_THAT(status.message(), HasSubstr(message));
}

TEST(ParseQuery, SplitsAndDecodesPairsInOrder) {
  auto pairs = ParseQuery("a=1&b=x%20y&c&d=p+q&types=x&types=y&e=1=2");
  ASSERT_THAT(pairs, IsOk());
  EXPECT_THAT(*pairs,
              ElementsAre(Pair("a", "1"), Pair("b", "x y"), Pair("c", ""),
                          Pair("d", "p q"), Pair("types", "x"),
                          Pair("types", "y"), Pair("e", "1=2")));
}

TEST(ParseQuery, SkipsEmptyPiecesAndDecodesKeys) {
  auto pairs = ParseQuery("&a%5Bb%5D=%2B&&page+size=2&");
  ASSERT_THAT(pairs, IsOk());
  EXPECT_THAT(*pairs, ElementsAre(Pair("a[b]", "+"), Pair("page size", "2")));
  auto empty = ParseQuery("");
  ASSERT_THAT(empty, IsOk());
  EXPECT_THAT(*empty, IsEmpty());
}

TEST(ParseQuery, ABadEscapeNamesTheKey) {
  auto in_value = ParseQuery("filter=ok&page_token=ab%zz");
  ExpectBad(in_value.status(), "page_token", "query parameter 'page_token'");
  auto truncated = ParseQuery("page_size=%4");
  ExpectBad(truncated.status(), "page_size", "'page_size'");
  auto in_key = ParseQuery("pa%g=1");
  ExpectBad(in_key.status(), "pa%g", "bad percent-escape in the name");
}

TEST(PercentDecode, DecodesEscapesButNotPlus) {
  EXPECT_THAT(PercentDecode("a%20b+c%2f%2F"), IsOkAndHolds("a b+c//"));
  EXPECT_THAT(PercentDecode(""), IsOkAndHolds(""));
  for (const char* bad : {"%", "a%4", "%G0", "%0g"}) {
    EXPECT_THAT(PercentDecode(bad),
                StatusIs(absl::StatusCode::kInvalidArgument))
        << bad;
  }
  EXPECT_THAT(PercentDecode("ab%4").status().message(), HasSubstr("offset 2"));
}

TEST(SetField, SetsAnInt32AndNamesItWhenBad) {
  sisker::v1::ListEventsRequest request;
  ASSERT_OK(SetField(request, "page_size", "25"));
  EXPECT_EQ(request.page_size(), 25);
  ExpectBad(SetField(request, "page_size", "abc"), "page_size",
            "field 'page_size': not an int32: 'abc'");
  ExpectBad(SetField(request, "page_size", "2147483648"), "page_size",
            "out of range for int32");
  ExpectBad(SetField(request, "page_size", ""), "page_size", "not an int32");
  EXPECT_EQ(request.page_size(), 25);
}

TEST(SetField, SetsAnInt64ExactlyAndAcceptsJsonNames) {
  sisker::v1::ListEventsRequest request;
  ASSERT_OK(SetField(request, "after_position", "9007199254740993"));
  EXPECT_EQ(request.after_position(), 9007199254740993LL);
  ASSERT_OK(SetField(request, "afterPosition", "-5"));
  EXPECT_EQ(request.after_position(), -5);
  ASSERT_OK(SetField(request, "pageToken", "t"));
  EXPECT_EQ(request.page_token(), "t");
}

TEST(SetField, AppendsToARepeatedField) {
  sisker::v1::ListEventsRequest request;
  ASSERT_OK(SetField(request, "types", "sisker.org.pegawai.*"));
  ASSERT_OK(SetField(request, "types", "sisker.org.unit.created"));
  EXPECT_THAT(request.types(),
              ElementsAre("sisker.org.pegawai.*", "sisker.org.unit.created"));
}

TEST(SetField, AnUnknownFieldIsNamed) {
  sisker::v1::ListEventsRequest request;
  ExpectBad(SetField(request, "foo", "1"), "foo", "unknown field 'foo'");
  sisker::v1::UpdatePegawaiRequest update;
  ExpectBad(SetField(update, "pegawai.foo", "1"), "pegawai.foo",
            "unknown field 'pegawai.foo'");
  ExpectBad(SetField(update, "pegawai.foo.bar", "1"), "pegawai.foo",
            "unknown field 'pegawai.foo'");
  EXPECT_FALSE(update.has_pegawai());  // nothing created on error
}

TEST(SetField, FieldNamesInErrorsAreValidUtf8) {
  // The violation travels as a proto string: a raw query key is escaped.
  sisker::v1::ListEventsRequest request;
  absl::Status status = SetField(request, "page\xff\n", "1");
  ExpectBad(status, "page\\xff\\n", "unknown field 'page\\xff\\n'");
  ExpectBad(SetField(request, std::string(150, 'a'), "1"),
            std::string(100, 'a') + "...", "unknown field 'aaa");
  ExpectBad(SetField(request, "page_size\x01", "1"), "page_size\\x01",
            "unknown field");
}

TEST(SetField, BadPathsAreErrors) {
  sisker::v1::ListEventsRequest request;
  ExpectBad(SetField(request, "", "1"), "", "empty field path");
  ExpectBad(SetField(request, "types.", "1"), "types",
            "a repeated field cannot be in the middle of a path");
  ExpectBad(SetField(request, ".types", "1"), ".types", "bad field path");
  ExpectBad(SetField(request, "page_size.x", "1"), "page_size",
            "field 'page_size': has no subfields");
  sisker::v1::ListEventsResponse response;
  ExpectBad(SetField(response, "events.id", "e1"), "events",
            "a repeated field cannot be in the middle of a path");
  EXPECT_EQ(response.events_size(), 0);
}

TEST(SetField, CreatesNestedMessagesAndSetsEnumsByNameOrNumber) {
  sisker::v1::UpdatePegawaiRequest request;
  ASSERT_OK(SetField(request, "pegawai.name", "instansi/kampar/pegawai/p1"));
  ASSERT_OK(SetField(request, "pegawai.status", "ACTIVE"));
  ASSERT_OK(SetField(request, "pegawai.asnKind", "2"));
  EXPECT_EQ(request.pegawai().name(), "instansi/kampar/pegawai/p1");
  EXPECT_EQ(request.pegawai().status(), sisker::v1::Pegawai::ACTIVE);
  EXPECT_EQ(request.pegawai().asn_kind(), sisker::v1::Pegawai::PPPK);
  ASSERT_OK(SetField(request, "pegawai.status", "RETIRED"));
  EXPECT_EQ(request.pegawai().status(), sisker::v1::Pegawai::RETIRED);
}

TEST(SetField, AnUnknownEnumValueIsNamed) {
  sisker::v1::UpdatePegawaiRequest request;
  ExpectBad(SetField(request, "pegawai.status", "active"), "pegawai.status",
            "not a value of sisker.v1.Pegawai.Status: 'active'");
  ExpectBad(SetField(request, "pegawai.status", "99"), "pegawai.status",
            "not a value of sisker.v1.Pegawai.Status");
  ExpectBad(SetField(request, "pegawai.status", "1.0"), "pegawai.status",
            "not a value");
  EXPECT_FALSE(request.has_pegawai());
}

TEST(SetField, AMessageIsNotOneValue) {
  sisker::v1::UpdatePegawaiRequest request;
  ExpectBad(SetField(request, "pegawai", "x"), "pegawai",
            "is a message (sisker.v1.Pegawai)");
}

TEST(SetField, ParsesAFieldMaskFromCamelOrSnakeCase) {
  sisker::v1::UpdatePegawaiRequest request;
  ASSERT_OK(SetField(request, "update_mask",
                     "displayName, gelar_depan,pegawai.asnKind,,"));
  EXPECT_THAT(request.update_mask().paths(),
              ElementsAre("display_name", "gelar_depan", "pegawai.asn_kind"));
  ASSERT_OK(SetField(request, "updateMask", "status"));  // replaces
  EXPECT_THAT(request.update_mask().paths(), ElementsAre("status"));
  ExpectBad(SetField(request, "update_mask", "display name"), "update_mask",
            "not a field mask");
  ExpectBad(SetField(request, "update_mask", "a..b"), "update_mask",
            "not a field mask");
  EXPECT_THAT(request.update_mask().paths(), ElementsAre("status"));
}

TEST(SetField, ParsesADateWholeOrByItsFields) {
  sisker::v1::GetKedudukanRequest request;
  ASSERT_OK(SetField(request, "as_of", "2024-02-29"));
  EXPECT_EQ(request.as_of().year(), 2024);
  EXPECT_EQ(request.as_of().month(), 2);
  EXPECT_EQ(request.as_of().day(), 29);
  for (const char* bad : {"2025-02-29", "2025-3-31", "2025-13-01", "2025-00-10",
                          "0000-01-01", "2025-04-31", "2025/04/01",
                          "2025-04-01T00:00:00Z", "+025-04-01", "2025-04-0a"}) {
    ExpectBad(SetField(request, "asOf", bad), "asOf",
              "not a date (YYYY-MM-DD)");
  }
  sisker::v1::GetKedudukanRequest parts;
  ASSERT_OK(SetField(parts, "as_of.year", "2025"));
  ASSERT_OK(SetField(parts, "as_of.month", "3"));
  EXPECT_EQ(parts.as_of().year(), 2025);
  EXPECT_EQ(parts.as_of().month(), 3);
  EXPECT_EQ(parts.as_of().day(), 0);
}

TEST(SetField, ParsesAnRfc3339Timestamp) {
  sisker::v1::EventEnvelope event;
  ASSERT_OK(SetField(event, "occurred_at", "2025-03-31T08:00:00.5+07:00"));
  EXPECT_EQ(event.occurred_at().seconds(), 1743382800);
  EXPECT_EQ(event.occurred_at().nanos(), 500000000);
  ASSERT_OK(SetField(event, "occurredAt", "1970-01-01T00:00:00Z"));
  EXPECT_EQ(event.occurred_at().seconds(), 0);
  EXPECT_EQ(event.occurred_at().nanos(), 0);
  for (const char* bad :
       {"2025-03-31", "yesterday", "2025-03-31T08:00:00", ""}) {
    ExpectBad(SetField(event, "occurred_at", bad), "occurred_at",
              "not an RFC 3339 timestamp");
  }
}

TEST(SetField, ChecksUtf8InStrings) {
  sisker::v1::GetKedudukanRequest request;
  ASSERT_OK(SetField(request, "name", "instansi/kampar/pegawai/Andi Ü"));
  EXPECT_EQ(request.name(), "instansi/kampar/pegawai/Andi Ü");
  for (std::string bad :
       {std::string("\xff"), std::string("a\xc3"), std::string("\xc0\xaf"),
        std::string("\xed\xa0\x80")}) {
    ExpectBad(SetField(request, "name", bad), "name", "not valid UTF-8");
  }
}

// A message of every field kind, built at run time: the binding must work
// by reflection alone (no generated class).
class DynamicFieldTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const auto* file : {google::protobuf::Timestamp::descriptor()->file(),
                             google::protobuf::Duration::descriptor()->file(),
                             google::protobuf::Int32Value::descriptor()->file(),
                             google::protobuf::Struct::descriptor()->file()}) {
      FileDescriptorProto proto;
      file->CopyTo(&proto);
      ASSERT_NE(pool_.BuildFile(proto), nullptr) << file->name();
    }
    FileDescriptorProto file;
    file.set_name("gateway_test/all_kinds.proto");
    file.set_package("gateway_test");
    file.set_syntax("proto3");
    file.add_dependency("google/protobuf/timestamp.proto");
    file.add_dependency("google/protobuf/duration.proto");
    file.add_dependency("google/protobuf/wrappers.proto");
    file.add_dependency("google/protobuf/struct.proto");
    auto* color = file.add_enum_type();
    color->set_name("Color");
    for (auto [name, number] :
         std::initializer_list<std::pair<const char*, int>>{
             {"COLOR_UNSPECIFIED", 0}, {"RED", 1}, {"GREEN", 2}}) {
      auto* v = color->add_value();
      v->set_name(name);
      v->set_number(number);
    }
    DescriptorProto* nested = file.add_message_type();
    nested->set_name("Nested");
    Add(nested, "note", 1, FieldDescriptorProto::TYPE_STRING);
    Add(nested, "level", 2, FieldDescriptorProto::TYPE_INT32);

    DescriptorProto* m = file.add_message_type();
    m->set_name("AllKinds");
    using T = FieldDescriptorProto;
    int n = 1;
    Add(m, "i32", n++, T::TYPE_INT32);
    Add(m, "i64", n++, T::TYPE_INT64);
    Add(m, "u32", n++, T::TYPE_UINT32);
    Add(m, "u64", n++, T::TYPE_UINT64);
    Add(m, "s32", n++, T::TYPE_SINT32);
    Add(m, "s64", n++, T::TYPE_SINT64);
    Add(m, "f32", n++, T::TYPE_FIXED32);
    Add(m, "f64", n++, T::TYPE_FIXED64);
    Add(m, "sf32", n++, T::TYPE_SFIXED32);
    Add(m, "sf64", n++, T::TYPE_SFIXED64);
    Add(m, "fl", n++, T::TYPE_FLOAT);
    Add(m, "db", n++, T::TYPE_DOUBLE);
    Add(m, "b", n++, T::TYPE_BOOL);
    Add(m, "s", n++, T::TYPE_STRING);
    Add(m, "by", n++, T::TYPE_BYTES);
    Add(m, "color", n++, T::TYPE_ENUM, ".gateway_test.Color");
    Add(m, "colors", n++, T::TYPE_ENUM, ".gateway_test.Color", true);
    Add(m, "ri64", n++, T::TYPE_INT64, "", true);
    Add(m, "nested", n++, T::TYPE_MESSAGE, ".gateway_test.Nested");
    Add(m, "nesteds", n++, T::TYPE_MESSAGE, ".gateway_test.Nested", true);
    Add(m, "stamps", n++, T::TYPE_MESSAGE, ".google.protobuf.Timestamp", true);
    Add(m, "dur", n++, T::TYPE_MESSAGE, ".google.protobuf.Duration");
    Add(m, "attrs", n++, T::TYPE_MESSAGE, ".google.protobuf.Struct");
    for (const char* w : {"Int32Value", "Int64Value", "UInt32Value",
                          "UInt64Value", "FloatValue", "DoubleValue",
                          "BoolValue", "StringValue", "BytesValue"}) {
      Add(m, std::string("w_") + w, n++, T::TYPE_MESSAGE,
          std::string(".google.protobuf.") + w);
    }
    Add(m, "custom", n++, T::TYPE_STRING)->set_json_name("renamed");
    // oneof choice { string left; int32 right; }
    m->add_oneof_decl()->set_name("choice");
    Add(m, "left", n++, T::TYPE_STRING)->set_oneof_index(0);
    Add(m, "right", n++, T::TYPE_INT32)->set_oneof_index(0);
    // map<string, string> labels
    DescriptorProto* entry = m->add_nested_type();
    entry->set_name("LabelsEntry");
    entry->mutable_options()->set_map_entry(true);
    Add(entry, "key", 1, T::TYPE_STRING);
    Add(entry, "value", 2, T::TYPE_STRING);
    Add(m, "labels", n++, T::TYPE_MESSAGE, ".gateway_test.AllKinds.LabelsEntry",
        true);

    const auto* built = pool_.BuildFile(file);
    ASSERT_NE(built, nullptr);
    message_.reset(
        factory_.GetPrototype(built->FindMessageTypeByName("AllKinds"))->New());
  }

  static FieldDescriptorProto* Add(DescriptorProto* m, const std::string& name,
                                   int number, FieldDescriptorProto::Type type,
                                   const std::string& type_name = "",
                                   bool repeated = false) {
    FieldDescriptorProto* f = m->add_field();
    f->set_name(name);
    f->set_number(number);
    f->set_type(type);
    f->set_label(repeated ? FieldDescriptorProto::LABEL_REPEATED
                          : FieldDescriptorProto::LABEL_OPTIONAL);
    if (!type_name.empty()) f->set_type_name(type_name);
    return f;
  }

  const google::protobuf::FieldDescriptor* Field(const std::string& name) {
    return message_->GetDescriptor()->FindFieldByName(name);
  }
  const Reflection& R() { return *message_->GetReflection(); }
  const Message& Sub(const std::string& name) {
    return R().GetMessage(*message_, Field(name));
  }
  // The "value" of a wrapper field, as text.
  std::string WrapperText(const std::string& name) {
    std::string out;
    const Message& w = Sub(name);
    google::protobuf::TextFormat::PrintFieldValueToString(
        w, w.GetDescriptor()->FindFieldByName("value"), -1, &out);
    return out;
  }
  absl::Status Set(std::string_view path, std::string_view value) {
    return SetField(*message_, path, value);
  }

  DescriptorPool pool_;
  DynamicMessageFactory factory_{&pool_};
  std::unique_ptr<Message> message_;
};

TEST_F(DynamicFieldTest, SetsSignedIntegersOfEveryEncoding) {
  ASSERT_OK(Set("i32", "-2147483648"));
  ASSERT_OK(Set("s32", "2147483647"));
  ASSERT_OK(Set("sf32", "-7"));
  ASSERT_OK(Set("i64", "-9223372036854775808"));
  ASSERT_OK(Set("s64", "9223372036854775807"));
  ASSERT_OK(Set("sf64", "-8"));
  EXPECT_EQ(R().GetInt32(*message_, Field("i32")), INT32_MIN);
  EXPECT_EQ(R().GetInt32(*message_, Field("s32")), INT32_MAX);
  EXPECT_EQ(R().GetInt32(*message_, Field("sf32")), -7);
  EXPECT_EQ(R().GetInt64(*message_, Field("i64")), INT64_MIN);
  EXPECT_EQ(R().GetInt64(*message_, Field("s64")), INT64_MAX);
  EXPECT_EQ(R().GetInt64(*message_, Field("sf64")), -8);
  ExpectBad(Set("s32", "2147483648"), "s32", "out of range for sint32");
  ExpectBad(Set("sf64", "9223372036854775808"), "sf64",
            "out of range for sfixed64");
  for (const char* bad : {"+1", " 1", "1 ", "1.0", "1e3", "0x10", "--1", "-"}) {
    ExpectBad(Set("i64", bad), "i64", "field 'i64': not an int64");
  }
  EXPECT_EQ(R().GetInt64(*message_, Field("i64")), INT64_MIN);
}

TEST_F(DynamicFieldTest, SetsUnsignedIntegersOfEveryEncoding) {
  ASSERT_OK(Set("u32", "4294967295"));
  ASSERT_OK(Set("f32", "7"));
  ASSERT_OK(Set("u64", "18446744073709551615"));
  ASSERT_OK(Set("f64", "0"));
  EXPECT_EQ(R().GetUInt32(*message_, Field("u32")), UINT32_MAX);
  EXPECT_EQ(R().GetUInt32(*message_, Field("f32")), 7u);
  EXPECT_EQ(R().GetUInt64(*message_, Field("u64")), UINT64_MAX);
  EXPECT_EQ(R().GetUInt64(*message_, Field("f64")), 0u);
  ExpectBad(Set("u32", "-1"), "u32", "not a uint32: '-1'");
  ExpectBad(Set("f32", "4294967296"), "f32", "out of range for fixed32");
  ExpectBad(Set("u64", "18446744073709551616"), "u64",
            "out of range for uint64");
}

TEST_F(DynamicFieldTest, SetsFloatsIncludingTheJsonSpecialValues) {
  ASSERT_OK(Set("db", "1.5e3"));
  EXPECT_EQ(R().GetDouble(*message_, Field("db")), 1500.0);
  ASSERT_OK(Set("db", "-0.25"));
  EXPECT_EQ(R().GetDouble(*message_, Field("db")), -0.25);
  ASSERT_OK(Set("db", "NaN"));
  EXPECT_TRUE(std::isnan(R().GetDouble(*message_, Field("db"))));
  ASSERT_OK(Set("db", "-Infinity"));
  EXPECT_EQ(R().GetDouble(*message_, Field("db")),
            -std::numeric_limits<double>::infinity());
  ASSERT_OK(Set("fl", "Infinity"));
  EXPECT_EQ(R().GetFloat(*message_, Field("fl")),
            std::numeric_limits<float>::infinity());
  ASSERT_OK(Set("fl", "0.1"));
  EXPECT_EQ(R().GetFloat(*message_, Field("fl")), 0.1f);
  ExpectBad(Set("fl", "1e39"), "fl", "out of range for float");
  ExpectBad(Set("db", "1e400"), "db", "out of range for double");
  for (const char* bad : {"nan", "inf", "infinity", "0x1p3", "1,5", "", "e"}) {
    ExpectBad(Set("db", bad), "db", "not a double");
  }
}

TEST_F(DynamicFieldTest, SetsBoolsOnlyFromTrueOrFalse) {
  ASSERT_OK(Set("b", "true"));
  EXPECT_TRUE(R().GetBool(*message_, Field("b")));
  ASSERT_OK(Set("b", "false"));
  EXPECT_FALSE(R().GetBool(*message_, Field("b")));
  for (const char* bad : {"TRUE", "1", "yes", ""}) {
    ExpectBad(Set("b", bad), "b", "not a bool (true or false)");
  }
}

TEST_F(DynamicFieldTest, SetsBytesFromBase64OrBase64Url) {
  const std::string want("\xfb\xff\xfe", 3);
  for (const char* text : {"+//+", "-__-", "+//+", " //+"}) {
    ASSERT_OK(Set("by", text)) << text;
    EXPECT_EQ(R().GetString(*message_, Field("by")), want) << text;
  }
  ASSERT_OK(Set("by", "aGk="));
  EXPECT_EQ(R().GetString(*message_, Field("by")), "hi");
  ASSERT_OK(Set("by", "aGk"));  // no padding
  EXPECT_EQ(R().GetString(*message_, Field("by")), "hi");
  ExpectBad(Set("by", "a!b="), "by", "not base64");
  ExpectBad(Set("by", "a"), "by", "not base64");
}

TEST_F(DynamicFieldTest, SetsEnumsAndAppendsRepeatedOnes) {
  ASSERT_OK(Set("color", "GREEN"));
  EXPECT_EQ(R().GetEnumValue(*message_, Field("color")), 2);
  ASSERT_OK(Set("colors", "RED"));
  ASSERT_OK(Set("colors", "2"));
  ASSERT_EQ(R().FieldSize(*message_, Field("colors")), 2);
  EXPECT_EQ(R().GetRepeatedEnumValue(*message_, Field("colors"), 0), 1);
  EXPECT_EQ(R().GetRepeatedEnumValue(*message_, Field("colors"), 1), 2);
  ExpectBad(Set("colors", "BLUE"), "colors",
            "not a value of gateway_test.Color");
  EXPECT_EQ(R().FieldSize(*message_, Field("colors")), 2);
  ASSERT_OK(Set("ri64", "1"));
  ASSERT_OK(Set("ri64", "2"));
  EXPECT_EQ(R().FieldSize(*message_, Field("ri64")), 2);
}

TEST_F(DynamicFieldTest, SetsWrappersAsTheirScalar) {
  ASSERT_OK(Set("w_Int32Value", "-5"));
  ASSERT_OK(Set("w_Int64Value", "9007199254740993"));
  ASSERT_OK(Set("w_UInt32Value", "5"));
  ASSERT_OK(Set("w_UInt64Value", "18446744073709551615"));
  ASSERT_OK(Set("w_FloatValue", "1.5"));
  ASSERT_OK(Set("w_DoubleValue", "NaN"));
  ASSERT_OK(Set("w_BoolValue", "false"));
  ASSERT_OK(Set("w_StringValue", "halo"));
  ASSERT_OK(Set("w_BytesValue", "aGk="));
  EXPECT_TRUE(R().HasField(*message_, Field("w_BoolValue")));  // false, but set
  EXPECT_EQ(WrapperText("w_Int32Value"), "-5");
  EXPECT_EQ(WrapperText("w_Int64Value"), "9007199254740993");
  EXPECT_EQ(WrapperText("w_UInt32Value"), "5");
  EXPECT_EQ(WrapperText("w_UInt64Value"), "18446744073709551615");
  EXPECT_EQ(WrapperText("w_FloatValue"), "1.5");
  EXPECT_EQ(WrapperText("w_DoubleValue"), "nan");
  EXPECT_EQ(WrapperText("w_BoolValue"), "false");
  EXPECT_EQ(WrapperText("w_StringValue"), "\"halo\"");
  EXPECT_EQ(WrapperText("w_BytesValue"), "\"hi\"");
  ExpectBad(Set("w_Int32Value", "x"), "w_Int32Value",
            "field 'w_Int32Value': not an int32: 'x'");
  ExpectBad(Set("w_BoolValue", "1"), "w_BoolValue", "not a bool");
  EXPECT_EQ(WrapperText("w_Int32Value"), "-5");
}

TEST_F(DynamicFieldTest, AppendsTimestampsAndParsesDurations) {
  ASSERT_OK(Set("stamps", "2025-01-01T00:00:00Z"));
  ASSERT_OK(Set("stamps", "2025-01-01T07:00:00.123+07:00"));
  ExpectBad(Set("stamps", "2025-01-01"), "stamps", "not an RFC 3339 timestamp");
  ASSERT_EQ(R().FieldSize(*message_, Field("stamps")), 2);
  for (int i = 0; i < 2; ++i) {
    const Message& ts = R().GetRepeatedMessage(*message_, Field("stamps"), i);
    google::protobuf::Timestamp copy;
    ASSERT_TRUE(copy.ParseFromString(ts.SerializeAsString()));
    EXPECT_EQ(copy.seconds(), 1735689600) << i;
    EXPECT_EQ(copy.nanos(), i == 0 ? 0 : 123000000) << i;
  }

  google::protobuf::Duration d;
  ASSERT_OK(Set("dur", "1.5s"));
  ASSERT_TRUE(d.ParseFromString(Sub("dur").SerializeAsString()));
  EXPECT_EQ(d.seconds(), 1);
  EXPECT_EQ(d.nanos(), 500000000);
  ASSERT_OK(Set("dur", "-0.25s"));
  ASSERT_TRUE(d.ParseFromString(Sub("dur").SerializeAsString()));
  EXPECT_EQ(d.seconds(), 0);
  EXPECT_EQ(d.nanos(), -250000000);
  for (const char* bad : {"1.5", "1m", "s", "", "315576000001s"}) {
    ExpectBad(Set("dur", bad), "dur", "not a duration");
  }
}

TEST_F(DynamicFieldTest, CreatesNestedMessagesOnlyOnSuccess) {
  ExpectBad(Set("nested.level", "x"), "nested.level", "not an int32");
  EXPECT_FALSE(R().HasField(*message_, Field("nested")));
  ASSERT_OK(Set("nested.note", "catatan"));
  ASSERT_OK(Set("nested.level", "3"));
  EXPECT_EQ(Sub("nested").ShortDebugString(), "note: \"catatan\" level: 3");
  ExpectBad(Set("nesteds.note", "x"), "nesteds",
            "a repeated field cannot be in the middle of a path");
}

TEST_F(DynamicFieldTest, MapsAndOtherMessagesAreNotOneValue) {
  ExpectBad(Set("labels", "a"), "labels", "a map field cannot be set");
  ExpectBad(Set("labels.key", "a"), "labels",
            "a map field cannot be in the middle of a path");
  ExpectBad(Set("attrs", "{}"), "attrs",
            "is a message (google.protobuf.Struct)");
  ExpectBad(Set("nested", "x"), "nested", "is a message (gateway_test.Nested)");
  EXPECT_EQ(message_->ByteSizeLong(), 0u);
}

TEST_F(DynamicFieldTest, AcceptsTheJsonName) {
  ASSERT_OK(Set("renamed", "x"));
  EXPECT_EQ(R().GetString(*message_, Field("custom")), "x");
  ASSERT_OK(Set("custom", "y"));
  EXPECT_EQ(R().GetString(*message_, Field("custom")), "y");
}

TEST_F(DynamicFieldTest, RefusesASecondMemberOfAOneof) {
  ASSERT_OK(Set("left", "a"));
  ASSERT_OK(Set("left", "b"));  // the same member: overwritten
  ExpectBad(Set("right", "1"), "right",
            "oneof 'choice' already has 'left' set");
  EXPECT_EQ(R().GetString(*message_, Field("left")), "b");
  EXPECT_FALSE(R().HasField(*message_, Field("right")));
}

}  // namespace
}  // namespace sisker::gateway
