// A small Redis client over hiredis 0.14: a binary-safe connection with
// timeouts and lazy reconnect, and a thread-safe pool of them with
// pipelining and Lua scripts (EVALSHA, loaded on NOSCRIPT).
//
// Every transport failure (refused, reset, timed out, in reconnect
// backoff) is UNAVAILABLE with reason DEPENDENCY_UNAVAILABLE, retryable;
// metadata["cause"] says which ("connect", "backoff", "io", "timeout",
// "pool" for a saturated pool, "reply" for a PING not answered PONG).
// A Redis error reply ("-ERR ...", "-WRONGTYPE ...") is not a Status error:
// it is a RedisReply of Kind::kError.
#ifndef SISKER_COMMON_REDIS_CLIENT_H_
#define SISKER_COMMON_REDIS_CLIENT_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

struct redisContext;  // hiredis

namespace sisker::common {

struct RedisOptions {
  std::string address;  // "host:port"
  absl::Duration connect_timeout = absl::Milliseconds(200);
  // Read/write timeout of one command (CommandWithTimeout overrides it).
  absl::Duration command_timeout = absl::Milliseconds(500);
  // Pooled connections of a RedisClient (Dedicated() ones are extra).
  int pool_size = 4;
  // After a failed connect, calls fail fast with UNAVAILABLE for this long
  // instead of each paying the connect timeout (Redis down must not stall
  // writers). Shared by all connections of one RedisClient.
  absl::Duration reconnect_backoff = absl::Milliseconds(250);
};

// A value copy of a hiredis reply.
struct RedisReply {
  // kDouble never occurs with hiredis 0.14 (RESP2 has no doubles).
  enum class Kind {
    kNil,
    kString,
    kStatus,
    kInteger,
    kArray,
    kError,
    kDouble,
    kOther
  };
  Kind kind = Kind::kNil;
  std::string str;        // the string, status or error text (binary safe)
  long long integer = 0;  // NOLINT(google-runtime-int): hiredis's type
  std::vector<RedisReply> elements;  // kArray

  bool is_nil() const { return kind == Kind::kNil; }
  bool is_string() const { return kind == Kind::kString; }
  bool is_status() const { return kind == Kind::kStatus; }
  bool is_integer() const { return kind == Kind::kInteger; }
  bool is_array() const { return kind == Kind::kArray; }
  bool is_error() const { return kind == Kind::kError; }
};

// One hiredis connection, opened on first use and reopened on the next
// call after a transport failure. Not thread-safe.
class RedisConnection {
 public:
  // Does not connect (construction works while Redis is down).
  explicit RedisConnection(RedisOptions options);
  ~RedisConnection();
  RedisConnection(const RedisConnection&) = delete;
  RedisConnection& operator=(const RedisConnection&) = delete;

  // Sends one command; `argv` is binary safe (e.g. {"SET", key, value}).
  // UNAVAILABLE on a connect or I/O failure or a timeout; the connection is
  // then dropped, so a late reply can never answer the next command.
  absl::StatusOr<RedisReply> Command(const std::vector<std::string>& argv);

  // Sends all commands in one round trip; one reply per command, in order.
  // All or nothing: a transport failure fails the whole call (some commands
  // may have run).
  absl::StatusOr<std::vector<RedisReply>> Pipeline(
      const std::vector<std::vector<std::string>>& commands);

  // Command with its own read timeout instead of command_timeout, for
  // blocking commands (XREADGROUP ... BLOCK ms): pass more than the block.
  absl::StatusOr<RedisReply> CommandWithTimeout(
      const std::vector<std::string>& argv, absl::Duration timeout);

  // Whether a connection is open now (a test and metrics aid).
  bool connected() const { return ctx_ != nullptr; }

 private:
  friend class RedisClient;
  struct Backoff;  // reconnect backoff, shared within a RedisClient
  struct ContextDeleter {
    void operator()(redisContext* ctx) const;
  };

  RedisConnection(RedisOptions options, std::shared_ptr<Backoff> backoff);
  // Opens the connection if needed (dropping one the server has closed).
  absl::Status EnsureConnected();
  // Reads one reply; on failure drops the connection.
  absl::StatusOr<RedisReply> ReadReply();
  // Drops the connection and classifies its error.
  absl::Status Fail();

  RedisOptions options_;
  std::shared_ptr<Backoff> backoff_;
  std::unique_ptr<redisContext, ContextDeleter> ctx_;
};

// A thread-safe pool of RedisConnections (at most pool_size open).
class RedisClient {
 public:
  // Does not connect: connections open lazily on first use.
  explicit RedisClient(RedisOptions options);
  ~RedisClient();
  RedisClient(const RedisClient&) = delete;
  RedisClient& operator=(const RedisClient&) = delete;

  // RedisConnection::Command on a pooled connection. When all pool_size
  // connections are busy, waits up to connect_timeout + command_timeout,
  // then UNAVAILABLE (cause "pool").
  absl::StatusOr<RedisReply> Command(const std::vector<std::string>& argv);

  // RedisConnection::Pipeline on a pooled connection.
  absl::StatusOr<std::vector<RedisReply>> Pipeline(
      const std::vector<std::vector<std::string>>& commands);

  // Runs a Lua script: EVALSHA with its SHA1, falling back to EVAL (which
  // also caches it) when Redis answers NOSCRIPT (first use, restart,
  // SCRIPT FLUSH). A script error comes back as a kError reply.
  absl::StatusOr<RedisReply> Eval(const std::string& script,
                                  const std::vector<std::string>& keys,
                                  const std::vector<std::string>& args);

  // A new connection outside the pool (sharing the reconnect backoff) for
  // blocking reads, e.g. a stream consumer's XREADGROUP BLOCK.
  std::unique_ptr<RedisConnection> Dedicated();

  // OK when Redis answers PING with PONG; else UNAVAILABLE.
  absl::Status Ping();

  const RedisOptions& options() const { return options_; }

 private:
  absl::StatusOr<std::unique_ptr<RedisConnection>> Acquire();
  void Release(std::unique_ptr<RedisConnection> conn);

  const RedisOptions options_;
  std::shared_ptr<RedisConnection::Backoff> backoff_;
  absl::Mutex mu_;
  std::vector<std::unique_ptr<RedisConnection>> idle_ ABSL_GUARDED_BY(mu_);
  int created_ ABSL_GUARDED_BY(mu_) = 0;  // idle + checked out
};

}  // namespace sisker::common

#endif  // SISKER_COMMON_REDIS_CLIENT_H_
