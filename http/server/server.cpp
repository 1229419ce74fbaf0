#include "http/server/server.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/beast.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>
#include <cctype>
#include <condition_variable>
#include <csignal>
#include <cstdint>
#include <future>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <system_error>
#include <thread>
#include <unordered_map>

#include "app/common/error.hpp"
#include "http/server/problem.hpp"

namespace kyosei::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

class Session;

// After a response with "Connection: close", the server half-closes and reads (and
// discards) what the client still sends for at most this long / this many bytes, so an
// unread request body does not turn the close into a TCP reset that destroys the
// response before the client reads it.
constexpr std::chrono::seconds kMaxLinger{2};
constexpr std::size_t kMaxLingerBytes = 4 * 1024 * 1024;
constexpr std::size_t kMaxLoggedPath = 200;

std::string endpoint_string(const tcp::endpoint& ep) {
  const auto addr = ep.address();
  if (addr.is_v6()) return "[" + addr.to_string() + "]:" + std::to_string(ep.port());
  return addr.to_string() + ":" + std::to_string(ep.port());
}

// Path part of a target, with anything unprintable replaced, shortened; for the log.
std::string loggable_path(std::string_view target) {
  target = target.substr(0, target.find('?'));
  std::string out;
  out.reserve(std::min(target.size(), kMaxLoggedPath + 3));
  for (char c : target.substr(0, kMaxLoggedPath)) {
    const auto u = static_cast<unsigned char>(c);
    out.push_back(u > 0x20 && u < 0x7f ? c : '?');
  }
  if (target.size() > kMaxLoggedPath) out += "...";
  return out.empty() ? "-" : out;
}

bool is_token_char(char c) {
  const auto u = static_cast<unsigned char>(c);
  if (std::isalnum(u)) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool iequals(std::string_view a, std::string_view b) { return beast::iequals(a, b); }

// The address of "ADDRESS:PORT" / "[V6]:PORT", or of a bare IP literal; nullopt if none.
std::optional<asio::ip::address> address_of(std::string_view text, bool with_port) {
  if (with_port) {
    const auto colon = text.rfind(':');
    if (colon == std::string_view::npos) return std::nullopt;
    text = text.substr(0, colon);
  }
  if (text.size() >= 2 && text.front() == '[' && text.back() == ']')
    text = text.substr(1, text.size() - 2);
  beast::error_code ec;
  auto a = asio::ip::make_address(std::string(text), ec);
  if (ec) return std::nullopt;
  if (a.is_v6() && a.to_v6().is_v4_mapped())
    a = asio::ip::make_address_v4(asio::ip::v4_mapped, a.to_v6());
  return a;
}

}  // namespace

bool is_ip_literal(std::string_view text) { return address_of(text, false).has_value(); }

std::string forwarded_client(std::string_view peer, std::string_view xff,
                             const std::vector<std::string>& trusted) {
  const std::string fallback(peer);
  if (trusted.empty() || xff.empty()) return fallback;
  auto is_trusted = [&](const asio::ip::address& a) {
    return std::any_of(trusted.begin(), trusted.end(), [&](const std::string& t) {
      const auto ta = address_of(t, false);
      return ta && *ta == a;
    });
  };
  const auto peer_address = address_of(peer, true);
  if (!peer_address || !is_trusted(*peer_address)) return fallback;
  // Every entry must be an IP literal; the right-most untrusted one is the client.
  std::vector<asio::ip::address> hops;
  std::size_t start = 0;
  while (start <= xff.size()) {
    auto end = xff.find(',', start);
    if (end == std::string_view::npos) end = xff.size();
    auto item = xff.substr(start, end - start);
    const auto first = item.find_first_not_of(" \t");
    const auto last = item.find_last_not_of(" \t");
    if (first == std::string_view::npos) return fallback;
    auto a = address_of(item.substr(first, last - first + 1), false);
    if (!a) return fallback;
    hops.push_back(*a);
    start = end + 1;
  }
  for (auto it = hops.rbegin(); it != hops.rend(); ++it) {
    if (is_trusted(*it)) continue;
    return it->is_v6() ? "[" + it->to_string() + "]:0" : it->to_string() + ":0";
  }
  return fallback;  // only proxies: the peer is as good as any
}

struct Server::Impl {
  Impl(ServerOptions options, const Router& router) : opts_(std::move(options)), router_(router) {}

  // Resolves, binds and listens. Throws boost::system::system_error.
  void listen();
  void do_accept();
  void on_accept(beast::error_code ec, tcp::socket socket);
  void register_session(Session* s, const std::shared_ptr<Session>& sp);
  void unregister_session(Session* s);

  ServerOptions opts_;
  const Router& router_;
  std::atomic<bool> stopping_{false};

  // Live sessions. Declared before ioc_: sessions still queued in ioc_ at destruction
  // unregister themselves while ioc_ is destroyed.
  std::mutex sessions_mu_;
  std::condition_variable sessions_cv_;
  std::unordered_map<Session*, std::weak_ptr<Session>> sessions_;

  // Lifecycle. lifecycle_mu_ serializes start()/stop(); state_mu_ guards stop_requested_.
  enum class State { kNew, kRunning, kStopped };
  std::mutex lifecycle_mu_;
  State state_ = State::kNew;
  std::mutex state_mu_;
  std::condition_variable state_cv_;
  bool stop_requested_ = false;
  std::atomic<unsigned short> port_{0};

  asio::io_context ioc_;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work_;
  // The acceptor and its retry timer live on one strand; touch them only from it
  // (or before the threads start).
  asio::strand<asio::io_context::executor_type> accept_strand_{asio::make_strand(ioc_)};
  tcp::acceptor acceptor_{accept_strand_};
  asio::steady_timer accept_retry_{accept_strand_};
  std::vector<std::thread> threads_;
  // The worker pool of the routes marked run_on_workers, and how many of their requests
  // run or wait there.
  std::optional<asio::thread_pool> workers_;
  std::atomic<std::size_t> worker_load_{0};
  // The writer thread of ServerOptions::serial_writes, and how many requests run or wait there.
  std::optional<asio::thread_pool> writer_;
  std::atomic<std::size_t> writer_load_{0};
};

namespace {

// One TCP connection. Lives as long as an asynchronous operation holds a shared_ptr to
// it; all of its work runs on its own strand.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket&& socket, Server::Impl& server, std::string remote)
      : stream_(std::move(socket)), server_(server), remote_(std::move(remote)) {}

  ~Session() { server_.unregister_session(this); }

  // Starts serving. REQUIRES: called once, right after construction by make_shared.
  void start() {
    server_.register_session(this, shared_from_this());
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] {
      self->deadline_ = Clock::now() + self->server_.opts_.read_timeout;
      self->wait_for_request();
    });
  }

  // Closes the socket at once. REQUIRES: no thread runs the io_context.
  void force_close() { close_now(); }

  // Server is stopping: close now if no request is in progress; otherwise the current
  // response is sent with "Connection: close". Callable from any thread.
  void on_server_stop() {
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] {
      if (self->phase_ == Phase::kIdle || self->phase_ == Phase::kClosing) self->close_now();
    });
  }

 private:
  enum class Phase { kIdle, kReading, kBusy, kClosing, kClosed };

  // Waits for the first byte of the next request: until deadline_ on a new connection,
  // for idle_timeout on a kept-alive one.
  void wait_for_request() {
    if (buffer_.size() > 0) {  // pipelined bytes already here
      started_ = Clock::now();
      deadline_ = started_ + server_.opts_.read_timeout;
      return read_request();
    }
    if (server_.stopping_) return close_now();
    phase_ = Phase::kIdle;
    if (served_ > 0) {
      stream_.expires_after(server_.opts_.idle_timeout);
    } else {
      stream_.expires_at(deadline_);
    }
    stream_.async_read_some(buffer_.prepare(4096),
                            [self = shared_from_this()](beast::error_code ec, std::size_t n) {
                              self->on_first_bytes(ec, n);
                            });
  }

  void on_first_bytes(beast::error_code ec, std::size_t n) {
    if (ec) {
      if (ec != beast::error::timeout && ec != asio::error::eof &&
          ec != asio::error::operation_aborted)
        spdlog::debug("http connection {}: {}", remote_, ec.message());
      return close_now();
    }
    buffer_.commit(n);
    started_ = Clock::now();
    if (served_ > 0) deadline_ = started_ + server_.opts_.read_timeout;
    read_request();
  }

  void read_request() {
    phase_ = Phase::kReading;
    parser_.emplace();
    parser_->header_limit(
        static_cast<std::uint32_t>(std::min<std::size_t>(server_.opts_.header_limit, UINT32_MAX)));
    parser_->body_limit(static_cast<std::uint64_t>(server_.opts_.body_limit));
    stream_.expires_at(deadline_);
    bhttp::async_read(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
  }

  void on_read(beast::error_code ec) {
    if (ec == bhttp::error::header_limit) {
      static constexpr ProblemType kHeaderTooLarge{431, "request-header-too-large",
                                                   "リクエストヘッダーが大きすぎます",
                                                   "Request header fields too large"};
      return send_error(problem_response(kHeaderTooLarge, "", ""));
    }
    if (ec == bhttp::error::body_limit) {
      return send_error(problem_response(
          app::Error{app::Errc::kPayloadTooLarge,
                     "送信データが上限（" + std::to_string(server_.opts_.body_limit) +
                         " バイト）を超えています。",
                     "The request body exceeds the limit of " +
                         std::to_string(server_.opts_.body_limit) + " bytes.",
                     {}}));
    }
    if (ec == beast::error::timeout) {
      spdlog::info("http - {} dropped: request not received within {}s {}",
                   loggable_path(parser_->is_header_done() ? parser_->get().target() : ""),
                   server_.opts_.read_timeout.count(), remote_);
      return close_now();
    }
    if (ec && ec.category() == bhttp::make_error_code(bhttp::error::bad_target).category() &&
        ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message) {
      return send_error(
          bad_request("リクエストの形式が正しくありません。", "Malformed HTTP request."));
    }
    if (ec) {
      if (ec != asio::error::operation_aborted && ec != bhttp::error::end_of_stream)
        spdlog::debug("http connection {}: {}", remote_, ec.message());
      return close_now();
    }
    handle();
  }

  static Response bad_request(std::string ja, std::string en) {
    return problem_response(app::Error{app::Errc::kBadRequest, std::move(ja), std::move(en), {}});
  }

  // Turns the parsed message into a Request, runs the router, writes the response.
  void handle() {
    phase_ = Phase::kBusy;
    auto& breq = parser_->get();
    const bool head = breq.method() == bhttp::verb::head;
    const bool keep_alive = breq.keep_alive();
    log_method_ = std::string(breq.method_string());
    log_path_ = loggable_path(breq.target());

    Response res;
    auto req = request_of(breq);
    if (!req) {
      res = bad_request("リクエストURLの形式が正しくありません。", "Malformed request target.");
      server_.router_.refused(Request{.method = log_method_, .remote = remote_}, res);
    } else {
      req->body = std::move(breq.body());
      client_ = req->remote == remote_ ? remote_ : req->remote + " via " + remote_;
      if (server_.workers_ && server_.router_.on_workers(*req)) {
        const std::size_t limit =
            static_cast<std::size_t>(server_.opts_.worker_threads) + server_.opts_.worker_queue;
        return run_on(*server_.workers_, server_.worker_load_, limit, std::move(*req), head,
                      keep_alive);
      }
      if (server_.writer_ && is_unsafe(req->method))
        return run_on(*server_.writer_, server_.writer_load_, 1 + server_.opts_.writer_queue,
                      std::move(*req), head, keep_alive);
      res = server_.router_.dispatch(*req);
    }
    send(std::move(res), head, keep_alive && !server_.stopping_);
  }

  // The request line and header fields as a Request without its body (nullopt for a
  // target that is no origin form).
  std::optional<Request> request_of(const bhttp::request<bhttp::string_body>& breq) const {
    auto url = boost::urls::parse_origin_form(breq.target());
    if (!url) return std::nullopt;
    Request req;
    req.method = std::string(breq.method_string());
    req.target = std::string(breq.target());
    req.path = url->path();
    for (auto p : url->params()) req.query.emplace(p.key, p.has_value ? p.value : std::string());
    for (const auto& field : breq) {
      std::string name(field.name_string());
      for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      auto [it, inserted] = req.headers.emplace(name, std::string(field.value()));
      if (!inserted) {
        it->second += name == "cookie" ? "; " : ", ";
        it->second += field.value();
      }
    }
    const auto xff = req.headers.find("x-forwarded-for");
    req.remote = forwarded_client(remote_, xff == req.headers.end() ? "" : xff->second,
                                  server_.opts_.trusted_proxies);
    return req;
  }

  static bool is_unsafe(const std::string& method) {
    return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
  }

  // Runs the request on `pool` (the hashing workers or the writer thread) and sends its
  // response from this session's strand; 503 at once when `load` (the requests running or
  // waiting there) has reached `limit`.
  void run_on(asio::thread_pool& pool, std::atomic<std::size_t>& load, std::size_t limit,
              Request req, bool head, bool keep_alive) {
    if (load.fetch_add(1) >= limit) {
      load.fetch_sub(1);
      static constexpr ProblemType kBusy{503, "busy", "混み合っています", "The server is busy"};
      Response res = problem_response(kBusy, "しばらくしてからもう一度お試しください。",
                                      "Please try again in a moment.");
      res.headers.emplace_back("Retry-After", "1");
      return send(std::move(res), head, keep_alive && !server_.stopping_);
    }
    asio::post(pool, [self = shared_from_this(), &load, req = std::move(req), head,
                      keep_alive]() mutable {
      Response res;
      try {
        res = self->server_.router_.dispatch(req);
      } catch (...) {
        res = problem_response(app::Error{app::Errc::kInternal, "", "", {}});
      }
      load.fetch_sub(1);
      auto ex = self->stream_.get_executor();
      asio::post(ex, [self = std::move(self), res = std::move(res), head, keep_alive]() mutable {
        self->send(std::move(res), head, keep_alive && !self->server_.stopping_);
      });
    });
  }

  // Error found while reading: respond, then close (the rest of the request is unread).
  void send_error(Response res) {
    phase_ = Phase::kBusy;
    // The start line may have been parsed even if the header as a whole was rejected.
    if (parser_ && !parser_->get().target().empty()) {
      log_method_ = std::string(parser_->get().method_string());
      log_path_ = loggable_path(parser_->get().target());
    } else {
      log_method_ = "-";
      log_path_ = "-";
    }
    // A refusal before routing whose request line arrived is reported like a router
    // refusal, so the API layer can audit it with whatever header fields were read. (A body
    // declared over the limit is refused while the header is being finished: the fields,
    // the session cookie among them, are all there although the header is not "done".)
    if (parser_ && !parser_->get().target().empty()) {
      if (auto req = request_of(parser_->get())) server_.router_.refused(*req, res);
    }
    linger_ = true;
    send(std::move(res), false, false);
  }

  void send(Response res, bool head, bool keep_alive) {
    if (res.status < 200 || res.status > 599) {
      spdlog::error("handler for {} {} returned invalid status {}", log_method_, log_path_,
                    res.status);
      res = problem_response(app::Error{app::Errc::kInternal, "", "", {}});
    }
    res_ = {};
    res_.version(parser_ && parser_->is_header_done() ? parser_->get().version() : 11);
    res_.result(res.status);
    res_.set(bhttp::field::server, "kyosei");
    res_.set("X-Content-Type-Options", "nosniff");
    // Security headers on every response. The CSP allows only this origin's own scripts,
    // styles and images (no inline script): what the bundled web front end needs.
    res_.set("Content-Security-Policy",
             "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
             "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
             "frame-ancestors 'none'; form-action 'self'");
    res_.set("X-Frame-Options", "DENY");
    res_.set("Referrer-Policy", "no-referrer");
    res_.set("Cross-Origin-Opener-Policy", "same-origin");
    res_.set("Cross-Origin-Resource-Policy", "same-origin");
    res_.set("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
    const bool no_body = res.status == 204 || res.status == 304;
    if (!res.content_type.empty() && !no_body)
      res_.set(bhttp::field::content_type, res.content_type);

    std::optional<std::uint64_t> head_length;
    for (auto& [name, value] : res.headers) {
      const bool bad_name = name.empty() || !std::all_of(name.begin(), name.end(), is_token_char);
      const bool bad_value =
          value.find_first_of(std::string_view("\r\n\0", 3)) != std::string::npos;
      if (bad_name || bad_value) {
        spdlog::error("handler for {} {} set an invalid header field; dropped", log_method_,
                      log_path_);
        continue;
      }
      if (iequals(name, "content-length")) {
        if (head) {
          try {
            head_length = std::stoull(value);
          } catch (const std::exception&) {
          }
        }
        continue;
      }
      if (iequals(name, "transfer-encoding") || iequals(name, "connection") ||
          iequals(name, "keep-alive") || iequals(name, "server") ||
          iequals(name, "x-content-type-options")) {
        continue;
      }
      res_.insert(name, value);
    }

    bytes_ = 0;
    if (no_body) {
      // No body, no Content-Length (RFC 9110 8.6).
    } else if (head) {
      res_.content_length(head_length.value_or(res.body.size()));
    } else {
      bytes_ = res.body.size();
      res_.body() = std::move(res.body);
      res_.prepare_payload();
    }
    res_.keep_alive(keep_alive);
    status_ = res.status;
    log_user_ = std::move(res.log_user);

    stream_.expires_after(server_.opts_.write_timeout);
    bhttp::async_write(
        stream_, res_,
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_write(ec); });
  }

  void on_write(beast::error_code ec) {
    const auto us = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - started_);
    spdlog::info("http {} {} {} {}B {}us {} user={}{}", log_method_, log_path_, status_, bytes_,
                 us.count(), client_.empty() ? remote_ : client_,
                 log_user_.empty() ? "-" : log_user_,
                 ec ? " write failed: " + ec.message() : std::string());
    client_.clear();
    ++served_;
    if (ec) return close_now();
    if (!res_.keep_alive() || server_.stopping_) {
      // Unread input can remain only after an error response; when stopping, be quick.
      if (linger_ && !server_.stopping_) return close_lingering();
      return close_gracefully();
    }
    res_ = {};
    parser_.reset();
    wait_for_request();
  }

  // Half-close, then discard input until the peer closes or kMaxLinger passes.
  void close_lingering() {
    phase_ = Phase::kClosing;
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    if (ec) return close_now();
    stream_.expires_after(std::min<std::chrono::seconds>(kMaxLinger, server_.opts_.read_timeout));
    drain();
  }

  void drain() {
    stream_.async_read_some(asio::buffer(drain_buf_),
                            [self = shared_from_this()](beast::error_code ec, std::size_t n) {
                              self->lingered_ += n;
                              if (ec || self->lingered_ > kMaxLingerBytes) return self->close_now();
                              self->drain();
                            });
  }

  // Sends FIN after the response, then closes.
  void close_gracefully() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    close_now();
  }

  void close_now() {
    if (phase_ == Phase::kClosed) return;
    phase_ = Phase::kClosed;
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
    stream_.close();
  }

  beast::tcp_stream stream_;
  Server::Impl& server_;
  const std::string remote_;
  std::string client_;  // the request's client for the log ("CLIENT via PEER" behind a proxy)
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  bhttp::response<bhttp::string_body> res_;
  Phase phase_ = Phase::kIdle;
  Clock::time_point deadline_;  // the current request must be complete by then
  Clock::time_point started_;   // first byte of the current request
  std::uint64_t served_ = 0;    // responses written on this connection
  std::string log_method_;
  std::string log_path_;
  std::string log_user_;  // the user id the last response was made for ("" = nobody)
  unsigned status_ = 0;
  std::size_t bytes_ = 0;
  std::size_t lingered_ = 0;
  bool linger_ = false;  // the request was rejected before it was read completely
  std::array<char, 8192> drain_buf_{};
};

}  // namespace

void Server::Impl::register_session(Session* s, const std::shared_ptr<Session>& sp) {
  std::lock_guard lock(sessions_mu_);
  sessions_.emplace(s, sp);
}

void Server::Impl::unregister_session(Session* s) {
  std::lock_guard lock(sessions_mu_);
  sessions_.erase(s);
  if (sessions_.empty()) sessions_cv_.notify_all();
}

void Server::Impl::listen() {
  tcp::resolver resolver(ioc_);
  const auto results = resolver.resolve(opts_.host, std::to_string(opts_.port),
                                        tcp::resolver::passive | tcp::resolver::numeric_service);
  if (results.empty())
    throw std::system_error(std::make_error_code(std::errc::address_not_available));
  const tcp::endpoint ep = results.begin()->endpoint();
  acceptor_.open(ep.protocol());
  acceptor_.set_option(asio::socket_base::reuse_address(true));
  acceptor_.bind(ep);
  acceptor_.listen(asio::socket_base::max_listen_connections);
  port_ = acceptor_.local_endpoint().port();
}

void Server::Impl::do_accept() {
  acceptor_.async_accept(asio::make_strand(ioc_), [this](beast::error_code ec, tcp::socket socket) {
    on_accept(ec, std::move(socket));
  });
}

void Server::Impl::on_accept(beast::error_code ec, tcp::socket socket) {
  if (ec == asio::error::operation_aborted || stopping_ || !acceptor_.is_open()) return;
  if (ec) {
    // Out of descriptors or memory: back off briefly instead of spinning.
    spdlog::warn("http accept failed: {}", ec.message());
    accept_retry_.expires_after(std::chrono::milliseconds(100));
    accept_retry_.async_wait([this](beast::error_code wait_ec) {
      if (!wait_ec && !stopping_) do_accept();
    });
    return;
  }
  beast::error_code ep_ec;
  const auto ep = socket.remote_endpoint(ep_ec);
  socket.set_option(tcp::no_delay(true), ep_ec);
  std::make_shared<Session>(std::move(socket), *this, ep_ec ? "?" : endpoint_string(ep))->start();
  do_accept();
}

Server::Server(ServerOptions options, const Router& router)
    : impl_(std::make_unique<Impl>(std::move(options), router)) {}

Server::~Server() { stop(); }

unsigned short Server::port() const { return impl_->port_; }

unsigned short Server::start() {
  Impl& s = *impl_;
  std::lock_guard lock(s.lifecycle_mu_);
  if (s.state_ == Impl::State::kRunning) return s.port_;
  if (s.state_ == Impl::State::kStopped)
    throw std::logic_error("kyosei::http::Server cannot be restarted");

  try {
    s.listen();
  } catch (const boost::system::system_error& e) {
    throw std::system_error(e.code(), "kyosei::http::Server cannot listen on " + s.opts_.host +
                                          ":" + std::to_string(s.opts_.port));
  }

  s.work_.emplace(asio::make_work_guard(s.ioc_));
  if (s.opts_.worker_threads > 0)
    s.workers_.emplace(static_cast<std::size_t>(s.opts_.worker_threads));
  if (s.opts_.serial_writes) s.writer_.emplace(1);
  s.do_accept();
  int n =
      s.opts_.threads > 0 ? s.opts_.threads : static_cast<int>(std::thread::hardware_concurrency());
  n = std::max(n, 1);
  s.threads_.reserve(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    s.threads_.emplace_back([&s] {
      for (;;) {
        try {
          s.ioc_.run();
          return;
        } catch (const std::exception& e) {
          spdlog::error("http io thread: uncaught exception: {}", e.what());
        }
      }
    });
  }
  s.state_ = Impl::State::kRunning;
  spdlog::info("http listening on {} ({} threads)", endpoint_string(s.acceptor_.local_endpoint()),
               n);
  return s.port_;
}

void Server::stop() {
  Impl& s = *impl_;
  std::lock_guard lock(s.lifecycle_mu_);
  if (s.state_ == Impl::State::kRunning) {
    s.stopping_ = true;
    // Stop listening now (on the acceptor's strand), so new clients are refused rather
    // than queued; waited for at most the grace period in case every thread is busy.
    auto close_listener = [&s] {
      beast::error_code ec;
      s.acceptor_.close(ec);
      s.accept_retry_.cancel();
    };
    std::promise<void> closed;
    asio::dispatch(s.accept_strand_, [&closed, close_listener] {
      close_listener();
      closed.set_value();
    });
    const auto deadline = Clock::now() + s.opts_.shutdown_grace;
    closed.get_future().wait_until(deadline);
    std::vector<std::shared_ptr<Session>> live;
    {
      std::lock_guard sl(s.sessions_mu_);
      for (auto& [ptr, weak] : s.sessions_) {
        if (auto sp = weak.lock()) live.push_back(std::move(sp));
      }
    }
    for (auto& sp : live) sp->on_server_stop();
    live.clear();  // sessions must be able to die
    {
      std::unique_lock sl(s.sessions_mu_);
      if (!s.sessions_cv_.wait_until(sl, deadline, [&s] { return s.sessions_.empty(); })) {
        spdlog::warn("http stop: {} connections still busy after {}s; closing them",
                     s.sessions_.size(), s.opts_.shutdown_grace.count());
      }
    }
    s.work_.reset();
    s.ioc_.stop();
    for (auto& t : s.threads_) t.join();
    s.threads_.clear();
    for (auto* pool : {&s.workers_, &s.writer_}) {
      if (!*pool) continue;
      (*pool)->stop();  // requests still queued are dropped with their connections (a write
      (*pool)->join();  // that has started ends first: what was acknowledged is stored)
    }
    {
      std::lock_guard sl(s.sessions_mu_);
      for (auto& [ptr, weak] : s.sessions_) {
        if (auto sp = weak.lock()) live.push_back(std::move(sp));
      }
    }
    for (auto& sp : live) sp->force_close();  // over the grace period: cut them off
    live.clear();
    close_listener();  // no thread runs any more; a no-op if the strand already did it
    spdlog::info("http stopped");
  }
  s.state_ = Impl::State::kStopped;
  {
    std::lock_guard sl(s.state_mu_);
    s.stop_requested_ = true;
  }
  s.state_cv_.notify_all();
}

void Server::run_until_signal(const std::function<void(unsigned short)>& on_started) {
  Impl& s = *impl_;
  // Installed before start() so that the process never dies of SIGTERM once port() is
  // non-zero. Owned by the pool's io_context; destroyed only after stop() joined the threads.
  asio::signal_set signals(s.ioc_, SIGINT, SIGTERM);
  signals.async_wait([&s](beast::error_code ec, int signo) {
    if (ec) return;
    spdlog::info("http received signal {}; stopping", signo);
    std::lock_guard sl(s.state_mu_);
    s.stop_requested_ = true;
    s.state_cv_.notify_all();
  });
  const unsigned short port = start();
  if (on_started) on_started(port);
  {
    std::unique_lock sl(s.state_mu_);
    s.state_cv_.wait(sl, [&s] { return s.stop_requested_; });
  }
  stop();
}

}  // namespace kyosei::http
