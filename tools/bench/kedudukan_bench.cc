// sisker-bench: drives GetKedudukan over the demo pegawai at a given
// concurrency for a fixed time and reports throughput, p50 and p99; the
// same run measures GetPolicyProfile (no database: the gRPC floor of this
// box) as the reference. Loopback only; bounded in time; stops by itself.
#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <map>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "common/config.h"
#include "common/principal.h"
#include "sisker/v1/org.grpc.pb.h"

namespace {

namespace v1 = ::sisker::v1;
using sisker::common::Principal;

struct Result {
  std::vector<double> latencies_ms;
  std::map<int, int64_t> codes;
};

// Assertions are minted once per thread and reused (they live a minute).
std::string Assertion(const sisker::common::AssertionSigner& signer,
                      const Principal& p) {
  return *signer.Mint(p, "sisker-org", absl::Now(), absl::Minutes(10));
}

template <typename Fn>
Result Drive(int concurrency, absl::Duration duration, Fn&& call) {
  Result total;
  absl::Mutex mu;
  std::vector<std::thread> threads;
  const absl::Time end = absl::Now() + duration;
  for (int t = 0; t < concurrency; ++t) {
    threads.emplace_back([&, t] {
      Result mine;
      for (int64_t i = t; absl::Now() < end; i += concurrency) {
        absl::Time start = absl::Now();
        grpc::StatusCode code = call(t, i);
        mine.latencies_ms.push_back(
            absl::ToDoubleMilliseconds(absl::Now() - start));
        ++mine.codes[code];
      }
      absl::MutexLock lock(&mu);
      total.latencies_ms.insert(total.latencies_ms.end(),
                                mine.latencies_ms.begin(),
                                mine.latencies_ms.end());
      for (auto [c, n] : mine.codes) total.codes[c] += n;
    });
  }
  for (auto& th : threads) th.join();
  return total;
}

void Report(const char* what, int concurrency, absl::Duration duration,
            Result r) {
  std::sort(r.latencies_ms.begin(), r.latencies_ms.end());
  auto pct = [&](double p) {
    return r.latencies_ms.empty() ? 0
                                  : r.latencies_ms[static_cast<size_t>(
                                        p * (r.latencies_ms.size() - 1))];
  };
  std::string codes;
  for (auto [c, n] : r.codes) absl::StrAppend(&codes, " code", c, "=", n);
  std::printf(
      "%-18s c=%d  %8.0f req/s  p50 %6.2f ms  p99 %6.2f ms  (%zu calls;%s)\n",
      what, concurrency,
      r.latencies_ms.size() / absl::ToDoubleSeconds(duration), pct(0.5),
      pct(0.99), r.latencies_ms.size(), codes.c_str());
}

}  // namespace

int main(int argc, char** argv) {
  sisker::common::Config config;
  config.AddString("org", "127.0.0.1:50051", "org service address");
  config.AddString("assertion_keys", "var/keys/assertion.jwks",
                   "JWKS with the signing key");
  config.AddString("kid", "dev-1", "signing key id");
  config.AddString("instansi", "kampar", "demo instansi");
  config.AddInt("seconds", 10, 1, 120, "duration of each measurement");
  config.AddInt("pegawai", 2000, 1, 100000,
                "how many pegawai to cycle through");
  sisker::common::ParseOrExit(config, argc,
                              const_cast<const char* const*>(argv),
                              "sisker-bench", "0.1.0");
  auto keys = sisker::common::LoadKeySet(config.GetString("assertion_keys"));
  const sisker::common::JwsKey* key =
      keys.ok() ? keys->Find(config.GetString("kid")) : nullptr;
  if (key == nullptr) {
    std::fprintf(stderr, "sisker-bench: no signing key\n");
    return 1;
  }
  sisker::common::AssertionSigner signer(*key, "sisker-dev");
  const std::string inst = config.GetString("instansi");
  const Principal reader{inst, "bench-reader", Principal::Kind::kPerson, {}};
  const std::string assertion = Assertion(signer, reader);
  // Listing pegawai (personal data) needs BKPSDM: the demo operator.
  const std::string lister = Assertion(
      signer,
      Principal{inst, "demo-bkpsdm-" + inst, Principal::Kind::kPerson, {}});
  auto channel = grpc::CreateChannel(config.GetString("org"),
                                     grpc::InsecureChannelCredentials());
  auto stub = v1::OrgService::NewStub(channel);

  // The pegawai to ask about.
  std::vector<std::string> pegawai;
  v1::ListPegawaiRequest list;
  list.set_parent("instansi/" + inst);
  list.set_page_size(1000);
  while (static_cast<int64_t>(pegawai.size()) < config.GetInt("pegawai")) {
    grpc::ClientContext ctx;
    ctx.AddMetadata(sisker::common::kPrincipalMetadata, lister);
    v1::ListPegawaiResponse page;
    if (!stub->ListPegawai(&ctx, list, &page).ok()) break;
    for (const auto& p : page.pegawai())
      pegawai.push_back(p.name() + "/kedudukan");
    if (page.next_page_token().empty()) break;
    list.set_page_token(page.next_page_token());
  }
  if (pegawai.empty()) {
    std::fprintf(stderr,
                 "sisker-bench: no pegawai (run ./deploy/up.sh first)\n");
    return 1;
  }
  std::printf("%zu pegawai of instansi/%s\n", pegawai.size(), inst.c_str());
  const absl::Duration duration = absl::Seconds(config.GetInt("seconds"));
  for (int concurrency : {2, 8}) {
    // One channel per thread, as separate clients would have.
    std::vector<std::unique_ptr<v1::OrgService::Stub>> stubs;
    for (int t = 0; t < concurrency; ++t) {
      grpc::ChannelArguments args;
      args.SetInt("bench_channel", t);  // distinct subchannels
      stubs.push_back(v1::OrgService::NewStub(grpc::CreateCustomChannel(
          config.GetString("org"), grpc::InsecureChannelCredentials(), args)));
    }
    Report("GetPolicyProfile", concurrency, duration,
           Drive(concurrency, duration, [&](int t, int64_t) {
             grpc::ClientContext ctx;
             ctx.AddMetadata(sisker::common::kPrincipalMetadata, assertion);
             v1::GetPolicyProfileRequest r;
             r.set_name("policyProfiles/kampar-2025");
             v1::PolicyProfile out;
             return stubs[t]->GetPolicyProfile(&ctx, r, &out).error_code();
           }));
    // Every pegawai asked once: from now on "today" answers come from the
    // org service's cache.
    for (size_t i = 0; i < pegawai.size(); ++i) {
      grpc::ClientContext ctx;
      ctx.AddMetadata(sisker::common::kPrincipalMetadata, assertion);
      v1::GetKedudukanRequest r;
      r.set_name(pegawai[i]);
      v1::Kedudukan out;
      (void)stubs[0]->GetKedudukan(&ctx, r, &out);
    }
    Report("GetKedudukan miss", concurrency, duration,
           Drive(concurrency, duration, [&](int t, int64_t i) {
             grpc::ClientContext ctx;
             ctx.AddMetadata(sisker::common::kPrincipalMetadata, assertion);
             ctx.set_deadline(std::chrono::system_clock::now() +
                              std::chrono::seconds(5));
             v1::GetKedudukanRequest r;
             r.set_name(pegawai[i % pegawai.size()]);
             // A day of 2025 not asked before: a cache miss, the walk in
             // PostgreSQL (as the uncached figure of the previous issue).
             const absl::CivilDay day =
                 absl::CivilDay(2025, 1, 1) +
                 (static_cast<int64_t>(i / pegawai.size()) + concurrency * 40) %
                     365;
             r.mutable_as_of()->set_year(static_cast<int>(day.year()));
             r.mutable_as_of()->set_month(day.month());
             r.mutable_as_of()->set_day(day.day());
             v1::Kedudukan out;
             return stubs[t]->GetKedudukan(&ctx, r, &out).error_code();
           }));
    Report("GetKedudukan", concurrency, duration,
           Drive(concurrency, duration, [&](int t, int64_t i) {
             grpc::ClientContext ctx;
             ctx.AddMetadata(sisker::common::kPrincipalMetadata, assertion);
             ctx.set_deadline(std::chrono::system_clock::now() +
                              std::chrono::seconds(5));
             v1::GetKedudukanRequest r;
             r.set_name(pegawai[i % pegawai.size()]);
             v1::Kedudukan out;
             return stubs[t]->GetKedudukan(&ctx, r, &out).error_code();
           }));
  }
  return 0;
}
