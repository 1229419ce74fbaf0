// kyosei backup [--out FILE] and kyosei restore FILE (issue 14): the whole database as a
// kyosei-backup/1 file (app/common/backup.hpp), and back into an empty database of either
// engine. Scheduling: README.md.

#include "app/common/backup.hpp"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <stdexcept>

#include "app/common/clock.hpp"
#include "app/services.hpp"
#include "cli/commands/command.hpp"
#include "cli/messages.hpp"

namespace kyosei::cli {
namespace {

struct BackupArgs {
  std::string out;  // empty: standard output
  std::string in;
};

int run_backup(const BackupArgs& args, const Options& options) {
  const auto services = app::Services::open(options.db_url);
  app::BackupResult r;
  if (args.out.empty()) {
    r = app::write_backup(services->database(), std::cout, app::now_utc_iso());
  } else {
    // Written beside the target, then renamed: a reader never sees half a file.
    const auto tmp = args.out + ".tmp";
    {
      std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
      if (!out) throw std::runtime_error("cannot write " + tmp);
      r = app::write_backup(services->database(), out, app::now_utc_iso());
      if (!out) throw std::runtime_error("cannot write " + tmp);
    }
    std::filesystem::rename(tmp, args.out);
  }
  std::cerr << ja_en(msg::cli::backup_done, std::to_string(r.tables), std::to_string(r.rows),
                     r.sha256)
            << "\n";
  return 0;
}

int run_restore(const BackupArgs& args, const Options& options) {
  std::ifstream in(args.in, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + args.in);
  const auto services = app::Services::open(options.db_url);
  auto out = app::restore_backup(services->database(), in);
  if (const auto* e = std::get_if<app::Error>(&out)) return print_error(*e);
  const auto& r = std::get<app::BackupResult>(out);
  std::cout << ja_en(msg::cli::restore_done, std::to_string(r.tables), std::to_string(r.rows))
            << "\n";
  return 0;
}

}  // namespace

Command add_backup_command(CLI::App& cli, const Options& options) {
  auto args = std::make_shared<BackupArgs>();
  auto* cmd = cli.add_subcommand("backup", both(msg::cli::backup_help));
  cmd->add_option("--out", args->out, "output file (default: standard output)");
  return {cmd, [args, &options] { return run_backup(*args, options); }};
}

Command add_restore_command(CLI::App& cli, const Options& options) {
  auto args = std::make_shared<BackupArgs>();
  auto* cmd = cli.add_subcommand("restore", both(msg::cli::restore_help));
  cmd->add_option("FILE", args->in, "a file written by kyosei backup")->required();
  return {cmd, [args, &options] { return run_restore(*args, options); }};
}

}  // namespace kyosei::cli
