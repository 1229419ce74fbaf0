// kyosei serve: the HTTP server — the JSON API and, when built, the web front end on the
// same origin. Prints its URL on standard output; logs go to standard error.

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include "app/common/db_url.hpp"
#include "app/notice/mailer.hpp"
#include "app/progress/progress.hpp"
#include "app/services.hpp"
#include "cli/commands/command.hpp"
#include "cli/messages.hpp"
#include "http/api/api.hpp"
#include "http/server/server.hpp"
#include "http/server/static_files.hpp"
#include "kyosei/version.hpp"

namespace kyosei::cli {
namespace {

struct ServeArgs {
  std::string listen = "127.0.0.1:8080";
  int threads = 0;
  std::string web_root;
  bool insecure_cookies = false;
  std::vector<std::string> trusted_proxies;
  int sign_ins_per_minute = app::AuthOptions{}.max_sign_ins_per_login;
  int purge_interval = 600;
  int remind_interval = 0;  // seconds between automatic reminder runs, 0 = never
  int hash_workers = http::ServerOptions{}.worker_threads;
  std::string smtp_url;  // "" = no e-mail (notices stay in the application)
  std::string smtp_from = "kyosei@localhost";
};

// Runs `task` every `interval` on a thread of its own until destroyed (never when the
// interval is 0). A failure is logged and the next run goes ahead.
class Every {
 public:
  Every(std::chrono::seconds interval, std::function<void()> task)
      : interval_(interval), task_(std::move(task)) {
    if (interval_.count() > 0) thread_ = std::thread([this] { run(); });
  }
  ~Every() {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
  }
  Every(const Every&) = delete;
  Every& operator=(const Every&) = delete;

 private:
  void run() {
    std::unique_lock lock(mu_);
    while (!cv_.wait_for(lock, interval_, [this] { return stop_; })) {
      lock.unlock();
      try {
        task_();
      } catch (const std::exception& e) {
        spdlog::warn("periodic task failed: {}", e.what());
      }
      lock.lock();
    }
  }
  std::chrono::seconds interval_;
  std::function<void()> task_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;
};

// Parses "HOST:PORT" ("[::1]:8080" for IPv6).
bool parse_listen(const std::string& s, std::string& host, unsigned short& port) {
  const auto colon = s.rfind(':');
  if (colon == std::string::npos || colon == 0) return false;
  host = s.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  try {
    std::size_t used = 0;
    const int p = std::stoi(s.substr(colon + 1), &used);
    if (used != s.size() - colon - 1 || p < 0 || p > 65535) return false;
    port = static_cast<unsigned short>(p);
  } catch (const std::exception&) {
    return false;
  }
  return true;
}

// The OpenAPI description, served as-is; found beside the sources or the installed binary.
std::string read_openapi() {
  for (const char* path : {"docs/api/openapi.json", KYOSEI_SOURCE_DIR "/docs/api/openapi.json"}) {
    std::ifstream in(path, std::ios::binary);
    if (in) {
      std::ostringstream s;
      s << in.rdbuf();
      return s.str();
    }
  }
  return {};
}

int run_serve(ServeArgs args, const Options& cli_options) {
  http::ServerOptions options;
  if (!parse_listen(args.listen, options.host, options.port)) {
    std::cerr << ja_en(msg::cli::listen_format) << ": " << args.listen << "\n";
    return kExitUsage;
  }
  options.threads = args.threads;
  options.worker_threads = args.hash_workers;
  for (const auto& list : args.trusted_proxies) {
    std::size_t start = 0;
    while (start <= list.size()) {
      auto end = list.find(',', start);
      if (end == std::string::npos) end = list.size();
      std::string item = list.substr(start, end - start);
      item.erase(0, item.find_first_not_of(' '));
      item.erase(item.find_last_not_of(' ') + 1);
      if (!item.empty()) {
        if (!http::is_ip_literal(item)) {
          std::cerr << "--trusted-proxy: not an IP address: " << item << "\n";
          return kExitUsage;
        }
        options.trusted_proxies.push_back(item);
      }
      start = end + 1;
    }
  }
  // Uploads (evidence files, meeting materials) are the largest bodies; JSON bodies have
  // their own 1 MiB limit.
  options.body_limit = app::kMaxEvidenceBytes + 64 * 1024;
  // One database session per I/O thread, and one for the writer thread (SQLite, below).
  const std::size_t pool = (args.threads > 0 ? static_cast<std::size_t>(args.threads)
                                             : std::max(2u, std::thread::hardware_concurrency())) +
                           1;
  app::AuthOptions auth_options;
  auth_options.max_sign_ins_per_login = args.sign_ins_per_minute;
  const auto services = app::Services::open(cli_options.db_url, pool, auth_options);
  // SQLite has one writer: unsafe requests queue for the writer thread instead of holding
  // I/O threads on the write lock (ADR 0009). PostgreSQL writes regions in parallel.
  options.serial_writes = app::one_writer(services->database());
  http::Router router;
  http::ApiServices api{*services, !args.insecure_cookies, read_openapi()};
  http::register_api(router, api);
  // The web front end, when built: same origin, so the strict CSP and the session
  // cookie work unchanged.
  std::unique_ptr<http::StaticFiles> web;
  if (args.web_root.empty() && std::filesystem::is_regular_file("web/dist/index.html"))
    args.web_root = "web/dist";
  if (!args.web_root.empty() && args.web_root != "none") {
    try {
      web = std::make_unique<http::StaticFiles>(args.web_root);
    } catch (const std::exception& e) {
      std::cerr << "--web-root: " << e.what() << "\n";
      return kExitUsage;
    }
    router.set_fallback([&web](const http::Request& r) { return web->serve(r); });
    spdlog::info("web front end: {} ({} files)", args.web_root, web->file_count());
  }
  // Removes expired sessions and old attempt rows.
  Every purger(std::chrono::seconds(args.purge_interval), [&services] {
    const auto purged = services->auth().purge();
    if (purged.sessions > 0 || purged.attempts > 0)
      spdlog::info("purged {} expired sessions and {} attempt rows", purged.sessions,
                   purged.attempts);
  });
  // E-mail for notices: queued with each notice, sent by this worker thread (ADR 0014).
  std::unique_ptr<app::Mailer> mailer;
  if (!args.smtp_url.empty()) {
    if (args.smtp_url.rfind("smtp://", 0) != 0 && args.smtp_url.rfind("smtps://", 0) != 0) {
      std::cerr << "--smtp-url: must start with smtp:// or smtps://\n";
      return kExitUsage;
    }
    services->notices().set_mail(true);
    mailer = std::make_unique<app::Mailer>(services->database(), services->clock(),
                                           app::smtp_sender({args.smtp_url, args.smtp_from}));
    mailer->start(std::chrono::seconds(1));
    spdlog::info("e-mail for notices through the SMTP relay (from {})", args.smtp_from);
  }
  // The automatic reminders (as `kyosei remind`), after the mail switch above.
  Every reminder(std::chrono::seconds(args.remind_interval), [&services] {
    const auto out = services->notices().remind_due(std::nullopt, "system:remind");
    if (const auto* e = std::get_if<app::Error>(&out)) {
      spdlog::warn("reminders failed: {}", e->detail_en);
      return;
    }
    const auto& o = std::get<boost::json::object>(out);
    if (o.at("notices").as_int64() > 0)
      spdlog::info("reminders: {} notices, {} e-mails queued", o.at("notices").as_int64(),
                   o.at("mail_queued").as_int64());
  });
  http::Server server(options, router);
  // The address is announced once SIGTERM and SIGINT stop the server gracefully: a
  // supervisor (or a test) that signals as soon as it reads it never kills the process.
  server.run_until_signal([&](unsigned short port) {
    spdlog::info("Kyosei {} listening on http://{}:{}/ (database {})", kVersion, options.host, port,
                 app::database_label(services->database()));
    std::cout << "Kyosei: http://"
              << (options.host.find(':') != std::string::npos ? "[" + options.host + "]"
                                                              : options.host)
              << ":" << port << "/" << std::endl;
  });
  spdlog::info("stopped");
  return 0;
}

}  // namespace

Command add_serve_command(CLI::App& cli, const Options& options) {
  auto args = std::make_shared<ServeArgs>();
  auto* cmd = cli.add_subcommand("serve", both(msg::cli::serve_help));
  cmd->add_option("--listen", args->listen, "HOST:PORT")->capture_default_str();
  cmd->add_option("--threads", args->threads, "I/O threads (0 = one per core)")
      ->check(CLI::Range(0, 256));
  cmd->add_option("--web-root", args->web_root, both(msg::cli::web_root_help));
  cmd->add_flag("--insecure-cookies", args->insecure_cookies,
                both(msg::cli::insecure_cookies_help));
  if (const char* env = std::getenv("KYOSEI_TRUSTED_PROXIES"); env != nullptr && *env != '\0')
    args->trusted_proxies.emplace_back(env);
  cmd->add_option("--trusted-proxy", args->trusted_proxies, both(msg::cli::trusted_proxy_help));
  cmd->add_option("--sign-ins-per-minute", args->sign_ins_per_minute, both(msg::cli::sign_ins_help))
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  cmd->add_option("--purge-interval", args->purge_interval, both(msg::cli::purge_interval_help))
      ->check(CLI::Range(0, 7 * 24 * 3600))
      ->capture_default_str();
  cmd->add_option("--remind-interval", args->remind_interval, both(msg::cli::remind_interval_help))
      ->check(CLI::Range(0, 7 * 24 * 3600))
      ->capture_default_str();
  cmd->add_option("--hash-workers", args->hash_workers, both(msg::cli::hash_workers_help))
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  if (const char* env = std::getenv("KYOSEI_SMTP_URL"); env != nullptr) args->smtp_url = env;
  if (const char* env = std::getenv("KYOSEI_SMTP_FROM"); env != nullptr && *env != '\0')
    args->smtp_from = env;
  cmd->add_option("--smtp-url", args->smtp_url, both(msg::cli::smtp_url_help));
  cmd->add_option("--smtp-from", args->smtp_from, both(msg::cli::smtp_from_help))
      ->capture_default_str();
  return {cmd, [args, &options] { return run_serve(*args, options); }};
}

}  // namespace kyosei::cli
