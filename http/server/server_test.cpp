#include "http/server/server.hpp"

#include <gtest/gtest.h>

#include <array>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast.hpp>
#include <boost/json.hpp>
#include <chrono>
#include <csignal>
#include <functional>
#include <future>
#include <thread>
#include <vector>

namespace kyosei::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;

// Longest any test waits for the server to do something; far above what is expected,
// only there so a broken server fails the test instead of hanging it.
constexpr auto kClientTimeout = 15s;

using HttpResponse = bhttp::response<bhttp::string_body>;

// Blocking test client on one connection.
class Client {
 public:
  explicit Client(unsigned short port) {
    stream_.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  }

  // Sends one request and reads one response (Beast's synchronous API).
  HttpResponse request(bhttp::verb method, std::string target, std::string body = {},
                       std::vector<std::pair<std::string, std::string>> headers = {}) {
    bhttp::request<bhttp::string_body> req{method, target, 11};
    req.set(bhttp::field::host, "localhost");
    for (auto& [k, v] : headers) req.set(k, v);
    if (!body.empty() || method == bhttp::verb::post) {
      req.body() = std::move(body);
      req.prepare_payload();
    }
    bhttp::write(stream_, req);
    return read_response(method == bhttp::verb::head);
  }

  HttpResponse read_response(bool head = false) {
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(64 * 1024 * 1024);
    parser.skip(head);
    bhttp::read(stream_, buffer_, parser);
    return parser.release();
  }

  void write_raw(std::string_view bytes) { asio::write(stream_.socket(), asio::buffer(bytes)); }

  // Reads until the server closes the connection or kClientTimeout passes. Returns the
  // error that ended the read: eof / connection_reset mean "closed by the server",
  // beast::error::timeout means the server kept it open.
  beast::error_code wait_for_close() {
    beast::error_code result;
    std::array<char, 4096> sink{};
    std::function<void(beast::error_code, std::size_t)> on_read = [&](beast::error_code ec,
                                                                      std::size_t) {
      if (ec) {
        result = ec;
        return;
      }
      stream_.async_read_some(asio::buffer(sink), on_read);
    };
    stream_.expires_after(kClientTimeout);
    stream_.async_read_some(asio::buffer(sink), on_read);
    ioc_.restart();
    ioc_.run();
    return result;
  }

 private:
  asio::io_context ioc_;
  beast::tcp_stream stream_{ioc_};
  beast::flat_buffer buffer_;
};

bool closed_by_server(const beast::error_code& ec) {
  return ec == asio::error::eof || ec == asio::error::connection_reset;
}

std::string json_str(const std::string& body, const char* key) {
  return std::string(boost::json::parse(body).at(key).as_string());
}

// A problem answer: its status, the problem+json media type and the problem type.
template <typename Response>
void expect_problem(const Response& res, unsigned status, const std::string& type) {
  EXPECT_EQ(res.result_int(), status);
  EXPECT_EQ(res[bhttp::field::content_type], "application/problem+json");
  EXPECT_EQ(json_str(res.body(), "type"), type);
}

class ServerTest : public ::testing::Test {
 protected:
  ServerTest() {
    router_.add("GET", "/hello/{name}", [this](const Request& req, const PathParams& p) {
      ++hits_;
      boost::json::object o{{"name", p.at("name")},
                            {"path", req.path},
                            {"fy", req.param("fy").value_or("")},
                            {"remote", req.remote},
                            {"ua", req.header("user-agent")}};
      Response r;
      r.body = boost::json::serialize(o);
      r.headers.emplace_back("ETag", "\"v1\"");
      return r;
    });
    router_.add("POST", "/echo", [](const Request& req, const PathParams&) {
      Response r;
      r.content_type = "text/plain";
      r.body = req.body;
      return r;
    });
    router_.add("GET", "/slow", [this](const Request&, const PathParams&) {
      slow_started_.set_value();
      std::this_thread::sleep_for(500ms);
      Response r;
      r.body = "{\"slow\":true}";
      return r;
    });
    router_.add("GET", "/boom", [](const Request&, const PathParams&) -> Response {
      throw std::runtime_error("hidden");
    });
    router_.add("GET", "/bad-header", [](const Request&, const PathParams&) {
      Response r;
      r.headers.emplace_back("X-Injected", "a\r\nSet-Cookie: evil=1");
      r.headers.emplace_back("X-Fine", "ok");
      return r;
    });
  }

  ServerOptions small_options() {
    ServerOptions o;
    o.port = 0;
    o.threads = 2;
    o.header_limit = 2048;
    o.body_limit = 1024;
    o.read_timeout = 1s;
    o.idle_timeout = 30s;
    o.write_timeout = 5s;
    o.shutdown_grace = 20s;
    return o;
  }

  // The answer of a server with small_options() to the raw request bytes `raw`.
  HttpResponse answer_to_raw(const std::string& raw) {
    Server server(small_options(), router_);
    Client c(server.start());
    c.write_raw(raw);
    return c.read_response();
  }

  Router router_;
  std::atomic<int> hits_{0};
  std::promise<void> slow_started_;
};

TEST_F(ServerTest, GetOverRealSocket) {
  Server server(small_options(), router_);
  const unsigned short port = server.start();
  ASSERT_NE(port, 0);
  EXPECT_EQ(server.port(), port);

  Client c(port);
  auto res = c.request(bhttp::verb::get, "/hello/%E4%B8%8A%E5%B7%9D?fy=R7&x=1", {},
                       {{"User-Agent", "kyosei-test"}});
  EXPECT_EQ(res.result_int(), 200u);
  EXPECT_EQ(res[bhttp::field::server], "kyosei");
  EXPECT_EQ(res["X-Content-Type-Options"], "nosniff");
  EXPECT_EQ(res[bhttp::field::content_type], "application/json; charset=utf-8");
  EXPECT_EQ(res[bhttp::field::etag], "\"v1\"");
  EXPECT_EQ(json_str(res.body(), "name"), "上川");
  EXPECT_EQ(json_str(res.body(), "path"), "/hello/上川");
  EXPECT_EQ(json_str(res.body(), "fy"), "R7");
  EXPECT_EQ(json_str(res.body(), "ua"), "kyosei-test");
  EXPECT_EQ(json_str(res.body(), "remote").rfind("127.0.0.1:", 0), 0u);
}

TEST_F(ServerTest, KeepAliveServesTwoRequestsOnOneConnection) {
  Server server(small_options(), router_);
  Client c(server.start());
  auto first = c.request(bhttp::verb::get, "/hello/a");
  EXPECT_EQ(first.result_int(), 200u);
  EXPECT_TRUE(first.keep_alive());
  auto second = c.request(bhttp::verb::post, "/echo", "payload");
  EXPECT_EQ(second.result_int(), 200u);
  EXPECT_EQ(second.body(), "payload");
  auto third = c.request(bhttp::verb::get, "/nowhere");
  EXPECT_EQ(third.result_int(), 404u);
  EXPECT_EQ(third[bhttp::field::content_type], "application/problem+json");
  EXPECT_EQ(hits_.load(), 1);
}

TEST_F(ServerTest, PipelinedRequestsAreAnsweredInOrder) {
  Server server(small_options(), router_);
  Client c(server.start());
  c.write_raw(
      "GET /hello/one HTTP/1.1\r\nHost: x\r\n\r\n"
      "GET /hello/two HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(json_str(c.read_response().body(), "name"), "one");
  EXPECT_EQ(json_str(c.read_response().body(), "name"), "two");
}

TEST_F(ServerTest, HeadHasLengthButNoBody) {
  Server server(small_options(), router_);
  Client c(server.start());
  auto get = c.request(bhttp::verb::get, "/hello/abc");
  auto head = c.request(bhttp::verb::head, "/hello/abc");
  EXPECT_EQ(head.result_int(), 200u);
  EXPECT_TRUE(head.body().empty());
  EXPECT_EQ(head[bhttp::field::content_length], std::to_string(get.body().size()));
  // The connection is still usable after HEAD.
  EXPECT_EQ(c.request(bhttp::verb::get, "/hello/abc").result_int(), 200u);
}

TEST_F(ServerTest, HandlerExceptionIs500AndConnectionSurvives) {
  Server server(small_options(), router_);
  Client c(server.start());
  auto res = c.request(bhttp::verb::get, "/boom");
  EXPECT_EQ(res.result_int(), 500u);
  EXPECT_EQ(res.body().find("hidden"), std::string::npos);
  EXPECT_EQ(c.request(bhttp::verb::get, "/hello/a").result_int(), 200u);
}

TEST_F(ServerTest, HeaderValuesWithLineBreaksAreDropped) {
  Server server(small_options(), router_);
  Client c(server.start());
  auto res = c.request(bhttp::verb::get, "/bad-header");
  EXPECT_EQ(res.result_int(), 200u);
  EXPECT_EQ(res.count("X-Injected"), 0u);
  EXPECT_EQ(res.count(bhttp::field::set_cookie), 0u);
  EXPECT_EQ(res["X-Fine"], "ok");
}

TEST_F(ServerTest, BodyOverLimitIs413AndCloses) {
  Server server(small_options(), router_);
  Client c(server.start());
  auto res = c.request(bhttp::verb::post, "/echo", std::string(8000, 'x'));
  expect_problem(res, 413u, "/problems/payload-too-large");
  EXPECT_FALSE(res.keep_alive());
  EXPECT_TRUE(closed_by_server(c.wait_for_close()));
}

TEST_F(ServerTest, DeclaredLengthOverLimitIs413BeforeBodyIsSent) {
  auto res = answer_to_raw("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100000000\r\n\r\n");
  EXPECT_EQ(res.result_int(), 413u);
}

TEST_F(ServerTest, HeaderOverLimitIs431) {
  Server server(small_options(), router_);
  Client c(server.start());
  auto res = c.request(bhttp::verb::get, "/hello/a", {}, {{"X-Big", std::string(4096, 'a')}});
  expect_problem(res, 431u, "/problems/request-header-too-large");
  EXPECT_TRUE(closed_by_server(c.wait_for_close()));
}

TEST_F(ServerTest, MalformedRequestIs400AndCloses) {
  Server server(small_options(), router_);
  Client c(server.start());
  c.write_raw("GET /hello/a HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n");
  auto res = c.read_response();
  EXPECT_EQ(res.result_int(), 400u);
  EXPECT_EQ(json_str(res.body(), "type"), "/problems/bad-request");
  EXPECT_TRUE(closed_by_server(c.wait_for_close()));
}

TEST_F(ServerTest, AbsoluteFormTargetIs400) {
  EXPECT_EQ(
      answer_to_raw("GET http://evil.example/hello/a HTTP/1.1\r\nHost: x\r\n\r\n").result_int(),
      400u);
}

TEST_F(ServerTest, SlowClientIsDroppedAtReadTimeout) {
  Server server(small_options(), router_);  // read_timeout = 1 s
  const unsigned short port = server.start();
  Client slow(port);
  slow.write_raw("GET /hello/a HTTP/1.1\r\nHost: x\r\nX-Partial: ");  // never finished
  Client silent(port);                                                // never sends anything
  // Others are served meanwhile.
  Client other(port);
  EXPECT_EQ(other.request(bhttp::verb::get, "/hello/b").result_int(), 200u);
  EXPECT_TRUE(closed_by_server(slow.wait_for_close()));
  EXPECT_TRUE(closed_by_server(silent.wait_for_close()));
  EXPECT_EQ(hits_.load(), 1);
}

TEST_F(ServerTest, TricklingClientIsDroppedDespiteSendingBytes) {
  Server server(small_options(), router_);  // read_timeout = 1 s for the whole request
  Client c(server.start());
  const std::string request =
      "GET /hello/a HTTP/1.1\r\nHost: x\r\nX-Pad: aaaaaaaaaaaaaaaaaaaa\r\n\r\n";
  beast::error_code ec;
  for (char ch : request) {  // one byte every 100 ms: ~6 s in total
    try {
      c.write_raw(std::string_view(&ch, 1));
    } catch (const boost::system::system_error& e) {
      ec = e.code();
      break;
    }
    std::this_thread::sleep_for(100ms);
  }
  if (!ec) ec = c.wait_for_close();
  EXPECT_TRUE(ec == asio::error::eof || ec == asio::error::connection_reset ||
              ec == asio::error::broken_pipe)
      << ec.message();
  EXPECT_EQ(hits_.load(), 0);
}

TEST_F(ServerTest, ManyIdleConnectionsDoNotBlockOthers) {
  Server server(small_options(), router_);
  const unsigned short port = server.start();
  const tcp::endpoint ep(asio::ip::make_address("127.0.0.1"), port);
  asio::io_context ioc;  // one context for all idle sockets: few descriptors in the test
  std::vector<tcp::socket> idle;
  for (int i = 0; i < 300; ++i) {
    idle.emplace_back(ioc).connect(ep);
    if (i % 2 == 0) {  // half of them keep-alive after one request, half never sent anything
      bhttp::request<bhttp::empty_body> req{bhttp::verb::get, "/hello/x", 11};
      bhttp::write(idle.back(), req);
      beast::flat_buffer buf;
      HttpResponse res;
      bhttp::read(idle.back(), buf, res);
      EXPECT_EQ(res.result_int(), 200u);
    }
  }
  Client c(port);
  EXPECT_EQ(c.request(bhttp::verb::get, "/hello/fresh").result_int(), 200u);
}

TEST_F(ServerTest, StopClosesIdleKeepAliveConnectionPromptly) {
  auto opts = small_options();
  opts.idle_timeout = 60s;
  opts.shutdown_grace = 30s;
  Server server(opts, router_);
  Client c(server.start());
  EXPECT_EQ(c.request(bhttp::verb::get, "/hello/a").result_int(), 200u);  // now idle, kept alive

  const auto t0 = std::chrono::steady_clock::now();
  server.stop();
  const auto elapsed = std::chrono::steady_clock::now() - t0;
  // Not a performance assertion: only that stop() did not wait out the grace period
  // or the idle timeout for a connection with no request in flight.
  EXPECT_LT(elapsed, opts.shutdown_grace / 2);
  EXPECT_TRUE(closed_by_server(c.wait_for_close()));
  server.stop();  // idempotent
}

TEST_F(ServerTest, StopLetsInFlightRequestFinish) {
  Server server(small_options(), router_);
  Client c(server.start());
  auto response =
      std::async(std::launch::async, [&c] { return c.request(bhttp::verb::get, "/slow"); });
  slow_started_.get_future().wait();
  server.stop();
  auto res = response.get();
  EXPECT_EQ(res.result_int(), 200u);
  EXPECT_EQ(res.body(), "{\"slow\":true}");
  EXPECT_FALSE(res.keep_alive());
}

TEST_F(ServerTest, StopCutsOffStalledRequestAfterGracePeriod) {
  auto opts = small_options();
  opts.read_timeout = 60s;
  opts.shutdown_grace = 1s;
  Server server(opts, router_);
  Client c(server.start());
  c.write_raw("GET /hello/a HTTP/1.1\r\nHost: x\r\n");  // request in progress, never finished
  std::this_thread::sleep_for(100ms);
  server.stop();
  EXPECT_TRUE(closed_by_server(c.wait_for_close()));
  EXPECT_EQ(hits_.load(), 0);
}

TEST_F(ServerTest, RefusesConnectionsAfterStopAndCannotRestart) {
  Server server(small_options(), router_);
  const unsigned short port = server.start();
  server.stop();
  asio::io_context ioc;
  tcp::socket s(ioc);
  beast::error_code ec;
  s.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), ec);
  EXPECT_TRUE(ec);
  EXPECT_THROW(server.start(), std::logic_error);
}

TEST_F(ServerTest, RunUntilSignalReturnsWhenStopped) {
  Server server(small_options(), router_);
  auto running = std::async(std::launch::async, [&server] { server.run_until_signal(); });
  while (server.port() == 0) std::this_thread::sleep_for(10ms);
  Client c(server.port());
  EXPECT_EQ(c.request(bhttp::verb::get, "/hello/a").result_int(), 200u);
  server.stop();
  EXPECT_EQ(running.wait_for(kClientTimeout), std::future_status::ready);
}

TEST_F(ServerTest, RunUntilSignalStopsOnSigterm) {
  Server server(small_options(), router_);
  auto running = std::async(std::launch::async, [&server] { server.run_until_signal(); });
  while (server.port() == 0) std::this_thread::sleep_for(10ms);
  // run_until_signal() installs its handler before it binds, so once port() is set a
  // SIGTERM ends run_until_signal (rather than the process).
  std::raise(SIGTERM);
  EXPECT_EQ(running.wait_for(kClientTimeout), std::future_status::ready);
}

// ServerOptions::serial_writes: unsafe requests run one at a time on the writer thread;
// reads go on on the I/O threads meanwhile; the writer's queue is bounded.
class SerialWritesTest : public ::testing::Test {
 protected:
  SerialWritesTest() {
    router_.add("PUT", "/w", [this](const Request&, const PathParams&) {
      const int now = ++writing_;
      int seen = max_writing_.load();
      while (seen < now && !max_writing_.compare_exchange_weak(seen, now)) {
      }
      if (hold_first_ && !held_.exchange(true)) {
        write_started_.set_value();
        release_.get_future().wait_for(kClientTimeout);
      } else {
        std::this_thread::sleep_for(20ms);
      }
      --writing_;
      return Response{};
    });
    router_.add("GET", "/r", [this](const Request&, const PathParams&) {
      Response r;
      r.body = "{\"writing\":" + std::to_string(writing_.load()) + "}";
      return r;
    });
  }
  ServerOptions options(std::size_t queue) {
    ServerOptions o;
    o.port = 0;
    o.threads = 4;
    o.serial_writes = true;
    o.writer_queue = queue;
    return o;
  }
  Router router_;
  std::atomic<int> writing_{0};
  std::atomic<int> max_writing_{0};
  bool hold_first_ = false;
  std::atomic<bool> held_{false};
  std::promise<void> write_started_;
  std::promise<void> release_;
};

TEST_F(SerialWritesTest, WritesRunOneAtATime) {
  Server server(options(16), router_);
  const auto port = server.start();
  std::vector<std::future<unsigned>> answers;
  for (int i = 0; i < 6; ++i)
    answers.push_back(std::async(std::launch::async, [port] {
      Client c(port);
      return c.request(bhttp::verb::put, "/w", "{}").result_int();
    }));
  for (auto& a : answers) EXPECT_EQ(a.get(), 200u);
  EXPECT_EQ(max_writing_.load(), 1);
}

TEST_F(SerialWritesTest, ReadsAreAnsweredWhileAWriteRuns) {
  hold_first_ = true;
  Server server(options(16), router_);
  const auto port = server.start();
  auto write = std::async(std::launch::async, [port] {
    Client c(port);
    return c.request(bhttp::verb::put, "/w", "{}").result_int();
  });
  ASSERT_EQ(write_started_.get_future().wait_for(kClientTimeout), std::future_status::ready);
  Client reader(port);
  const auto res = reader.request(bhttp::verb::get, "/r");
  EXPECT_EQ(res.result_int(), 200u);
  EXPECT_EQ(res.body(), "{\"writing\":1}");  // answered while the write was held
  release_.set_value();
  EXPECT_EQ(write.get(), 200u);
}

TEST_F(SerialWritesTest, AFullWriterQueueIsAnswered503) {
  hold_first_ = true;
  Server server(options(0), router_);
  const auto port = server.start();
  auto first = std::async(std::launch::async, [port] {
    Client c(port);
    return c.request(bhttp::verb::put, "/w", "{}").result_int();
  });
  ASSERT_EQ(write_started_.get_future().wait_for(kClientTimeout), std::future_status::ready);
  Client second(port);
  const auto res = second.request(bhttp::verb::put, "/w", "{}");
  expect_problem(res, 503u, "/problems/busy");
  EXPECT_EQ(res[bhttp::field::retry_after], "1");
  release_.set_value();
  EXPECT_EQ(first.get(), 200u);
  EXPECT_EQ(second.request(bhttp::verb::put, "/w", "{}").result_int(), 200u);
}

TEST(ServerBind, PortInUseThrows) {
  Router router;
  ServerOptions o;
  o.port = 0;
  o.threads = 1;
  Server a(o, router);
  o.port = a.start();
  Server b(o, router);
  EXPECT_THROW(b.start(), std::system_error);
}

}  // namespace
}  // namespace kyosei::http

namespace kyosei::http {
namespace {

// X-Forwarded-For is read only from a trusted peer; the right-most untrusted entry wins,
// and a header with anything but IP literals is ignored (issue 10, finding 5).
TEST(ForwardedClient, OnlyATrustedPeerIsBelieved) {
  const std::vector<std::string> trusted = {"127.0.0.1", "10.0.0.2"};
  EXPECT_EQ(forwarded_client("127.0.0.1:5000", "203.0.113.5", trusted), "203.0.113.5:0");
  EXPECT_EQ(forwarded_client("192.0.2.9:5000", "203.0.113.5", trusted), "192.0.2.9:5000");
  EXPECT_EQ(forwarded_client("127.0.0.1:5000", "203.0.113.5", {}), "127.0.0.1:5000");
  EXPECT_EQ(forwarded_client("127.0.0.1:5000", "", trusted), "127.0.0.1:5000");
  // The client may write anything on the left; the proxies' own entries are skipped.
  EXPECT_EQ(forwarded_client("127.0.0.1:5000", "1.1.1.1, 203.0.113.5, 10.0.0.2", trusted),
            "203.0.113.5:0");
  EXPECT_EQ(forwarded_client("127.0.0.1:5000", " 2001:db8::1 ", trusted), "[2001:db8::1]:0");
  EXPECT_EQ(forwarded_client("127.0.0.1:5000", "10.0.0.2", trusted), "127.0.0.1:5000");
  for (const char* bad : {"unknown", "203.0.113.5:80", "203.0.113.5,", ",203.0.113.5", "a b"})
    EXPECT_EQ(forwarded_client("127.0.0.1:5000", bad, trusted), "127.0.0.1:5000") << bad;
  EXPECT_EQ(forwarded_client("[::ffff:127.0.0.1]:5000", "203.0.113.5", trusted), "203.0.113.5:0");
  EXPECT_TRUE(is_ip_literal("::1"));
  EXPECT_TRUE(is_ip_literal("127.0.0.1"));
  EXPECT_FALSE(is_ip_literal("localhost"));
}

}  // namespace
}  // namespace kyosei::http
