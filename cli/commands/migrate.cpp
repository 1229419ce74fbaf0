// kyosei migrate: applies pending schema migrations and prints the schema version.

#include <iostream>

#include "app/services.hpp"
#include "cli/commands/command.hpp"
#include "cli/messages.hpp"

namespace kyosei::cli {
namespace {

int run_migrate(const Options& options) {
  const auto services = app::Services::open(options.db_url);
  const auto& status = services->migration();
  for (const auto& name : status.applied) std::cout << "applied: " << name << "\n";
  std::cout << "schema version " << status.to_version << "\n";
  return 0;
}

}  // namespace

Command add_migrate_command(CLI::App& cli, const Options& options) {
  auto* cmd = cli.add_subcommand("migrate", both(msg::cli::migrate_help));
  return {cmd, [&options] { return run_migrate(options); }};
}

}  // namespace kyosei::cli
