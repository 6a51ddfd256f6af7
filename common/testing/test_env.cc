// Throwaway databases and backend lookups for tests.
#include "common/testing/test_env.h"

#include <arpa/inet.h>
#include <hiredis/hiredis.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <pqxx/pqxx>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
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
