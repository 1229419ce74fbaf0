// kyosei user add|passwd|role|disable|enable|list: user administration by the operator.
// Passwords are read from standard input (one line); every change is audited with the
// operator as actor (operator_name()).

#include <iostream>
#include <memory>

#include "app/access/users.hpp"
#include "app/services.hpp"
#include "cli/commands/command.hpp"
#include "cli/messages.hpp"

namespace kyosei::cli {
namespace {

struct UserArgs {
  std::string login, name;
  bool admin = false;
  std::vector<std::string> roles;  // REGION:ROLE[:CODE | :FIELD_ID,…]
  CLI::App *add = nullptr, *passwd = nullptr, *role = nullptr, *disable = nullptr,
           *enable = nullptr, *list = nullptr;
};

// One line from standard input (a terminal, a pipe or a file), without the newline.
std::string read_password() {
  std::string line;
  std::getline(std::cin, line);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

void print_users(app::Auth& auth) {
  for (const auto& u : auth.users()) {
    std::cout << u.login << "\t" << u.display_name << (u.is_admin ? "\tadmin" : "\t-")
              << (u.disabled ? "\tdisabled" : "\tactive") << (u.totp_enabled ? "\ttotp" : "\t-");
    for (const auto& r : u.roles) {
      std::cout << "\t" << r.region_slug << ":" << r.role
                << (r.municipality_code.empty() ? "" : ":" + r.municipality_code);
      for (std::size_t i = 0; i < r.field_ids.size(); ++i)
        std::cout << (i == 0 ? ":" : ",") << r.field_ids[i];
    }
    std::cout << "\n";
  }
}

int run_user(const UserArgs& args, const Options& options) {
  const auto services = app::Services::open(options.db_url);
  auto& auth = services->auth();
  const std::string actor = operator_name();
  const auto parsed = app::parse_grants(args.roles);
  if (parsed.malformed) {
    std::cerr << ja_en(msg::cli::role_format) << ": " << *parsed.malformed << "\n";
    return kExitUsage;
  }
  if (args.add->parsed()) {
    const std::string name = args.name.empty() ? args.login : args.name;
    if (auto e = auth.add_user(args.login, name, read_password(), args.admin, parsed.grants, actor))
      return print_error(*e);
    std::cout << "added: " << args.login << "\n";
  } else if (args.passwd->parsed()) {
    if (auto e = auth.set_password(args.login, read_password(), actor)) return print_error(*e);
    std::cout << "password set: " << args.login << "\n";
  } else if (args.role->parsed()) {
    if (auto e = auth.set_roles(args.login, parsed.grants, actor)) return print_error(*e);
    std::cout << "roles set: " << args.login << "\n";
  } else if (args.disable->parsed() || args.enable->parsed()) {
    const bool disable = args.disable->parsed();
    if (auto e = auth.set_disabled(args.login, disable, actor)) return print_error(*e);
    std::cout << (disable ? "disabled: " : "enabled: ") << args.login << "\n";
  } else if (args.list->parsed()) {
    print_users(auth);
  }
  return 0;
}

}  // namespace

Command add_user_command(CLI::App& cli, const Options& options) {
  auto args = std::make_shared<UserArgs>();
  auto* user = cli.add_subcommand("user", both(msg::cli::user_help));
  user->require_subcommand(1);
  args->add = user->add_subcommand("add", both(msg::cli::user_add_help));
  args->add->add_option("LOGIN", args->login)->required();
  args->add->add_option("--name", args->name, both(msg::cli::user_name_help));
  args->add->add_flag("--admin", args->admin, both(msg::cli::user_admin_help));
  args->add->add_option("--role", args->roles,
                        "REGION:ROLE[:CODE | :FIELD_ID,…] (repeatable), ROLE = secretariat | "
                        "municipality_editor (:CODE) | subcommittee_member (:FIELD_ID,…) | "
                        "council_member");
  args->passwd = user->add_subcommand("passwd", both(msg::cli::user_passwd_help));
  args->passwd->add_option("LOGIN", args->login)->required();
  args->role = user->add_subcommand("role", both(msg::cli::user_role_help));
  args->role->add_option("LOGIN", args->login)->required();
  args->role->add_option("--role", args->roles,
                         "REGION:ROLE[:CODE | :FIELD_ID,…] (repeatable; replaces all grants)");
  args->disable = user->add_subcommand("disable", both(msg::cli::user_disable_help));
  args->disable->add_option("LOGIN", args->login)->required();
  args->enable = user->add_subcommand("enable", both(msg::cli::user_enable_help));
  args->enable->add_option("LOGIN", args->login)->required();
  args->list = user->add_subcommand("list", both(msg::cli::user_list_help));
  return {user, [args, &options] { return run_user(*args, options); }};
}

}  // namespace kyosei::cli
