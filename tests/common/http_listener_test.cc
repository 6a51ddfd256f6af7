// Tests of HttpServer and HttpListener, spoken to over plain POSIX sockets:
// request and response passing, routing, status codes, keep-alive,
// pipelining, limits, parallel handlers, and stopping with connections open.
#include "common/http_listener.h"

#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"

namespace sisker::common {
namespace {

struct Reply {
  int status = 0;
  std::string headers;  // Status line and header lines, lower-cased.
  std::string body;
};

// A blocking client socket with 5 s send and receive timeouts, so no test
// can hang.
class Client {
 public:
  explicit Client(int port) : fd_(socket(AF_INET, SOCK_STREAM, 0)) {
    timeval timeout{5, 0};
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
    setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof(timeout));
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ =
        connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
  }
  ~Client() { close(fd_); }
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  bool connected() const { return connected_; }

  bool Send(std::string_view data) {
    while (!data.empty()) {
      const ssize_t n = send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      data.remove_prefix(static_cast<size_t>(n));
    }
    return true;
  }

  // Reads one response framed by Content-Length (no body when `head`, the
  // answer to a HEAD request); nullopt on EOF or timeout.
  std::optional<Reply> Read(bool head = false) {
    size_t header_end;
    while ((header_end = buffer_.find("\r\n\r\n")) == std::string::npos) {
      if (!Fill()) return std::nullopt;
    }
    Reply reply;
    reply.headers = buffer_.substr(0, header_end + 2);
    std::transform(reply.headers.begin(), reply.headers.end(),
                   reply.headers.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    // "http/1.1 200 ok"
    reply.status = std::stoi(reply.headers.substr(9, 3));
    size_t length = 0;
    const size_t at = reply.headers.find("\r\ncontent-length:");
    if (at != std::string::npos && !head) {
      length = std::stoul(reply.headers.substr(at + 17));
    }
    const size_t body_start = header_end + 4;
    while (buffer_.size() < body_start + length) {
      if (!Fill()) return std::nullopt;
    }
    reply.body = buffer_.substr(body_start, length);
    buffer_.erase(0, body_start + length);
    return reply;
  }

  // True when the server closed the connection (recv returns 0 or a reset).
  bool SeesClose() {
    char c;
    const ssize_t n = recv(fd_, &c, 1, 0);
    return n == 0 || (n < 0 && errno == ECONNRESET);
  }

 private:
  bool Fill() {
    char chunk[4096];
    const ssize_t n = recv(fd_, chunk, sizeof(chunk), 0);
    if (n <= 0) return false;
    buffer_.append(chunk, static_cast<size_t>(n));
    return true;
  }

  int fd_;
  bool connected_ = false;
  std::string buffer_;
};

std::string Get(std::string_view target, bool keep_alive = true) {
  return "GET " + std::string(target) + " HTTP/1.1\r\nHost: localhost\r\n" +
         (keep_alive ? "" : "Connection: close\r\n") + "\r\n";
}

// Opens a connection, sends `request`, and reads one reply.
std::optional<Reply> Exchange(int port, std::string_view request) {
  Client client(port);
  if (!client.connected() || !client.Send(request)) return std::nullopt;
  return client.Read();
}

class HttpListenerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    listener_.Handle("/metrics", [](const std::string& target) {
      return HttpResponse{200, "text/plain; version=0.0.4", "up 1\n"};
    });
    listener_.Handle("/echo", [](const std::string& target) {
      return HttpResponse{.body = target};
    });
    listener_.Handle("/healthz", [](const std::string&) {
      return HttpResponse{.status = 503, .body = "not serving\n"};
    });
    listener_.Handle("/throws",
                     [](const std::string&) -> HttpResponse { throw 42; });
    absl::StatusOr<int> port = listener_.Start("127.0.0.1", 0);
    ASSERT_TRUE(port.ok()) << port.status();
    port_ = *port;
  }

  HttpListener listener_;
  int port_ = 0;
};

TEST_F(HttpListenerTest, ServesARegisteredPathOnAFreePort) {
  EXPECT_GT(port_, 0);
  std::optional<Reply> reply = Exchange(port_, Get("/metrics", false));
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->status, 200);
  EXPECT_EQ(reply->body, "up 1\n");
  EXPECT_NE(reply->headers.find("content-type: text/plain; version=0.0.4"),
            std::string::npos);
}

TEST_F(HttpListenerTest, MatchesThePathWithoutQueryAndPassesTheFullTarget) {
  std::optional<Reply> reply = Exchange(port_, Get("/echo?a=1&b=2"));
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->status, 200);
  EXPECT_EQ(reply->body, "/echo?a=1&b=2");
}

TEST_F(HttpListenerTest, ReturnsTheHandlersStatus) {
  std::optional<Reply> reply = Exchange(port_, Get("/healthz"));
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->status, 503);
  EXPECT_EQ(reply->body, "not serving\n");
}

TEST_F(HttpListenerTest, Returns404ForAnUnknownPath) {
  std::optional<Reply> reply = Exchange(port_, Get("/nope"));
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->status, 404);
}

TEST_F(HttpListenerTest, Returns405ForPost) {
  std::optional<Reply> reply = Exchange(
      port_,
      "POST /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc");
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->status, 405);
  EXPECT_NE(reply->headers.find("allow: get"), std::string::npos);
}

TEST_F(HttpListenerTest, Returns500WhenTheHandlerThrows) {
  std::optional<Reply> reply = Exchange(port_, Get("/throws"));
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->status, 500);
}

TEST_F(HttpListenerTest, Returns431ForHeadersOver8KiB) {
  const std::string request =
      "GET /metrics HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(9000, 'a') +
      "\r\n\r\n";
  Client client(port_);
  ASSERT_TRUE(client.connected());
  client.Send(request);  // The server may reset before taking it all.
  std::optional<Reply> reply = client.Read();
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->status, 431);
}

TEST_F(HttpListenerTest, Returns413ForABodyOver8KiB) {
  const std::string request =
      "POST /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 9000\r\n\r\n";
  Client client(port_);
  ASSERT_TRUE(client.connected());
  ASSERT_TRUE(client.Send(request));
  std::optional<Reply> reply = client.Read();
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->status, 413);
}

TEST_F(HttpListenerTest, ServesManyRequestsOnOneKeepAliveConnection) {
  Client client(port_);
  ASSERT_TRUE(client.connected());
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(client.Send(Get("/metrics")));
    std::optional<Reply> reply = client.Read();
    ASSERT_TRUE(reply.has_value()) << "request " << i;
    EXPECT_EQ(reply->body, "up 1\n");
  }
  // Pipelined: both requests in one write, both answered in order.
  ASSERT_TRUE(client.Send(Get("/echo?1") + Get("/echo?2")));
  std::optional<Reply> first = client.Read();
  std::optional<Reply> second = client.Read();
  ASSERT_TRUE(first.has_value() && second.has_value());
  EXPECT_EQ(first->body, "/echo?1");
  EXPECT_EQ(second->body, "/echo?2");
}

TEST_F(HttpListenerTest, ClosesTheConnectionWhenTheClientAsks) {
  Client client(port_);
  ASSERT_TRUE(client.Send(Get("/metrics", /*keep_alive=*/false)));
  ASSERT_TRUE(client.Read().has_value());
  EXPECT_TRUE(client.SeesClose());
}

TEST_F(HttpListenerTest, StopsPromptlyWithAKeepAliveConnectionOpen) {
  Client idle(port_);
  ASSERT_TRUE(idle.connected());
  Client used(port_);
  ASSERT_TRUE(used.Send(Get("/metrics")));
  ASSERT_TRUE(used.Read().has_value());

  const auto start = std::chrono::steady_clock::now();
  listener_.Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
  EXPECT_TRUE(used.SeesClose());
  EXPECT_TRUE(idle.SeesClose());
  listener_.Stop();  // Idempotent.
}

TEST_F(HttpListenerTest, RefusesConnectionsAfterStopAndCanStartAgain) {
  listener_.Stop();
  EXPECT_FALSE(Exchange(port_, Get("/metrics")).has_value());

  absl::StatusOr<int> port = listener_.Start("127.0.0.1", 0);
  ASSERT_TRUE(port.ok()) << port.status();
  std::optional<Reply> reply = Exchange(*port, Get("/metrics"));
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->status, 200);
}

TEST_F(HttpListenerTest, FailsToStartTwice) {
  EXPECT_EQ(listener_.Start("127.0.0.1", 0).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST_F(HttpListenerTest, ReturnsUnavailableWhenThePortIsTaken) {
  HttpListener other;
  absl::StatusOr<int> port = other.Start("127.0.0.1", port_);
  ASSERT_FALSE(port.ok());
  EXPECT_EQ(port.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_NE(port.status().message().find("cannot listen on 127.0.0.1:" +
                                         std::to_string(port_)),
            std::string::npos)
      << port.status();
}

TEST(HttpListenerStartTest, ReturnsUnavailableForAnUnresolvableHost) {
  HttpListener listener;
  EXPECT_EQ(listener.Start("no-such-host.invalid", 0).status().code(),
            absl::StatusCode::kUnavailable);
}

TEST(HttpListenerStartTest, StopsOnDestructionWithoutStart) {
  HttpListener listener;
  listener.Stop();
}

// ---- HttpServer ----

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::Pair;
using ::testing::StartsWith;

std::string JsonError(int status, const std::string& message) {
  return "{\"code\":" + std::to_string(status) + ",\"message\":\"" + message +
         "\"}";
}

// Options whose error responses are JSON, so a test can tell them apart
// from the default.
HttpServerOptions JsonErrorOptions() {
  HttpServerOptions options;
  options.error_response = [](int status, const std::string& message) {
    HttpResponse res;
    res.status = status;
    res.content_type = "application/json";
    res.body = JsonError(status, message);
    return res;
  };
  return options;
}

HttpResponse Text(std::string body) {
  HttpResponse res;
  res.body = std::move(body);
  return res;
}

TEST(HttpRequestTest, HeaderFindsTheFirstValueByLowerCaseName) {
  HttpRequest request;
  request.headers = {{"accept", "a"}, {"x-id", "1"}, {"x-id", "2"}};
  ASSERT_NE(request.Header("x-id"), nullptr);
  EXPECT_EQ(*request.Header("x-id"), "1");
  EXPECT_EQ(request.Header("X-Id"), nullptr);
  EXPECT_EQ(request.Header("cookie"), nullptr);
}

// Runs an HttpServer on a free port. The state handlers share is declared
// before the server, so the server stops before that state goes.
class HttpServerTest : public ::testing::Test {
 protected:
  void Start(HttpServerOptions options, HttpRequestHandler handler) {
    server_.emplace(std::move(options), std::move(handler));
    absl::StatusOr<int> port = server_->Start("127.0.0.1", 0);
    ASSERT_TRUE(port.ok()) << port.status();
    port_ = *port;
  }

  // A handler that records every request and answers with its path.
  HttpRequestHandler Recorder() {
    return [this](const HttpRequest& request) {
      absl::MutexLock lock(&mu_);
      requests_.push_back(request);
      return Text(request.path);
    };
  }

  std::vector<HttpRequest> Requests() {
    absl::MutexLock lock(&mu_);
    return requests_;
  }

  absl::Mutex mu_;
  std::vector<HttpRequest> requests_ ABSL_GUARDED_BY(mu_);
  int arrived_ ABSL_GUARDED_BY(mu_) = 0;
  std::optional<HttpServer> server_;
  int port_ = 0;
};

TEST_F(HttpServerTest, PassesMethodPathQueryHeadersAndBodyToTheHandler) {
  ASSERT_NO_FATAL_FAILURE(Start(JsonErrorOptions(), Recorder()));
  const std::string body = R"({"subject":"Undangan","pages":2})";
  std::optional<Reply> reply =
      Exchange(port_,
               "POST /v1/letters%2Fx?view=FULL&q=a%20b HTTP/1.1\r\n"
               "Host: localhost\r\nX-Request-ID: Abc-1\r\n"
               "Content-Type: application/json\r\nContent-Length: " +
                   std::to_string(body.size()) + "\r\n\r\n" + body);
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->status, 200);

  std::vector<HttpRequest> requests = Requests();
  ASSERT_EQ(requests.size(), 1u);
  const HttpRequest& request = requests[0];
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.target, "/v1/letters%2Fx?view=FULL&q=a%20b");
  EXPECT_EQ(request.path, "/v1/letters%2Fx");
  EXPECT_EQ(request.query, "view=FULL&q=a%20b");
  EXPECT_THAT(
      request.headers,
      ElementsAre(Pair("host", "localhost"), Pair("x-request-id", "Abc-1"),
                  Pair("content-type", "application/json"),
                  Pair("content-length", std::to_string(body.size()))));
  EXPECT_EQ(request.body, body);
  EXPECT_THAT(request.remote_address, StartsWith("127.0.0.1:"));
  EXPECT_GT(request.remote_address.size(), std::string("127.0.0.1:").size());
}

TEST_F(HttpServerTest, SendsTheResponsesStatusContentTypeAndExtraHeaders) {
  ASSERT_NO_FATAL_FAILURE(Start({}, [](const HttpRequest&) {
    HttpResponse res;
    res.status = 401;
    res.content_type = "application/json";
    res.body = "{}";
    res.headers = {{"WWW-Authenticate", "Bearer realm=\"sisker\""},
                   {"Cache-Control", "no-store"},
                   {"Content-Length", "999"}};  // Ignored: framing is ours.
    return res;
  }));
  std::optional<Reply> reply = Exchange(port_, Get("/v1/me"));
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->status, 401);
  EXPECT_EQ(reply->body, "{}");
  EXPECT_THAT(reply->headers,
              HasSubstr("\r\nwww-authenticate: bearer realm=\"sisker\"\r\n"));
  EXPECT_THAT(reply->headers, HasSubstr("\r\ncache-control: no-store\r\n"));
  EXPECT_THAT(reply->headers,
              HasSubstr("\r\ncontent-type: application/json\r\n"));
  EXPECT_THAT(reply->headers, HasSubstr("\r\ncontent-length: 2\r\n"));
  EXPECT_THAT(reply->headers, HasSubstr("\r\nserver: sisker\r\n"));
}

TEST_F(HttpServerTest, AnswersHeadWithTheLengthButWithoutTheBody) {
  ASSERT_NO_FATAL_FAILURE(Start({}, [](const HttpRequest& request) {
    return Text(request.method == "HEAD" ? "hello" : "get");
  }));
  Client client(port_);
  // Pipelined: a body after the HEAD response would be read as the start of
  // the second response.
  ASSERT_TRUE(client.Send("HEAD /x HTTP/1.1\r\nHost: h\r\n\r\n" + Get("/y")));
  std::optional<Reply> head = client.Read(/*head=*/true);
  ASSERT_TRUE(head.has_value());
  EXPECT_EQ(head->status, 200);
  EXPECT_THAT(head->headers, HasSubstr("\r\ncontent-length: 5\r\n"));
  std::optional<Reply> get = client.Read();
  ASSERT_TRUE(get.has_value());
  EXPECT_THAT(get->headers, StartsWith("http/1.1 200 "));
  EXPECT_EQ(get->body, "get");
}

TEST_F(HttpServerTest, Returns413FromErrorResponseForABodyOverTheLimit) {
  HttpServerOptions options = JsonErrorOptions();
  options.body_limit = 16;
  ASSERT_NO_FATAL_FAILURE(Start(std::move(options), Recorder()));

  Client client(port_);
  ASSERT_TRUE(client.Send(
      "POST /v1/x HTTP/1.1\r\nHost: h\r\nContent-Length: 17\r\n\r\n" +
      std::string(17, 'a')));
  std::optional<Reply> reply = client.Read();
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->status, 413);
  EXPECT_EQ(reply->body, JsonError(413, "request body too large"));
  EXPECT_THAT(reply->headers,
              HasSubstr("\r\ncontent-type: application/json\r\n"));
  EXPECT_TRUE(client.SeesClose());

  // A chunked body is held to the same limit.
  Client chunked(port_);
  ASSERT_TRUE(chunked.Send(
      "POST /v1/x HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
      "11\r\n" +
      std::string(17, 'a') + "\r\n0\r\n\r\n"));
  reply = chunked.Read();
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->status, 413);

  // At the limit it passes.
  reply = Exchange(
      port_, "POST /v1/ok HTTP/1.1\r\nHost: h\r\nContent-Length: 16\r\n\r\n" +
                 std::string(16, 'a'));
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->status, 200);
  std::vector<HttpRequest> requests = Requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].path, "/v1/ok");
}

TEST_F(HttpServerTest, Delivers413WhileTheClientIsStillSendingTheBody) {
  HttpServerOptions options = JsonErrorOptions();
  options.body_limit = 16;
  ASSERT_NO_FATAL_FAILURE(Start(std::move(options), Recorder()));
  Client client(port_);
  ASSERT_TRUE(client.Send(
      "POST /x HTTP/1.1\r\nHost: h\r\nContent-Length: 4000000\r\n\r\n"));
  // Rejected on its Content-Length; the server must not reset the
  // connection (losing the 413) while the body is still arriving.
  client.Send(std::string(4000000, 'a'));
  std::optional<Reply> reply = client.Read();
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->status, 413);
}

TEST_F(HttpServerTest, Returns431FromErrorResponseForHeadersOverTheLimit) {
  HttpServerOptions options = JsonErrorOptions();
  options.header_limit = 1024;
  ASSERT_NO_FATAL_FAILURE(Start(std::move(options), Recorder()));
  Client client(port_);
  client.Send("GET /x HTTP/1.1\r\nHost: h\r\nX-Big: " + std::string(2000, 'a') +
              "\r\n\r\n");
  std::optional<Reply> reply = client.Read();
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->status, 431);
  EXPECT_EQ(reply->body, JsonError(431, "request header too large"));
  EXPECT_TRUE(Requests().empty());
}

TEST_F(HttpServerTest, Returns400FromErrorResponseForAnUnparsableRequest) {
  ASSERT_NO_FATAL_FAILURE(Start(JsonErrorOptions(), Recorder()));
  std::optional<Reply> reply =
      Exchange(port_, "GET /x HTTP/1.1\r\nNo colon here\r\n\r\n");
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->status, 400);
  EXPECT_EQ(reply->body, JsonError(400, "bad request"));
}

TEST_F(HttpServerTest, UsesThePlainTextDefaultWithoutErrorResponse) {
  HttpServerOptions options;
  options.body_limit = 1;
  ASSERT_NO_FATAL_FAILURE(Start(std::move(options), Recorder()));
  std::optional<Reply> reply = Exchange(
      port_, "POST /x HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\nab");
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->status, 413);
  EXPECT_EQ(reply->body, "request body too large\n");
  EXPECT_THAT(reply->headers, HasSubstr("content-type: text/plain"));
}

TEST_F(HttpServerTest, ServesTwoRequestsOnOneKeepAliveConnection) {
  ASSERT_NO_FATAL_FAILURE(Start({}, Recorder()));
  Client client(port_);
  ASSERT_TRUE(client.Send(Get("/first")));
  std::optional<Reply> first = client.Read();
  ASSERT_TRUE(client.Send(Get("/second")));
  std::optional<Reply> second = client.Read();
  ASSERT_TRUE(first.has_value() && second.has_value());
  EXPECT_EQ(first->body, "/first");
  EXPECT_EQ(second->body, "/second");
  std::vector<HttpRequest> requests = Requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].remote_address, requests[1].remote_address);
}

TEST_F(HttpServerTest, HonoursHttp10KeepAliveAndCloses10WithoutIt) {
  ASSERT_NO_FATAL_FAILURE(Start({}, Recorder()));
  Client client(port_);
  for (int i = 0; i < 2; ++i) {
    ASSERT_TRUE(
        client.Send("GET /old HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"));
    std::optional<Reply> reply = client.Read();
    ASSERT_TRUE(reply.has_value()) << "request " << i;
    EXPECT_THAT(reply->headers, StartsWith("http/1.0 200 "));
    EXPECT_THAT(reply->headers, HasSubstr("\r\nconnection: keep-alive\r\n"));
  }
  ASSERT_TRUE(client.Send("GET /old HTTP/1.0\r\n\r\n"));
  ASSERT_TRUE(client.Read().has_value());
  EXPECT_TRUE(client.SeesClose());
}

TEST_F(HttpServerTest, AnswersPipelinedRequestsInOrder) {
  HttpServerOptions options;
  options.threads = 4;
  ASSERT_NO_FATAL_FAILURE(Start(std::move(options), Recorder()));
  Client client(port_);
  std::string requests;
  for (int i = 0; i < 8; ++i) requests += Get("/" + std::to_string(i));
  ASSERT_TRUE(client.Send(requests));
  for (int i = 0; i < 8; ++i) {
    std::optional<Reply> reply = client.Read();
    ASSERT_TRUE(reply.has_value()) << "response " << i;
    EXPECT_EQ(reply->body, "/" + std::to_string(i));
  }
}

TEST_F(HttpServerTest, RunsHandlersOfDifferentConnectionsInParallel) {
  constexpr int kClients = 4;
  HttpServerOptions options;
  options.threads = kClients;
  // Each handler waits until all four are in; one at a time, the first
  // would time out and answer 504.
  ASSERT_NO_FATAL_FAILURE(Start(std::move(options), [this](const HttpRequest&) {
    absl::MutexLock lock(&mu_);
    ++arrived_;
    const bool all = mu_.AwaitWithTimeout(
        absl::Condition(
            +[](int* arrived) { return *arrived >= kClients; }, &arrived_),
        absl::Seconds(3));
    HttpResponse res;
    res.status = all ? 200 : 504;
    return res;
  }));
  std::vector<int> statuses(kClients, 0);
  std::vector<std::thread> clients;
  for (int i = 0; i < kClients; ++i) {
    clients.emplace_back([this, i, &statuses] {
      std::optional<Reply> reply = Exchange(port_, Get("/wait"));
      statuses[i] = reply.has_value() ? reply->status : -1;
    });
  }
  for (std::thread& client : clients) client.join();
  EXPECT_THAT(statuses, ElementsAre(200, 200, 200, 200));
}

TEST_F(HttpServerTest, Returns500FromErrorResponseWhenTheHandlerThrows) {
  ASSERT_NO_FATAL_FAILURE(
      Start(JsonErrorOptions(), [](const HttpRequest&) -> HttpResponse {
        throw std::runtime_error("boom");
      }));
  Client client(port_);
  for (int i = 0; i < 2; ++i) {  // The connection survives it.
    ASSERT_TRUE(client.Send(Get("/x")));
    std::optional<Reply> reply = client.Read();
    ASSERT_TRUE(reply.has_value()) << "request " << i;
    EXPECT_EQ(reply->status, 500);
    EXPECT_EQ(reply->body, JsonError(500, "internal error"));
  }
}

TEST_F(HttpServerTest,
       Returns500ForABadStatusOrAHeaderThatWouldSplitTheResponse) {
  ASSERT_NO_FATAL_FAILURE(Start({}, [](const HttpRequest& request) {
    HttpResponse res;
    if (request.path == "/42") res.status = 42;
    if (request.path == "/600") res.status = 600;
    if (request.path == "/split") {
      res.headers = {{"X-Note", "a\r\nInjected: 1"}};
    }
    if (request.path == "/name") res.headers = {{"Bad Name", "x"}};
    return res;
  }));
  for (const char* path : {"/42", "/600", "/split", "/name"}) {
    std::optional<Reply> reply = Exchange(port_, Get(path));
    ASSERT_TRUE(reply.has_value()) << path;
    EXPECT_EQ(reply->status, 500) << path;
    EXPECT_THAT(reply->headers, Not(HasSubstr("injected"))) << path;
  }
  std::optional<Reply> reply = Exchange(port_, Get("/fine"));
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->status, 200);
}

TEST_F(HttpServerTest, SendsContinueBeforeReadingAnExpectedBody) {
  ASSERT_NO_FATAL_FAILURE(
      Start({}, [](const HttpRequest& request) { return Text(request.body); }));
  Client client(port_);
  ASSERT_TRUE(
      client.Send("PUT /x HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\n"
                  "Content-Length: 5\r\n\r\n"));
  std::optional<Reply> interim = client.Read();
  ASSERT_TRUE(interim.has_value());
  EXPECT_EQ(interim->status, 100);
  ASSERT_TRUE(client.Send("hello"));
  std::optional<Reply> reply = client.Read();
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->status, 200);
  EXPECT_EQ(reply->body, "hello");
}

TEST_F(HttpServerTest, ClosesAConnectionIdleForTheTimeout) {
  HttpServerOptions options;
  options.idle_timeout = absl::Milliseconds(100);
  ASSERT_NO_FATAL_FAILURE(Start(std::move(options), Recorder()));
  Client client(port_);
  ASSERT_TRUE(client.Send(Get("/x")));
  ASSERT_TRUE(client.Read().has_value());
  const auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(client.SeesClose());
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3));
}

TEST_F(HttpServerTest, StopClosesIdleKeepAliveConnectionsPromptly) {
  HttpServerOptions options;
  options.threads = 4;
  ASSERT_NO_FATAL_FAILURE(Start(std::move(options), Recorder()));
  Client idle(port_);
  ASSERT_TRUE(idle.connected());
  Client used(port_);
  ASSERT_TRUE(used.Send(Get("/x")));
  ASSERT_TRUE(used.Read().has_value());

  const auto start = std::chrono::steady_clock::now();
  server_->Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
  EXPECT_TRUE(used.SeesClose());
  EXPECT_TRUE(idle.SeesClose());
  EXPECT_FALSE(Exchange(port_, Get("/x")).has_value());
  server_->Stop();  // Idempotent.
}

TEST_F(HttpServerTest, StopFromAHandlerStopsServingWithoutDeadlock) {
  absl::Notification stopped;
  ASSERT_NO_FATAL_FAILURE(Start({}, [this, &stopped](const HttpRequest&) {
    server_->Stop();
    stopped.Notify();
    return Text("bye");
  }));
  Client client(port_);
  ASSERT_TRUE(client.Send(Get("/stop")));
  ASSERT_TRUE(stopped.WaitForNotificationWithTimeout(absl::Seconds(5)));
  server_->Stop();  // Joins the io thread.
  EXPECT_FALSE(Exchange(port_, Get("/x")).has_value());
  absl::StatusOr<int> port = server_->Start("127.0.0.1", 0);
  EXPECT_TRUE(port.ok()) << port.status();
}

TEST(HttpServerStartTest, RejectsZeroThreads) {
  HttpServerOptions options;
  options.threads = 0;
  HttpServer server(options, [](const HttpRequest&) { return HttpResponse{}; });
  EXPECT_EQ(server.Start("127.0.0.1", 0).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace sisker::common
