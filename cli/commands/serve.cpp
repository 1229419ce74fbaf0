// kyosei serve: the HTTP server — the JSON API and, when built, the web front end on the
// same origin. Prints its URL on standard output; logs go to standard error.

#include <spdlog/spdlog.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <thread>

#include "app/common/db_url.hpp"
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
  // Evidence uploads are the largest bodies; JSON bodies have their own 1 MiB limit.
  options.body_limit = app::kMaxEvidenceBytes + 64 * 1024;
  const std::size_t pool = args.threads > 0 ? static_cast<std::size_t>(args.threads)
                                            : std::max(2u, std::thread::hardware_concurrency());
  const auto services = app::Services::open(cli_options.db_url, pool);
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
  http::Server server(options, router);
  const auto port = server.start();
  spdlog::info("Kyosei {} listening on http://{}:{}/ (database {})", kVersion, options.host, port,
               app::database_label(services->database()));
  std::cout << "Kyosei: http://"
            << (options.host.find(':') != std::string::npos ? "[" + options.host + "]"
                                                            : options.host)
            << ":" << port << "/" << std::endl;
  server.run_until_signal();
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
  return {cmd, [args, &options] { return run_serve(*args, options); }};
}

}  // namespace kyosei::cli
