// kyosei load FILE [--replace]: validates the dataset file, then loads it in one transaction.

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <thread>

#include "app/plan/dataset_commands.hpp"
#include "app/plan/datasets.hpp"
#include "app/services.hpp"
#include "cli/commands/command.hpp"
#include "cli/messages.hpp"

namespace kyosei::cli {
namespace {

struct LoadArgs {
  std::string file;
  bool replace = false;
};

int run_load(const LoadArgs& args, const Options& options) {
  // Validate before opening the database: a bad file never touches it.
  const auto check = app::check_dataset(args.file);
  if (!check.region) {
    print_problems(app::problem_lines(check.problems));
    std::cerr << ja_en(msg::cli::nothing_loaded) << "\n";
    return kExitProblems;
  }
  const auto services = app::Services::open(options.db_url);
  app::LoadOptions load;
  load.replace = args.replace;
  load.actor = operator_name();
  if (const char* pause = std::getenv("KYOSEI_FAULT_PAUSE_BEFORE_COMMIT")) {
    // Crash tests: announce the point just before COMMIT, then wait to be killed.
    const std::string marker = pause;
    load.before_commit = [marker] {
      std::ofstream(marker) << "before-commit\n";
      std::this_thread::sleep_for(std::chrono::seconds(30));
    };
  }
  const auto report = app::load_dataset(services->database(), args.file, load);
  switch (report.status) {
    case app::LoadReport::Status::kInvalid:
      print_problems(app::problem_lines(report.problems));
      return kExitProblems;
    case app::LoadReport::Status::kExists:
      std::cerr << ja_en(msg::cli::region_exists, report.slug) << "\n";
      return kExitProblems;
    case app::LoadReport::Status::kLoaded: std::cout << "loaded: " << report.slug << "\n"; return 0;
    case app::LoadReport::Status::kReplaced:
      std::cout << "replaced: " << report.slug << "\n";
      return 0;
  }
  return 0;
}

}  // namespace

Command add_load_command(CLI::App& cli, const Options& options) {
  auto args = std::make_shared<LoadArgs>();
  auto* cmd = cli.add_subcommand("load", both(msg::cli::load_help));
  cmd->add_option("FILE", args->file, "dataset file (YAML)")->required()->check(CLI::ExistingFile);
  cmd->add_flag("--replace", args->replace, both(msg::cli::replace_help));
  return {cmd, [args, &options] { return run_load(*args, options); }};
}

}  // namespace kyosei::cli
