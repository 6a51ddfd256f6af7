// Tests of HttpListener, spoken to over plain POSIX sockets: routing, status
// codes, keep-alive, limits, and stopping with connections open.
#include "common/http_listener.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace sisker::common {
namespace {

struct Reply {
  int status = 0;
  std::string headers;  // Status line and header lines, lower-cased.
  std::string body;
};

// A blocking client socket with a 5 s receive timeout, so no test can hang.
class Client {
 public:
  explicit Client(int port) : fd_(socket(AF_INET, SOCK_STREAM, 0)) {
    timeval timeout{5, 0};
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
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

  // Reads one response framed by Content-Length; nullopt on EOF or timeout.
  std::optional<Reply> Read() {
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
    if (at != std::string::npos) {
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

}  // namespace
}  // namespace sisker::common
