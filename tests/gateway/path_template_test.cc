// google.api.http path templates: parsing, matching (multi-segment
// variables, `**`, verbs, percent-encoding), precedence, and the Router's
// 404/405 answers.
#include "services/gateway/path_template.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/testing/status_matchers.h"

namespace sisker::gateway {
namespace {

using ::sisker::testing::IsOk;
using ::sisker::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Optional;

using Binding = PathTemplate::Binding;
using Outcome = RouteTable::Outcome;

PathTemplate MustParse(std::string_view text) {
  auto parsed = PathTemplate::Parse(text);
  EXPECT_THAT(parsed, IsOk()) << text;
  return parsed.ok() ? *std::move(parsed) : PathTemplate();
}

std::optional<std::vector<Binding>> MatchOf(std::string_view text,
                                            std::string_view path) {
  return MustParse(text).Match(path);
}

TEST(PathTemplateParse, ReadsVariablesVerbAndCounts) {
  PathTemplate t = MustParse("/v1/{name=instansi/*/pegawai/*}:lookupSubject");
  EXPECT_EQ(t.text(), "/v1/{name=instansi/*/pegawai/*}:lookupSubject");
  EXPECT_EQ(t.verb(), "lookupSubject");
  EXPECT_THAT(t.FieldPaths(), ElementsAre("name"));
  EXPECT_EQ(t.literal_segments(), 4);  // v1, instansi, pegawai, the verb
  EXPECT_EQ(t.wildcard_segments(), 2);
  EXPECT_FALSE(t.has_double_wildcard());
  EXPECT_EQ(t.shape(), "/v1/instansi/*/pegawai/*:lookupSubject");
}

TEST(PathTemplateParse, ABareVariableIsOneSegmentWildcard) {
  PathTemplate t = MustParse("/v1/instansi/{instansi}/units/{unit.id}");
  EXPECT_EQ(t.verb(), "");
  EXPECT_THAT(t.FieldPaths(), ElementsAre("instansi", "unit.id"));
  EXPECT_EQ(t.literal_segments(), 3);
  EXPECT_EQ(t.wildcard_segments(), 2);
  EXPECT_EQ(t.shape(), "/v1/instansi/*/units/*");
}

TEST(PathTemplateParse, AcceptsDoubleWildcardLastAndTheRoot) {
  PathTemplate files = MustParse("/v1/files/{path=**}:download");
  EXPECT_TRUE(files.has_double_wildcard());
  EXPECT_EQ(files.shape(), "/v1/files/**:download");
  EXPECT_TRUE(MustParse("/v1/**").has_double_wildcard());
  PathTemplate root = MustParse("/");
  EXPECT_EQ(root.shape(), "/");
  EXPECT_THAT(root.FieldPaths(), IsEmpty());
}

TEST(PathTemplateParse, LiteralEscapesAreCanonicalInTheShape) {
  EXPECT_EQ(MustParse("/v1/%69nstansi/a%2fb").shape(), "/v1/instansi/a%2Fb");
}

struct BadTemplate {
  const char* text;
  const char* why;
};

class PathTemplateRejects : public ::testing::TestWithParam<BadTemplate> {};

TEST_P(PathTemplateRejects, NamingWhatIsWrong) {
  auto parsed = PathTemplate::Parse(GetParam().text);
  EXPECT_THAT(parsed, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(parsed.status().message(), HasSubstr(GetParam().why));
}

INSTANTIATE_TEST_SUITE_P(
    Malformed, PathTemplateRejects,
    ::testing::Values(
        BadTemplate{"", "must start with '/'"},
        BadTemplate{"v1/instansi", "must start with '/'"},
        BadTemplate{"/v1/", "empty segment"},
        BadTemplate{"/v1//instansi", "empty segment"},
        BadTemplate{"/v1/{name", "unterminated variable"},
        BadTemplate{"/v1/{name=instansi/*", "unterminated variable"},
        BadTemplate{"/v1/{name=a/{id}}", "nested variable"},
        BadTemplate{"/v1/**/x", "'**' must be the last segment"},
        BadTemplate{"/v1/{path=**}/x", "'**' must be the last segment"},
        BadTemplate{"/v1/{}", "bad field path"},
        BadTemplate{"/v1/{1name}", "bad field path"},
        BadTemplate{"/v1/{name.}", "bad field path"},
        BadTemplate{"/v1/{name}/{name}", "variable 'name' bound twice"},
        BadTemplate{"/v1/{a}/{a.b}", "variables 'a' and 'a.b' overlap"},
        BadTemplate{"/v1/{name=}", "unexpected '}'"},
        BadTemplate{"/v1/{x}y", "unexpected 'y'"},
        BadTemplate{"/v1/a b", "unexpected ' '"},
        BadTemplate{"/v1/a?b", "unexpected '?'"},
        BadTemplate{"/v1/a:", "empty verb"},
        BadTemplate{"/v1/a:b:c", "unexpected ':'"},
        BadTemplate{"/v1/a%zz", "bad percent-escape"},
        BadTemplate{"/v1/a\x01", "unexpected byte 0x01"}));

TEST(PathTemplateParse, ErrorNamesTheTemplateAndOffset) {
  auto parsed = PathTemplate::Parse("/v1/**/x");
  EXPECT_THAT(parsed.status().message(), HasSubstr("\"/v1/**/x\""));
  EXPECT_THAT(parsed.status().message(), HasSubstr("at offset 7"));
}

TEST(PathTemplateMatch, BindsAMultiSegmentVariable) {
  EXPECT_THAT(
      MatchOf("/v1/{name=instansi/*/pegawai/*}",
              "/v1/instansi/kampar/pegawai/p1"),
      Optional(ElementsAre(Binding{"name", "instansi/kampar/pegawai/p1"})));
}

TEST(PathTemplateMatch, BindsSeveralVariablesInTemplateOrder) {
  EXPECT_THAT(MatchOf("/v1/{parent=instansi/*}/units/{unit_id}",
                      "/v1/instansi/kampar/units/u7"),
              Optional(ElementsAre(Binding{"parent", "instansi/kampar"},
                                   Binding{"unit_id", "u7"})));
}

TEST(PathTemplateMatch, RejectsOtherShapes) {
  PathTemplate t = MustParse("/v1/{name=instansi/*}");
  EXPECT_EQ(t.Match("/v1/instansi/kampar/x"), std::nullopt);
  EXPECT_EQ(t.Match("/v1/instansi"), std::nullopt);
  EXPECT_EQ(t.Match("/v1/units/kampar"), std::nullopt);
  EXPECT_EQ(t.Match("/v1/instansi/"), std::nullopt);  // `*` needs text
  EXPECT_EQ(t.Match("v1/instansi/kampar"), std::nullopt);
  EXPECT_EQ(t.Match(""), std::nullopt);
  EXPECT_EQ(t.Match("/v2/instansi/kampar"), std::nullopt);
  EXPECT_NE(t.Match("/v1/instansi/kampar"), std::nullopt);
}

TEST(PathTemplateMatch, TheRootMatchesOnlyTheRoot) {
  PathTemplate root = MustParse("/");
  EXPECT_THAT(root.Match("/"), Optional(IsEmpty()));
  EXPECT_EQ(root.Match("/v1"), std::nullopt);
  EXPECT_EQ(root.Match("//"), std::nullopt);
}

TEST(PathTemplateMatch, DoubleWildcardTakesZeroOrMoreSegments) {
  const char* t = "/v1/files/{path=**}";
  EXPECT_THAT(MatchOf(t, "/v1/files/a/b/c"),
              Optional(ElementsAre(Binding{"path", "a/b/c"})));
  EXPECT_THAT(MatchOf(t, "/v1/files/a"),
              Optional(ElementsAre(Binding{"path", "a"})));
  EXPECT_THAT(MatchOf(t, "/v1/files"),
              Optional(ElementsAre(Binding{"path", ""})));
  EXPECT_EQ(MatchOf(t, "/v1/other/a"), std::nullopt);
  EXPECT_THAT(MatchOf("/v1/**", "/v1/x/y"), Optional(IsEmpty()));
  EXPECT_THAT(MatchOf("/v1/{name=instansi/**}", "/v1/instansi/k/units/u"),
              Optional(ElementsAre(Binding{"name", "instansi/k/units/u"})));
}

TEST(PathTemplateMatch, AVerbMustBeThere) {
  PathTemplate t = MustParse("/v1/{name=instansi/*/pegawai/*}:lookupSubject");
  EXPECT_THAT(
      t.Match("/v1/instansi/kampar/pegawai/p1:lookupSubject"),
      Optional(ElementsAre(Binding{"name", "instansi/kampar/pegawai/p1"})));
  EXPECT_EQ(t.Match("/v1/instansi/kampar/pegawai/p1"), std::nullopt);
  EXPECT_EQ(t.Match("/v1/instansi/kampar/pegawai/p1:approve"), std::nullopt);
  EXPECT_EQ(t.Match("/v1/instansi/kampar/pegawai/p1:"), std::nullopt);
  EXPECT_EQ(t.Match("/v1/instansi/kampar/pegawai/:lookupSubject"),
            std::nullopt);
}

TEST(PathTemplateMatch, TheVerbIsSplitAtTheLastColonOfTheLastSegment) {
  EXPECT_THAT(MatchOf("/v1/{a}/{b}:sign", "/v1/x:y/p:q:sign"),
              Optional(ElementsAre(Binding{"a", "x:y"}, Binding{"b", "p:q"})));
  EXPECT_THAT(MatchOf("/v1/{name=**}:download", "/v1/a/b:download"),
              Optional(ElementsAre(Binding{"name", "a/b"})));
  // Without a verb in the template a ':' is ordinary text.
  EXPECT_THAT(MatchOf("/v1/{id}", "/v1/p1:approve"),
              Optional(ElementsAre(Binding{"id", "p1:approve"})));
}

TEST(PathTemplateMatch, SingleSegmentVariablesAreFullyDecoded) {
  EXPECT_THAT(MatchOf("/v1/{id}", "/v1/a%2Fb%20c%3A"),
              Optional(ElementsAre(Binding{"id", "a/b c:"})));
  // '+' is a space only in a query string.
  EXPECT_THAT(MatchOf("/v1/{id}", "/v1/a+b"),
              Optional(ElementsAre(Binding{"id", "a+b"})));
}

TEST(PathTemplateMatch, MultiSegmentVariablesKeepEncodedSlashes) {
  EXPECT_THAT(MatchOf("/v1/{name=instansi/*}", "/v1/instansi/a%2Fb%20c"),
              Optional(ElementsAre(Binding{"name", "instansi/a%2Fb c"})));
  EXPECT_THAT(MatchOf("/v1/files/{path=**}", "/v1/files/x%2fy/z%41"),
              Optional(ElementsAre(Binding{"path", "x%2fy/zA"})));
}

TEST(PathTemplateMatch, LiteralsCompareDecoded) {
  EXPECT_NE(MatchOf("/v1/instansi/{id}", "/v1/%69nstansi/x"), std::nullopt);
  EXPECT_NE(MatchOf("/v1/%69nstansi/{id}", "/v1/instansi/x"), std::nullopt);
  EXPECT_EQ(MatchOf("/v1/instansi/{id}", "/v1/instansi%2F/x"), std::nullopt);
}

TEST(PathTemplateMatch, AMalformedEscapeMatchesNothing) {
  EXPECT_EQ(MatchOf("/v1/{id}", "/v1/a%zz"), std::nullopt);
  EXPECT_EQ(MatchOf("/v1/{id}", "/v1/a%2"), std::nullopt);
  EXPECT_EQ(MatchOf("/v1/files/{path=**}", "/v1/files/a/%"), std::nullopt);
  EXPECT_EQ(MatchOf("/v1/instansi/{id}", "/v1/inst%ansi/x"), std::nullopt);
}

TEST(PathTemplatePrecedence, MoreLiteralsThenFewerWildcardsThenNoDouble) {
  PathTemplate me = MustParse("/v1/instansi/{i}/pegawai/me");
  PathTemplate any = MustParse("/v1/instansi/{i}/pegawai/{p}");
  PathTemplate verb =
      MustParse("/v1/{name=instansi/*/pegawai/*}:lookupSubject");
  PathTemplate deep = MustParse("/v1/{name=**}");
  PathTemplate single = MustParse("/v1/{name}");
  EXPECT_TRUE(TakesPrecedence(me, any));
  EXPECT_FALSE(TakesPrecedence(any, me));
  EXPECT_TRUE(TakesPrecedence(verb, any));
  EXPECT_TRUE(TakesPrecedence(single, deep));
  EXPECT_FALSE(TakesPrecedence(deep, single));
  EXPECT_FALSE(TakesPrecedence(any, any));
  EXPECT_TRUE(
      TakesPrecedence(MustParse("/v1/a/{x}"), MustParse("/v1/{a=*/*}")));
}

class RouterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_OK(router_.Add("GET", "/v1/{name=instansi/*/pegawai/*}", "Get"));
    ASSERT_OK(router_.Add("POST",
                          "/v1/{name=instansi/*/pegawai/*}:lookupSubject",
                          "LookupSubject"));
    ASSERT_OK(router_.Add("GET", "/v1/{parent=instansi/*}/pegawai", "List"));
    ASSERT_OK(router_.Add("POST", "/v1/{parent=instansi/*}/pegawai", "Create"));
    ASSERT_OK(router_.Add("PATCH", "/v1/{pegawai.name=instansi/*/pegawai/*}",
                          "Update"));
    // More literal segments than Get: wins for ".../pegawai/me".
    ASSERT_OK(router_.Add("GET", "/v1/instansi/{instansi}/pegawai/me", "Me"));
  }
  Router<std::string> router_;
};

TEST_F(RouterTest, FindsTheRouteOfTheMethodWithItsBindings) {
  auto found = router_.Match("GET", "/v1/instansi/kampar/pegawai/p1");
  ASSERT_EQ(found.outcome, Outcome::kFound);
  EXPECT_EQ(*found.value, "Get");
  EXPECT_EQ(found.path_template->text(), "/v1/{name=instansi/*/pegawai/*}");
  EXPECT_THAT(found.bindings,
              ElementsAre(Binding{"name", "instansi/kampar/pegawai/p1"}));

  auto update = router_.Match("PATCH", "/v1/instansi/kampar/pegawai/p1");
  ASSERT_EQ(update.outcome, Outcome::kFound);
  EXPECT_EQ(*update.value, "Update");
  EXPECT_THAT(
      update.bindings,
      ElementsAre(Binding{"pegawai.name", "instansi/kampar/pegawai/p1"}));
}

TEST_F(RouterTest, PrefersMoreLiteralSegments) {
  auto found = router_.Match("GET", "/v1/instansi/kampar/pegawai/me");
  ASSERT_EQ(found.outcome, Outcome::kFound);
  EXPECT_EQ(*found.value, "Me");
  EXPECT_THAT(found.bindings, ElementsAre(Binding{"instansi", "kampar"}));
}

TEST_F(RouterTest, MatchesCustomVerbs) {
  auto found =
      router_.Match("POST", "/v1/instansi/kampar/pegawai/p1:lookupSubject");
  ASSERT_EQ(found.outcome, Outcome::kFound);
  EXPECT_EQ(*found.value, "LookupSubject");
  EXPECT_THAT(found.bindings,
              ElementsAre(Binding{"name", "instansi/kampar/pegawai/p1"}));
}

TEST_F(RouterTest, AKnownVerbIsNotPartOfAnotherRoutesVariable) {
  // GET has no lookupSubject route: 405, not Get with name
  // ".../p1:lookupSubject".
  auto found =
      router_.Match("GET", "/v1/instansi/kampar/pegawai/p1:lookupSubject");
  EXPECT_EQ(found.outcome, Outcome::kMethodNotAllowed);
  EXPECT_THAT(found.allowed_methods, ElementsAre("POST"));
  // An unknown verb is ordinary text.
  auto other = router_.Match("GET", "/v1/instansi/kampar/pegawai/p1:other");
  ASSERT_EQ(other.outcome, Outcome::kFound);
  EXPECT_THAT(other.bindings,
              ElementsAre(Binding{"name", "instansi/kampar/pegawai/p1:other"}));
}

TEST_F(RouterTest, OtherMethodsOnlyIsMethodNotAllowedWithTheAllowList) {
  auto found = router_.Match("DELETE", "/v1/instansi/kampar/pegawai/p1");
  EXPECT_EQ(found.outcome, Outcome::kMethodNotAllowed);
  EXPECT_EQ(found.value, nullptr);
  EXPECT_THAT(found.allowed_methods, ElementsAre("GET", "PATCH"));

  auto list = router_.Match("PUT", "/v1/instansi/kampar/pegawai");
  EXPECT_EQ(list.outcome, Outcome::kMethodNotAllowed);
  EXPECT_THAT(list.allowed_methods, ElementsAre("GET", "POST"));
  // Methods are compared exactly.
  EXPECT_EQ(router_.Match("get", "/v1/instansi/kampar/pegawai").outcome,
            Outcome::kMethodNotAllowed);
}

TEST_F(RouterTest, NoTemplateAtAllIsNotFound) {
  for (const char* path :
       {"/v1/instansi/kampar/units/u1", "/v1/instansi/kampar/pegawai/p1/x",
        "/v1", "/", "", "v1/instansi/kampar/pegawai",
        "/v1/instansi/%zz/pegawai"}) {
    auto found = router_.Match("GET", path);
    EXPECT_EQ(found.outcome, Outcome::kNotFound) << path;
    EXPECT_THAT(found.allowed_methods, IsEmpty()) << path;
    EXPECT_EQ(found.value, nullptr) << path;
  }
}

TEST_F(RouterTest, RejectsASecondRouteOfTheSameShapeAndBadTemplates) {
  EXPECT_THAT(router_.Add("GET", "/v1/{x=instansi/*/pegawai/*}", "Dup"),
              StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_THAT(router_.Add("GET", "/v1/instansi/{i}/pegawai/{p}", "Dup"),
              StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_THAT(router_.Add("GET", "/v1/{name", "Bad"),
              StatusIs(absl::StatusCode::kInvalidArgument));
  // Same template, another method: fine.
  EXPECT_OK(router_.Add("DELETE", "/v1/{name=instansi/*/pegawai/*}", "Delete"));
  EXPECT_EQ(router_.size(), 7u);
  EXPECT_EQ(*router_.Match("DELETE", "/v1/instansi/k/pegawai/p").value,
            "Delete");
}

TEST(Router, SingleWildcardBeatsDoubleAndTiesKeepInsertionOrder) {
  Router<int> router;
  ASSERT_OK(router.Add("GET", "/v1/{name=**}", 1));
  ASSERT_OK(router.Add("GET", "/v1/{name}", 2));
  ASSERT_OK(router.Add("GET", "/v1/{a}/b", 3));
  ASSERT_OK(router.Add("GET", "/v1/a/{b}", 4));
  EXPECT_EQ(*router.Match("GET", "/v1/x").value, 2);
  EXPECT_EQ(*router.Match("GET", "/v1/x/y/z").value, 1);
  EXPECT_EQ(*router.Match("GET", "/v1/a/b").value, 3);  // tie: added first
  EXPECT_EQ(*router.Match("GET", "/v1/a/c").value, 4);
  EXPECT_EQ(*router.Match("GET", "/v1/c/b").value, 3);

  Router<int> reversed;
  ASSERT_OK(reversed.Add("GET", "/v1/a/{b}", 4));
  ASSERT_OK(reversed.Add("GET", "/v1/{a}/b", 3));
  EXPECT_EQ(*reversed.Match("GET", "/v1/a/b").value, 4);
}

}  // namespace
}  // namespace sisker::gateway
