// The council's register: members (委員), observers and secretariat staff, with their terms.
// Ended terms are kept (a term_end in the past), never deleted.

#include <boost/json.hpp>

#include "app/common/messages.hpp"
#include "app/council/council.hpp"
#include "app/council/internal.hpp"
#include "app/council/messages.hpp"
#include "core/common/fiscal_year.hpp"

namespace kyosei::app {

namespace json = boost::json;
using namespace council;

namespace {

// Reads the member's fields present in the body into `m`; `creating` makes name and
// term_start required.
void read_member(storage::Session& session, const std::string& slug, Input& in,
                 storage::MemberRow& m, bool creating) {
  in.refuse_unknown({"name", "organisation", "sector", "role", "kind", "term_start", "term_end",
                     "public", "user_login"});
  in.text("name", 200, creating || in.has("name"), m.name);
  in.text("organisation", 200, false, m.organisation);
  in.text("sector", 200, false, m.sector);
  in.code("role", false, core::member_role_from, m.role);
  in.code("kind", false, core::member_kind_from, m.kind);
  in.date("term_start", creating || in.has("term_start"), m.term_start);
  in.date("term_end", false, m.term_end);
  in.boolean("public", m.is_public);
  if (in.has("user_login")) {
    std::string login;
    in.text("user_login", 200, false, login);
    if (!login.empty() && !storage::council_user_exists(session, slug, login))
      in.errors.push_back(field_error("/user_login", msg::council::not_council_user, login));
    else
      m.user_login = login;
  }
  if (!m.term_end.empty() && !m.term_start.empty() && m.term_end < m.term_start)
    in.errors.push_back(field_error("/term_end", msg::council::term_ends_before_start));
  in.done();
}

}  // namespace

JsonOutcome Council::members(const std::string& slug, const Principal& who) {
  JsonOutcome out = region_not_found(slug);
  try {
    db_.with_session([&](storage::Session& session) {
      storage::read_consistently(session, [&] {
        const long long region_id = require_region(session, slug);
        const auto v = viewer_of(&who, slug);
        const std::string today = core::to_string(clock_.today_in_japan());
        json::array items;
        for (const auto& m : storage::load_members(session, region_id)) {
          if (!v.member && !m.is_public) continue;
          items.push_back(member_json(m, v, today));
        }
        out = json::object{{"members", std::move(items)}};
      });
    });
  } catch (Abort& a) {
    return a.error;
  }
  return out;
}

RecordOutcome Council::add_member(const std::string& slug, const json::object& body,
                                  const EditContext& ctx) {
  return run_region_unit<Record>(db_, clock_, slug, [&](UnitOfWork& unit) {
    auto& session = unit.session();
    const long long region_id = require_region(session, slug);
    storage::MemberRow m;
    m.region_id = region_id;
    Input in{body, {}};
    read_member(session, slug, in, m, true);
    m.created_by = actor_of(ctx);
    m.created_at = unit.clock().now_utc_iso();
    m.id = storage::insert_member(session, m);
    m.version = 1;
    unit.changed_unindexed(region_id, slug);  // the register holds no indexed text
    const auto data =
        member_json(m, viewer_of(ctx.who, slug), core::to_string(unit.clock().today_in_japan()));
    auto e = audit_entry(ctx, slug, "create", "council_member", std::to_string(m.id));
    e.after_json = json::serialize(data);
    unit.audit(std::move(e));
    return Record{data, m.version};
  });
}

RecordOutcome Council::update_member(const std::string& slug, const std::string& id_text,
                                     const json::object& body, const EditContext& ctx) {
  return run_region_unit<Record>(db_, clock_, slug, [&](UnitOfWork& unit) {
    auto& session = unit.session();
    const long long region_id = require_region(session, slug);
    auto id = parse_id(id_text);
    auto existing = id ? storage::load_member(session, region_id, *id) : std::nullopt;
    if (!existing) fail(error_of(Errc::kNotFound, msg::council::member_not_found, id_text));
    const auto v = viewer_of(ctx.who, slug);
    const std::string today = core::to_string(unit.clock().today_in_japan());
    const auto before = member_json(*existing, v, today);
    check_version(ctx, slug, "council_member", id_text, existing->version, json::serialize(before));
    storage::MemberRow m = *existing;
    Input in{body, {}};
    read_member(session, slug, in, m, false);
    storage::update_member(session, m);
    ++m.version;
    unit.changed_unindexed(region_id, slug);  // the register holds no indexed text
    const auto data = member_json(m, v, today);
    auto e = audit_entry(ctx, slug, "update", "council_member", id_text);
    e.before_json = json::serialize(before);
    e.after_json = json::serialize(data);
    unit.audit(std::move(e));
    return Record{data, m.version};
  });
}

}  // namespace kyosei::app
