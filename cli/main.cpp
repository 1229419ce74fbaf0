// kyosei: the command-line entry point. Every command takes --db URL; each command is one
// file in cli/commands/ (command.hpp lists them).

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <vector>

#include "app/audit/audit_key.hpp"
#include "app/common/db_url.hpp"
#include "cli/commands/command.hpp"
#include "cli/messages.hpp"
#include "kyosei/version.hpp"

int main(int argc, char** argv) {
  using namespace kyosei;
  using namespace kyosei::cli;
  CLI::App program{"Kyosei — " + ja_en(msg::cli::app_description)};
  program.set_version_flag("--version", std::string("kyosei ") + kVersion);
  program.require_subcommand(1);
  Options options;
  const char* env_db = std::getenv("KYOSEI_DB");
  options.db_url = env_db != nullptr ? env_db : "sqlite:var/kyosei.db";
  program.add_option("--db", options.db_url, both(msg::cli::db_option))->capture_default_str();
  const char* env_key = std::getenv("KYOSEI_AUDIT_KEY_FILE");
  options.audit_key_named = env_key != nullptr && *env_key != '\0';
  options.audit_key_file = options.audit_key_named ? env_key : "var/audit.key";
  auto* key_option =
      program
          .add_option("--audit-key-file", options.audit_key_file, both(msg::cli::audit_key_option))
          ->capture_default_str();

  // One command per line, in the order of `kyosei --help`.
  // clang-format off
  const std::vector<Command> commands = {
      add_migrate_command(program, options),
      add_load_command(program, options),
      add_dump_command(program, options),
      add_check_command(program),
      add_serve_command(program, options),
      add_audit_command(program, options),
      add_user_command(program, options),
      add_demo_users_command(program, options),
      add_demo_progress_command(program, options),
      add_demo_council_command(program, options),  // a sample council year
      add_synth_command(program, options),
      add_purge_command(program, options),
      add_remind_command(program, options),
      add_routes_command(program),
      add_backup_command(program, options),
      add_restore_command(program, options),
  };
  // clang-format on

  CLI11_PARSE(program, argc, argv);
  // Logs go to standard error; standard output carries results (and the server's URL).
  spdlog::set_default_logger(spdlog::stderr_color_mt("kyosei"));

  try {
    for (const auto& command : commands) {
      if (!command.subcommand->parsed()) continue;
      if (!command.offline) {
        app::create_sqlite_folder(options.db_url);
        // The audit trail's seals (ADR 0008): the default key file is made on first use.
        const bool named = options.audit_key_named || key_option->count() > 0;
        const auto key = app::configure_audit_keys(options.audit_key_file, !named);
        if (key.created) {
          spdlog::warn("{}: {}", ja_en(msg::cli::audit_key_created), key.file.string());
        }
      }
      return command.run();
    }
  } catch (const std::exception& e) {
    std::cerr << "kyosei: " << e.what() << "\n";
    return kExitFailure;
  }
  return 0;
}
