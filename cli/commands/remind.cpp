// kyosei remind: the automatic reminders once (issue 12 item 6, ADR 0018) — the towns that
// have not submitted an open round whose deadline is near or past, and the year's
// milestones overdue or due soon; each at most once per Japanese day, so a daily timer
// (cron, systemd) may run it as often as it likes. `kyosei serve --remind-interval` runs
// the same on a thread of its own. Prints one line per region and the totals
// (`reminded<TAB>N`, `mail<TAB>N`), or with --json the whole result.

#include <boost/json.hpp>
#include <iostream>
#include <memory>
#include <optional>
#include <variant>

#include "app/services.hpp"
#include "cli/commands/command.hpp"
#include "cli/messages.hpp"

namespace kyosei::cli {
namespace {

struct RemindArgs {
  std::string region;  // "" = every region
  bool mail = false;
  bool json = false;  // print the result as JSON (scripts, tests)
};

int run_remind(const RemindArgs& args, const Options& options) {
  const auto services = app::Services::open(options.db_url);
  services->notices().set_mail(args.mail);
  const auto out = services->notices().remind_due(
      args.region.empty() ? std::nullopt : std::optional<std::string>(args.region),
      operator_name());
  if (const auto* e = std::get_if<app::Error>(&out)) return print_error(*e);
  const auto& o = std::get<boost::json::object>(out);
  if (args.json) {
    std::cout << boost::json::serialize(o) << "\n";
    return 0;
  }
  for (const auto& r : o.at("regions").as_array()) {
    std::size_t towns = 0;
    for (const auto& round : r.at("rounds").as_array())
      towns += round.at("reminded").as_array().size();
    std::cout << ja_en(msg::cli::remind_region, std::string(r.at("region").as_string()),
                       std::to_string(towns),
                       std::to_string(r.at("milestones").at("reminded").as_array().size()))
              << "\n";
  }
  std::cout << "reminded\t" << o.at("notices").as_int64() << "\n"
            << "mail\t" << o.at("mail_queued").as_int64() << "\n";
  return 0;
}

}  // namespace

Command add_remind_command(CLI::App& cli, const Options& options) {
  auto args = std::make_shared<RemindArgs>();
  auto* cmd = cli.add_subcommand("remind", both(msg::cli::remind_help));
  cmd->add_option("--region", args->region, both(msg::cli::remind_region_help));
  cmd->add_flag("--mail", args->mail, both(msg::cli::remind_mail_help));
  cmd->add_flag("--json", args->json, both(msg::cli::remind_json_help));
  return {cmd, [args, &options] { return run_remind(*args, options); }};
}

}  // namespace kyosei::cli
