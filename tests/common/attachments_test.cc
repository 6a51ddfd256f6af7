// Attachment validation (no database): limits, media types, magic bytes,
// file names, purposes; and the SHA-256 helper.
#include "common/attachments.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/escaping.h"
#include "common/errors.h"
#include "common/testing/status_matchers.h"

namespace sisker::common {
namespace {

using ::sisker::testing::IsOk;
using ::sisker::testing::StatusIs;
using ::sisker::testing::ViolatedFields;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

const std::string kPdf = std::string("%PDF-1.7\n\0\x01\xFF", 13);
const std::string kJpeg = std::string("\xFF\xD8\xFF\xE0\0\x10JFIF", 10);
const std::string kPng = std::string("\x89PNG\r\n\x1A\n\0\0\0\rIHDR", 16);

NewAttachment Valid() {
  NewAttachment a;
  a.instansi_id = "kampar";
  a.owner_name = "instansi/kampar/externalParticipants/x";
  a.purpose = "home_agency_letter";
  a.filename = "Surat Tugas 2025.pdf";
  a.media_type = "application/pdf";
  a.content = kPdf;
  a.uploaded_by = "op-1";
  return a;
}

// The one description of the only violation (fails the test otherwise).
std::string OnlyViolation(const absl::Status& s, const std::string& field) {
  auto details = GetErrorDetails(s);
  if (!details || details->field_violations.size() != 1 ||
      details->field_violations[0].field != field) {
    ADD_FAILURE() << "expected one violation of " << field << ", got " << s;
    return "";
  }
  return details->field_violations[0].description;
}

TEST(AttachmentValidation, AcceptsEachDefaultTypeWithItsMagicBytes) {
  NewAttachment a = Valid();
  EXPECT_THAT(ValidateAttachment(a, {}), IsOk());
  a.media_type = "image/jpeg";
  a.content = kJpeg;
  EXPECT_THAT(ValidateAttachment(a, {}), IsOk());
  a.media_type = "image/png";
  a.content = kPng;
  EXPECT_THAT(ValidateAttachment(a, {}), IsOk());
}

TEST(AttachmentValidation, EmptyContentIsRefused) {
  NewAttachment a = Valid();
  a.content.clear();
  const absl::Status s = ValidateAttachment(a, {});
  EXPECT_THAT(s,
              StatusIs(absl::StatusCode::kInvalidArgument, "INVALID_FIELDS"));
  EXPECT_THAT(OnlyViolation(s, "content"), HasSubstr("empty"));
}

TEST(AttachmentValidation, ContentOverTheLimitNamesTheLimit) {
  NewAttachment a = Valid();
  AttachmentLimits limits;
  limits.max_bytes = 100;
  a.content = kPdf + std::string(100 - kPdf.size(), 'x');
  EXPECT_THAT(ValidateAttachment(a, limits), IsOk());  // exactly the limit
  a.content += 'x';
  const absl::Status s = ValidateAttachment(a, limits);
  EXPECT_THAT(s, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(OnlyViolation(s, "content"), HasSubstr("at most 100 bytes"));
}

TEST(AttachmentValidation, TheDefaultLimitIsTenMebibytes) {
  NewAttachment a = Valid();
  a.content = kPdf + std::string(10 * 1024 * 1024 - kPdf.size(), '\0');
  EXPECT_THAT(ValidateAttachment(a, {}), IsOk());
  a.content += '\0';
  EXPECT_THAT(OnlyViolation(ValidateAttachment(a, {}), "content"),
              HasSubstr("at most 10485760 bytes"));
}

TEST(AttachmentValidation, AMediaTypeNotAllowedListsTheAllowedOnes) {
  NewAttachment a = Valid();
  a.media_type = "application/x-msdownload";
  EXPECT_THAT(OnlyViolation(ValidateAttachment(a, {}), "media_type"),
              HasSubstr("application/pdf, image/jpeg, image/png"));
  AttachmentLimits only_png;
  only_png.media_types = {"image/png"};
  a = Valid();
  EXPECT_THAT(OnlyViolation(ValidateAttachment(a, only_png), "media_type"),
              HasSubstr("one of image/png"));
}

TEST(AttachmentValidation, ContentMustStartWithTheDeclaredTypesMagicBytes) {
  struct Case {
    std::string media_type;
    std::string content;
  };
  const Case cases[] = {
      {"application/pdf", kPng},
      {"application/pdf", "%PDF"},  // shorter than the magic
      {"image/jpeg", kPdf},
      {"image/jpeg", std::string("\xFF\xD8\xFE", 3)},
      {"image/png", kJpeg},
      {"image/png", std::string("\x89PNG\r\n\x1A\r", 8)},
  };
  for (const Case& c : cases) {
    NewAttachment a = Valid();
    a.media_type = c.media_type;
    a.content = c.content;
    EXPECT_THAT(OnlyViolation(ValidateAttachment(a, {}), "content"),
                HasSubstr("is not a " + c.media_type))
        << c.media_type;
  }
}

TEST(AttachmentValidation, AnAllowedTypeWithoutKnownMagicIsTakenAsDeclared) {
  NewAttachment a = Valid();
  a.media_type = "text/plain";
  a.content = "hello";
  AttachmentLimits limits;
  limits.media_types.push_back("text/plain");
  EXPECT_THAT(ValidateAttachment(a, limits), IsOk());
}

TEST(AttachmentValidation, BadFilenamesAreRefused) {
  const std::string bad[] = {
      "",
      std::string(256, 'a'),
      "../etc/passwd",
      "a\\b.pdf",
      "line\nbreak.pdf",
      std::string("nul\0.pdf", 8),
      "tab\t.pdf",
      "del\x7F.pdf",
      "c1\xC2\x85.pdf",  // U+0085 NEXT LINE
      "invoice\xE2\x80\xAE"
      "fdp.exe",                // U+202E RIGHT-TO-LEFT OVERRIDE
      "latin1 caf\xE9.pdf",     // not UTF-8
      "overlong \xC0\xAF.pdf",  // '/' encoded in two bytes
      "truncated \xE2\x80",
  };
  for (const std::string& name : bad) {
    NewAttachment a = Valid();
    a.filename = name;
    EXPECT_THAT(ViolatedFields(ValidateAttachment(a, {})),
                ElementsAre("filename"))
        << absl::CEscape(name);
  }
}

TEST(AttachmentValidation, OrdinaryFilenamesPass) {
  const std::string good[] = {
      std::string(255, 'a'),
      "Surat Keputusan No. 12 (final).pdf",
      "Bukti_Kegiatan-ÅÉ-日本.jpg",
      "a",
  };
  for (const std::string& name : good) {
    NewAttachment a = Valid();
    a.filename = name;
    EXPECT_THAT(ValidateAttachment(a, {}), IsOk()) << name;
  }
}

TEST(AttachmentValidation, PurposeIsAShortMachineWord) {
  for (const std::string& purpose :
       {std::string(""), std::string("Evidence"), std::string("home-letter"),
        std::string("evidence1"), std::string("bukti kegiatan"),
        std::string(41, 'a')}) {
    NewAttachment a = Valid();
    a.purpose = purpose;
    EXPECT_THAT(ViolatedFields(ValidateAttachment(a, {})),
                ElementsAre("purpose"))
        << purpose;
  }
  NewAttachment a = Valid();
  a.purpose = std::string(40, 'z');
  EXPECT_THAT(ValidateAttachment(a, {}), IsOk());
}

TEST(AttachmentValidation, EveryBadFieldIsReportedAtOnce) {
  NewAttachment a;
  a.media_type = "text/html";
  const absl::Status s = ValidateAttachment(a, {});
  EXPECT_THAT(s,
              StatusIs(absl::StatusCode::kInvalidArgument, "INVALID_FIELDS"));
  EXPECT_THAT(ViolatedFields(s),
              ElementsAre("content", "media_type", "filename", "purpose",
                          "instansi_id", "owner_name", "uploaded_by"));
}

TEST(Sha256Hex, MatchesTheFips180Vectors) {
  EXPECT_EQ(Sha256Hex(""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  // Bytes after a NUL count.
  EXPECT_NE(Sha256Hex(std::string_view("a\0b", 3)), Sha256Hex("a"));
}

}  // namespace
}  // namespace sisker::common
