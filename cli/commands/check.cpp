// kyosei check FILE [--seal]: validates a dataset file; no database access. With --seal,
// writes a new end marker (counts and checksum) after a hand edit (ADR 0008).

#include <iostream>
#include <memory>

#include "app/plan/dataset_commands.hpp"
#include "app/plan/datasets.hpp"
#include "cli/commands/command.hpp"
#include "cli/messages.hpp"

namespace kyosei::cli {
namespace {

struct CheckArgs {
  std::string file;
  bool seal = false;
};

int run_seal(const std::string& file) {
  const auto report = app::seal_dataset_file(file);
  if (report.unreadable) {
    std::cerr << ja_en(msg::cli::cannot_read, file) << "\n";
    return kExitProblems;
  }
  if (!report.sealed) {
    print_problems(app::problem_lines(report.problems));
    return kExitProblems;
  }
  std::cout << file << ": " << ja_en(msg::cli::sealed) << "\n";
  return 0;
}

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
  auto args = std::make_shared<CheckArgs>();
  auto* cmd = cli.add_subcommand("check", both(msg::cli::check_help));
  cmd->add_option("FILE", args->file, "dataset file (YAML)")->required();
  cmd->add_flag("--seal", args->seal, both(msg::cli::seal_help));
  return {cmd, [args] { return args->seal ? run_seal(args->file) : run_check(args->file); },
          /*offline=*/true};
}

}  // namespace kyosei::cli
