#pragma once
// One file per command (cli/commands/*.cpp): each registers its subcommand on the
// top-level CLI11 app and returns how to run it; main.cpp parses and runs the one given.
// Commands reach the database only through app/ (app::Services and the use cases).

#include <CLI/CLI.hpp>
#include <functional>
#include <string>
#include <vector>

#include "app/common/error.hpp"

namespace kyosei::cli {

// Exit codes: 0 done; 1 refused (the problems are on standard error); 2 a malformed
// option value the parser cannot check; 3 an unexpected failure ("kyosei: …").
inline constexpr int kExitProblems = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitFailure = 3;

// The options of the top-level app, seen by every command.
struct Options {
  std::string db_url;  // --db, else KYOSEI_DB, else sqlite:var/kyosei.db
  // --audit-key-file, else KYOSEI_AUDIT_KEY_FILE, else var/audit.key (created on first use;
  // a file named explicitly must exist). ADR 0008.
  std::string audit_key_file;
  bool audit_key_named = false;
};

struct Command {
  CLI::App* subcommand = nullptr;  // run when it was given
  std::function<int()> run;        // returns the exit code; unexpected failures throw
  bool offline = false;            // never touches the database (nor creates its folder)
};

// In the order of `kyosei --help`.
Command add_migrate_command(CLI::App& cli, const Options& options);
Command add_load_command(CLI::App& cli, const Options& options);
Command add_dump_command(CLI::App& cli, const Options& options);
Command add_check_command(CLI::App& cli);
Command add_serve_command(CLI::App& cli, const Options& options);
Command add_audit_command(CLI::App& cli, const Options& options);
Command add_user_command(CLI::App& cli, const Options& options);
Command add_demo_users_command(CLI::App& cli, const Options& options);
Command add_demo_progress_command(CLI::App& cli, const Options& options);
Command add_demo_council_command(CLI::App& cli, const Options& options);
Command add_synth_command(CLI::App& cli, const Options& options);
Command add_purge_command(CLI::App& cli, const Options& options);
// The automatic reminders once (issue 12 item 6): remind.cpp.
Command add_remind_command(CLI::App& cli, const Options& options);
Command add_routes_command(CLI::App& cli);
// Backup and restore (issue 14): backup.cpp.
Command add_backup_command(CLI::App& cli, const Options& options);
Command add_restore_command(CLI::App& cli, const Options& options);

// Helpers shared by the commands.
// "cli:" and the operator's login (SUDO_USER, else USER), for the audit trail.
std::string operator_name();
// A refusal from a use case on standard error: "detail_ja (detail_en)"; returns kExitProblems.
int print_error(const app::Error& e);
// The problems of a dataset (app::problem_lines), then their count, on standard error.
void print_problems(const std::vector<std::string>& lines);

}  // namespace kyosei::cli
