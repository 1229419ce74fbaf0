// kyosei demo-users [--region SLUG]: one demo user per role and one editor per
// municipality, with random passwords printed once (demo only; never in production).

#include <iostream>
#include <memory>

#include "app/access/users.hpp"
#include "app/services.hpp"
#include "cli/commands/command.hpp"
#include "cli/messages.hpp"

namespace kyosei::cli {
namespace {

int run_demo_users(const std::string& region, const Options& options) {
  const auto services = app::Services::open(options.db_url);
  const auto made =
      app::make_demo_users(services->database(), services->auth(), region, operator_name());
  if (!made) {
    std::cerr << ja_en(msg::cli::no_region, region) << "\n";
    return kExitProblems;
  }
  std::cout << "=== " << both(msg::cli::demo_users_banner) << " ===\n";
  for (const auto& u : made->users) {
    if (u.existed) {
      std::cout << u.login << "\t(already exists; unchanged)\n";
      continue;
    }
    std::cout << u.login << "\t" << u.password
              << (u.totp_secret.empty() ? "" : "\tTOTP secret: " + u.totp_secret) << "\n";
  }
  if (made->failure) {
    std::cerr << *made->failed_login << ": " << made->failure->detail_en << "\n";
    return kExitProblems;
  }
  return 0;
}

}  // namespace

Command add_demo_users_command(CLI::App& cli, const Options& options) {
  auto region = std::make_shared<std::string>("minami-sorachi");
  auto* cmd = cli.add_subcommand("demo-users", both(msg::cli::demo_users_help));
  cmd->add_option("--region", *region)->capture_default_str();
  return {cmd, [region, &options] { return run_demo_users(*region, options); }};
}

}  // namespace kyosei::cli
