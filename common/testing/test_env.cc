// Throwaway databases and backend lookups for tests.
#include "common/testing/test_env.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <hiredis/hiredis.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <pqxx/pqxx>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "common/resource_names.h"

namespace sisker::testing {
namespace {

absl::StatusOr<std::string> Env(const char* name) {
  const char* v = std::getenv(name);
  if (v == nullptr || *v == '\0') {
    return absl::FailedPreconditionError(
        absl::StrCat(name,
                     " is not set: run the tests through ./tests/run.sh, which "
                     "starts PostgreSQL and Redis for them"));
  }
  return std::string(v);
}

}  // namespace

absl::StatusOr<std::string> TestPgAdminConninfo() {
  return Env("SISKER_TEST_PG");
}
absl::StatusOr<std::string> TestRedisAddress() {
  return Env("SISKER_TEST_REDIS");
}

absl::StatusOr<std::unique_ptr<TestDatabase>> TestDatabase::Create() {
  auto admin = TestPgAdminConninfo();
  if (!admin.ok()) return admin.status();
  std::string name = "t_" + common::NewResourceId();
  try {
    pqxx::connection conn(*admin);
    pqxx::nontransaction tx(conn);
    tx.exec0("CREATE DATABASE " + tx.quote_name(name));
  } catch (const std::exception& e) {
    return absl::UnavailableError(
        absl::StrCat("cannot create test database: ", e.what()));
  }
  std::string conninfo = absl::StrCat(*admin, " dbname=", name);
  return std::unique_ptr<TestDatabase>(
      new TestDatabase(*admin, name, conninfo));
}

TestDatabase::~TestDatabase() {
  try {
    pqxx::connection conn(admin_);
    pqxx::nontransaction tx(conn);
    tx.exec0("DROP DATABASE IF EXISTS " + tx.quote_name(name_) +
             " WITH (FORCE)");
  } catch (const std::exception&) {
    // The run's PostgreSQL is thrown away at the end anyway.
  }
}

std::string TestDatabase::QueryValue(const std::string& sql) const {
  pqxx::connection conn(conninfo_);
  pqxx::nontransaction tx(conn);
  auto rows = tx.exec(sql);
  if (rows.empty() || rows[0][0].is_null()) return "";
  return rows[0][0].as<std::string>();
}

int FreePort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  (void)::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
  socklen_t len = sizeof(addr);
  (void)::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

PrivatePostgres::PrivatePostgres()
    : dir_(
          (std::filesystem::temp_directory_path() /
           absl::StrCat("sisker-pg-", ::getpid(), "-", common::NewResourceId()))
              .string()),
      port_(FreePort()) {
  ok_ = Run("start");
}

PrivatePostgres::~PrivatePostgres() {
  Run("stop");
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

bool PrivatePostgres::Run(const char* action) {
  std::string cmd =
      absl::StrCat(SISKER_SOURCE_DIR, "/tests/pg_instance.sh ", action, " ",
                   dir_, " ", port_, " >/dev/null 2>&1");
  return std::system(cmd.c_str()) == 0;
}

std::string PrivatePostgres::conninfo() const {
  return absl::StrCat("host=127.0.0.1 port=", port_,
                      " user=postgres dbname=postgres connect_timeout=2");
}

PrivateRedis::PrivateRedis()
    : dir_((std::filesystem::temp_directory_path() /
            absl::StrCat("sisker-redis-", ::getpid(), "-",
                         common::NewResourceId()))
               .string()),
      port_(FreePort()) {
  std::error_code ec;
  std::filesystem::create_directories(dir_, ec);
  ok_ = !ec && Start();
}

PrivateRedis::~PrivateRedis() {
  Stop();
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

std::string PrivateRedis::address() const {
  return absl::StrCat("127.0.0.1:", port_);
}

bool PrivateRedis::Start() {
  if (pid_ != 0) return PingRedis(address()).ok();
  // No persistence: a restart starts empty.
  const std::vector<std::pair<std::string, std::string>> flags = {
      {"--bind", "127.0.0.1"}, {"--port", absl::StrCat(port_)},
      {"--dir", dir_},         {"--logfile", dir_ + "/redis.log"},
      {"--save", ""},          {"--appendonly", "no"},
      {"--daemonize", "no"}};
  std::vector<std::string> args = {"redis-server"};
  for (const auto& [flag, value] : flags) {
    args.push_back(flag);
    args.push_back(value);
  }
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t files;
  posix_spawn_file_actions_init(&files);
  for (int fd : {0, 1, 2}) {
    posix_spawn_file_actions_addopen(&files, fd, "/dev/null", O_RDWR, 0);
  }
  // A test binary may block or ignore signals; the server must not inherit
  // that (it would ignore the SIGTERM of Stop()).
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t none;
  sigemptyset(&none);
  sigset_t defaults;
  sigfillset(&defaults);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  posix_spawnattr_setflags(&attr,
                           POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  pid_t pid = 0;
  int rc =
      posix_spawnp(&pid, "redis-server", &files, &attr, argv.data(), environ);
  posix_spawnattr_destroy(&attr);
  posix_spawn_file_actions_destroy(&files);
  if (rc != 0) return false;
  pid_ = pid;
  absl::Time deadline = absl::Now() + absl::Seconds(10);
  while (absl::Now() < deadline) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {  // it exited
      pid_ = 0;
      return false;
    }
    if (PingRedis(address()).ok()) return true;
    absl::SleepFor(absl::Milliseconds(20));
  }
  Stop();
  return false;
}

bool PrivateRedis::Stop() {
  if (pid_ == 0) return true;
  ::kill(pid_, SIGTERM);
  absl::Time deadline = absl::Now() + absl::Seconds(10);
  int status = 0;
  while (::waitpid(pid_, &status, WNOHANG) == 0) {
    if (absl::Now() > deadline) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, &status, 0);
      break;
    }
    absl::SleepFor(absl::Milliseconds(10));
  }
  pid_ = 0;
  return true;
}

absl::Status PingRedis(const std::string& address) {
  std::vector<std::string> parts = absl::StrSplit(address, ':');
  int port = 0;
  if (parts.size() != 2 || !absl::SimpleAtoi(parts[1], &port)) {
    return absl::InvalidArgumentError("redis address must be host:port");
  }
  timeval timeout{2, 0};
  redisContext* ctx = redisConnectWithTimeout(parts[0].c_str(), port, timeout);
  if (ctx == nullptr || ctx->err != 0) {
    if (ctx != nullptr) redisFree(ctx);
    return absl::UnavailableError("redis unreachable at " + address);
  }
  auto* reply = static_cast<redisReply*>(redisCommand(ctx, "PING"));
  bool ok = reply != nullptr && reply->type == REDIS_REPLY_STATUS &&
            std::string(reply->str, reply->len) == "PONG";
  if (reply != nullptr) freeReplyObject(reply);
  redisFree(ctx);
  return ok ? absl::OkStatus() : absl::UnavailableError("redis did not PONG");
}

}  // namespace sisker::testing
