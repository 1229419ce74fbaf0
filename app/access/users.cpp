#include "app/access/users.hpp"

#include "app/access/security.hpp"
#include "app/common/principal.hpp"
#include "storage/plan/field_lookup.hpp"
#include "storage/plan/region_store.hpp"

namespace kyosei::app {

std::optional<storage::RoleGrant> parse_grant(const std::string& text) {
  storage::RoleGrant g;
  const auto a = text.find(':');
  if (a == std::string::npos) return std::nullopt;
  g.region_slug = text.substr(0, a);
  const auto b = text.find(':', a + 1);
  g.role = text.substr(a + 1, b == std::string::npos ? std::string::npos : b - a - 1);
  if (b != std::string::npos) {
    const std::string rest = text.substr(b + 1);
    if (rest.empty()) return std::nullopt;
    if (g.role == kRoleSubcommitteeMember) {
      std::size_t start = 0;
      while (start <= rest.size()) {
        auto end = rest.find(',', start);
        if (end == std::string::npos) end = rest.size();
        const std::string item = rest.substr(start, end - start);
        if (item.empty() || item.size() > 18 ||
            item.find_first_not_of("0123456789") != std::string::npos)
          return std::nullopt;
        g.field_ids.push_back(std::stoll(item));
        start = end + 1;
      }
    } else {
      g.municipality_code = rest;
    }
  }
  if (g.region_slug.empty() || g.role.empty()) return std::nullopt;
  return g;
}

ParsedGrants parse_grants(const std::vector<std::string>& texts) {
  ParsedGrants out;
  for (const auto& text : texts) {
    auto g = parse_grant(text);
    if (!g) {
      out.malformed = text;
      return out;
    }
    out.grants.push_back(std::move(*g));
  }
  return out;
}

std::optional<DemoUsers> make_demo_users(storage::Database& db, Auth& auth,
                                         const std::string& region, const std::string& actor) {
  auto r = storage::RegionStore(db).load(region);
  if (!r) return std::nullopt;
  struct Demo {
    std::string login, name;
    bool admin;
    std::vector<storage::RoleGrant> roles;
    bool totp;
  };
  std::vector<Demo> demos = {
      {"demo-admin", "デモ管理者", true, {}, true},
      {"demo-secretariat", "デモ事務局", false, {{region, "secretariat", "", {}}}, true},
      {"demo-council", "デモ委員", false, {{region, "council_member", "", {}}}, false},
  };
  long long field_id = 0;
  db.with_session([&](storage::Session& sql) { field_id = storage::first_field_id(sql, region); });
  if (field_id != 0) {
    demos.push_back({"demo-subcommittee",
                     "デモ部会員",
                     false,
                     {{region, "subcommittee_member", "", {field_id}}},
                     false});
  }
  for (const auto& m : r->municipalities) {
    demos.push_back({"demo-" + m.code,
                     "デモ担当（" + m.name + "）",
                     false,
                     {{region, "municipality_editor", m.code, {}}},
                     false});
  }
  DemoUsers out;
  storage::UserStore users(db);
  for (const auto& d : demos) {
    DemoUser made{d.login, false, "", ""};
    if (users.find_by_login(d.login)) {
      made.existed = true;
      out.users.push_back(std::move(made));
      continue;
    }
    made.password = "demo-" + random_hex(8);
    if (auto e = auth.add_user(d.login, d.name, made.password, d.admin, d.roles, actor)) {
      out.failed_login = d.login;
      out.failure = std::move(*e);
      return out;
    }
    if (d.totp) {
      made.totp_secret = new_totp_secret();
      auth.set_totp_secret(d.login, made.totp_secret, actor);
    }
    out.users.push_back(std::move(made));
  }
  return out;
}

}  // namespace kyosei::app
