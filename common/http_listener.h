// HttpServer: a general HTTP/1.1 server (keep-alive, pipelining, limits) on a
// pool of io threads, for the HTTP/JSON gateway; HttpListener: the small
// GET-only router on top of it that serves /metrics and /healthz.
// Boost.Beast stays in http_listener.cc (pimpl).
#ifndef SISKER_COMMON_HTTP_LISTENER_H_
#define SISKER_COMMON_HTTP_LISTENER_H_

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace sisker::common {

// One request as received; nothing is percent-decoded.
struct HttpRequest {
  // "GET", "POST", "PATCH", "PUT", "DELETE", "OPTIONS", "HEAD", ...
  std::string method;
  std::string target;  // As sent: path and query ("/v1/x?a=1").
  std::string path;    // The target before '?'.
  std::string query;   // The target after '?' ("" if none).
  // Header names lower-cased, values as sent, in the order received.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string remote_address;  // The peer, "127.0.0.1:54321" or "[::1]:80".

  // The value of the first header with this (lower-case) name, or nullptr.
  const std::string* Header(std::string_view name) const;
};

// What a handler answers. The server adds Server, Content-Length and
// Connection itself; a Content-Length, Transfer-Encoding or Connection in
// `headers` is ignored. An empty `content_type` sends no Content-Type.
struct HttpResponse {
  int status = 200;  // 200..599; anything else becomes a 500.
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
  // Extra headers (e.g. WWW-Authenticate, Allow, Cache-Control), sent in
  // order. A name that is not an HTTP token or a value with CR, LF or NUL
  // turns the response into a 500.
  std::vector<std::pair<std::string, std::string>> headers;
};

struct HttpServerOptions {
  // Above either limit the request is rejected (431 / 413) and the
  // connection closed.
  size_t header_limit = 16 * 1024;
  size_t body_limit = 1024 * 1024;
  // Io threads (at least 1). Handlers run on them and may block; while all
  // of them are busy in handlers, no other connection is served.
  int threads = 4;
  // A connection that sends nothing (or does not take its response) for
  // this long is closed.
  absl::Duration idle_timeout = absl::Seconds(10);
  // Builds the response the server itself sends for a request it rejects
  // before any handler (body over the limit -> 413, headers over the limit
  // -> 431, unparsable request -> 400) or whose handler failed (threw, bad
  // status or header -> 500): status and a short English message in
  // ("request body too large"). Default: text/plain, the message and "\n".
  // Runs on an io thread; an exception falls back to the default.
  std::function<HttpResponse(int status, const std::string& message)>
      error_response;
};

// Called for every request, on an io thread. Requests of one connection are
// handled one at a time, in order; requests of different connections run in
// parallel, so the handler must be thread-safe. An exception becomes a 500.
// A HEAD request's response is sent without its body (Content-Length still
// gives the body's size).
using HttpRequestHandler =
    std::function<HttpResponse(const HttpRequest& request)>;

// Serves HTTP/1.1 (and 1.0) with keep-alive and pipelining: one response per
// request, in order. "Expect: 100-continue" is answered before the body is
// read (after the Content-Length was checked against body_limit).
// Thread-safe.
class HttpServer {
 public:
  HttpServer(HttpServerOptions options, HttpRequestHandler handler);
  ~HttpServer();  // Stops.
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds host:port (port 0 = a free port) and starts serving on the io
  // threads. Returns the bound port; UNAVAILABLE ("cannot listen on
  // host:port: why") when the address cannot be resolved or bound;
  // INVALID_ARGUMENT for a port out of range or threads < 1;
  // FAILED_PRECONDITION when already started. A stopped server may be
  // started again.
  absl::StatusOr<int> Start(const std::string& host, int port);

  // Idempotent. Closes the acceptor and every open connection, idle
  // keep-alive ones included (responses not yet written are cut), waits for
  // handlers in progress to return and joins the threads. Handlers must not
  // destroy the server; a Stop from a handler only stops serving (the join
  // is left to a later Stop or the destructor on another thread).
  void Stop();

 private:
  struct Impl;
  const std::unique_ptr<Impl> impl_;
};

// Called with the full request target (path and query, e.g. "/metrics?x=1").
// Runs on the listener's thread: keep it quick. An exception becomes a 500.
using HttpHandler = std::function<HttpResponse(const std::string& target)>;

// An HttpServer on one thread that routes GET requests by exact path.
// Unknown path -> 404, a method other than GET -> 405 with "Allow: GET",
// request headers or body over 8 KiB -> 431 / 413, a connection idle for
// 10 s is closed. Thread-safe.
class HttpListener {
 public:
  HttpListener();
  ~HttpListener();  // Stops.
  HttpListener(const HttpListener&) = delete;
  HttpListener& operator=(const HttpListener&) = delete;

  // Routes requests whose path (the target without "?query") equals `path`.
  // Meant to be called before Start; a later call also takes effect.
  void Handle(std::string path, HttpHandler handler);

  // As HttpServer::Start.
  absl::StatusOr<int> Start(const std::string& host, int port);

  // As HttpServer::Stop.
  void Stop();

 private:
  struct Impl;
  const std::unique_ptr<Impl> impl_;
};

}  // namespace sisker::common

#endif  // SISKER_COMMON_HTTP_LISTENER_H_
