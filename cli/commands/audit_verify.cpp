// kyosei audit verify: checks the audit trail's hash chain and its seals (ADR 0008).

#include <iostream>

#include "app/audit/verify.hpp"
#include "app/services.hpp"
#include "cli/commands/command.hpp"
#include "cli/messages.hpp"

namespace kyosei::cli {
namespace {

int run_audit_verify(const Options& options) {
  const auto services = app::Services::open(options.db_url);
  const auto v = app::verify_audit_trail(services->database());
  if (v.ok) {
    std::cout << ja_en(msg::cli::audit_intact) << ": " << v.entries << " entries\n";
    if (v.keys_checked) {
      std::cout << ja_en(msg::cli::audit_sealed, std::to_string(v.sealed),
                         std::to_string(v.sealed_from))
                << "\n";
    } else {
      std::cout << ja_en(msg::cli::audit_unsealed) << "\n";
    }
    return 0;
  }
  const std::string id = std::to_string(v.first_bad_id);
  std::cerr << msg::cli::audit_broken.ja(id) << " (" << msg::cli::audit_broken.en(id) << ": "
            << v.reason << ")\n";
  return kExitProblems;
}

}  // namespace

// `audit` has one subcommand, `verify`; the command runs when `audit verify` was given.
Command add_audit_command(CLI::App& cli, const Options& options) {
  auto* audit = cli.add_subcommand("audit", both(msg::cli::audit_help));
  audit->require_subcommand(1);
  auto* verify = audit->add_subcommand("verify", both(msg::cli::audit_verify_help));
  return {verify, [&options] { return run_audit_verify(options); }};
}

}  // namespace kyosei::cli
