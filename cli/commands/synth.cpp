// kyosei synth: invented regions of benchmark size with sample progress (scripts/bench.sh).

#include <iostream>
#include <memory>

#include "app/plan/synthetic.hpp"
#include "app/services.hpp"
#include "cli/commands/command.hpp"
#include "cli/messages.hpp"

namespace kyosei::cli {
namespace {

int run_synth(int regions, const Options& options) {
  const auto services = app::Services::open(options.db_url);
  if (auto e = app::add_synthetic_regions(services->database(), services->progress(), regions))
    return print_error(*e);
  std::cout << "synthetic regions: " << regions << "\n";
  return 0;
}

}  // namespace

Command add_synth_command(CLI::App& cli, const Options& options) {
  auto regions = std::make_shared<int>(10);
  auto* cmd = cli.add_subcommand("synth", both(msg::cli::synth_help));
  cmd->add_option("--regions", *regions, "how many regions")
      ->check(CLI::Range(1, 10000))
      ->capture_default_str();
  return {cmd, [regions, &options] { return run_synth(*regions, options); }};
}

}  // namespace kyosei::cli
