#include "tests/support/kyosei_server.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "app/access/security.hpp"

namespace kyosei::testing {

namespace fs = std::filesystem;
namespace json = boost::json;

namespace {
std::atomic<int> counter{0};
}

KyoseiServer::KyoseiServer(const std::map<std::string, std::vector<std::string>>& users,
                           std::vector<std::string> extra_serve_args, const std::string& engine,
                           const std::string& dataset) {
  dir_ = fs::temp_directory_path() /
         ("kyosei_srv_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
  fs::remove_all(dir_);
  fs::create_directories(dir_);
  db_url_ = "sqlite:" + (dir_ / "k.db").string();
  if (engine == "postgres") {
    pg_ = std::make_unique<storage::testing::TestDatabase>("postgres", 1);
    if (!pg_->skip_reason().empty()) {
      skip_reason_ = pg_->skip_reason();
      return;
    }
    db_url_ = pg_->url();
  }
  auto load =
      cli({"load", dataset.empty() ? std::string(KYOSEI_SOURCE_DIR) + "/data/minami-sorachi.yaml"
                                   : dataset});
  if (load.exit_code != 0) throw std::runtime_error("load failed: " + load.err);
  for (const auto& [login, roles] : users) {
    std::vector<std::string> args = {"user", "add", login};
    for (const auto& r : roles) {
      if (r == "admin") {
        args.push_back("--admin");
      } else {
        args.push_back("--role");
        args.push_back(r);
      }
    }
    auto add = cli(args, kTestPassword + "\n");
    if (add.exit_code != 0) throw std::runtime_error("user add failed: " + add.err);
  }
  std::vector<std::string> argv = {KYOSEI_BINARY, "--db",     db_url_,
                                   "serve",       "--listen", "127.0.0.1:0"};
  argv.insert(argv.end(), extra_serve_args.begin(), extra_serve_args.end());
  // stderr (the request log) goes to a file the tests can read.
  const std::string log_path = (dir_ / "server.log").string();
  argv = {"/bin/sh", "-c", "exec \"$0\" \"$@\" 2>>" + log_path, argv[0]};
  argv.insert(argv.end(), {"--db", db_url_, "serve", "--listen", "127.0.0.1:0"});
  argv.insert(argv.end(), extra_serve_args.begin(), extra_serve_args.end());
  argv_ = std::move(argv);
  start();
}

void KyoseiServer::start() {
  server_ = std::make_unique<Background>(argv_);
  const std::string line = server_->wait_for_line("http://127.0.0.1:", std::chrono::seconds(60));
  if (line.empty()) throw std::runtime_error("server did not start");
  port_ = static_cast<unsigned short>(std::stoi(line.substr(line.rfind(':') + 1)));
}

void KyoseiServer::kill_hard() {
  if (!server_) return;
  server_->signal(SIGKILL);
  server_->wait();
  server_.reset();
}

void KyoseiServer::restart() {
  kill_hard();
  start();
}

KyoseiServer::~KyoseiServer() {
  server_.reset();
  pg_.reset();
  std::error_code ec;
  fs::remove_all(dir_, ec);
}

RunResult KyoseiServer::cli(std::vector<std::string> args, const std::string& stdin_text) const {
  args.insert(args.begin(), {KYOSEI_BINARY, "--db", db_url_});
  return run(args, {}, stdin_text);
}

std::string KyoseiServer::log() const {
  std::ifstream in(dir_ / "server.log");
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::map<std::string, std::string>& Client::totp_secrets() {
  static std::map<std::string, std::string> secrets;
  return secrets;
}

std::map<std::string, long long>& Client::totp_steps() {
  static std::map<std::string, long long> steps;
  return steps;
}

std::string Client::next_totp_code(const std::string& login) {
  // The server accepts each time step once (and one step ahead of its clock): take the
  // current step, or the next unused one, waiting when both are spent.
  auto& last_step = totp_steps();
  const std::string key = std::to_string(port_) + "/" + login;
  for (;;) {
    const auto now = static_cast<long long>(std::time(nullptr));
    const long long step = std::max(now / 30, last_step[key] + 1);
    if (step <= now / 30 + 1) {
      last_step[key] = step;
      return app::totp_code(totp_secrets()[login], step * 30);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
  }
}

unsigned Client::sign_in(const std::string& login, const std::string& password) {
  json::object body{{"login", login}, {"password", password}};
  auto r = http_request(port_, "POST", "/api/v1/session", {{"Content-Type", "application/json"}},
                        json::serialize(body));
  if (r.status != 200) return r.status;
  const std::string set = r.header("set-cookie");
  cookie_ = set.substr(0, set.find(';'));
  auto info = json::parse(r.body);
  csrf_ = std::string(info.at("csrf_token").as_string());
  const std::string second(info.at("second_factor").as_string());
  auto take_cookie = [this](const HttpResult& res) {
    const std::string c = res.header("set-cookie");
    if (!c.empty()) cookie_ = c.substr(0, c.find(';'));
  };
  if (second == "enrol") {
    auto e = request("POST", "/api/v1/me/totp", "{}");
    if (e.status != 200) return e.status;
    const std::string secret(json::parse(e.body).at("secret").as_string());
    totp_secrets()[login] = secret;
    auto c = request("POST", "/api/v1/me/totp/confirm",
                     json::serialize(json::object{{"code", next_totp_code(login)}}));
    if (c.status != 204) return c.status;
    take_cookie(c);
  } else if (second == "required") {
    const std::string code = next_totp_code(login);
    auto c = request("POST", "/api/v1/session/totp", json::serialize(json::object{{"code", code}}));
    if (c.status != 200) return c.status;
    take_cookie(c);
  }
  return 200;
}

HttpResult Client::request(const std::string& method, const std::string& target,
                           const std::string& body, std::map<std::string, std::string> headers) {
  if (!cookie_.empty() && !headers.contains("Cookie")) headers["Cookie"] = cookie_;
  if (!csrf_.empty() && !headers.contains("X-CSRF-Token")) headers["X-CSRF-Token"] = csrf_;
  if (!body.empty() && !headers.contains("Content-Type"))
    headers["Content-Type"] = "application/json";
  return http_request(port_, method, target, headers, body);
}

json::value Client::get_json(const std::string& target) {
  auto r = request("GET", target);
  EXPECT_EQ(r.status, 200u) << target << "\n" << r.body;
  return json::parse(r.body);
}

void load_demo_as(const KyoseiServer& server, const std::string& slug) {
  std::ifstream in(std::string(KYOSEI_SOURCE_DIR) + "/data/minami-sorachi.yaml");
  std::ostringstream text;
  text << in.rdbuf();
  std::string yaml = text.str();
  const std::string from = "slug: minami-sorachi";
  yaml.replace(yaml.find(from), from.size(), "slug: " + slug);
  const auto path = std::filesystem::temp_directory_path() /
                    ("kyosei_" + slug + "_" + std::to_string(server.port()) + ".yaml");
  std::ofstream(path) << yaml;
  ASSERT_EQ(server.cli({"check", "--seal", path.string()}).exit_code, 0);  // edited by hand
  auto load = server.cli({"load", path.string()});
  std::filesystem::remove(path);
  ASSERT_EQ(load.exit_code, 0) << load.err;
}

}  // namespace kyosei::testing
