// HttpListener: Boost.Beast HTTP/1.1 server (async accept, one session per
// connection) on a single io_context thread. The only Beast user in the tree.
#define BOOST_BEAST_USE_STD_STRING_VIEW

#include "common/http_listener.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <exception>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"

namespace sisker::common {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

constexpr size_t kHeaderLimit = 8 * 1024;
constexpr size_t kBodyLimit = 8 * 1024;
constexpr size_t kBufferLimit = 64 * 1024;  // Above both parser limits.
constexpr auto kIoTimeout = std::chrono::seconds(10);
constexpr auto kAcceptRetryDelay = std::chrono::milliseconds(100);

using Response = http::response<http::string_body>;

Response PlainResponse(http::status status, std::string body) {
  Response res{status, 11};
  res.set(http::field::content_type, "text/plain; charset=utf-8");
  res.body() = std::move(body);
  return res;
}

// Path -> handler, shared by the listener and its sessions.
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

// One connection: read a request, write its response, repeat while the
// client keeps the connection alive. Owned by its pending operation's
// handler; all of its work runs on the listener's single io thread.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, std::shared_ptr<const RouteTable> routes)
      : stream_(std::move(socket)), routes_(std::move(routes)) {
    // Pipelined responses go out without waiting on Nagle's algorithm.
    beast::error_code ignored;
    stream_.socket().set_option(tcp::no_delay(true), ignored);
  }

  void Start() { DoRead(); }

 private:
  void DoRead() {
    parser_.emplace();
    parser_->header_limit(kHeaderLimit);
    parser_->body_limit(kBodyLimit);
    stream_.expires_after(kIoTimeout);
    http::async_read(
        stream_, buffer_, *parser_,
        beast::bind_front_handler(&Session::OnRead, shared_from_this()));
  }

  void OnRead(beast::error_code ec, size_t /*bytes*/) {
    if (ec == http::error::end_of_stream) return Shutdown();
    if (ec == http::error::header_limit || ec == http::error::buffer_overflow) {
      return Write(PlainResponse(http::status::request_header_fields_too_large,
                                 "request header too large\n"),
                   /*close=*/true);
    }
    if (ec == http::error::body_limit) {
      return Write(PlainResponse(http::status::payload_too_large,
                                 "request body too large\n"),
                   /*close=*/true);
    }
    if (ec && ec.category() ==
                  http::make_error_code(http::error::bad_target).category()) {
      return Write(PlainResponse(http::status::bad_request, "bad request\n"),
                   /*close=*/true);
    }
    if (ec) return Close();  // Timeout, reset, or the listener stopping.

    const auto& req = parser_->get();
    Response res = Respond(req);
    res.version(req.version());
    res.keep_alive(req.keep_alive());
    Write(std::move(res), /*close=*/false);
  }

  Response Respond(const http::request<http::string_body>& req) {
    if (req.method() != http::verb::get) {
      Response res = PlainResponse(http::status::method_not_allowed,
                                   "method not allowed\n");
      res.set(http::field::allow, "GET");
      return res;
    }
    const std::string_view target = req.target();
    const std::string_view path = target.substr(0, target.find('?'));
    std::optional<HttpHandler> handler = routes_->Find(path);
    if (!handler.has_value() || !*handler) {
      return PlainResponse(http::status::not_found, "not found\n");
    }
    HttpResponse out;
    try {
      out = (*handler)(std::string(target));
    } catch (...) {
      return PlainResponse(http::status::internal_server_error,
                           "internal error\n");
    }
    if (out.status < 100 || out.status > 599) {
      return PlainResponse(http::status::internal_server_error,
                           "handler returned an invalid status\n");
    }
    Response res{static_cast<http::status>(out.status), 11};
    res.set(http::field::content_type, out.content_type);
    res.body() = std::move(out.body);
    return res;
  }

  void Write(Response res, bool close) {
    res_ = std::move(res);
    res_.set(http::field::server, "sisker");
    if (close) res_.keep_alive(false);
    res_.prepare_payload();
    stream_.expires_after(kIoTimeout);
    http::async_write(
        stream_, res_,
        beast::bind_front_handler(&Session::OnWrite, shared_from_this()));
  }

  void OnWrite(beast::error_code ec, size_t /*bytes*/) {
    if (ec) return Close();
    if (!res_.keep_alive()) return Shutdown();
    DoRead();
  }

  // Graceful end: send FIN; the socket closes when the session is released.
  void Shutdown() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
  }

  void Close() { stream_.close(); }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_{kBufferLimit};
  std::optional<http::request_parser<http::string_body>> parser_;
  Response res_;
  const std::shared_ptr<const RouteTable> routes_;
};

// One Start..Stop lifetime. Members are destroyed in reverse order, so the
// io_context goes last: destroying it releases every session still held by
// a pending handler, which closes the connections.
struct Server {
  explicit Server(std::shared_ptr<const RouteTable> r) : routes(std::move(r)) {}

  void Accept() {
    acceptor.async_accept(
        ioc, [this](beast::error_code ec, tcp::socket socket) {
          if (ec == net::error::operation_aborted || !acceptor.is_open())
            return;
          if (ec) {  // E.g. out of file descriptors: back off, then retry.
            retry_timer.expires_after(kAcceptRetryDelay);
            retry_timer.async_wait([this](beast::error_code wait_ec) {
              if (!wait_ec) Accept();
            });
            return;
          }
          try {
            std::make_shared<Session>(std::move(socket), routes)->Start();
          } catch (...) {
            // Dropping this connection is all we can do; keep accepting.
          }
          Accept();
        });
  }

  void Run() {
    for (;;) {
      try {
        ioc.run();
        return;
      } catch (...) {
        // A handler threw; the io_context stays usable, so keep serving.
      }
    }
  }

  net::io_context ioc{1};
  tcp::acceptor acceptor{ioc};
  net::steady_timer retry_timer{ioc};
  const std::shared_ptr<const RouteTable> routes;
  std::thread thread;
};

}  // namespace

struct HttpListener::Impl {
  const std::shared_ptr<RouteTable> routes = std::make_shared<RouteTable>();
  absl::Mutex mu;  // Serializes Start and Stop.
  std::unique_ptr<Server> server ABSL_GUARDED_BY(mu);
};

HttpListener::HttpListener() : impl_(std::make_unique<Impl>()) {}

HttpListener::~HttpListener() { Stop(); }

void HttpListener::Handle(std::string path, HttpHandler handler) {
  try {
    impl_->routes->Set(std::move(path), std::move(handler));
  } catch (...) {
  }
}

absl::StatusOr<int> HttpListener::Start(const std::string& host, int port) {
  const std::string address = host + ":" + std::to_string(port);
  try {
    absl::MutexLock lock(&impl_->mu);
    if (impl_->server != nullptr) {
      return absl::FailedPreconditionError("http listener already started");
    }
    if (port < 0 || port > 65535) {
      return absl::InvalidArgumentError("port out of range: " + address);
    }
    auto server = std::make_unique<Server>(impl_->routes);

    beast::error_code ec;
    tcp::resolver resolver(server->ioc);
    const auto endpoints = resolver.resolve(
        host, std::to_string(port),
        tcp::resolver::passive | tcp::resolver::numeric_service, ec);
    if (ec) {
      return absl::UnavailableError("cannot listen on " + address + ": " +
                                    ec.message());
    }
    bool bound = false;
    for (const auto& entry : endpoints) {
      tcp::acceptor& acceptor = server->acceptor;
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
    const tcp::endpoint local = server->acceptor.local_endpoint(ec);
    if (ec) {
      return absl::UnavailableError("cannot listen on " + address + ": " +
                                    ec.message());
    }

    server->Accept();
    Server* raw = server.get();
    server->thread = std::thread([raw] { raw->Run(); });
    impl_->server = std::move(server);
    return static_cast<int>(local.port());
  } catch (const std::exception& e) {
    return absl::UnavailableError("cannot listen on " + address + ": " +
                                  e.what());
  } catch (...) {
    return absl::UnavailableError("cannot listen on " + address);
  }
}

void HttpListener::Stop() {
  absl::MutexLock lock(&impl_->mu);
  std::unique_ptr<Server>& server = impl_->server;
  if (server == nullptr) return;
  // stop() makes run() return after the handler in progress, if any; the
  // pending accept and the sessions' reads and writes are then destroyed
  // with the io_context, closing every socket, keep-alive ones included.
  server->ioc.stop();
  if (server->thread.get_id() == std::this_thread::get_id()) {
    // Called from a handler: the thread cannot join itself. Leave the
    // server for a later Stop (or the destructor) on another thread.
    return;
  }
  try {
    if (server->thread.joinable()) server->thread.join();
  } catch (...) {
    return;  // join() failing means the thread is not ours to wait for.
  }
  server.reset();
}

}  // namespace sisker::common
