// kyosei demo-council: a sample year of the council for a region — members, the 懇談会 and
// 部会 sessions with attendance and remarks, and opinions of the three 意見集約 rounds (demo
// only; every record is marked sample). Running it again leaves an existing sample alone.

#include <iostream>
#include <memory>
#include <variant>

#include "app/services.hpp"
#include "cli/commands/command.hpp"
#include "cli/messages.hpp"

namespace kyosei::cli {
namespace {

struct DemoCouncilArgs {
  std::string region = "minami-sorachi";
  int fiscal_year = 2025;
};

int run_demo_council(const DemoCouncilArgs& args, const Options& options) {
  const auto services = app::Services::open(options.db_url);
  const auto out = services->council().load_demo(args.region, args.fiscal_year, operator_name());
  if (const auto* e = std::get_if<app::Error>(&out)) return print_error(*e);
  const int written = std::get<int>(out);
  if (written == 0)
    std::cout << ja_en(msg::cli::council_sample_present) << "\n";
  else
    std::cout << ja_en(msg::cli::council_sample_loaded, std::to_string(written)) << "\n";
  return 0;
}

}  // namespace

Command add_demo_council_command(CLI::App& cli, const Options& options) {
  auto args = std::make_shared<DemoCouncilArgs>();
  auto* cmd = cli.add_subcommand("demo-council", both(msg::cli::demo_council_help));
  cmd->add_option("--region", args->region)->capture_default_str();
  cmd->add_option("--fy", args->fiscal_year, both(msg::cli::fiscal_year_help))
      ->capture_default_str();
  return {cmd, [args, &options] { return run_demo_council(*args, options); }};
}

}  // namespace kyosei::cli
