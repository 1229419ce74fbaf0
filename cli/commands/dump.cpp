// kyosei dump REGION [--out FILE] [--edition N]: writes a stored region as a dataset file
// (with its published editions listed), or one published edition as the region it decided.

#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <stdexcept>

#include "app/plan/datasets.hpp"
#include "app/services.hpp"
#include "cli/commands/command.hpp"
#include "cli/messages.hpp"

namespace kyosei::cli {
namespace {

struct DumpArgs {
  std::string slug;
  std::string out;        // empty: standard output
  long long edition = 0;  // 0: the live plan with its editions listed
};

int run_dump(const DumpArgs& args, const Options& options) {
  const auto services = app::Services::open(options.db_url);
  const auto text =
      app::dump_region(services->database(), args.slug,
                       args.edition > 0 ? std::optional<long long>(args.edition) : std::nullopt);
  if (!text) {
    if (args.edition > 0)
      std::cerr << ja_en(msg::cli::no_edition, args.slug, std::to_string(args.edition)) << "\n";
    else
      std::cerr << ja_en(msg::cli::no_region, args.slug) << "\n";
    return kExitProblems;
  }
  if (args.out.empty()) {
    std::cout << *text;
    return 0;
  }
  // Written beside the target, then renamed: a reader never sees half a file.
  const auto tmp = args.out + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << *text;
    if (!out) throw std::runtime_error("cannot write " + tmp);
  }
  std::filesystem::rename(tmp, args.out);
  return 0;
}

}  // namespace

Command add_dump_command(CLI::App& cli, const Options& options) {
  auto args = std::make_shared<DumpArgs>();
  auto* cmd = cli.add_subcommand("dump", both(msg::cli::dump_help));
  cmd->add_option("REGION", args->slug, "region slug, e.g. minami-sorachi")->required();
  cmd->add_option("--out", args->out, "output file (default: standard output)");
  cmd->add_option("--edition", args->edition, both(msg::cli::edition_help))
      ->check(CLI::PositiveNumber);
  return {cmd, [args, &options] { return run_dump(*args, options); }};
}

}  // namespace kyosei::cli
