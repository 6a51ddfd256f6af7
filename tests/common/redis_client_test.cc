// The Redis client against a real Redis: binary-safe replies, error replies
// as values, pipelines, scripts, per-call timeouts, fail-fast while Redis is
// down, reconnect after a restart, and the pool under concurrency.
#include "common/redis_client.h"

#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <thread>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "common/resource_names.h"
#include "common/testing/status_matchers.h"
#include "common/testing/test_env.h"

namespace sisker::common {
namespace {

using ::sisker::testing::IsOk;
using ::sisker::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;
using Kind = RedisReply::Kind;

// Keys of one test: nothing collides with other tests on the run's Redis.
std::string Prefix() { return "rc:" + NewResourceId() + ":"; }

// Generous timeouts: the machine is shared and slow, and these tests are not
// about timeouts.
RedisOptions Options(const std::string& address) {
  RedisOptions options;
  options.address = address;
  options.connect_timeout = absl::Seconds(2);
  options.command_timeout = absl::Seconds(5);
  return options;
}

std::string Cause(const absl::Status& status) {
  auto details = GetErrorDetails(status);
  if (!details.has_value()) return "";
  auto it = details->metadata.find("cause");
  return it == details->metadata.end() ? "" : it->second;
}

// `cmdstat_<command>:calls=N` from INFO commandstats (0 when never called).
int64_t Calls(RedisClient& client, const std::string& command) {
  auto info = client.Command({"INFO", "commandstats"});
  if (!info.ok() || !info->is_string()) return -1;
  std::string prefix = "cmdstat_" + command + ":calls=";
  for (absl::string_view line : absl::StrSplit(info->str, "\r\n")) {
    if (!absl::ConsumePrefix(&line, prefix)) continue;
    int64_t calls = 0;
    return absl::SimpleAtoi(line.substr(0, line.find(',')), &calls) ? calls
                                                                    : -1;
  }
  return 0;
}

TEST(RedisClient, RoundTripsBinaryValuesWithEmbeddedNul) {
  auto address = sisker::testing::TestRedisAddress();
  ASSERT_THAT(address, IsOk());  // missing: a failure, not a skip
  RedisClient client(Options(*address));
  std::string key = Prefix() + std::string("k\0ey", 4);
  std::string value("a\0b\xff\r\nc", 7);
  auto set = client.Command({"SET", key, value});
  ASSERT_THAT(set, IsOk());
  EXPECT_TRUE(set->is_status());
  EXPECT_EQ(set->str, "OK");
  auto get = client.Command({"GET", key});
  ASSERT_THAT(get, IsOk());
  EXPECT_TRUE(get->is_string());
  EXPECT_EQ(get->str, value);
  EXPECT_EQ(get->str.size(), 7u);
}

TEST(RedisClient, ReturnsIntegerArrayAndNilReplies) {
  auto address = sisker::testing::TestRedisAddress();
  ASSERT_THAT(address, IsOk());  // missing: a failure, not a skip
  RedisClient client(Options(*address));
  std::string prefix = Prefix();
  auto incr = client.Command({"INCRBY", prefix + "n", "41"});
  ASSERT_THAT(incr, IsOk());
  EXPECT_EQ(incr->kind, Kind::kInteger);
  EXPECT_EQ(incr->integer, 41);
  ASSERT_THAT(client.Command({"RPUSH", prefix + "l", "a", "", "c"}), IsOk());
  auto range = client.Command({"LRANGE", prefix + "l", "0", "-1"});
  ASSERT_THAT(range, IsOk());
  ASSERT_TRUE(range->is_array());
  std::vector<std::string> items;
  for (const RedisReply& e : range->elements) {
    EXPECT_TRUE(e.is_string());
    items.push_back(e.str);
  }
  EXPECT_THAT(items, ElementsAre("a", "", "c"));
  auto missing = client.Command({"GET", prefix + "missing"});
  ASSERT_THAT(missing, IsOk());
  EXPECT_TRUE(missing->is_nil());
  auto empty = client.Command({"LRANGE", prefix + "missing", "0", "-1"});
  ASSERT_THAT(empty, IsOk());
  EXPECT_TRUE(empty->is_array());
  EXPECT_TRUE(empty->elements.empty());
}

TEST(RedisClient, ReturnsAnErrorReplyAsAValueAndKeepsTheConnection) {
  auto address = sisker::testing::TestRedisAddress();
  ASSERT_THAT(address, IsOk());  // missing: a failure, not a skip
  RedisOptions options = Options(*address);
  options.pool_size = 1;  // the GET below runs on the same connection
  RedisClient client(options);
  std::string key = Prefix() + "text";
  ASSERT_THAT(client.Command({"SET", key, "abc"}), IsOk());
  auto incr = client.Command({"INCR", key});
  ASSERT_THAT(incr, IsOk());
  EXPECT_TRUE(incr->is_error());
  EXPECT_THAT(incr->str, StartsWith("ERR"));
  auto get = client.Command({"GET", key});
  ASSERT_THAT(get, IsOk());
  EXPECT_EQ(get->str, "abc");
}

TEST(RedisClient, PipelineAnswersEveryCommandInOrder) {
  auto address = sisker::testing::TestRedisAddress();
  ASSERT_THAT(address, IsOk());  // missing: a failure, not a skip
  RedisClient client(Options(*address));
  std::string prefix = Prefix();
  auto replies = client.Pipeline({{"SET", prefix + "a", "1"},
                                  {"INCR", prefix + "a"},
                                  {"SET", prefix + "s", "x"},
                                  {"INCR", prefix + "s"},
                                  {"MGET", prefix + "a", prefix + "none"}});
  ASSERT_THAT(replies, IsOk());
  ASSERT_EQ(replies->size(), 5u);
  EXPECT_EQ((*replies)[0].str, "OK");
  EXPECT_EQ((*replies)[1].integer, 2);
  EXPECT_EQ((*replies)[2].str, "OK");
  EXPECT_TRUE((*replies)[3].is_error());  // an error in the middle
  ASSERT_TRUE((*replies)[4].is_array());
  ASSERT_EQ((*replies)[4].elements.size(), 2u);
  EXPECT_EQ((*replies)[4].elements[0].str, "2");
  EXPECT_TRUE((*replies)[4].elements[1].is_nil());
  auto none = client.Pipeline({});
  ASSERT_THAT(none, IsOk());
  EXPECT_TRUE(none->empty());
}

// On a private Redis: SCRIPT FLUSH and INFO commandstats must not be
// shared with other tests.
TEST(RedisClient, EvalLoadsAScriptOnceAndReloadsItAfterAScriptFlush) {
  sisker::testing::PrivateRedis redis;
  ASSERT_TRUE(redis.ok());
  RedisClient client(Options(redis.address()));
  const std::string script = "return redis.call('INCRBY', KEYS[1], ARGV[1])";
  auto first = client.Eval(script, {"n"}, {"5"});
  ASSERT_THAT(first, IsOk());
  EXPECT_EQ(first->integer, 5);
  EXPECT_EQ(Calls(client, "eval"), 1);  // NOSCRIPT, then EVAL
  int64_t evalsha = Calls(client, "evalsha");

  auto second = client.Eval(script, {"n"}, {"5"});
  ASSERT_THAT(second, IsOk());
  EXPECT_EQ(second->integer, 10);
  EXPECT_EQ(Calls(client, "eval"), 1);  // no EVAL: EVALSHA ran it
  EXPECT_EQ(Calls(client, "evalsha"), evalsha + 1);

  ASSERT_THAT(client.Command({"SCRIPT", "FLUSH"}), IsOk());
  auto third = client.Eval(script, {"n"}, {"5"});
  ASSERT_THAT(third, IsOk());
  EXPECT_EQ(third->integer, 15);
  EXPECT_EQ(Calls(client, "eval"), 2);

  auto failing = client.Eval("return redis.error_reply('nope')", {}, {});
  ASSERT_THAT(failing, IsOk());
  EXPECT_TRUE(failing->is_error());
  EXPECT_THAT(failing->str, HasSubstr("nope"));  // Redis 7: "ERR nope"
}

TEST(RedisConnection, ABlockingReadGivesUpAtThePerCallTimeoutAndReconnects) {
  auto address = sisker::testing::TestRedisAddress();
  ASSERT_THAT(address, IsOk());  // missing: a failure, not a skip
  RedisClient client(Options(*address));
  std::unique_ptr<RedisConnection> conn = client.Dedicated();
  std::string stream = Prefix() + "stream";
  absl::Time start = absl::Now();
  auto blocked = conn->CommandWithTimeout(
      {"XREAD", "BLOCK", "2000", "STREAMS", stream, "$"},
      absl::Milliseconds(200));
  absl::Duration took = absl::Now() - start;
  EXPECT_THAT(blocked, StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_EQ(Cause(blocked.status()), "timeout");
  EXPECT_GE(took, absl::Milliseconds(150));
  EXPECT_LT(took, absl::Milliseconds(1500));  // the server would wait 2 s
  EXPECT_FALSE(conn->connected());  // a late reply cannot answer a command
  auto ping = conn->Command({"PING"});
  ASSERT_THAT(ping, IsOk());
  EXPECT_EQ(ping->str, "PONG");
}

TEST(RedisConnection, APerCallTimeoutOutlastsTheCommandTimeoutForOneCall) {
  auto address = sisker::testing::TestRedisAddress();
  ASSERT_THAT(address, IsOk());  // missing: a failure, not a skip
  RedisOptions options = Options(*address);
  options.command_timeout = absl::Milliseconds(100);
  RedisConnection conn(options);
  std::vector<std::string> xread = {
      "XREAD", "BLOCK", "400", "STREAMS", Prefix() + "stream", "$"};
  auto waited = conn.CommandWithTimeout(xread, absl::Seconds(5));
  ASSERT_THAT(waited, IsOk());
  EXPECT_TRUE(waited->is_nil());  // the block ran out: no entries
  // The command timeout applies again to the next call.
  EXPECT_THAT(conn.Command(xread), StatusIs(absl::StatusCode::kUnavailable));
}

// A listener that never accepts, with its accept queue full: the kernel
// drops further SYNs, so a connect to it hangs until its timeout.
class Blackhole {
 public:
  Blackhole() {
    listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof(addr);
    if (::bind(listener_, reinterpret_cast<sockaddr*>(&addr), len) != 0 ||
        ::listen(listener_, 0) != 0 ||
        ::getsockname(listener_, reinterpret_cast<sockaddr*>(&addr), &len) !=
            0) {
      return;
    }
    port_ = ntohs(addr.sin_port);
    for (int i = 0; i < 3; ++i) {  // backlog 0 queues one; the rest hang
      int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
      (void)::connect(fd, reinterpret_cast<sockaddr*>(&addr), len);
      fillers_.push_back(fd);
    }
  }
  ~Blackhole() {
    for (int fd : fillers_) ::close(fd);
    ::close(listener_);
  }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
  int port() const { return port_; }

 private:
  int listener_ = -1;
  int port_ = 0;
  std::vector<int> fillers_;
};

TEST(RedisClient, SkipsConnectAttemptsDuringTheReconnectBackoff) {
  Blackhole blackhole;
  ASSERT_NE(blackhole.port(), 0);
  RedisOptions options;
  options.address = blackhole.address();
  options.connect_timeout = absl::Seconds(1);
  options.reconnect_backoff = absl::Seconds(30);
  RedisClient client(options);

  absl::Time start = absl::Now();
  auto first = client.Command({"PING"});
  absl::Duration first_took = absl::Now() - start;
  EXPECT_THAT(first, StatusIs(absl::StatusCode::kUnavailable,
                              "DEPENDENCY_UNAVAILABLE"));
  EXPECT_EQ(Cause(first.status()), "connect");
  EXPECT_GE(first_took, absl::Milliseconds(900));  // it paid the timeout

  // Within the backoff neither the pool nor a dedicated connection waits.
  start = absl::Now();
  EXPECT_THAT(client.Command({"PING"}),
              StatusIs(absl::StatusCode::kUnavailable));
  auto dedicated = client.Dedicated()->Command({"PING"});
  absl::Duration then_took = absl::Now() - start;
  EXPECT_EQ(Cause(dedicated.status()), "backoff");
  EXPECT_LT(then_took, absl::Milliseconds(500));  // two connects: >= 2 s
}

TEST(RedisClient, FailsWithUnavailableWhileRedisIsDownAndRecoversAfter) {
  sisker::testing::PrivateRedis redis;
  ASSERT_TRUE(redis.ok());
  RedisOptions options = Options(redis.address());
  options.connect_timeout = absl::Seconds(1);
  options.reconnect_backoff = absl::Milliseconds(300);
  RedisClient client(options);
  ASSERT_THAT(client.Command({"SET", "k", "1"}), IsOk());

  // A restart between two calls: the closed pooled connection is noticed
  // before it is used, so the next call just works.
  ASSERT_TRUE(redis.Stop());
  ASSERT_TRUE(redis.Start());
  EXPECT_THAT(client.Command({"SET", "k", "2"}), IsOk());

  ASSERT_TRUE(redis.Stop());
  EXPECT_THAT(client.Command({"GET", "k"}),
              StatusIs(absl::StatusCode::kUnavailable));
  absl::Time start = absl::Now();
  EXPECT_THAT(client.Ping(), StatusIs(absl::StatusCode::kUnavailable));
  // In the backoff: no connect at all (a refused one is fast too; the
  // Blackhole test above is the one that proves the backoff).
  EXPECT_LT(absl::Now() - start, absl::Milliseconds(500));

  ASSERT_TRUE(redis.Start());
  absl::Time deadline = absl::Now() + absl::Seconds(10);
  absl::Status ping = client.Ping();
  while (!ping.ok() && absl::Now() < deadline) {  // until the backoff ends
    absl::SleepFor(absl::Milliseconds(20));
    ping = client.Ping();
  }
  EXPECT_THAT(ping, IsOk());
  ASSERT_THAT(client.Command({"SET", "k", "3"}), IsOk());
  auto get = client.Command({"GET", "k"});
  ASSERT_THAT(get, IsOk());
  EXPECT_EQ(get->str, "3");
}

TEST(RedisClient, CanBeCreatedWhileRedisIsDownAndConnectsOnceItIsUp) {
  sisker::testing::PrivateRedis redis;
  ASSERT_TRUE(redis.ok());
  ASSERT_TRUE(redis.Stop());
  RedisOptions options = Options(redis.address());
  options.reconnect_backoff = absl::Milliseconds(100);
  RedisClient client(options);
  EXPECT_THAT(client.Ping(), StatusIs(absl::StatusCode::kUnavailable));
  ASSERT_TRUE(redis.Start());
  absl::Time deadline = absl::Now() + absl::Seconds(10);
  absl::Status ping = client.Ping();
  while (!ping.ok() && absl::Now() < deadline) {
    absl::SleepFor(absl::Milliseconds(20));
    ping = client.Ping();
  }
  EXPECT_THAT(ping, IsOk());
}

TEST(RedisClient, ServesEightThreadsFromItsPoolWithoutLosingAnIncrement) {
  auto address = sisker::testing::TestRedisAddress();
  ASSERT_THAT(address, IsOk());  // missing: a failure, not a skip
  RedisOptions options = Options(*address);
  options.pool_size = 3;  // fewer connections than threads: they wait
  RedisClient client(options);
  std::string key = Prefix() + "counter";
  constexpr int kThreads = 8;
  constexpr int kPerThread = 125;
  std::vector<std::vector<long long>> seen(kThreads);  // NOLINT
  std::vector<int> failures(kThreads, 0);
  std::vector<std::thread> threads;
  threads.reserve(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        auto reply = client.Command({"INCR", key});
        if (reply.ok() && reply->is_integer()) {
          seen[t].push_back(reply->integer);
        } else {
          ++failures[t];
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(std::accumulate(failures.begin(), failures.end(), 0), 0);
  auto counter = client.Command({"GET", key});
  ASSERT_THAT(counter, IsOk());
  EXPECT_EQ(counter->str, "1000");
  // Each reply belongs to its own caller: every value 1..1000 exactly once.
  std::vector<long long> all;  // NOLINT(google-runtime-int)
  for (const auto& values : seen) {
    all.insert(all.end(), values.begin(), values.end());
  }
  std::sort(all.begin(), all.end());
  std::vector<long long> expected(kThreads * kPerThread);  // NOLINT
  std::iota(expected.begin(), expected.end(), 1);
  EXPECT_EQ(all, expected);
}

TEST(PrivateRedis, StopsAndStartsAgainOnTheSamePort) {
  sisker::testing::PrivateRedis redis;
  ASSERT_TRUE(redis.ok());
  std::string address = redis.address();
  EXPECT_THAT(sisker::testing::PingRedis(address), IsOk());
  ASSERT_TRUE(redis.Stop());
  EXPECT_THAT(sisker::testing::PingRedis(address),
              StatusIs(absl::StatusCode::kUnavailable));
  ASSERT_TRUE(redis.Start());
  EXPECT_EQ(redis.address(), address);
  EXPECT_THAT(sisker::testing::PingRedis(address), IsOk());
}

}  // namespace
}  // namespace sisker::common
