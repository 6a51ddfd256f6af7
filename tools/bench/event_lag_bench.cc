// sisker-event-bench: the event lag from commit to consumer under a steady
// write load. Writers update demo pegawai through the org service at a
// fixed rate (one event each); the org service's relay publishes them to
// its Redis Stream; an EventConsumer in this process (its own schema
// `bench_consumer` in the demo database, catch-up through ListEvents)
// applies them and records now - occurred_at. Loopback only; bounded in
// time; never run by CI.
#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "common/config.h"
#include "common/event_consumer.h"
#include "common/migrations.h"
#include "common/pg_pool.h"
#include "common/principal.h"
#include "common/redis_client.h"
#include "sisker/v1/org.grpc.pb.h"

namespace {

namespace v1 = ::sisker::v1;
using sisker::common::Principal;

std::string Mint(const sisker::common::AssertionSigner& signer,
                 const Principal& p) {
  return *signer.Mint(p, "sisker-org", absl::Now(), absl::Minutes(10));
}

}  // namespace

int main(int argc, char** argv) {
  sisker::common::Config config;
  config.AddString("org", "127.0.0.1:50051", "org service address");
  config.AddString("pg", "", "libpq conninfo of the demo database", true);
  config.AddString("redis", "127.0.0.1:56379", "Redis address");
  config.AddString("assertion_keys", "var/keys/assertion.jwks",
                   "JWKS with the signing key");
  config.AddString("kid", "dev-1", "signing key id");
  config.AddString("instansi", "kampar", "demo instansi");
  config.AddInt("rate", 500, 1, 5000, "writes (events) per second");
  config.AddInt("seconds", 20, 1, 300, "duration of the write load");
  sisker::common::ParseOrExit(config, argc,
                              const_cast<const char* const*>(argv),
                              "sisker-event-bench", "0.1.0");
  auto keys = sisker::common::LoadKeySet(config.GetString("assertion_keys"));
  const sisker::common::JwsKey* key =
      keys.ok() ? keys->Find(config.GetString("kid")) : nullptr;
  if (key == nullptr) {
    std::fprintf(stderr, "sisker-event-bench: no signing key\n");
    return 1;
  }
  sisker::common::AssertionSigner signer(*key, "sisker-dev");
  const std::string inst = config.GetString("instansi");
  const std::string bkpsdm = Mint(
      signer,
      Principal{inst, "demo-bkpsdm-" + inst, Principal::Kind::kPerson, {}});
  const std::string reader = Mint(
      signer,
      Principal{
          "", "bench-consumer", Principal::Kind::kService, {"events.read"}});
  auto stub = v1::OrgService::NewStub(grpc::CreateChannel(
      config.GetString("org"), grpc::InsecureChannelCredentials()));

  // The pegawai to update.
  std::vector<std::string> pegawai;
  {
    v1::ListPegawaiRequest list;
    list.set_parent("instansi/" + inst);
    list.set_page_size(1000);
    grpc::ClientContext ctx;
    ctx.AddMetadata(sisker::common::kPrincipalMetadata, bkpsdm);
    v1::ListPegawaiResponse page;
    if (!stub->ListPegawai(&ctx, list, &page).ok() || page.pegawai().empty()) {
      std::fprintf(stderr, "sisker-event-bench: no pegawai (run up.sh)\n");
      return 1;
    }
    for (const auto& p : page.pegawai()) pegawai.push_back(p.name());
  }

  // The consumer: its own schema, starting at the log's current top.
  const std::string schema = "bench_consumer";
  auto migrated =
      sisker::common::ApplyMigrations(config.GetString("pg"), schema, {});
  if (!migrated.ok()) {
    std::fprintf(stderr, "%s\n",
                 std::string(migrated.status().message()).c_str());
    return 1;
  }
  sisker::common::PgPool pool(
      {config.GetString("pg"), schema, 4, absl::Seconds(5), {}}, nullptr);
  (void)sisker::common::RunTransaction(pool, {}, [](sisker::common::Tx& tx) {
    tx.exec0("DELETE FROM consumer_positions; DELETE FROM consumed_events");
    tx.exec0(
        "INSERT INTO consumer_positions (consumer, position) SELECT "
        "'bench', coalesce(max(position), 0) FROM org.events");
    return absl::OkStatus();
  });
  sisker::common::RedisClient redis({config.GetString("redis")});
  (void)redis.Command({"XGROUP", "DESTROY", "sisker:events:org", "bench"});
  absl::Mutex mu;
  std::vector<double> lags_ms;
  sisker::common::EventSource source =
      [&](int64_t after, int size) -> absl::StatusOr<v1::ListEventsResponse> {
    grpc::ClientContext ctx;
    ctx.AddMetadata(sisker::common::kPrincipalMetadata, reader);
    v1::ListEventsRequest r;
    r.set_after_position(after);
    r.set_page_size(std::min(size, 1000));
    v1::ListEventsResponse out;
    grpc::Status s = stub->ListEvents(&ctx, r, &out);
    if (!s.ok()) return absl::UnavailableError(s.error_message());
    return out;
  };
  sisker::common::EventHandler handler = [&](sisker::common::Tx&,
                                             const v1::EventEnvelope& e) {
    const absl::Time occurred =
        absl::FromUnixSeconds(e.occurred_at().seconds()) +
        absl::Nanoseconds(e.occurred_at().nanos());
    absl::MutexLock lock(&mu);
    lags_ms.push_back(absl::ToDoubleMilliseconds(absl::Now() - occurred));
    return absl::OkStatus();
  };
  sisker::common::EventConsumer consumer(&pool, &redis, source, handler,
                                         {.consumer = "bench",
                                          .source = "org",
                                          .batch = 500,
                                          .block = absl::Milliseconds(200)},
                                         nullptr);
  consumer.Start();

  // The write load: `rate` UpdatePegawai per second, paced per thread.
  const int threads = 8;
  const int64_t rate = config.GetInt("rate");
  const absl::Duration duration = absl::Seconds(config.GetInt("seconds"));
  std::atomic<int64_t> ok{0}, failed{0};
  std::vector<std::thread> writers;
  const absl::Time start = absl::Now();
  for (int t = 0; t < threads; ++t) {
    writers.emplace_back([&, t] {
      const absl::Duration every = absl::Seconds(1) * threads / rate;
      absl::Time next = start + every * t / threads;
      for (int64_t i = t; next < start + duration; i += threads) {
        absl::SleepFor(next - absl::Now());
        next += every;
        v1::UpdatePegawaiRequest r;
        r.mutable_pegawai()->set_name(pegawai[i % pegawai.size()]);
        r.mutable_pegawai()->set_gelar_belakang(i % 2 ? "S.E." : "S.E., M.M.");
        r.mutable_update_mask()->add_paths("gelar_belakang");
        r.set_reason("bench");
        grpc::ClientContext ctx;
        ctx.AddMetadata(sisker::common::kPrincipalMetadata, bkpsdm);
        v1::Pegawai out;
        (stub->UpdatePegawai(&ctx, r, &out).ok() ? ok : failed)++;
      }
    });
  }
  for (auto& w : writers) w.join();
  const double seconds = absl::ToDoubleSeconds(absl::Now() - start);
  // Let the consumer finish, then stop.
  for (int i = 0; i < 100; ++i) {
    {
      absl::MutexLock lock(&mu);
      if (static_cast<int64_t>(lags_ms.size()) >= ok.load()) break;
    }
    absl::SleepFor(absl::Milliseconds(100));
  }
  consumer.Stop();
  absl::MutexLock lock(&mu);
  std::sort(lags_ms.begin(), lags_ms.end());
  auto pct = [&](double p) {
    return lags_ms.empty() ? 0.0
                           : lags_ms[static_cast<size_t>(
                                 p * static_cast<double>(lags_ms.size() - 1))];
  };
  std::printf(
      "writes: %lld ok, %lld failed in %.1f s (%.0f/s)\n"
      "event lag commit->consumer: %zu events  p50 %.1f ms  p99 %.1f ms  "
      "max %.1f ms\n",
      static_cast<long long>(ok.load()), static_cast<long long>(failed.load()),
      seconds, static_cast<double>(ok.load()) / seconds, lags_ms.size(),
      pct(0.5), pct(0.99), pct(1.0));
  return 0;
}
