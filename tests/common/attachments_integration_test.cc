// Attachments in PostgreSQL: binary content round trip, listing order,
// instansi isolation, nothing written on a failed validation.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>

#include "absl/time/clock.h"
#include "common/attachments.h"
#include "common/migrations.h"
#include "common/pg_pool.h"
#include "common/pg_transaction.h"
#include "common/testing/status_matchers.h"
#include "common/testing/test_env.h"

namespace sisker::common {
namespace {

using ::sisker::testing::IsOk;
using ::sisker::testing::StatusIs;
using ::sisker::testing::TestDatabase;
using ::testing::ElementsAre;

constexpr char kOwner[] = "instansi/kampar/externalParticipants/x";

// "%PDF-1.7\n", bytes 0..255 twice, "\0\0%%EOF\n": 529 bytes with NULs and
// every byte value; its SHA-256 computed independently (Python hashlib).
std::string BinaryPdf() {
  std::string content = "%PDF-1.7\n";
  for (int round = 0; round < 2; ++round) {
    for (int b = 0; b < 256; ++b) content.push_back(static_cast<char>(b));
  }
  content.append(std::string("\0\0%%EOF\n", 8));
  return content;
}
constexpr char kBinaryPdfSha256[] =
    "53fc5f29ac76adb0d20185eda04554bc00bbc164877273f42d42377d186cd6a1";

class Attachments : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = TestDatabase::Create();
    ASSERT_THAT(db, IsOk());
    db_ = *std::move(db);
    ASSERT_THAT(ApplyMigrations(db_->conninfo(), "svc", {}), IsOk());
    pool_ = std::make_unique<PgPool>(
        PgPoolOptions{db_->conninfo(), "svc", 2, absl::Seconds(5), {}},
        nullptr);
  }

  NewAttachment Pdf(const std::string& filename,
                    const std::string& instansi = "kampar",
                    const std::string& owner = kOwner) {
    NewAttachment a;
    a.instansi_id = instansi;
    a.owner_name = owner;
    a.purpose = "evidence";
    a.filename = filename;
    a.media_type = "application/pdf";
    a.content = BinaryPdf();
    a.uploaded_by = "op-1";
    return a;
  }

  absl::Status Run(const std::function<absl::Status(Tx&)>& body) {
    return RunTransaction(*pool_, {absl::Now() + absl::Seconds(30)}, body);
  }

  absl::StatusOr<AttachmentInfo> Store(const NewAttachment& a) {
    absl::StatusOr<AttachmentInfo> info;
    absl::Status s = Run([&](Tx& tx) {
      info = StoreAttachment(tx, a);
      return info.status();
    });
    if (!s.ok()) return s;
    return info;
  }

  absl::StatusOr<std::pair<AttachmentInfo, std::string>> Get(
      const std::string& instansi, const std::string& id) {
    absl::StatusOr<std::pair<AttachmentInfo, std::string>> got;
    absl::Status s =
        RunReadOnly(*pool_, absl::Now() + absl::Seconds(30), [&](Tx& tx) {
          got = GetAttachment(tx, instansi, id);
          return absl::OkStatus();
        });
    if (!s.ok()) return s;
    return got;
  }

  absl::StatusOr<std::vector<AttachmentInfo>> List(const std::string& instansi,
                                                   const std::string& owner) {
    absl::StatusOr<std::vector<AttachmentInfo>> list;
    absl::Status s =
        RunReadOnly(*pool_, absl::Now() + absl::Seconds(30), [&](Tx& tx) {
          list = ListAttachments(tx, instansi, owner);
          return list.status();
        });
    if (!s.ok()) return s;
    return list;
  }

  std::string Count() const {
    return db_->QueryValue("SELECT count(*) FROM svc.attachments");
  }

  std::unique_ptr<TestDatabase> db_;
  std::unique_ptr<PgPool> pool_;
};

TEST_F(Attachments, BinaryContentSurvivesByteExactWithItsSha256) {
  const absl::Time before = absl::Now();
  auto stored = Store(Pdf("bukti.pdf"));
  ASSERT_THAT(stored, IsOk());
  EXPECT_EQ(stored->sha256, kBinaryPdfSha256);
  EXPECT_EQ(stored->size_bytes, 529);
  EXPECT_EQ(stored->id.size(), 36u);
  EXPECT_GE(stored->created_at, before - absl::Seconds(5));
  EXPECT_LE(stored->created_at, absl::Now() + absl::Seconds(5));

  // PostgreSQL's own view of the stored bytes, independent of our reading.
  EXPECT_EQ(db_->QueryValue("SELECT encode(sha256(content), 'hex') || ' ' || "
                            "octet_length(content) FROM svc.attachments"),
            std::string(kBinaryPdfSha256) + " 529");

  auto got = Get("kampar", stored->id);
  ASSERT_THAT(got, IsOk());
  EXPECT_EQ(got->second, BinaryPdf());
  EXPECT_EQ(got->first.id, stored->id);
  EXPECT_EQ(got->first.sha256, kBinaryPdfSha256);
  EXPECT_EQ(got->first.size_bytes, 529);
  EXPECT_EQ(got->first.filename, "bukti.pdf");
  EXPECT_EQ(got->first.media_type, "application/pdf");
  EXPECT_EQ(got->first.purpose, "evidence");
  EXPECT_EQ(got->first.owner_name, kOwner);
  EXPECT_EQ(got->first.instansi_id, "kampar");
  EXPECT_EQ(got->first.created_at, stored->created_at);
  EXPECT_EQ(db_->QueryValue("SELECT uploaded_by FROM svc.attachments"), "op-1");
}

TEST_F(Attachments, AFileOfTheDefaultMaximumSizeRoundTrips) {
  NewAttachment a = Pdf("scan.pdf");
  a.content.resize(10 * 1024 * 1024);
  for (size_t i = 9; i < a.content.size(); ++i) {
    a.content[i] = static_cast<char>((i * 2654435761u) >> 24);
  }
  auto stored = Store(a);
  ASSERT_THAT(stored, IsOk());
  EXPECT_EQ(stored->size_bytes, 10 * 1024 * 1024);
  auto got = Get("kampar", stored->id);
  ASSERT_THAT(got, IsOk());
  EXPECT_TRUE(got->second == a.content);  // not EXPECT_EQ: 10 MiB diff
  EXPECT_EQ(Sha256Hex(got->second), stored->sha256);
}

TEST_F(Attachments, AnotherInstansiGetsNotFound) {
  auto stored = Store(Pdf("bukti.pdf"));
  ASSERT_THAT(stored, IsOk());
  EXPECT_THAT(Get("paser", stored->id),
              StatusIs(absl::StatusCode::kNotFound, "RESOURCE_NOT_FOUND"));
  EXPECT_THAT(List("paser", kOwner), IsOk());
  EXPECT_TRUE(List("paser", kOwner)->empty());
}

TEST_F(Attachments, UnknownAndMalformedIdsAreNotFoundAndLeaveTheTxUsable) {
  ASSERT_THAT(Store(Pdf("bukti.pdf")), IsOk());
  absl::StatusOr<std::pair<AttachmentInfo, std::string>> unknown, malformed;
  absl::StatusOr<std::vector<AttachmentInfo>> after;
  ASSERT_THAT(RunReadOnly(*pool_, absl::Now() + absl::Seconds(30),
                          [&](Tx& tx) {
                            unknown = GetAttachment(
                                tx, "kampar",
                                "2b1f3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d");
                            malformed = GetAttachment(tx, "kampar", "x'; --");
                            after = ListAttachments(tx, "kampar", kOwner);
                            return absl::OkStatus();
                          }),
              IsOk());
  EXPECT_THAT(unknown, StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(malformed, StatusIs(absl::StatusCode::kNotFound));
  ASSERT_THAT(after, IsOk());
  EXPECT_EQ(after->size(), 1u);
}

TEST_F(Attachments, ListsOneOwnersAttachmentsOldestFirstWithoutContent) {
  // Three in one transaction (same created_at), then one more later.
  ASSERT_THAT(Run([&](Tx& tx) -> absl::Status {
                for (const char* name : {"c.pdf", "a.pdf", "b.pdf"}) {
                  auto s = StoreAttachment(tx, Pdf(name));
                  if (!s.ok()) return s.status();
                }
                return absl::OkStatus();
              }),
              IsOk());
  ASSERT_THAT(Store(Pdf("other-owner.pdf", "kampar", "instansi/kampar/x/y")),
              IsOk());
  ASSERT_THAT(Store(Pdf("other-instansi.pdf", "paser")), IsOk());
  ASSERT_THAT(Store(Pdf("d.pdf")), IsOk());

  auto list = List("kampar", kOwner);
  ASSERT_THAT(list, IsOk());
  std::vector<std::string> names;
  for (const auto& info : *list) {
    names.push_back(info.filename);
    EXPECT_EQ(info.sha256, kBinaryPdfSha256);
    EXPECT_EQ(info.size_bytes, 529);
  }
  EXPECT_THAT(names, ElementsAre("c.pdf", "a.pdf", "b.pdf", "d.pdf"));
  EXPECT_LT((*list)[0].created_at, (*list)[3].created_at);
}

TEST_F(Attachments, AFailedValidationWritesNothing) {
  NewAttachment bad = Pdf("bukti.pdf");
  bad.content = std::string("GIF89a\0\0", 8);
  absl::StatusOr<AttachmentInfo> result;
  // The body ignores the error and commits: still nothing may be written.
  ASSERT_THAT(Run([&](Tx& tx) {
                result = StoreAttachment(tx, bad);
                return absl::OkStatus();
              }),
              IsOk());
  EXPECT_THAT(result,
              StatusIs(absl::StatusCode::kInvalidArgument, "INVALID_FIELDS"));
  EXPECT_EQ(Count(), "0");
}

TEST_F(Attachments, LimitsArePassedThrough) {
  AttachmentLimits small;
  small.max_bytes = 100;
  absl::StatusOr<AttachmentInfo> result;
  ASSERT_THAT(Run([&](Tx& tx) {
                result = StoreAttachment(tx, Pdf("big.pdf"), small);
                return absl::OkStatus();
              }),
              IsOk());
  EXPECT_THAT(result, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(Count(), "0");
}

}  // namespace
}  // namespace sisker::common
