#pragma once
// HTTP/1.1 server: accepts connections, parses requests with limits and timeouts,
// dispatches them to a Router on a pool of I/O threads, writes responses with keep-alive.
// Beast/Asio stay inside server.cpp (pimpl) because they compile slowly.

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "http/server/router.hpp"

namespace kyosei::http {

struct ServerOptions {
  std::string host = "127.0.0.1";          // IP literal or resolvable name
  unsigned short port = 8080;              // 0 = pick a free port (start() returns it)
  int threads = 0;                         // I/O threads; 0 = std::thread::hardware_concurrency()
  std::size_t header_limit = 16 * 1024;    // bytes of request line + fields; over -> 431, close
  std::size_t body_limit = 1024 * 1024;    // bytes of body; over -> 413, close
  std::chrono::seconds read_timeout{30};   // whole request (from its first byte, or from
                                           // accept for a new connection) must arrive within this
  std::chrono::seconds idle_timeout{60};   // keep-alive wait for the next request's first byte
  std::chrono::seconds write_timeout{30};  // whole response must be written within this
  std::chrono::seconds shutdown_grace{5};  // stop(): how long in-flight requests may take
  // Routes marked Router::run_on_workers (password hashing) run on this many worker
  // threads, never on the I/O threads; at most worker_queue more wait; beyond that the
  // request is answered 503 with Retry-After at once. 0 threads: run them on the I/O threads.
  int worker_threads = 2;
  std::size_t worker_queue = 16;
  // When set (an engine with one writer: SQLite), unsafe requests (POST, PUT, PATCH, DELETE)
  // not marked run_on_workers run one at a time on a writer thread of their own, so that
  // the I/O threads never wait on the engine's write lock and keep serving reads; at most
  // writer_queue more wait, beyond that the request is answered 503 with Retry-After.
  bool serial_writes = false;
  std::size_t writer_queue = 256;
  // Peers (IP literals) whose X-Forwarded-For is honoured (see forwarded_client).
  std::vector<std::string> trusted_proxies;
};

// The client address of a request, as "ADDRESS:PORT" like the peer's ("[v6]:PORT" for
// IPv6; port 0 when it comes from the header). Only when the direct peer (`peer`, as
// "ADDRESS:PORT") is one of `trusted` (IP literals) is X-Forwarded-For (`xff`, all of its
// values joined by ", ") read: from the right, the first address that is not a trusted
// proxy is the client. A header with anything but IP literals, or none, leaves the peer.
bool is_ip_literal(std::string_view text);
std::string forwarded_client(std::string_view peer, std::string_view xff,
                             const std::vector<std::string>& trusted);

// Thread safety: start(), stop() and run_until_signal() may be called from any thread;
// stop() blocks until the server is fully stopped. A Server runs once: after stop(),
// start() throws std::logic_error. Handlers run on the I/O threads (those marked
// run_on_workers on the worker threads, unsafe ones on the writer thread with
// serial_writes), concurrently, and must therefore be thread-safe;
// the Router must outlive the Server.
class Server {
 public:
  Server(ServerOptions options, const Router& router);
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;
  ~Server();  // calls stop()

  // Binds and listens, starts the I/O threads and returns the bound port. Non-blocking.
  // Throws std::system_error if the address cannot be bound. Idempotent while running.
  unsigned short start();

  // start() if needed, then block until SIGTERM or SIGINT (or stop() from another
  // thread), then stop() gracefully. The signal handlers are installed before binding,
  // so once port() is non-zero these signals no longer terminate the process;
  // `on_started(port)` runs once listening (where a caller announces the address: a signal
  // sent by whoever read it then stops the server instead of killing the process).
  void run_until_signal(const std::function<void(unsigned short)>& on_started = {});

  // Stops accepting, closes idle keep-alive connections, lets in-flight requests finish
  // (each gets "Connection: close") for up to options.shutdown_grace, then closes the
  // rest and joins the threads. Idempotent.
  void stop();

  // Bound port, or 0 before start().
  unsigned short port() const;

  struct Impl;  // opaque implementation (pimpl), defined in server.cpp

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace kyosei::http
