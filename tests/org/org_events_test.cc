// The event log end to end (ARCHITECTURE.md 6, issue 4's failure cases):
// org writes -> events table -> relay -> a private Redis -> consumers in
// their own database, with ListEvents (over gRPC) as the catch-up path.
#include <atomic>
#include <pqxx/pqxx>
#include <thread>

#include "common/change_log.h"
#include "common/event_consumer.h"
#include "common/event_relay.h"
#include "common/org_client.h"
#include "common/redis_client.h"
#include "common/stream_follower.h"
#include "tests/org/org_kedudukan_fixture.h"

namespace sisker::org {
namespace {

using Stub = v1::OrgService::Stub;

class Events : public Kedudukan {
 public:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(Kedudukan::SetUp());
    ASSERT_TRUE(redis_server_.ok());
    redis_ = std::make_unique<common::RedisClient>(
        common::RedisOptions{.address = redis_server_.address(),
                             .reconnect_backoff = absl::Milliseconds(20)});
    relay_ = std::make_unique<common::EventRelay>(
        pool_.get(), redis_.get(), common::EventRelayOptions{.source = "org"},
        nullptr);
    auto db = sisker::testing::TestDatabase::Create();
    ASSERT_THAT(db, IsOk());
    consumer_db_ = *std::move(db);
    ASSERT_THAT(
        common::ApplyMigrations(consumer_db_->conninfo(), "consumer", {}),
        IsOk());
    consumer_pool_ = std::make_unique<common::PgPool>(
        common::PgPoolOptions{
            consumer_db_->conninfo(), "consumer", 4, absl::Seconds(5), {}},
        nullptr);
    ASSERT_THAT(common::RunTransaction(*consumer_pool_, {},
                                       [](common::Tx& tx) {
                                         tx.exec0(
                                             "CREATE TABLE effects (consumer "
                                             "text, event_id uuid, position "
                                             "bigint)");
                                         return absl::OkStatus();
                                       }),
                IsOk());
  }

  // A consumer whose catch-up is the org service's ListEvents over gRPC,
  // called by a deployment service with scope events.read.
  std::unique_ptr<common::EventConsumer> Consumer(const std::string& name) {
    common::EventSource source =
        [this](int64_t after,
               int size) -> absl::StatusOr<v1::ListEventsResponse> {
      v1::ListEventsRequest r;
      r.set_after_position(after);
      r.set_page_size(std::min(size, 1000));
      v1::ListEventsResponse out;
      common::Principal reporting{"",
                                  "sisker-reporting",
                                  common::Principal::Kind::kService,
                                  {"events.read"}};
      RETURN_IF_ERROR(Call(reporting, &Stub::ListEvents, r, &out));
      return out;
    };
    common::EventHandler handler = [name](common::Tx& tx,
                                          const v1::EventEnvelope& e) {
      tx.exec_params0("INSERT INTO effects VALUES ($1, $2::uuid, $3)", name,
                      e.id(), e.position());
      return absl::OkStatus();
    };
    return std::make_unique<common::EventConsumer>(
        consumer_pool_.get(), redis_.get(), source, handler,
        common::EventConsumerOptions{
            .consumer = name, .source = "org", .block = absl::Milliseconds(50)},
        nullptr);
  }

  // Org writes: each makes one event.
  void Write(int n) {
    for (int i = 0; i < n; ++i) {
      ASSERT_THAT(Pegawai("kampar", absl::StrCat("w-", next_, "-", i),
                          absl::StrFormat("1980010120050110%02d", next_)),
                  IsOk());
      ++next_;
    }
  }
  int64_t EventCount() const {
    int64_t n = 0;
    (void)absl::SimpleAtoi(db_->QueryValue("SELECT count(*) FROM org.events"),
                           &n);
    return n;
  }
  // Relays and polls until `consumer` stands at the last position.
  void Drain(common::EventConsumer& consumer) {
    const std::string top =
        db_->QueryValue("SELECT coalesce(max(position), 0) FROM org.events");
    for (int i = 0; i < 200; ++i) {
      auto step = relay_->Step();
      ASSERT_THAT(step, IsOk());
      if (step->numbered == 0 && step->published == 0 &&
          absl::StrCat(consumer.position()) ==
              db_->QueryValue(
                  "SELECT coalesce(max(position), 0) FROM org.events")) {
        return;
      }
      (void)consumer.Poll();
    }
    FAIL() << "consumer did not catch up; at " << consumer.position()
           << ", log top was " << top;
  }
  // Effects of `consumer`: "<rows>/<distinct events>".
  std::string Effects(const std::string& consumer) const {
    return consumer_db_->QueryValue(
        "SELECT count(*) || '/' || count(DISTINCT event_id) FROM "
        "consumer.effects WHERE consumer = '" +
        consumer + "'");
  }

  sisker::testing::PrivateRedis redis_server_;
  std::unique_ptr<common::RedisClient> redis_;
  std::unique_ptr<common::EventRelay> relay_;
  std::unique_ptr<sisker::testing::TestDatabase> consumer_db_;
  std::unique_ptr<common::PgPool> consumer_pool_;
  int next_ = 10;
};

TEST_F(Events, WithRedisDownWritesSucceedAndLaterEveryEventArrivesOnce) {
  auto reporting = Consumer("reporting");
  auto cache = Consumer("cache");
  Write(3);
  ASSERT_NO_FATAL_FAILURE(Drain(*reporting));
  ASSERT_NO_FATAL_FAILURE(Drain(*cache));
  ASSERT_TRUE(redis_server_.Stop());
  Write(20);  // every write succeeds without Redis
  auto step = relay_->Step();
  EXPECT_THAT(step, StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_EQ(db_->QueryValue("SELECT count(*) FROM org.events WHERE "
                            "published_at IS NULL"),
            "20");
  ASSERT_TRUE(redis_server_.Start());  // empty: a restart loses the stream
  ASSERT_NO_FATAL_FAILURE(Drain(*reporting));
  ASSERT_NO_FATAL_FAILURE(Drain(*cache));
  const std::string all = absl::StrCat(EventCount(), "/", EventCount());
  EXPECT_EQ(Effects("reporting"), all);
  EXPECT_EQ(Effects("cache"), all);
  EXPECT_EQ(db_->QueryValue("SELECT count(*) FROM org.events WHERE "
                            "published_at IS NULL"),
            "0");
}

TEST_F(Events, AfterAFlushConsumersCatchUpThroughListEvents) {
  auto reporting = Consumer("reporting");
  Write(5);
  ASSERT_NO_FATAL_FAILURE(Drain(*reporting));
  Write(7);
  ASSERT_THAT(relay_->Step(), IsOk());  // published, not yet read
  ASSERT_THAT(redis_->Command({"FLUSHALL"}), IsOk());  // Redis loses it all
  Write(4);
  ASSERT_NO_FATAL_FAILURE(Drain(*reporting));
  EXPECT_EQ(Effects("reporting"),
            absl::StrCat(EventCount(), "/", EventCount()));
  EXPECT_EQ(reporting->position(), EventCount());
}

TEST_F(Events, ARelayKilledBeforeMarkingPublishesNoSecondCopyAndEffectsOnce) {
  auto reporting = Consumer("reporting");
  ASSERT_NO_FATAL_FAILURE(Drain(*reporting));  // the fixture's own events
  const int64_t before = EventCount();
  Write(6);
  relay_->SkipMarkingForTest(true);  // publishes, then "dies"
  ASSERT_THAT(relay_->Step(), IsOk());
  EXPECT_EQ(db_->QueryValue("SELECT count(*) FROM org.events WHERE "
                            "published_at IS NULL"),
            "6");
  ASSERT_THAT(reporting->Poll(), IsOk());
  // Another replica takes over: the events are already in the stream.
  common::EventRelay successor(pool_.get(), redis_.get(), {.source = "org"},
                               nullptr);
  auto step = successor.Step();
  ASSERT_THAT(step, IsOk());
  EXPECT_EQ(step->published, 6);
  auto length = redis_->Command({"XLEN", common::EventStreamKey("org")});
  ASSERT_THAT(length, IsOk());
  EXPECT_EQ(length->integer, before + 6);
  EXPECT_EQ(db_->QueryValue("SELECT count(*) FROM org.events WHERE "
                            "published_at IS NULL"),
            "0");
  // Every entry delivered again (as after a consumer crash before XACK):
  // each still takes effect once.
  ASSERT_THAT(redis_->Command({"XGROUP", "SETID", common::EventStreamKey("org"),
                               "reporting", "0"}),
              IsOk());
  ASSERT_NO_FATAL_FAILURE(Drain(*reporting));
  for (int i = 0; i < 3; ++i) ASSERT_THAT(reporting->Poll(), IsOk());
  EXPECT_EQ(Effects("reporting"),
            absl::StrCat(EventCount(), "/", EventCount()));
}

TEST_F(Events, ATransactionThatCommitsLateIsNotSkipped) {
  auto reporting = Consumer("reporting");
  Write(1);
  ASSERT_NO_FATAL_FAILURE(Drain(*reporting));
  // A state change still in flight...
  pqxx::connection late(db_->conninfo());
  pqxx::work tx(late);
  tx.exec0("SET LOCAL search_path = org");
  v1::Pegawai snapshot;
  snapshot.set_name("instansi/kampar/pegawai/late");
  common::CallContext call;
  call.principal = sisker::testing::Person("kampar", "bkpsdm");
  common::RecordChange(tx, "org", call,
                       {.instansi_id = "kampar",
                        .aggregate_type = "pegawai",
                        .aggregate_name = snapshot.name(),
                        .aggregate_version = 1,
                        .action = "created",
                        .snapshot = &snapshot});
  // ...while later ones commit and are published and consumed.
  Write(3);
  ASSERT_NO_FATAL_FAILURE(Drain(*reporting));
  const int64_t before = reporting->position();
  tx.commit();
  ASSERT_NO_FATAL_FAILURE(Drain(*reporting));
  EXPECT_EQ(reporting->position(), before + 1);
  EXPECT_EQ(consumer_db_->QueryValue(
                "SELECT count(*) FROM consumer.effects WHERE position = " +
                absl::StrCat(before + 1)),
            "1");
  EXPECT_EQ(Effects("reporting"),
            absl::StrCat(EventCount(), "/", EventCount()));
}

TEST_F(Events, ListEventsFiltersByTypeAndNeedsTheScope) {
  ASSERT_NO_FATAL_FAILURE(Build("kampar"));
  Write(2);
  ASSERT_OK(
      Post("kampar", "x-post", "dinas-sek", v1::Post::PELAKSANA, "kasubbag"));
  ASSERT_THAT(relay_->Step(), IsOk());
  v1::ListEventsRequest r;
  r.add_types("sisker.org.post.*");
  v1::ListEventsResponse out;
  common::Principal spbe{"kampar",
                         "spbe-riau",
                         common::Principal::Kind::kService,
                         {"events.read"}};
  ASSERT_OK(Call(spbe, &Stub::ListEvents, r, &out));
  ASSERT_GE(out.events_size(), 1);
  for (const auto& e : out.events()) {
    EXPECT_THAT(e.type(), ::testing::StartsWith("sisker.org.post."));
    EXPECT_EQ(e.instansi(), "kampar");
  }
  EXPECT_EQ(out.last_position(), EventCount());
  // Paser's integrator sees none of Kampar's events.
  common::Principal paser{"paser",
                          "spbe-kaltim",
                          common::Principal::Kind::kService,
                          {"events.read"}};
  r.clear_types();
  ASSERT_OK(Call(paser, &Stub::ListEvents, r, &out));
  for (const auto& e : out.events()) EXPECT_EQ(e.instansi(), "paser");
  common::Principal no_scope{
      "kampar", "spbe-riau", common::Principal::Kind::kService, {"org.read"}};
  EXPECT_THAT(Call(no_scope, &Stub::ListEvents, r, &out),
              StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_THAT(Call(Op("kampar", "bkpsdm"), &Stub::ListEvents, r, &out),
              StatusIs(absl::StatusCode::kPermissionDenied));
  r.add_types("sisker.*.post");
  EXPECT_THAT(ViolatedFields(Call(spbe, &Stub::ListEvents, r, &out)),
              ::testing::ElementsAre("types"));
}

// Three relay replicas racing: each event gets exactly one position, the
// positions are 1..n without a hole, and the stream holds each once.
TEST_F(Events, RelayReplicasNeverGiveAnEventTwoPlaces) {
  common::MetricsRegistry metrics;
  std::vector<std::unique_ptr<common::EventRelay>> relays;
  for (int i = 0; i < 3; ++i) {
    relays.push_back(std::make_unique<common::EventRelay>(
        pool_.get(), redis_.get(),
        common::EventRelayOptions{.source = "org", .batch_size = 7}, &metrics));
  }
  std::atomic<bool> writing{true};
  std::vector<std::thread> threads;
  for (auto& relay : relays) {
    threads.emplace_back([&] {
      while (writing.load()) (void)relay->Step();
    });
  }
  Write(40);
  writing = false;
  for (auto& t : threads) t.join();
  // The gauges are the last-registered relay's (one relay per process).
  for (int i = 0; i < 20; ++i) ASSERT_THAT(relays.back()->Step(), IsOk());
  EXPECT_EQ(
      db_->QueryValue("SELECT count(*) || '/' || count(DISTINCT "
                      "position) || '/' || max(position) FROM org.events"),
      absl::StrCat(EventCount(), "/", EventCount(), "/", EventCount()));
  auto length = redis_->Command({"XLEN", common::EventStreamKey("org")});
  ASSERT_THAT(length, IsOk());
  EXPECT_EQ(length->integer, EventCount());
  EXPECT_THAT(
      metrics.Render(),
      ::testing::HasSubstr("sisker_events_unpublished{source=\"org\"} 0"));
  // With Redis gone the gauge counts what waits.
  ASSERT_TRUE(redis_server_.Stop());
  Write(3);
  EXPECT_FALSE(relays.back()->Step().ok());
  EXPECT_THAT(
      metrics.Render(),
      ::testing::HasSubstr("sisker_events_unpublished{source=\"org\"} 3"));
}

// A Plt whose period ends at midnight: the cached answer of "today"
// changes when the day does, with no event in between.
TEST_F(Events, APltEndingAtMidnightChangesTheCachedAssessorWithoutAnEvent) {
  ASSERT_NO_FATAL_FAILURE(Build("paser"));
  // The Kasubbag post falls vacant; an Ahli Muda is its Plt until 1 July.
  v1::UpdatePegawaiRequest leave;
  leave.mutable_pegawai()->set_name("instansi/paser/pegawai/p-kasubbag");
  leave.mutable_pegawai()->set_status(v1::Pegawai::STUDY_LEAVE);
  *leave.mutable_pegawai()->mutable_status_from() = D(2025, 6, 1);
  leave.mutable_update_mask()->add_paths("status");
  leave.set_reason("tugas belajar");
  v1::Pegawai out;
  ASSERT_OK(Call(Op("paser", "bkpsdm"), &Stub::UpdatePegawai, leave, &out));
  ASSERT_OK(Acting("paser", "p-epidemiolog", "kasubbag", D(2025, 6, 2),
                   D(2025, 7, 1)));
  // 30 June 2025, 23:59:30 in Paser (WITA, UTC+8).
  const absl::TimeZone wita = absl::FixedTimeZone(8 * 3600);
  SetNow(absl::FromCivil(absl::CivilSecond(2025, 6, 30, 23, 59, 30), wita));
  v1::GetKedudukanRequest r;
  r.set_name("instansi/paser/pegawai/p-staf/kedudukan");
  v1::Kedudukan k;
  const int64_t events = EventCount();
  ASSERT_OK(Call(Op("paser", "p-staf"), &Stub::GetKedudukan, r, &k));
  EXPECT_EQ(k.assessor().person().person(),
            "instansi/paser/pegawai/p-epidemiolog");
  EXPECT_EQ(k.assessor().person().acting(), "PLT");
  const int64_t hits = org_->cache_hits();
  ASSERT_OK(Call(Op("paser", "p-staf"), &Stub::GetKedudukan, r, &k));
  EXPECT_EQ(org_->cache_hits(), hits + 1);  // served from the cache
  SetNow(absl::FromCivil(absl::CivilSecond(2025, 7, 1, 0, 0, 1), wita));
  ASSERT_OK(Call(Op("paser", "p-staf"), &Stub::GetKedudukan, r, &k));
  EXPECT_EQ(k.assessor().person().person(),
            "instansi/paser/pegawai/p-sekretaris");
  EXPECT_EQ(k.as_of().day(), 1);
  EXPECT_EQ(EventCount(), events);  // no event in between
}

// A write on this replica drops its cached answers at once.
TEST_F(Events, AWriteInvalidatesTheCachedKedudukan) {
  ASSERT_NO_FATAL_FAILURE(Build("kampar"));
  auto k = Get("kampar", "p-staf");
  ASSERT_THAT(k, IsOk());
  EXPECT_EQ(k->assessor().person().person(),
            "instansi/kampar/pegawai/p-kasubbag");
  v1::CreateDelegationRequest d;
  d.set_parent("instansi/kampar");
  auto* del = d.mutable_delegation();
  del->set_kind(v1::Delegation::ASSESSOR);
  del->set_delegate("instansi/kampar/pegawai/p-sekretaris");
  del->set_for_pegawai("instansi/kampar/pegawai/p-staf");
  *del->mutable_valid_from() = D(2025, 1, 1);
  del->set_legal_basis("ND Kepala Dinas 800/12/2025");
  v1::Delegation created;
  ASSERT_OK(Call(Op("kampar", "bkpsdm"), &Stub::CreateDelegation, d, &created));
  k = Get("kampar", "p-staf");
  ASSERT_THAT(k, IsOk());
  EXPECT_EQ(k->assessor().person().person(),
            "instansi/kampar/pegawai/p-sekretaris");
}

// Another replica's write reaches this replica's cache through the stream,
// and the org client library's cache the same way.
TEST_F(Events, AnotherReplicasWriteDropsTheCachedAnswerThroughTheStream) {
  ASSERT_NO_FATAL_FAILURE(Build("kampar"));
  ASSERT_THAT(relay_->Step(), IsOk());
  OrgOptions options;
  options.page_token_secret = "test-page-token-secret";
  Org replica(pool_.get(), profiles_.get(), access_log_.get(), options);
  common::AssertionSigner signer(server_->key(), sisker::testing::kTestIssuer);
  common::OrgClient client(server_->channel(), &signer,
                           {.service = "sisker-assignment"});
  auto invalidate = [&](const v1::EventEnvelope& e) {
    replica.InvalidateCache(e.instansi());
    client.OnOrgEvent(e);
  };
  auto following = [&](bool on) {
    replica.SetCacheEnabled(on);
    client.OnFollowing(on);
  };
  common::StreamFollower follower(redis_.get(), "org", invalidate, following,
                                  absl::Milliseconds(50));
  replica.SetCacheEnabled(false);
  ASSERT_OK(follower.PollOnce());  // following from now on
  ASSERT_TRUE(follower.following());

  common::CallContext call;
  call.principal = sisker::testing::Person("kampar", "p-staf");
  v1::GetKedudukanRequest r;
  r.set_name("instansi/kampar/pegawai/p-staf/kedudukan");
  *r.mutable_as_of() = D(2025, 3, 1);
  const std::string kasubbag = "instansi/kampar/pegawai/p-kasubbag";
  const std::string sekretaris = "instansi/kampar/pegawai/p-sekretaris";
  for (int i = 0; i < 2; ++i) {
    auto k = replica.GetKedudukan(call, r);
    ASSERT_THAT(k, IsOk());
    EXPECT_EQ(k->assessor().person().person(), kasubbag);
    auto c = client.GetKedudukan("instansi/kampar/pegawai/p-staf",
                                 absl::CivilDay(2025, 3, 1));
    ASSERT_THAT(c, IsOk());
    EXPECT_EQ(c->assessor().person().person(), kasubbag);
  }
  EXPECT_EQ(replica.cache_hits(), 1);
  EXPECT_EQ(client.cache_hits(), 1);
  // The write goes through the other replica (the fixture's server).
  v1::CreateDelegationRequest d;
  d.set_parent("instansi/kampar");
  auto* del = d.mutable_delegation();
  del->set_kind(v1::Delegation::ASSESSOR);
  del->set_delegate(sekretaris);
  del->set_for_pegawai("instansi/kampar/pegawai/p-staf");
  *del->mutable_valid_from() = D(2025, 1, 1);
  del->set_legal_basis("ND Kepala Dinas 800/12/2025");
  v1::Delegation created;
  ASSERT_OK(Call(Op("kampar", "bkpsdm"), &Stub::CreateDelegation, d, &created));
  // Until the event arrives the replica may answer from its cache...
  auto stale = replica.GetKedudukan(call, r);
  ASSERT_THAT(stale, IsOk());
  EXPECT_EQ(stale->assessor().person().person(), kasubbag);
  // ...and once it has, neither serves the old answer.
  ASSERT_THAT(relay_->Step(), IsOk());
  ASSERT_OK(follower.PollOnce());
  auto fresh = replica.GetKedudukan(call, r);
  ASSERT_THAT(fresh, IsOk());
  EXPECT_EQ(fresh->assessor().person().person(), sekretaris);
  auto c = client.GetKedudukan("instansi/kampar/pegawai/p-staf",
                               absl::CivilDay(2025, 3, 1));
  ASSERT_THAT(c, IsOk());
  EXPECT_EQ(c->assessor().person().person(), sekretaris);
  // Without the stream nothing is served from the cache.
  ASSERT_TRUE(redis_server_.Stop());
  EXPECT_FALSE(follower.PollOnce().ok());
  EXPECT_FALSE(follower.following());
  const int64_t hits = replica.cache_hits();
  ASSERT_THAT(replica.GetKedudukan(call, r), IsOk());
  ASSERT_THAT(replica.GetKedudukan(call, r), IsOk());
  EXPECT_EQ(replica.cache_hits(), hits);
}

}  // namespace
}  // namespace sisker::org
