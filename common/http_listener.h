// HttpListener: a tiny HTTP/1.1 GET server for /metrics and /healthz, run on
// one background thread. Boost.Beast stays in http_listener.cc (pimpl).
#ifndef SISKER_COMMON_HTTP_LISTENER_H_
#define SISKER_COMMON_HTTP_LISTENER_H_

#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"

namespace sisker::common {

struct HttpResponse {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
};

// Called with the full request target (path and query, e.g. "/metrics?x=1").
// Runs on the listener's thread: keep it quick. An exception becomes a 500.
using HttpHandler = std::function<HttpResponse(const std::string& target)>;

// Serves GET requests with keep-alive. Unknown path -> 404, a method other
// than GET -> 405, request headers or body over 8 KiB -> 431 / 413, a
// connection idle for 10 s is closed. Thread-safe.
class HttpListener {
 public:
  HttpListener();
  ~HttpListener();  // Stops.
  HttpListener(const HttpListener&) = delete;
  HttpListener& operator=(const HttpListener&) = delete;

  // Routes requests whose path (the target without "?query") equals `path`.
  // Meant to be called before Start; a later call also takes effect.
  void Handle(std::string path, HttpHandler handler);

  // Binds host:port (port 0 = a free port) and starts serving on a thread.
  // Returns the bound port; UNAVAILABLE ("cannot listen on host:port: why")
  // when the address cannot be resolved or bound; FAILED_PRECONDITION when
  // already started. A stopped listener may be started again.
  absl::StatusOr<int> Start(const std::string& host, int port);

  // Idempotent. Closes the acceptor and every open connection (in-flight
  // responses are cut) and joins the thread. Handlers must not destroy the
  // listener; a Stop from a handler only stops serving (the join is left to
  // a later Stop or the destructor on another thread).
  void Stop();

 private:
  struct Impl;
  const std::unique_ptr<Impl> impl_;
};

}  // namespace sisker::common

#endif  // SISKER_COMMON_HTTP_LISTENER_H_
