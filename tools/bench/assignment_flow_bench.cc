// sisker-assignment-flow-bench: create -> approve -> sign through the
// gateway (HTTP/1.1 keep-alive, bearer tokens of three officials) at a
// given concurrency, over a structure of its own: a fresh paser-2024
// instansi with many PDs, set up over gRPC against the org service.
// Reports flows/s, requests/s and p50/p95/p99 per step. Loopback only;
// bounded in time; never run by CI. Figures go to BENCHMARKS.md.
//
// Each PD has a Kepala (JPT Pratama), two Bidang with an Administrator
// head each, and staff in the second Bidang. A flow: the head of Bidang A
// appoints a staff member of Bidang B to work owned by Bidang A (across
// units, PSR 8(2), 8(5)); the head of Bidang B, where the staff member
// sits, approves the involvement request (PSR 9(3)-(4)); the Kepala PD
// signs the letter (PSR 9(5)a).
#include <grpcpp/grpcpp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <thread>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "common/config.h"
#include "common/dates.h"
#include "common/grpc_status.h"
#include "common/jose.h"
#include "common/principal.h"
#include "common/status_macros.h"
#include "sisker/v1/org.grpc.pb.h"

namespace {

namespace v1 = ::sisker::v1;
namespace http = boost::beast::http;
using boost::asio::ip::tcp;
using Json = nlohmann::json;
using sisker::common::Principal;

constexpr char kTimeZone[] = "Asia/Makassar";
constexpr int kMaxErrorSamples = 5;

google::type::Date D(int y, int m, int d) {
  google::type::Date date;
  date.set_year(y);
  date.set_month(m);
  date.set_day(d);
  return date;
}

Json JsonDate(absl::CivilDay day) {
  return {{"year", day.year()}, {"month", day.month()}, {"day", day.day()}};
}

// An 18-digit PNS NIP, distinct for every i < 6720 (birth date, TMT CPNS
// 25 years later, sex, serial).
std::string Nip(int i) {
  const int year = 1970 + i % 20;
  return absl::StrFormat("%04d%02d%02d%04d%02d%d%03d", year, 1 + (i / 20) % 12,
                         1 + (i / 240) % 28, year + 25, 3, 1, 1 + i % 999);
}

// One PD of the bench structure and the tokens of its three officials.
struct BenchPd {
  std::string id;
  std::string owner_unit;                 // Bidang A, headed by the creator.
  std::vector<std::string> staff;         // In Bidang B.
  std::string creator, answerer, signer;  // Bearer tokens.
};

// The bench structure over gRPC, as the demo loader builds the demo: the
// bootstrap administrator creates the instansi and grants the two operator
// roles; Bagian Organisasi creates PDs, units and posts; BKPSDM creates
// pegawai (with their identity-provider subjects), placements, the Bupati.
class Setup {
 public:
  Setup(std::shared_ptr<grpc::Channel> channel,
        const sisker::common::AssertionSigner* signer, std::string inst,
        std::string admin)
      : stub_(v1::OrgService::NewStub(std::move(channel))),
        signer_(signer),
        inst_(std::move(inst)),
        parent_("instansi/" + inst_),
        admin_{"", std::move(admin), Principal::Kind::kPerson, {}},
        bagor_{inst_, "bench-bagor", Principal::Kind::kPerson, {}},
        bkpsdm_{inst_, "bench-bkpsdm", Principal::Kind::kPerson, {}} {}

  absl::Status Instansi() {
    v1::CreateInstansiRequest ci;
    ci.set_instansi_id(inst_);
    ci.mutable_instansi()->set_display_name("Bench " + inst_);
    ci.mutable_instansi()->set_time_zone(kTimeZone);
    ci.mutable_instansi()->set_policy_profile("policyProfiles/paser-2024");
    v1::Instansi instansi;
    RETURN_IF_ERROR(
        Call(admin_, &v1::OrgService::Stub::CreateInstansi, ci, &instansi));
    for (auto [role, subject] :
         {std::pair{v1::RoleGrant::BAGIAN_ORGANISASI, bagor_.subject},
          std::pair{v1::RoleGrant::BKPSDM_OPERATOR, bkpsdm_.subject}}) {
      v1::CreateRoleGrantRequest g;
      g.set_parent(parent_);
      g.mutable_role_grant()->set_subject(subject);
      g.mutable_role_grant()->set_role(role);
      g.mutable_role_grant()->set_reason("Bench: operator");
      *g.mutable_role_grant()->mutable_valid_from() = D(2024, 1, 1);
      v1::RoleGrant out;
      RETURN_IF_ERROR(
          Call(admin_, &v1::OrgService::Stub::CreateRoleGrant, g, &out));
    }
    v1::CreateOfficialRequest bupati;
    bupati.set_parent(parent_);
    bupati.mutable_official()->set_role(v1::Official::BUPATI);
    bupati.mutable_official()->set_display_name("Bupati " + inst_);
    *bupati.mutable_official()->mutable_valid_from() = D(2024, 1, 1);
    v1::Official official;
    RETURN_IF_ERROR(Call(bkpsdm_, &v1::OrgService::Stub::CreateOfficial, bupati,
                         &official));
    // The Setda and its Sekda: every chain of posts ends there.
    RETURN_IF_ERROR(Pd("setda", v1::PerangkatDaerah::SEKRETARIAT_DAERAH));
    RETURN_IF_ERROR(Unit("setda", "setda-pim", v1::Unit::BAGIAN));
    RETURN_IF_ERROR(Post("sekda", "setda-pim", v1::Post::JPT_PRATAMA, "", 1,
                         /*head_of_unit=*/false, /*head_of_pd=*/true,
                         /*sekda=*/true));
    return Person("setda-sekda", "sekda", "");
  }

  // A Dinas `id` with its three officials and `staff` pegawai.
  absl::StatusOr<BenchPd> PdWithStaff(const std::string& id, int staff) {
    RETURN_IF_ERROR(Pd(id, v1::PerangkatDaerah::DINAS));
    for (auto [unit, kind] : {std::pair{"-sek", v1::Unit::SEKRETARIAT},
                              std::pair{"-a", v1::Unit::BIDANG},
                              std::pair{"-b", v1::Unit::BIDANG}}) {
      RETURN_IF_ERROR(Unit(id, id + unit, kind));
    }
    const std::string kepala = id + "-kepala", ka = id + "-ka", kb = id + "-kb",
                      staf = id + "-staf";
    RETURN_IF_ERROR(Post(kepala, id + "-sek", v1::Post::JPT_PRATAMA, "sekda", 1,
                         /*head_of_unit=*/false, /*head_of_pd=*/true));
    RETURN_IF_ERROR(Post(ka, id + "-a", v1::Post::ADMINISTRATOR, kepala, 1,
                         /*head_of_unit=*/true));
    RETURN_IF_ERROR(Post(kb, id + "-b", v1::Post::ADMINISTRATOR, kepala, 1,
                         /*head_of_unit=*/true));
    RETURN_IF_ERROR(Post(staf, id + "-b", v1::Post::PELAKSANA, kb, staff + 1));
    BenchPd pd;
    pd.id = id;
    pd.owner_unit = absl::StrCat(parent_, "/units/", id, "-a");
    for (const std::string& post : {kepala, ka, kb}) {
      RETURN_IF_ERROR(Person(post, post, Subject(post)));
    }
    for (int i = 1; i <= staff; ++i) {
      const std::string p = absl::StrCat(id, "-s", i);
      RETURN_IF_ERROR(Person(p, staf, ""));
      pd.staff.push_back(absl::StrCat(parent_, "/pegawai/", p));
    }
    return pd;
  }

  static std::string Subject(const std::string& pegawai) {
    return "bench|" + pegawai;
  }

 private:
  // Runs `rpc` as `who` with a deadline; ABORTED and UNAVAILABLE are
  // retried (serialization failures, a service restarting). ALREADY_EXISTS
  // counts as done, as in the demo loader.
  template <typename Request, typename Response, typename Rpc>
  absl::Status Call(const Principal& who, Rpc rpc, const Request& request,
                    Response* response) {
    grpc::Status status;
    for (int attempt = 0; attempt < 5; ++attempt) {
      grpc::ClientContext context;
      context.AddMetadata(sisker::common::kPrincipalMetadata,
                          *signer_->Mint(who, "sisker-org"));
      context.set_deadline(std::chrono::system_clock::now() +
                           std::chrono::seconds(10));
      status = (stub_.get()->*rpc)(&context, request, response);
      if (status.error_code() != grpc::StatusCode::ABORTED &&
          status.error_code() != grpc::StatusCode::UNAVAILABLE) {
        break;
      }
      absl::SleepFor(absl::Milliseconds(200 * (attempt + 1)));
    }
    absl::Status st = sisker::common::FromGrpcStatus(status);
    if (st.ok() || st.code() == absl::StatusCode::kAlreadyExists) {
      return absl::OkStatus();
    }
    return absl::Status(
        st.code(), absl::StrCat(request.GetTypeName(), ": ", st.message()));
  }

  absl::Status Pd(const std::string& id, v1::PerangkatDaerah::Kind kind) {
    v1::CreatePerangkatDaerahRequest r;
    r.set_parent(parent_);
    r.set_perangkat_daerah_id(id);
    r.mutable_perangkat_daerah()->set_display_name("Dinas Bench " + id);
    r.mutable_perangkat_daerah()->set_kind(kind);
    r.mutable_perangkat_daerah()->set_code(absl::AsciiStrToUpper(id));
    *r.mutable_perangkat_daerah()->mutable_effective_from() = D(2024, 1, 1);
    r.set_reason("Bench: struktur");
    v1::PerangkatDaerah out;
    return Call(bagor_, &v1::OrgService::Stub::CreatePerangkatDaerah, r, &out);
  }

  absl::Status Unit(const std::string& pd, const std::string& id,
                    v1::Unit::Kind kind) {
    v1::CreateUnitRequest r;
    r.set_parent(parent_);
    r.set_unit_id(id);
    r.mutable_unit()->set_display_name("Unit " + id);
    r.mutable_unit()->set_kind(kind);
    r.mutable_unit()->set_perangkat_daerah(
        absl::StrCat(parent_, "/perangkatDaerah/", pd));
    *r.mutable_unit()->mutable_effective_from() = D(2024, 1, 1);
    r.set_reason("Bench: struktur");
    v1::Unit out;
    return Call(bagor_, &v1::OrgService::Stub::CreateUnit, r, &out);
  }

  absl::Status Post(const std::string& id, const std::string& unit,
                    v1::Post::Kind kind, const std::string& reports_to,
                    int formation, bool head_of_unit = false,
                    bool head_of_pd = false, bool sekda = false) {
    v1::CreatePostRequest r;
    r.set_parent(parent_);
    r.set_post_id(id);
    auto* p = r.mutable_post();
    p->set_display_name("Jabatan " + id);
    p->set_kind(kind);
    p->set_unit(absl::StrCat(parent_, "/units/", unit));
    p->set_formation(formation);
    if (!reports_to.empty())
      p->set_reports_to(absl::StrCat(parent_, "/posts/", reports_to));
    p->set_head_of_unit(head_of_unit);
    p->set_head_of_pd(head_of_pd);
    p->set_sekda(sekda);
    *p->mutable_effective_from() = D(2024, 1, 1);
    v1::Post out;
    return Call(bagor_, &v1::OrgService::Stub::CreatePost, r, &out);
  }

  // A pegawai `id` (linked to `subject` unless empty) placed in `post`.
  absl::Status Person(const std::string& id, const std::string& post,
                      const std::string& subject) {
    v1::CreatePegawaiRequest r;
    r.set_parent(parent_);
    r.set_pegawai_id(id);
    r.mutable_pegawai()->set_display_name("Pegawai " + id);
    r.mutable_pegawai()->set_nip(Nip(next_nip_++));
    r.mutable_pegawai()->set_asn_kind(v1::Pegawai::PNS);
    r.mutable_pegawai()->set_subject(subject);
    v1::Pegawai pegawai;
    RETURN_IF_ERROR(
        Call(bkpsdm_, &v1::OrgService::Stub::CreatePegawai, r, &pegawai));
    v1::CreatePlacementRequest p;
    p.set_parent(absl::StrCat(parent_, "/pegawai/", id));
    p.mutable_placement()->set_post(absl::StrCat(parent_, "/posts/", post));
    p.mutable_placement()->set_sk_number("SK 821/bench/" + id);
    *p.mutable_placement()->mutable_valid_from() = D(2024, 1, 1);
    v1::Placement out;
    return Call(bkpsdm_, &v1::OrgService::Stub::CreatePlacement, p, &out);
  }

  std::unique_ptr<v1::OrgService::Stub> stub_;
  const sisker::common::AssertionSigner* signer_;
  std::string inst_, parent_;
  Principal admin_, bagor_, bkpsdm_;
  int next_nip_ = 0;
};

struct Reply {
  int status = 0;  // 0: the connection failed (body holds why).
  std::string body;
};

// One keep-alive HTTP/1.1 connection (Boost.Beast, synchronous), with a
// 10 s socket timeout both ways; reconnects after a failure or a close.
class HttpConnection {
 public:
  HttpConnection(std::string host, std::string port)
      : host_(std::move(host)), port_(std::move(port)) {}

  Reply Post(const std::string& target, const std::string& token,
             const std::string& body) {
    boost::beast::error_code ec;
    if (!socket_.is_open() && !Connect(ec)) return {0, ec.message()};
    http::request<http::string_body> req{http::verb::post, target, 11};
    req.set(http::field::host, host_);
    req.set(http::field::authorization, "Bearer " + token);
    req.set(http::field::content_type, "application/json");
    req.keep_alive(true);
    req.body() = body;
    req.prepare_payload();
    http::write(socket_, req, ec);
    http::response<http::string_body> res;
    if (!ec) http::read(socket_, buffer_, res, ec);
    if (ec) {
      Close();
      return {0, ec.message()};
    }
    if (!res.keep_alive()) Close();
    return {static_cast<int>(res.result_int()), std::move(res.body())};
  }

 private:
  bool Connect(boost::beast::error_code& ec) {
    tcp::resolver resolver(io_);
    auto endpoints = resolver.resolve(host_, port_, ec);
    if (ec) return false;
    boost::asio::connect(socket_, endpoints, ec);
    if (ec) return false;
    socket_.set_option(tcp::no_delay(true), ec);
    timeval tv{10, 0};
    setsockopt(socket_.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv,
               sizeof tv);
    setsockopt(socket_.native_handle(), SOL_SOCKET, SO_SNDTIMEO, &tv,
               sizeof tv);
    buffer_.clear();
    return true;
  }
  void Close() {
    boost::beast::error_code ignored;
    socket_.close(ignored);
  }

  std::string host_, port_;
  boost::asio::io_context io_;
  tcp::socket socket_{io_};
  boost::beast::flat_buffer buffer_;
};

enum StepKind { kCreate, kAnswer, kSign, kSteps };
constexpr const char* kStepNames[] = {"create", "answer", "sign"};

struct Stats {
  std::vector<double> ms[kSteps];
  std::vector<double> flow_ms;
  int64_t flows = 0, requests = 0;
  int64_t errors[kSteps] = {};
  int64_t transport_errors = 0;

  void Merge(const Stats& o) {
    for (int s = 0; s < kSteps; ++s) {
      ms[s].insert(ms[s].end(), o.ms[s].begin(), o.ms[s].end());
      errors[s] += o.errors[s];
    }
    flow_ms.insert(flow_ms.end(), o.flow_ms.begin(), o.flow_ms.end());
    flows += o.flows;
    requests += o.requests;
    transport_errors += o.transport_errors;
  }
};

// Drives flows: one HTTP connection per worker, each worker on its own PDs
// (PD i belongs to worker i % workers) so that no two workers draw letter
// numbers from the same PD's sequence at once.
class Driver {
 public:
  Driver(std::string inst, std::vector<BenchPd> pds, int workers,
         const std::string& host, const std::string& port)
      : inst_(std::move(inst)), pds_(std::move(pds)), workers_(workers) {
    for (int w = 0; w < workers_; ++w)
      connections_.push_back(std::make_unique<HttpConnection>(host, port));
    const absl::CivilDay today = sisker::common::TodayIn(kTimeZone);
    start_ = JsonDate(today);
    end_ = JsonDate(today + 30);
  }

  // `per_worker` flows on every worker (the warm-up), or flows until
  // `until` and at most `max_flows` in all (0: no limit).
  Stats Run(int64_t per_worker, absl::Time until, int64_t max_flows) {
    Stats total;
    absl::Mutex mu;
    std::atomic<int64_t> started{0};
    std::vector<std::thread> threads;
    for (int w = 0; w < workers_; ++w) {
      threads.emplace_back([&, w] {
        Stats mine;
        std::vector<const BenchPd*> own;
        for (size_t i = w; i < pds_.size(); i += workers_)
          own.push_back(&pds_[i]);
        for (int64_t n = 0;; ++n) {
          if (per_worker > 0 ? n >= per_worker : absl::Now() >= until) break;
          if (max_flows > 0 && started.fetch_add(1) >= max_flows) break;
          const BenchPd& pd = *own[n % own.size()];
          Flow(*connections_[w], pd,
               pd.staff[(n / own.size()) % pd.staff.size()], mine);
        }
        absl::MutexLock lock(&mu);
        total.Merge(mine);
      });
    }
    for (auto& t : threads) t.join();
    return total;
  }

  // The first failed answers since the last call; forgets them.
  std::vector<std::string> TakeErrorSamples() {
    absl::MutexLock lock(&mu_);
    return std::exchange(error_samples_, {});
  }

 private:
  // One step. Success is a 2xx whose JSON (in `out`) has `field` ==
  // `want`; anything else counts as an error of the step and the first few
  // answers are kept.
  bool Send(HttpConnection& c, StepKind step, const std::string& path,
            const std::string& token, const std::string& body, Stats& stats,
            const char* field, const char* want, Json* out) {
    const absl::Time t0 = absl::Now();
    Reply reply = c.Post(path, token, body);
    stats.ms[step].push_back(absl::ToDoubleMilliseconds(absl::Now() - t0));
    ++stats.requests;
    if (reply.status >= 200 && reply.status < 300) {
      *out = Json::parse(reply.body, nullptr, false);
      if (out->is_object() && out->value(field, "") == want) return true;
    }
    ++stats.errors[step];
    if (reply.status == 0) ++stats.transport_errors;
    absl::MutexLock lock(&mu_);
    if (error_samples_.size() < kMaxErrorSamples) {
      error_samples_.push_back(absl::StrCat(kStepNames[step], " POST ", path,
                                            " -> ", reply.status, " ",
                                            reply.body.substr(0, 600)));
    }
    return false;
  }

  void Flow(HttpConnection& c, const BenchPd& pd, const std::string& staff,
            Stats& stats) {
    const absl::Time t0 = absl::Now();
    Json assignment = {
        {"assignee", staff},
        {"ownerUnit", pd.owner_unit},
        {"method", "APPOINTMENT"},
        {"purpose", "Penyusunan laporan capaian kinerja triwulan"},
        {"expectedTargets",
         Json::array({"Laporan capaian kinerja triwulan tersusun"})},
        {"competenceNeeded", "Analisis data kinerja"},
        {"startDate", start_},
        {"endDate", end_}};
    Json created, answered, letter;
    if (!Send(c, kCreate, absl::StrCat("/v1/instansi/", inst_, "/assignments"),
              pd.creator, assignment.dump(), stats, "scope", "CROSS_UNIT",
              &created)) {
      return;
    }
    const std::string name = created.value("name", "");
    const std::string request = created.value("involvementRequest", "");
    if (!Send(c, kAnswer, absl::StrCat("/v1/", request, ":answer"), pd.answerer,
              R"({"approve":true})", stats, "state", "APPROVED", &answered)) {
      return;
    }
    if (!Send(c, kSign, absl::StrCat("/v1/", name, ":signLetter"), pd.signer,
              "{}", stats, "source", "PSR 9(5)a", &letter)) {
      return;
    }
    stats.flow_ms.push_back(absl::ToDoubleMilliseconds(absl::Now() - t0));
    ++stats.flows;
  }

  std::string inst_;
  std::vector<BenchPd> pds_;
  int workers_;
  std::vector<std::unique_ptr<HttpConnection>> connections_;
  Json start_, end_;
  absl::Mutex mu_;
  std::vector<std::string> error_samples_ ABSL_GUARDED_BY(mu_);
};

Json Percentiles(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  auto at = [&](double p) {
    return v.empty() ? 0.0 : v[static_cast<size_t>(p * (v.size() - 1))];
  };
  return {{"count", v.size()},
          {"p50_ms", at(0.5)},
          {"p95_ms", at(0.95)},
          {"p99_ms", at(0.99)},
          {"max_ms", at(1.0)}};
}

// The development identity provider's token (as sisker-token mints it).
std::string Token(const sisker::common::JwsKey& key, const std::string& issuer,
                  const std::string& inst, const std::string& pegawai) {
  const int64_t now = absl::ToUnixSeconds(absl::Now());
  Json claims = {{"iss", issuer},
                 {"aud", "sisker"},
                 {"sub", Setup::Subject(pegawai)},
                 {"sisker_instansi", inst},
                 {"name", "Pegawai " + pegawai},
                 {"iat", now},
                 {"exp", now + 4 * 3600}};
  return *sisker::common::JwsSign(key, claims.dump(), "JWT");
}

// CPU seconds (user + system) of a process, all its threads; 0 when gone.
double CpuSeconds(const std::string& pid) {
  std::ifstream in(absl::StrCat("/proc/", pid, "/stat"));
  std::string stat((std::istreambuf_iterator<char>(in)), {});
  const size_t paren = stat.rfind(')');
  if (paren == std::string::npos || paren + 2 >= stat.size()) return 0;
  // After "pid (comm) ": state is field 3; utime and stime are 14 and 15.
  std::vector<std::string> f = absl::StrSplit(stat.substr(paren + 2), ' ');
  double utime = 0, stime = 0;
  if (f.size() < 13 || !absl::SimpleAtod(f[11], &utime) ||
      !absl::SimpleAtod(f[12], &stime)) {
    return 0;
  }
  return (utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

// Where the CPU goes during the run: the processes named in --cpu_of
// (name=pid), every process called "postgres", this bench, and the whole
// box (busy = all but idle and iowait, from /proc/stat), in CPU seconds.
std::map<std::string, double> CpuSnapshot(
    const std::vector<std::pair<std::string, std::string>>& named) {
  std::map<std::string, double> out;
  for (const auto& [name, pid] : named) out[name] = CpuSeconds(pid);
  double postgres = 0;
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    const std::string pid = entry.path().filename().string();
    if (pid.empty() || !absl::ascii_isdigit(pid[0])) continue;
    std::ifstream comm(entry.path() / "comm");
    std::string name;
    if (std::getline(comm, name) && name == "postgres")
      postgres += CpuSeconds(pid);
  }
  out["postgres"] = postgres;
  out["bench"] = CpuSeconds("self");
  std::ifstream stat("/proc/stat");
  std::string cpu;
  double v[8] = {}, total = 0;
  stat >> cpu;
  for (double& x : v) {
    stat >> x;
    total += x;
  }
  out["box"] =
      (total - v[3] - v[4]) / static_cast<double>(sysconf(_SC_CLK_TCK));
  return out;
}

int Fail(const std::string& what) {
  std::fprintf(stderr, "sisker-assignment-flow-bench: %s\n", what.c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  sisker::common::Config config;
  config.AddString("org", "127.0.0.1:50051", "org service address (setup)");
  config.AddString("gateway_host", "127.0.0.1", "gateway HTTP host");
  config.AddInt("gateway_port", 8080, 1, 65535, "gateway HTTP port");
  config.AddString("assertion_keys", "var/keys/assertion.jwks",
                   "JWKS with the assertion signing key (setup)");
  config.AddString("kid", "dev-1", "assertion key id");
  config.AddString("token_keys", "var/keys/token.jwks",
                   "JWKS with the development IdP's signing key");
  config.AddString("token_kid", "dev-token-1", "kid of the token key");
  config.AddString("token_issuer", "sisker-dev-idp", "issuer of the tokens");
  config.AddString("admin_subject", "bootstrap-admin",
                   "bootstrap administrator subject");
  config.AddString("instansi", "", "instansi id (default bench-<unix time>)");
  config.AddInt("pds", 24, 1, 500, "Perangkat Daerah in the bench structure");
  config.AddInt("staff", 4, 1, 50, "staff per PD (assignees, in rotation)");
  config.AddInt("concurrency", 8, 1, 64,
                "worker threads (one connection each)");
  config.AddInt("seconds", 20, 1, 600, "duration of the measurement");
  config.AddInt("flows", 0, 0, 10000000,
                "stop after this many flows (0: none)");
  config.AddString("cpu_of", "",
                   "name=pid,... of processes whose CPU time to report");
  config.AddInt("warmup_flows", 1, 0, 100,
                "flows per worker before measuring (not counted)");
  sisker::common::ParseOrExit(config, argc,
                              const_cast<const char* const*>(argv),
                              "sisker-assignment-flow-bench", "0.1.0");
  auto keys = sisker::common::LoadKeySet(config.GetString("assertion_keys"));
  if (!keys.ok()) return Fail(std::string(keys.status().message()));
  const sisker::common::JwsKey* key = keys->Find(config.GetString("kid"));
  if (key == nullptr)
    return Fail("no assertion key " + config.GetString("kid"));
  auto token_keys = sisker::common::LoadKeySet(config.GetString("token_keys"));
  if (!token_keys.ok()) return Fail(std::string(token_keys.status().message()));
  const sisker::common::JwsKey* token_key =
      token_keys->Find(config.GetString("token_kid"));
  if (token_key == nullptr) return Fail("no token key");
  sisker::common::AssertionSigner signer(*key, "sisker-dev");
  const std::string inst =
      config.GetString("instansi").empty()
          ? absl::StrCat("bench-", absl::ToUnixSeconds(absl::Now()))
          : config.GetString("instansi");
  const int workers = static_cast<int>(config.GetInt("concurrency"));
  const int pd_count = static_cast<int>(config.GetInt("pds"));
  if (pd_count < workers) return Fail("--pds must be at least --concurrency");

  // 1. The structure.
  const absl::Time setup_start = absl::Now();
  Setup setup(grpc::CreateChannel(config.GetString("org"),
                                  grpc::InsecureChannelCredentials()),
              &signer, inst, config.GetString("admin_subject"));
  if (absl::Status st = setup.Instansi(); !st.ok())
    return Fail(
        absl::StrCat("setting up instansi/", inst, ": ", st.ToString()));
  std::vector<BenchPd> pds;
  const std::string& issuer = config.GetString("token_issuer");
  for (int i = 1; i <= pd_count; ++i) {
    auto pd = setup.PdWithStaff(absl::StrFormat("pd%02d", i),
                                static_cast<int>(config.GetInt("staff")));
    if (!pd.ok()) return Fail(pd.status().ToString());
    pd->creator = Token(*token_key, issuer, inst, pd->id + "-ka");
    pd->answerer = Token(*token_key, issuer, inst, pd->id + "-kb");
    pd->signer = Token(*token_key, issuer, inst, pd->id + "-kepala");
    pds.push_back(*std::move(pd));
  }
  std::printf(
      "instansi/%s (paser-2024): %d PD x (Kepala, 2 Bidang heads, "
      "%d staff), set up in %.1f s\n",
      inst.c_str(), pd_count, static_cast<int>(config.GetInt("staff")),
      absl::ToDoubleSeconds(absl::Now() - setup_start));

  // 2. Warm-up (first lookups of every official and PD), then the run.
  Driver driver(inst, std::move(pds), workers, config.GetString("gateway_host"),
                std::to_string(config.GetInt("gateway_port")));
  if (config.GetInt("warmup_flows") > 0) {
    Stats warm =
        driver.Run(config.GetInt("warmup_flows"), absl::InfiniteFuture(), 0);
    for (const auto& e : driver.TakeErrorSamples())
      std::fprintf(stderr, "  warm-up error: %s\n", e.c_str());
    if (warm.flows == 0)
      return Fail("no warm-up flow went through (is the gateway up?)");
  }
  std::vector<std::pair<std::string, std::string>> watched;
  for (absl::string_view item :
       absl::StrSplit(config.GetString("cpu_of"), ',', absl::SkipEmpty())) {
    std::pair<std::string, std::string> kv = absl::StrSplit(item, '=');
    watched.push_back(std::move(kv));
  }
  const std::map<std::string, double> cpu_before = CpuSnapshot(watched);
  const absl::Time start = absl::Now();
  Stats s = driver.Run(0, start + absl::Seconds(config.GetInt("seconds")),
                       config.GetInt("flows"));
  const double elapsed = absl::ToDoubleSeconds(absl::Now() - start);
  const std::map<std::string, double> cpu_after = CpuSnapshot(watched);

  // 3. The report: a table, then one JSON line for scripts.
  Json out = {{"instansi", inst},
              {"concurrency", workers},
              {"pds", pd_count},
              {"seconds", elapsed},
              {"flows", s.flows},
              {"requests", s.requests},
              {"flows_per_second", s.flows / elapsed},
              {"requests_per_second", s.requests / elapsed},
              {"transport_errors", s.transport_errors},
              {"flow", Percentiles(s.flow_ms)}};
  std::string cpu_line;
  for (const auto& [name, after] : cpu_after) {
    const double used = after - cpu_before.at(name);
    out["cpu_seconds"][name] = used;
    absl::StrAppendFormat(&cpu_line, " %s %.2f", name,
                          s.flows > 0 ? 1000 * used / s.flows : 0.0);
  }
  int64_t errors = 0;
  for (int step = 0; step < kSteps; ++step) {
    out[kStepNames[step]] = Percentiles(s.ms[step]);
    out[kStepNames[step]]["errors"] = s.errors[step];
    errors += s.errors[step];
  }
  std::printf(
      "c=%d  %lld flows in %.1f s: %.1f flows/s, %.1f requests/s; errors: "
      "%lld (create %lld, answer %lld, sign %lld; transport %lld)\n",
      workers, static_cast<long long>(s.flows), elapsed, s.flows / elapsed,
      s.requests / elapsed, static_cast<long long>(errors),
      static_cast<long long>(s.errors[kCreate]),
      static_cast<long long>(s.errors[kAnswer]),
      static_cast<long long>(s.errors[kSign]),
      static_cast<long long>(s.transport_errors));
  std::printf("  %-7s %8s %8s %8s %8s %8s\n", "step", "calls", "p50 ms",
              "p95 ms", "p99 ms", "max ms");
  for (const char* step : {"create", "answer", "sign", "flow"}) {
    const Json& p = out[step];
    std::printf("  %-7s %8lld %8.2f %8.2f %8.2f %8.2f\n", step,
                static_cast<long long>(p["count"].get<int64_t>()),
                p["p50_ms"].get<double>(), p["p95_ms"].get<double>(),
                p["p99_ms"].get<double>(), p["max_ms"].get<double>());
  }
  std::printf(
      "  CPU ms per flow:%s (box: %.0f%% of %ld cores busy)\n",
      cpu_line.c_str(),
      100 * out["cpu_seconds"]["box"].get<double>() /
          (elapsed * static_cast<double>(sysconf(_SC_NPROCESSORS_ONLN))),
      sysconf(_SC_NPROCESSORS_ONLN));
  for (const auto& e : driver.TakeErrorSamples())
    std::printf("  error: %s\n", e.c_str());
  std::printf("JSON %s\n", out.dump().c_str());
  return errors == 0 && s.flows > 0 ? 0 : 2;
}
