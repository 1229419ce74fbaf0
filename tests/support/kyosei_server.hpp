#pragma once
// A real `kyosei serve` on a free loopback port over a fresh SQLite database with the demo
// region and one user per role, and a signed-in API client (cookie + CSRF token).

#include <boost/json.hpp>
#include <filesystem>
#include <map>
#include <memory>
#include <string>

#include "storage/common/test_support.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/process.hpp"

namespace kyosei::testing {

inline const std::string kTestPassword = "test-password-長い-1";

// Logins → roles ("REGION:ROLE[:CODE]", or "admin"), as KyoseiServer takes them.
using Users = std::map<std::string, std::vector<std::string>>;
// The demo region's roles that the end-to-end suites give their users.
inline const std::string kSecretariat = "minami-sorachi:secretariat";
inline const std::string kNanporoEditor = "minami-sorachi:municipality_editor:01423";
inline const std::string kCouncilMember = "minami-sorachi:council_member";

class KyoseiServer {
 public:
  // Starts the server; `users` maps login → roles ("REGION:ROLE[:CODE]", or "admin").
  // engine "sqlite" (a fresh file) or "postgres" (a fresh schema in KYOSEI_TEST_PG_URL;
  // skip_reason() is set when that is not available). `dataset`: the file loaded first
  // (default data/minami-sorachi.yaml).
  explicit KyoseiServer(const std::map<std::string, std::vector<std::string>>& users,
                        std::vector<std::string> extra_serve_args = {},
                        const std::string& engine = "sqlite", const std::string& dataset = {});
  const std::string& skip_reason() const { return skip_reason_; }
  ~KyoseiServer();

  unsigned short port() const { return port_; }
  const std::string& db_url() const { return db_url_; }
  std::string db_path() const { return (dir_ / "k.db").string(); }
  RunResult cli(std::vector<std::string> args, const std::string& stdin_text = {}) const;
  std::string log() const;  // what the server wrote to stderr so far
  // Crash tests: kills the server with SIGKILL (no chance to clean up) and waits for it;
  // restart() starts it again on the same database (a new port: see port()).
  void kill_hard();
  void restart();

 private:
  void start();
  std::vector<std::string> argv_;
  std::filesystem::path dir_;
  std::string db_url_;
  std::unique_ptr<Background> server_;
  std::unique_ptr<storage::testing::TestDatabase> pg_;
  std::string skip_reason_;
  unsigned short port_ = 0;
};

// Loads the demo region's dataset again under another slug (a second region of the same
// server), checked and sealed as an operator would after editing it by hand. Records a test
// failure when either step fails.
void load_demo_as(const KyoseiServer& server, const std::string& slug);

class Client {
 public:
  explicit Client(unsigned short port) : port_(port) {}

  // Signs in (and completes or enrols TOTP when asked). Returns the HTTP status of the
  // password step.
  unsigned sign_in(const std::string& login, const std::string& password = kTestPassword);
  HttpResult request(const std::string& method, const std::string& target,
                     const std::string& body = {}, std::map<std::string, std::string> headers = {});
  boost::json::value get_json(const std::string& target);

  const std::string& csrf() const { return csrf_; }
  const std::string& cookie() const { return cookie_; }
  void set_cookie(std::string c) { cookie_ = std::move(c); }
  void set_csrf(std::string c) { csrf_ = std::move(c); }
  // TOTP secrets enrolled by sign_in, per login (shared by all clients in the process).
  static std::map<std::string, std::string>& totp_secrets();
  // A code for `login` the server has not seen yet (it refuses replayed time steps).
  std::string next_totp_code(const std::string& login);
  // The last time step used per "PORT/LOGIN" (by next_totp_code).
  static std::map<std::string, long long>& totp_steps();

 private:
  unsigned short port_;
  std::string cookie_;
  std::string csrf_;
};

}  // namespace kyosei::testing
