// kyosei demo-progress: sample progress records, evaluations and one open round for a
// region (demo only; every record is marked sample).

#include <iostream>
#include <memory>
#include <variant>

#include "app/services.hpp"
#include "cli/commands/command.hpp"
#include "cli/messages.hpp"

namespace kyosei::cli {
namespace {

struct DemoProgressArgs {
  std::string region = "minami-sorachi";
  int fiscal_year = 2025;
};

int run_demo_progress(const DemoProgressArgs& args, const Options& options) {
  const auto services = app::Services::open(options.db_url);
  const auto out = services->progress().load_demo(args.region, args.fiscal_year, operator_name());
  if (const auto* e = std::get_if<app::Error>(&out)) return print_error(*e);
  std::cout << ja_en(msg::cli::sample_loaded, std::to_string(std::get<int>(out))) << "\n";
  return 0;
}

}  // namespace

Command add_demo_progress_command(CLI::App& cli, const Options& options) {
  auto args = std::make_shared<DemoProgressArgs>();
  auto* cmd = cli.add_subcommand("demo-progress", both(msg::cli::demo_progress_help));
  cmd->add_option("--region", args->region)->capture_default_str();
  cmd->add_option("--fy", args->fiscal_year, both(msg::cli::fiscal_year_help))
      ->capture_default_str();
  return {cmd, [args, &options] { return run_demo_progress(*args, options); }};
}

}  // namespace kyosei::cli
