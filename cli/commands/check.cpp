// kyosei check FILE: validates a dataset file; no database access.

#include <iostream>
#include <memory>

#include "app/plan/dataset_commands.hpp"
#include "app/plan/datasets.hpp"
#include "cli/commands/command.hpp"
#include "cli/messages.hpp"

namespace kyosei::cli {
namespace {

int run_check(const std::string& file) {
  const auto report = app::check_dataset(file);
  if (!report.region) {
    print_problems(app::problem_lines(report.problems));
    return kExitProblems;
  }
  std::cout << file << ": OK（" << both(msg::cli::no_problems) << "）: " << report.region->slug
            << "\n";
  return 0;
}

}  // namespace

Command add_check_command(CLI::App& cli) {
  auto file = std::make_shared<std::string>();
  auto* cmd = cli.add_subcommand("check", both(msg::cli::check_help));
  cmd->add_option("FILE", *file, "dataset file (YAML)")->required();
  return {cmd, [file] { return run_check(*file); }, /*offline=*/true};
}

}  // namespace kyosei::cli
