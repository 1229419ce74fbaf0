// kyosei check FILE [--seal]: validates a dataset file; no database access. With --seal,
// writes a new end marker (counts and checksum) after a hand edit (ADR 0008).

#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <stdexcept>

#include "app/plan/dataset_commands.hpp"
#include "app/plan/datasets.hpp"
#include "cli/commands/command.hpp"
#include "cli/messages.hpp"
#include "exchange/plan/dataset.hpp"

namespace kyosei::cli {
namespace {

struct CheckArgs {
  std::string file;
  bool seal = false;
};

int run_seal(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in) {
    std::cerr << ja_en(msg::cli::cannot_read, file) << "\n";
    return kExitProblems;
  }
  const auto sealed = exchange::seal_dataset(text.str(), file);
  if (sealed.text.empty()) {
    print_problems(app::problem_lines(sealed.problems));
    return kExitProblems;
  }
  // Written beside the file, then renamed: never half a file.
  const std::string tmp = file + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << sealed.text;
    if (!out) throw std::runtime_error("cannot write " + tmp);
  }
  std::filesystem::rename(tmp, file);
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
