// kyosei purge: removes expired sessions and attempt rows no limit counts any more (the
// server also does this every --purge-interval seconds).

#include <iostream>

#include "app/services.hpp"
#include "cli/commands/command.hpp"
#include "cli/messages.hpp"

namespace kyosei::cli {

Command add_purge_command(CLI::App& cli, const Options& options) {
  auto* cmd = cli.add_subcommand("purge", both(msg::cli::purge_help));
  return {cmd, [&options] {
            const auto services = app::Services::open(options.db_url);
            const auto purged = services->auth().purge();
            // Read by scripts: one "name<TAB>count" line each.
            std::cout << "sessions\t" << purged.sessions << "\nattempts\t" << purged.attempts
                      << "\n";
            return 0;
          }};
}

}  // namespace kyosei::cli
