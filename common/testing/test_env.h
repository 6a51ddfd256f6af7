// The backends of a test run: tests/run.sh starts one PostgreSQL and one
// Redis on free loopback ports and exports where they are. Each test gets
// a throwaway database. A missing backend is a failure, never a skip.
#ifndef SISKER_COMMON_TESTING_TEST_ENV_H_
#define SISKER_COMMON_TESTING_TEST_ENV_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"

namespace sisker::testing {

// SISKER_TEST_PG: libpq conninfo of a superuser on the run's PostgreSQL.
// SISKER_TEST_REDIS: host:port of the run's Redis.
absl::StatusOr<std::string> TestPgAdminConninfo();
absl::StatusOr<std::string> TestRedisAddress();

class TestDatabase {
 public:
  // Creates `t_<random>`; FAILED_PRECONDITION naming the variable when the
  // run's PostgreSQL is not configured, UNAVAILABLE when unreachable.
  static absl::StatusOr<std::unique_ptr<TestDatabase>> Create();
  ~TestDatabase();  // drops the database (terminating its connections)

  const std::string& conninfo() const { return conninfo_; }
  const std::string& name() const { return name_; }
  // A scalar from a query (for asserting on rows), "" when no row.
  std::string QueryValue(const std::string& sql) const;

 private:
  TestDatabase(std::string admin, std::string name, std::string conninfo)
      : admin_(std::move(admin)),
        name_(std::move(name)),
        conninfo_(std::move(conninfo)) {}
  std::string admin_;
  std::string name_;
  std::string conninfo_;
};

// A private PostgreSQL for tests that stop or restart their server (the
// run's shared one must stay up): tests/pg_instance.sh on a free port.
class PrivatePostgres {
 public:
  PrivatePostgres();
  ~PrivatePostgres();  // stops it and removes its data
  bool ok() const { return ok_; }
  bool Stop() { return Run("stop"); }
  bool Start() { return Run("start"); }
  bool Restart() { return Run("restart"); }
  std::string conninfo() const;

 private:
  bool Run(const char* action);
  std::string dir_;
  int port_ = 0;
  bool ok_ = false;
};

// A private Redis for tests that stop, restart or flush their server (the
// run's shared one must stay up): `redis-server` from PATH on a free port,
// no persistence, its working files in a temp dir.
class PrivateRedis {
 public:
  PrivateRedis();   // starts it
  ~PrivateRedis();  // stops it and removes its dir
  PrivateRedis(const PrivateRedis&) = delete;
  PrivateRedis& operator=(const PrivateRedis&) = delete;
  bool ok() const { return ok_; }  // whether the first start worked
  // Stops it (SIGTERM, waiting for the exit); true when it is down.
  bool Stop();
  // Starts it again on the same port; true once it answers PING.
  bool Start();
  std::string address() const;  // "127.0.0.1:<port>"

 private:
  std::string dir_;
  int port_ = 0;
  int pid_ = 0;  // 0 while stopped
  bool ok_ = false;
};

// A TCP port on 127.0.0.1 that nothing listens on right now.
int FreePort();

// PING over a raw hiredis connection: OK or UNAVAILABLE.
absl::Status PingRedis(const std::string& address);

}  // namespace sisker::testing

#endif  // SISKER_COMMON_TESTING_TEST_ENV_H_
