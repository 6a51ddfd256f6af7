// The Redis client: hiredis calls, reply copies, reconnect backoff, pool.
#include "common/redis_client.h"

#include <hiredis/hiredis.h>
#include <openssl/sha.h>
#include <poll.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/time/clock.h"
#include "common/errors.h"
#include "common/status_macros.h"

namespace sisker::common {

// After a failed connect no connection of the client tries again before
// retry_after.
struct RedisConnection::Backoff {
  absl::Mutex mu;
  absl::Time retry_after ABSL_GUARDED_BY(mu) = absl::InfinitePast();
};

namespace {

// Unavailable("redis") with metadata["cause"]: connect, backoff, io,
// timeout, pool or reply.
absl::Status RedisUnavailable(const char* cause) {
  absl::Status status = Unavailable("redis");
  if (auto details = GetErrorDetails(status)) {
    details->metadata["cause"] = cause;
    SetErrorDetails(status, *details);
  }
  return status;
}

// hiredis reads a zero timeval as "no timeout": keep at least 1 ms.
timeval Timeout(absl::Duration d) {
  return absl::ToTimeval(std::max(d, absl::Milliseconds(1)));
}

RedisReply Copy(const redisReply& r) {
  RedisReply out;
  switch (r.type) {
    case REDIS_REPLY_NIL:
      out.kind = RedisReply::Kind::kNil;
      return out;
    case REDIS_REPLY_STRING:
      out.kind = RedisReply::Kind::kString;
      break;
    case REDIS_REPLY_STATUS:
      out.kind = RedisReply::Kind::kStatus;
      break;
    case REDIS_REPLY_ERROR:
      out.kind = RedisReply::Kind::kError;
      break;
    case REDIS_REPLY_INTEGER:
      out.kind = RedisReply::Kind::kInteger;
      break;
    case REDIS_REPLY_ARRAY:
      out.kind = RedisReply::Kind::kArray;
      break;
#ifdef REDIS_REPLY_DOUBLE  // hiredis >= 1.0 (RESP3)
    case REDIS_REPLY_DOUBLE:
      out.kind = RedisReply::Kind::kDouble;
      break;
#endif
    default:
      out.kind = RedisReply::Kind::kOther;
      break;
  }
  out.integer = r.integer;
  if (r.str != nullptr) out.str.assign(r.str, r.len);
  if (r.element != nullptr) {
    out.elements.reserve(r.elements);
    for (size_t i = 0; i < r.elements; ++i) {
      out.elements.push_back(Copy(*r.element[i]));
    }
  }
  return out;
}

// Appends one binary-safe command to the context's output buffer.
bool Append(redisContext* ctx, const std::vector<std::string>& argv) {
  std::vector<const char*> ptrs;
  std::vector<size_t> lens;
  ptrs.reserve(argv.size());
  lens.reserve(argv.size());
  for (const std::string& arg : argv) {
    ptrs.push_back(arg.data());
    lens.push_back(arg.size());
  }
  return redisAppendCommandArgv(ctx, static_cast<int>(argv.size()), ptrs.data(),
                                lens.data()) == REDIS_OK;
}

absl::Status CheckArgv(const std::vector<std::string>& argv) {
  if (argv.empty()) return absl::InvalidArgumentError("empty redis command");
  return absl::OkStatus();
}

std::string Sha1Hex(const std::string& text) {
  std::array<unsigned char, SHA_DIGEST_LENGTH> digest{};
  SHA1(reinterpret_cast<const unsigned char*>(text.data()), text.size(),
       digest.data());
  return absl::BytesToHexString(absl::string_view(
      reinterpret_cast<const char*>(digest.data()), digest.size()));
}

}  // namespace

void RedisConnection::ContextDeleter::operator()(redisContext* ctx) const {
  redisFree(ctx);
}

RedisConnection::RedisConnection(RedisOptions options)
    : RedisConnection(std::move(options), std::make_shared<Backoff>()) {}

RedisConnection::RedisConnection(RedisOptions options,
                                 std::shared_ptr<Backoff> backoff)
    : options_(std::move(options)), backoff_(std::move(backoff)) {}

RedisConnection::~RedisConnection() = default;

absl::Status RedisConnection::EnsureConnected() {
  if (ctx_ != nullptr) {
    // An idle connection has nothing to read: if it is readable, the server
    // closed it (restart, timeout) and writing to it would fail or SIGPIPE.
    pollfd pfd{ctx_->fd, POLLIN, 0};
    if (::poll(&pfd, 1, 0) == 0) return absl::OkStatus();
    ctx_.reset();
  }
  size_t colon = options_.address.rfind(':');
  int port = 0;
  if (colon == std::string::npos ||
      !absl::SimpleAtoi(options_.address.substr(colon + 1), &port)) {
    return absl::InvalidArgumentError("redis address must be host:port");
  }
  {
    absl::MutexLock lock(&backoff_->mu);
    if (absl::Now() < backoff_->retry_after) {
      return RedisUnavailable("backoff");
    }
  }
  std::string host = options_.address.substr(0, colon);
  redisContext* ctx = redisConnectWithTimeout(
      host.c_str(), port, Timeout(options_.connect_timeout));
  bool ok = ctx != nullptr && ctx->err == 0 &&
            redisSetTimeout(ctx, Timeout(options_.command_timeout)) == REDIS_OK;
  absl::MutexLock lock(&backoff_->mu);
  if (!ok) {
    if (ctx != nullptr) redisFree(ctx);
    backoff_->retry_after = absl::Now() + options_.reconnect_backoff;
    return RedisUnavailable("connect");
  }
  backoff_->retry_after = absl::InfinitePast();
  ctx_.reset(ctx);
  return absl::OkStatus();
}

absl::Status RedisConnection::Fail() {
  int error = errno;  // hiredis leaves the socket's errno in place
  bool timeout = ctx_ != nullptr && ctx_->err == REDIS_ERR_IO &&
                 (error == EAGAIN || error == EWOULDBLOCK);
  ctx_.reset();
  return RedisUnavailable(timeout ? "timeout" : "io");
}

absl::StatusOr<RedisReply> RedisConnection::ReadReply() {
  void* raw = nullptr;
  if (redisGetReply(ctx_.get(), &raw) != REDIS_OK || raw == nullptr) {
    return Fail();
  }
  auto* reply = static_cast<redisReply*>(raw);
  RedisReply copy = Copy(*reply);
  freeReplyObject(reply);
  return copy;
}

absl::StatusOr<RedisReply> RedisConnection::Command(
    const std::vector<std::string>& argv) {
  RETURN_IF_ERROR(CheckArgv(argv));
  RETURN_IF_ERROR(EnsureConnected());
  if (!Append(ctx_.get(), argv)) return Fail();
  return ReadReply();
}

absl::StatusOr<std::vector<RedisReply>> RedisConnection::Pipeline(
    const std::vector<std::vector<std::string>>& commands) {
  for (const auto& argv : commands) RETURN_IF_ERROR(CheckArgv(argv));
  std::vector<RedisReply> replies;
  if (commands.empty()) return replies;
  RETURN_IF_ERROR(EnsureConnected());
  for (const auto& argv : commands) {
    if (!Append(ctx_.get(), argv)) return Fail();
  }
  replies.reserve(commands.size());
  for (size_t i = 0; i < commands.size(); ++i) {
    ASSIGN_OR_RETURN(RedisReply reply, ReadReply());
    replies.push_back(std::move(reply));
  }
  return replies;
}

absl::StatusOr<RedisReply> RedisConnection::CommandWithTimeout(
    const std::vector<std::string>& argv, absl::Duration timeout) {
  RETURN_IF_ERROR(CheckArgv(argv));
  RETURN_IF_ERROR(EnsureConnected());
  if (redisSetTimeout(ctx_.get(), Timeout(timeout)) != REDIS_OK ||
      !Append(ctx_.get(), argv)) {
    return Fail();
  }
  absl::StatusOr<RedisReply> reply = ReadReply();
  // On failure the connection is gone; else restore the usual timeout.
  if (ctx_ != nullptr &&
      redisSetTimeout(ctx_.get(), Timeout(options_.command_timeout)) !=
          REDIS_OK) {
    ctx_.reset();
  }
  return reply;
}

RedisClient::RedisClient(RedisOptions options)
    : options_(std::move(options)),
      backoff_(std::make_shared<RedisConnection::Backoff>()) {}

RedisClient::~RedisClient() = default;

absl::StatusOr<std::unique_ptr<RedisConnection>> RedisClient::Acquire() {
  int pool_size = std::max(options_.pool_size, 1);
  auto available = [this, pool_size]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return !idle_.empty() || created_ < pool_size;
  };
  absl::MutexLock lock(&mu_);
  if (!mu_.AwaitWithTimeout(
          absl::Condition(&available),
          options_.connect_timeout + options_.command_timeout)) {
    return RedisUnavailable("pool");
  }
  if (!idle_.empty()) {
    std::unique_ptr<RedisConnection> conn = std::move(idle_.back());
    idle_.pop_back();
    return conn;
  }
  ++created_;
  return std::unique_ptr<RedisConnection>(
      new RedisConnection(options_, backoff_));
}

void RedisClient::Release(std::unique_ptr<RedisConnection> conn) {
  absl::MutexLock lock(&mu_);
  idle_.push_back(std::move(conn));
}

absl::StatusOr<RedisReply> RedisClient::Command(
    const std::vector<std::string>& argv) {
  ASSIGN_OR_RETURN(std::unique_ptr<RedisConnection> conn, Acquire());
  absl::StatusOr<RedisReply> reply = conn->Command(argv);
  Release(std::move(conn));
  return reply;
}

absl::StatusOr<std::vector<RedisReply>> RedisClient::Pipeline(
    const std::vector<std::vector<std::string>>& commands) {
  ASSIGN_OR_RETURN(std::unique_ptr<RedisConnection> conn, Acquire());
  absl::StatusOr<std::vector<RedisReply>> replies = conn->Pipeline(commands);
  Release(std::move(conn));
  return replies;
}

absl::StatusOr<RedisReply> RedisClient::Eval(
    const std::string& script, const std::vector<std::string>& keys,
    const std::vector<std::string>& args) {
  std::vector<std::string> argv = {"EVALSHA", Sha1Hex(script),
                                   std::to_string(keys.size())};
  argv.insert(argv.end(), keys.begin(), keys.end());
  argv.insert(argv.end(), args.begin(), args.end());
  ASSIGN_OR_RETURN(std::unique_ptr<RedisConnection> conn, Acquire());
  absl::StatusOr<RedisReply> reply = conn->Command(argv);
  if (reply.ok() && reply->is_error() &&
      absl::StartsWith(reply->str, "NOSCRIPT")) {
    argv[0] = "EVAL";
    argv[1] = script;
    reply = conn->Command(argv);
  }
  Release(std::move(conn));
  return reply;
}

std::unique_ptr<RedisConnection> RedisClient::Dedicated() {
  return std::unique_ptr<RedisConnection>(
      new RedisConnection(options_, backoff_));
}

absl::Status RedisClient::Ping() {
  ASSIGN_OR_RETURN(RedisReply reply, Command({"PING"}));
  if (reply.is_status() && reply.str == "PONG") return absl::OkStatus();
  return RedisUnavailable("reply");  // e.g. -LOADING while starting
}

}  // namespace sisker::common
