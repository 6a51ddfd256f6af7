// HttpServer: a Boost.Beast HTTP/1.1 server (async accept, one session per
// connection on its own strand, a pool of io threads); HttpListener: a GET
// router on top of it. The only Beast user in the tree.
#define BOOST_BEAST_USE_STD_STRING_VIEW

#include "common/http_listener.h"

#include <algorithm>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <exception>
#include <functional>
#include <map>
#include <memory>
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

namespace sisker::common {

const std::string* HttpRequest::Header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (key == name) return &value;
  }
  return nullptr;
}

namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

// Read-buffer room above the header limit, so a full header still fits.
constexpr size_t kBufferSlack = 64 * 1024;
constexpr auto kAcceptRetryDelay = std::chrono::milliseconds(100);
// How long a connection closed after a rejected request is drained.
constexpr auto kLingerTime = std::chrono::seconds(2);
constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";

// What every session of one server shares.
struct Config {
  HttpServerOptions options;
  HttpRequestHandler handler;
};

HttpResponse DefaultErrorResponse(int status, const std::string& message) {
  HttpResponse res;
  res.status = status;
  res.body = message + "\n";
  return res;
}

std::string ToLower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// An HTTP token (RFC 9110 5.6.2): a valid header name.
bool IsToken(std::string_view text) {
  constexpr std::string_view kSymbols = "!#$%&'*+-.^_`|~";
  if (text.empty()) return false;
  for (char c : text) {
    const bool alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
                       (c >= 'A' && c <= 'Z');
    if (!alnum && kSymbols.find(c) == std::string_view::npos) return false;
  }
  return true;
}

// A header value that cannot end the header line early.
bool IsFieldValue(std::string_view text) {
  return text.find_first_of(std::string_view("\r\n\0", 3)) ==
         std::string_view::npos;
}

std::string EndpointString(const tcp::endpoint& endpoint) {
  const net::ip::address address = endpoint.address();
  const std::string port = std::to_string(endpoint.port());
  if (address.is_v6()) return "[" + address.to_string() + "]:" + port;
  return address.to_string() + ":" + port;
}

// Moves the body out of `req`.
HttpRequest ToHttpRequest(Request& req, const std::string& remote_address) {
  HttpRequest out;
  out.method = std::string(req.method_string());
  out.target = std::string(req.target());
  const size_t question = out.target.find('?');
  out.path = out.target.substr(0, question);
  if (question != std::string::npos)
    out.query = out.target.substr(question + 1);
  for (const auto& field : req) {
    out.headers.emplace_back(ToLower(field.name_string()),
                             std::string(field.value()));
  }
  out.body = std::move(req.body());
  out.remote_address = remote_address;
  return out;
}

// The wire form of `out`, with Content-Length set. Throws
// std::invalid_argument when `out` cannot be sent as it is.
Response ToBeastResponse(HttpResponse out) {
  if (out.status < 200 || out.status > 599) {
    throw std::invalid_argument("status out of range");
  }
  Response res;
  res.result(static_cast<unsigned>(out.status));
  if (!out.content_type.empty()) {
    if (!IsFieldValue(out.content_type)) {
      throw std::invalid_argument("bad content type");
    }
    res.set(http::field::content_type, out.content_type);
  }
  for (const auto& [name, value] : out.headers) {
    if (!IsToken(name) || !IsFieldValue(value)) {
      throw std::invalid_argument("bad header");
    }
    const http::field field = http::string_to_field(name);
    if (field == http::field::content_length ||
        field == http::field::transfer_encoding ||
        field == http::field::connection) {
      continue;  // Framing is the server's.
    }
    res.insert(name, value);
  }
  res.body() = std::move(out.body);
  res.prepare_payload();  // Throws for a 204 or 304 with a body.
  if (res.result() == http::status::no_content ||
      res.result() == http::status::not_modified) {
    res.erase(http::field::content_length);  // RFC 9110 8.6.
  }
  return res;
}

// One connection: read a request, write its response, repeat while the
// client keeps the connection alive. Owned by its pending operation's
// handler; all of its work runs on its strand, so its handler calls never
// overlap and responses go out in request order.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, std::shared_ptr<const Config> config)
      : config_(std::move(config)),
        stream_(std::move(socket)),
        buffer_(config_->options.header_limit + kBufferSlack) {
    beast::error_code ec;
    // Pipelined responses go out without waiting on Nagle's algorithm.
    stream_.socket().set_option(tcp::no_delay(true), ec);
    const tcp::endpoint remote = stream_.socket().remote_endpoint(ec);
    if (!ec) remote_address_ = EndpointString(remote);
  }

  // Called from the acceptor: moves onto the session's strand first.
  void Start() {
    net::dispatch(
        stream_.get_executor(),
        beast::bind_front_handler(&Session::DoRead, shared_from_this()));
  }

 private:
  void DoRead() {
    parser_.emplace();
    parser_->header_limit(config_->options.header_limit);
    parser_->body_limit(config_->options.body_limit);
    stream_.expires_after(IdleTimeout());
    http::async_read_header(
        stream_, buffer_, *parser_,
        beast::bind_front_handler(&Session::OnHeader, shared_from_this()));
  }

  // Headers in (the body limit is checked against Content-Length already):
  // answer "Expect: 100-continue" before reading the body.
  void OnHeader(beast::error_code ec, size_t /*bytes*/) {
    if (ec) return OnReadError(ec);
    if (parser_->is_done()) return OnRead(ec, 0);
    const Request& req = parser_->get();
    const auto expect = req.find(http::field::expect);
    if (req.version() >= 11 && expect != req.end() &&
        beast::iequals(expect->value(), "100-continue")) {
      stream_.expires_after(IdleTimeout());
      net::async_write(stream_, net::buffer(kContinue.data(), kContinue.size()),
                       beast::bind_front_handler(&Session::OnContinueWritten,
                                                 shared_from_this()));
      return;
    }
    ReadBody();
  }

  void OnContinueWritten(beast::error_code ec, size_t /*bytes*/) {
    if (ec) return Close();
    ReadBody();
  }

  void ReadBody() {
    stream_.expires_after(IdleTimeout());
    http::async_read(
        stream_, buffer_, *parser_,
        beast::bind_front_handler(&Session::OnRead, shared_from_this()));
  }

  void OnRead(beast::error_code ec, size_t /*bytes*/) {
    if (ec) return OnReadError(ec);
    Request& req = parser_->get();
    const bool head = req.method() == http::verb::head;
    const unsigned version = req.version();
    const bool keep_alive = req.keep_alive();
    Response res = CallHandler(req);
    res.version(version);
    res.keep_alive(keep_alive);
    Write(std::move(res), head, /*linger=*/false);
  }

  void OnReadError(beast::error_code ec) {
    if (ec == http::error::end_of_stream) return Shutdown();
    if (ec == http::error::header_limit || ec == http::error::buffer_overflow) {
      return Reject(431, "request header too large");
    }
    if (ec == http::error::body_limit) {
      return Reject(413, "request body too large");
    }
    if (ec.category() ==
        http::make_error_code(http::error::bad_target).category()) {
      return Reject(400, "bad request");
    }
    Close();  // Timeout, reset, or the server stopping.
  }

  Response CallHandler(Request& req) {
    try {
      return ToBeastResponse(
          config_->handler(ToHttpRequest(req, remote_address_)));
    } catch (...) {
      return ErrorResponse(500, "internal error");
    }
  }

  Response ErrorResponse(int status, const std::string& message) {
    if (config_->options.error_response) {
      try {
        return ToBeastResponse(
            config_->options.error_response(status, message));
      } catch (...) {
        // Fall back to the default below.
      }
    }
    return ToBeastResponse(DefaultErrorResponse(status, message));
  }

  // Answers a request rejected before its handler and closes: the rest of
  // the stream cannot be trusted to frame the next request.
  void Reject(int status, const std::string& message) {
    Response res = ErrorResponse(status, message);
    res.version(11);
    res.keep_alive(false);
    Write(std::move(res), /*head=*/false, /*linger=*/true);
  }

  void Write(Response res, bool head, bool linger) {
    res_ = std::move(res);
    res_.set(http::field::server, "sisker");
    // Content-Length stays: the size a GET would have been answered with.
    if (head) res_.body().clear();
    linger_ = linger;
    stream_.expires_after(IdleTimeout());
    http::async_write(
        stream_, res_,
        beast::bind_front_handler(&Session::OnWrite, shared_from_this()));
  }

  void OnWrite(beast::error_code ec, size_t /*bytes*/) {
    if (ec) return Close();
    const bool keep_alive = res_.keep_alive();
    res_ = {};
    if (linger_) return Linger();
    if (!keep_alive) return Shutdown();
    DoRead();
  }

  // Graceful end: send FIN; the socket closes when the session is released.
  void Shutdown() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
  }

  // After a rejected request the client may still be sending. Closing with
  // unread data sends a reset, which can destroy the response before the
  // client reads it: so send FIN, then discard input until the client
  // closes or kLingerTime passes.
  void Linger() {
    Shutdown();
    stream_.expires_after(kLingerTime);
    Drain(beast::error_code(), 0);
  }

  void Drain(beast::error_code ec, size_t /*bytes*/) {
    if (ec) return Close();
    stream_.async_read_some(
        net::buffer(drain_),
        beast::bind_front_handler(&Session::Drain, shared_from_this()));
  }

  void Close() { stream_.close(); }

  std::chrono::nanoseconds IdleTimeout() const {
    // Capped: a steady_clock deadline must not overflow.
    return absl::ToChronoNanoseconds(
        std::min(config_->options.idle_timeout, absl::Hours(24 * 365)));
  }

  const std::shared_ptr<const Config> config_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  Response res_;
  bool linger_ = false;
  std::string remote_address_;
  char drain_[4096];
};

// Binds and listens on host:port; the bound port, or UNAVAILABLE.
absl::StatusOr<int> Listen(tcp::acceptor& acceptor, const std::string& host,
                           int port) {
  const std::string address = host + ":" + std::to_string(port);
  beast::error_code ec;
  tcp::resolver resolver(acceptor.get_executor());
  const auto endpoints = resolver.resolve(
      host, std::to_string(port),
      tcp::resolver::passive | tcp::resolver::numeric_service, ec);
  if (ec) {
    return absl::UnavailableError("cannot listen on " + address + ": " +
                                  ec.message());
  }
  bool bound = false;
  for (const auto& entry : endpoints) {
    beast::error_code ignored;
    if (acceptor.is_open()) acceptor.close(ignored);
    if (!acceptor.open(entry.endpoint().protocol(), ec) &&
        !acceptor.set_option(net::socket_base::reuse_address(true), ec) &&
        !acceptor.bind(entry.endpoint(), ec) &&
        !acceptor.listen(net::socket_base::max_listen_connections, ec)) {
      bound = true;
      break;
    }
  }
  if (!bound) {
    return absl::UnavailableError(
        "cannot listen on " + address + ": " +
        (ec ? ec.message() : std::string("no address")));
  }
  const tcp::endpoint local = acceptor.local_endpoint(ec);
  if (ec) {
    return absl::UnavailableError("cannot listen on " + address + ": " +
                                  ec.message());
  }
  return static_cast<int>(local.port());
}

// One Start..Stop lifetime. Members are destroyed in reverse order, so the
// io_context goes last: destroying it releases every session still held by
// a pending handler, which closes the connections.
class Running {
 public:
  Running(std::shared_ptr<const Config> config, int threads)
      : ioc_(threads), config_(std::move(config)) {}
  ~Running() {
    ioc_.stop();
    Join();
  }

  tcp::acceptor& acceptor() { return acceptor_; }

  // Starts accepting and the io threads. Throws if a thread cannot start.
  void Serve(int threads) {
    Accept();
    try {
      for (int i = 0; i < threads; ++i) {
        threads_.emplace_back([this] { Run(); });
      }
    } catch (...) {
      ioc_.stop();
      Join();
      throw;
    }
  }

  // run() returns on every thread after the handler in progress, if any.
  void Halt() { ioc_.stop(); }

  bool OnIoThread() const {
    for (const std::thread& thread : threads_) {
      if (thread.get_id() == std::this_thread::get_id()) return true;
    }
    return false;
  }

  void Join() {
    for (std::thread& thread : threads_) {
      if (thread.joinable()) thread.join();
    }
  }

 private:
  void Accept() {
    // Each connection gets its own strand: its handlers never overlap.
    acceptor_.async_accept(net::make_strand(ioc_), [this](beast::error_code ec,
                                                          tcp::socket socket) {
      if (ec == net::error::operation_aborted || !acceptor_.is_open()) {
        return;
      }
      if (ec) {  // E.g. out of file descriptors: back off, then retry.
        retry_timer_.expires_after(kAcceptRetryDelay);
        retry_timer_.async_wait([this](beast::error_code wait_ec) {
          if (!wait_ec) Accept();
        });
        return;
      }
      try {
        std::make_shared<Session>(std::move(socket), config_)->Start();
      } catch (...) {
        // Dropping this connection is all we can do; keep accepting.
      }
      Accept();
    });
  }

  void Run() {
    for (;;) {
      try {
        ioc_.run();
        return;
      } catch (...) {
        // A handler threw; the io_context stays usable, so keep serving.
      }
    }
  }

  net::io_context ioc_;
  tcp::acceptor acceptor_{ioc_};
  net::steady_timer retry_timer_{ioc_};
  const std::shared_ptr<const Config> config_;
  std::vector<std::thread> threads_;
};

}  // namespace

struct HttpServer::Impl {
  explicit Impl(Config c)
      : config(std::make_shared<const Config>(std::move(c))) {}

  const std::shared_ptr<const Config> config;
  absl::Mutex mu;  // Serializes Start and Stop.
  std::unique_ptr<Running> running ABSL_GUARDED_BY(mu);
};

HttpServer::HttpServer(HttpServerOptions options, HttpRequestHandler handler)
    : impl_(std::make_unique<Impl>(
          Config{std::move(options), std::move(handler)})) {}

HttpServer::~HttpServer() { Stop(); }

absl::StatusOr<int> HttpServer::Start(const std::string& host, int port) {
  const std::string address = host + ":" + std::to_string(port);
  try {
    absl::MutexLock lock(&impl_->mu);
    if (impl_->running != nullptr) {
      return absl::FailedPreconditionError("http server already started");
    }
    if (port < 0 || port > 65535) {
      return absl::InvalidArgumentError("port out of range: " + address);
    }
    const int threads = impl_->config->options.threads;
    if (threads < 1) {
      return absl::InvalidArgumentError("http server threads must be >= 1");
    }
    auto running = std::make_unique<Running>(impl_->config, threads);
    absl::StatusOr<int> bound = Listen(running->acceptor(), host, port);
    if (!bound.ok()) return bound.status();
    running->Serve(threads);
    impl_->running = std::move(running);
    return *bound;
  } catch (const std::exception& e) {
    return absl::UnavailableError("cannot listen on " + address + ": " +
                                  e.what());
  } catch (...) {
    return absl::UnavailableError("cannot listen on " + address);
  }
}

void HttpServer::Stop() {
  std::unique_ptr<Running> running;
  {
    absl::MutexLock lock(&impl_->mu);
    if (impl_->running == nullptr) return;
    impl_->running->Halt();
    // From a handler: the thread cannot join itself. Leave the server for a
    // later Stop (or the destructor) on another thread.
    if (impl_->running->OnIoThread()) return;
    running = std::move(impl_->running);
  }
  // Joined without the lock, so a handler calling Stop meanwhile does not
  // deadlock. Destroying the io_context closes every connection.
  running.reset();
}

namespace {

// Path -> handler, shared by the listener and its server's thread.
class RouteTable {
 public:
  void Set(std::string path, HttpHandler handler) {
    absl::MutexLock lock(&mu_);
    handlers_.insert_or_assign(std::move(path), std::move(handler));
  }

  // The handler for `path`, copied so it runs without the lock held.
  std::optional<HttpHandler> Find(std::string_view path) const {
    absl::ReaderMutexLock lock(&mu_);
    auto it = handlers_.find(path);
    if (it == handlers_.end()) return std::nullopt;
    return it->second;
  }

 private:
  mutable absl::Mutex mu_;
  std::map<std::string, HttpHandler, std::less<>> handlers_
      ABSL_GUARDED_BY(mu_);
};

HttpServerOptions ListenerOptions() {
  HttpServerOptions options;
  options.header_limit = 8 * 1024;
  options.body_limit = 8 * 1024;
  options.threads = 1;
  options.idle_timeout = absl::Seconds(10);
  return options;
}

HttpResponse Route(const RouteTable& routes, const HttpRequest& request) {
  if (request.method != "GET") {
    HttpResponse res;
    res.status = 405;
    res.body = "method not allowed\n";
    res.headers.emplace_back("Allow", "GET");
    return res;
  }
  std::optional<HttpHandler> handler = routes.Find(request.path);
  if (!handler.has_value() || !*handler) {
    HttpResponse res;
    res.status = 404;
    res.body = "not found\n";
    return res;
  }
  return (*handler)(request.target);  // An exception becomes the server's 500.
}

}  // namespace

struct HttpListener::Impl {
  RouteTable routes;
  // Declared after `routes`, so it stops before they go.
  HttpServer server{ListenerOptions(), [this](const HttpRequest& request) {
                      return Route(routes, request);
                    }};
};

HttpListener::HttpListener() : impl_(std::make_unique<Impl>()) {}

HttpListener::~HttpListener() { Stop(); }

void HttpListener::Handle(std::string path, HttpHandler handler) {
  try {
    impl_->routes.Set(std::move(path), std::move(handler));
  } catch (...) {
  }
}

absl::StatusOr<int> HttpListener::Start(const std::string& host, int port) {
  return impl_->server.Start(host, port);
}

void HttpListener::Stop() { impl_->server.Stop(); }

}  // namespace sisker::common
