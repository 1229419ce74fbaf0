// kyosei: the command-line entry point. Every command takes --db URL.

#include <soci/soci.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>

#include "app/datasets.hpp"
#include "app/vision.hpp"
#include "http/api.hpp"
#include "http/server.hpp"
#include "kyosei/version.hpp"
#include "storage/audit_store.hpp"
#include "storage/migrations.hpp"

namespace {

using namespace kyosei;

constexpr int kExitProblems = 1;
constexpr int kExitFailure = 3;

void print_problems(const std::vector<exchange::DatasetProblem>& problems) {
  for (const auto& p : problems) std::cerr << exchange::format_problem(p) << "\n";
  std::cerr << problems.size() << " 件の問題 (" << problems.size() << " problem"
            << (problems.size() == 1 ? "" : "s") << ")\n";
}

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

// Creates the parent folder of a SQLite database file, so that a first run just works.
void ensure_sqlite_folder(const std::string& url) {
  storage::DbUrl parsed;
  std::string error;
  if (storage::parse_db_url(url, parsed, error) && parsed.engine == storage::Engine::kSqlite &&
      parsed.path != ":memory:") {
    const auto parent = std::filesystem::path(parsed.path).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent);
  }
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli{
      "Kyosei — 共生ビジョンの進行管理 (cooperation-plan management for Japanese municipalities)"};
  cli.set_version_flag("--version", std::string("kyosei ") + kVersion);
  cli.require_subcommand(1);
  const char* env_db = std::getenv("KYOSEI_DB");
  std::string db_url = env_db != nullptr ? env_db : "sqlite:var/kyosei.db";
  cli.add_option("--db", db_url,
                 "データベース / database URL: sqlite:PATH or postgresql://user@host:port/db "
                 "(env KYOSEI_DB)")
      ->capture_default_str();

  auto* migrate_cmd =
      cli.add_subcommand("migrate", "スキーマを最新にする / apply database migrations");

  std::string load_file;
  bool replace = false;
  auto* load_cmd = cli.add_subcommand(
      "load",
      "データセットを読み込む（1トランザクション）/ load a dataset file in one transaction");
  load_cmd->add_option("FILE", load_file, "dataset file (YAML)")
      ->required()
      ->check(CLI::ExistingFile);
  load_cmd->add_flag("--replace", replace,
                     "同じ圏域を置き換える / replace a region with the same slug");

  std::string dump_slug;
  std::string dump_out;
  auto* dump_cmd = cli.add_subcommand(
      "dump", "圏域をデータセットとして書き出す / write a region as a dataset file");
  dump_cmd->add_option("REGION", dump_slug, "region slug, e.g. minami-sorachi")->required();
  dump_cmd->add_option("--out", dump_out, "output file (default: standard output)");

  std::string check_file;
  auto* check_cmd = cli.add_subcommand(
      "check",
      "データセットを検査する（DBは触らない）/ validate a dataset file; no database access");
  check_cmd->add_option("FILE", check_file, "dataset file (YAML)")->required();

  std::string listen = "127.0.0.1:8080";
  int threads = 0;
  auto* serve_cmd = cli.add_subcommand("serve", "APIサーバを起動する / run the HTTP server");
  serve_cmd->add_option("--listen", listen, "HOST:PORT")->capture_default_str();
  serve_cmd->add_option("--threads", threads, "I/O threads (0 = one per core)")
      ->check(CLI::Range(0, 256));

  auto* audit_cmd = cli.add_subcommand("audit", "監査ログ / audit trail");
  audit_cmd->require_subcommand(1);
  auto* audit_verify_cmd =
      audit_cmd->add_subcommand("verify", "ハッシュチェーンを検証する / verify the hash chain");

  CLI11_PARSE(cli, argc, argv);

  try {
    if (check_cmd->parsed()) {
      auto report = app::check_dataset(check_file);
      if (!report.region) {
        print_problems(report.problems);
        return kExitProblems;
      }
      std::cout << check_file << ": OK（問題なし / no problems）: " << report.region->slug << "\n";
      return 0;
    }

    ensure_sqlite_folder(db_url);

    if (migrate_cmd->parsed()) {
      auto db = storage::Database::open(db_url);
      auto status = storage::migrate(*db);
      for (const auto& name : status.applied) std::cout << "applied: " << name << "\n";
      std::cout << "schema version " << status.to_version << "\n";
      return 0;
    }

    if (audit_verify_cmd->parsed()) {
      auto db = storage::Database::open(db_url);
      storage::migrate(*db);
      storage::AuditVerification v;
      db->with_session([&](soci::session& sql) { v = storage::verify_audit(sql); });
      if (v.ok) {
        std::cout << "監査ログは正常です (audit trail intact): " << v.entries << " entries\n";
        return 0;
      }
      std::cerr << "監査ログが改ざんされています: エントリ " << v.first_bad_id
                << " (audit trail broken at entry " << v.first_bad_id << ": " << v.reason << ")\n";
      return kExitProblems;
    }

    if (load_cmd->parsed()) {
      // Validate before opening the database: a bad file never touches it.
      auto check = app::check_dataset(load_file);
      if (!check.region) {
        print_problems(check.problems);
        std::cerr << "読み込みませんでした。データベースは変更されていません (nothing loaded; the "
                     "database is unchanged)\n";
        return kExitProblems;
      }
      auto db = storage::Database::open(db_url);
      app::LoadOptions options;
      options.replace = replace;
      const char* who = std::getenv("SUDO_USER") ? std::getenv("SUDO_USER") : std::getenv("USER");
      options.actor = std::string("cli:") + (who != nullptr ? who : "unknown");
      if (const char* pause = std::getenv("KYOSEI_FAULT_PAUSE_BEFORE_COMMIT")) {
        // Crash tests: announce the point just before COMMIT, then wait to be killed.
        const std::string marker = pause;
        options.before_commit = [marker] {
          std::ofstream(marker) << "before-commit\n";
          std::this_thread::sleep_for(std::chrono::seconds(30));
        };
      }
      auto report = app::load_dataset(*db, load_file, options);
      switch (report.status) {
        case app::LoadReport::Status::kInvalid:
          print_problems(report.problems);
          return kExitProblems;
        case app::LoadReport::Status::kExists:
          std::cerr << "圏域「" << report.slug
                    << "」は既にあります。置き換えるには --replace (region '" << report.slug
                    << "' exists; use --replace)\n";
          return kExitProblems;
        case app::LoadReport::Status::kLoaded:
          std::cout << "loaded: " << report.slug << "\n";
          return 0;
        case app::LoadReport::Status::kReplaced:
          std::cout << "replaced: " << report.slug << "\n";
          return 0;
      }
    }

    if (dump_cmd->parsed()) {
      auto db = storage::Database::open(db_url);
      storage::migrate(*db);
      auto text = app::dump_region(*db, dump_slug);
      if (!text) {
        std::cerr << "圏域「" << dump_slug << "」はありません (no region '" << dump_slug << "')\n";
        return kExitProblems;
      }
      if (dump_out.empty()) {
        std::cout << *text;
      } else {
        const auto tmp = dump_out + ".tmp";
        {
          std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
          out << *text;
          if (!out) throw std::runtime_error("cannot write " + tmp);
        }
        std::filesystem::rename(tmp, dump_out);
      }
      return 0;
    }

    if (serve_cmd->parsed()) {
      http::ServerOptions options;
      if (!parse_listen(listen, options.host, options.port)) {
        std::cerr << "--listen は HOST:PORT で指定してください (--listen must be HOST:PORT): "
                  << listen << "\n";
        return 2;
      }
      options.threads = threads;
      const std::size_t pool = threads > 0 ? static_cast<std::size_t>(threads)
                                           : std::max(2u, std::thread::hardware_concurrency());
      auto db = storage::Database::open(db_url, pool);
      storage::migrate(*db);
      storage::RegionStore store(*db);
      app::VisionQueries vision(store);
      http::Router router;
      http::ApiServices services{*db, vision};
      http::register_api(router, services);
      http::Server server(options, router);
      const auto port = server.start();
      spdlog::info(
          "Kyosei {} listening on http://{}:{}/ (database {})", kVersion, options.host, port,
          db->engine() == storage::Engine::kSqlite ? db->url().path : std::string("postgresql"));
      std::cout << "Kyosei: http://"
                << (options.host.find(':') != std::string::npos ? "[" + options.host + "]"
                                                                : options.host)
                << ":" << port << "/" << std::endl;
      server.run_until_signal();
      spdlog::info("stopped");
      return 0;
    }
  } catch (const std::exception& e) {
    std::cerr << "kyosei: " << e.what() << "\n";
    return kExitFailure;
  }
  return 0;
}
