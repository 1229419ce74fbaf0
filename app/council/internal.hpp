#pragma once
// Helpers shared by the council's use cases (members, meetings, opinions, the table, the
// demo). Not an interface for other features. Functions that refuse do so with app::fail.

#include <boost/json/object.hpp>
#include <initializer_list>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "app/common/error.hpp"
#include "app/common/precondition.hpp"
#include "app/common/principal.hpp"
#include "app/common/unit_of_work.hpp"
#include "core/common/message.hpp"
#include "core/council/council.hpp"
#include "core/council/schedule.hpp"
#include "core/plan/region.hpp"
#include "storage/council/council_store.hpp"
// read_consistently, the region's towns and plan period (shared with progress).
#include "storage/progress/progress_store.hpp"

namespace kyosei::app::council {

// What the caller may see of the region's council material.
struct Viewer {
  bool member = false;       // any role in the region (or admin): drafts, submitters, attendance
  bool secretariat = false;  // the secretariat or an admin (or the operator's CLI): everything
  bool council_member = false;
  std::set<std::string> towns;  // the towns they edit
  std::set<long long> fields;   // the fields of their subcommittee grants
  std::string login;
  // The internal notes of an opinion assigned to `town` ("" = none).
  bool sees_notes_of(const std::string& town) const {
    return secretariat || (!town.empty() && towns.contains(town));
  }
};
Viewer viewer_of(const Principal* who, const std::string& slug);

// ---- input --------------------------------------------------------------------------------
std::optional<long long> parse_id(const std::string& text);
// The region's id; fails 404 for an unknown region.
long long require_region(storage::Session& session, const std::string& slug);
// The fiscal year of ?fy= (default: the current one, kept inside the plan period), 400/422
// for unreadable or outside the plan.
int query_fiscal_year(storage::Session& session, long long region_id,
                      const std::optional<std::string>& fy, int current);
// ?round=: nullopt when absent, fails 400 naming `round` when not 1–3.
std::optional<int> query_round(const std::optional<std::string>& round);

struct Input {
  const boost::json::object& body;
  std::vector<FieldError> errors;

  bool has(const char* key) const;
  void refuse_unknown(std::initializer_list<std::string_view> known);
  // Free text (app/common/text rule). Writes `out` only when the key is present.
  void text(const char* key, std::size_t max_bytes, bool required, std::string& out);
  // A date YYYY-MM-DD; a time HH:MM (empty allowed unless required).
  void date(const char* key, bool required, std::string& out);
  void time(const char* key, std::string& out);
  void integer(const char* key, bool required, long long min, long long max, long long& out);
  void optional_count(const char* key, std::optional<long long>& out);
  void boolean(const char* key, bool& out);
  // A vocabulary code or label: `from` gives nullopt for an unknown one.
  template <typename T, typename From>
  void code(const char* key, bool required, From from, T& out) {
    std::string t;
    text(key, 64, required || has(key), t);  // present means it must be a value
    if (t.empty()) return;
    if (auto v = from(t))
      out = *v;
    else
      bad(std::string("/") + key);
  }
  // A fiscal year (西暦 number or 和暦 text) inside the region's plan period.
  void fiscal_year(storage::Session& session, long long region_id, const char* key, int& out);
  // Plan items ["vision", "category:3", …] of the region.
  // Plan items; with `reports` also a round or the council material (agenda items).
  void targets(storage::Session& session, long long region_id, const char* key, std::string& out,
               bool reports = false);
  // Ids of the region's fields.
  void field_ids(storage::Session& session, long long region_id, const char* key,
                 std::vector<long long>& out);
  void bad(const std::string& pointer);  // "not one of the allowed values"
  // Fails 422 when anything was reported.
  void done();
};

// ---- who and the audit trail (actor_of, audit_entry: app/common/precondition.hpp) ----------
// The If-Match rule of an existing record; a 412 is audited against it. Fails the unit.
void check_version(const EditContext& ctx, const std::string& slug, const std::string& type,
                   const std::string& record_id, long long current,
                   const std::string& current_json = {});
// A refused state change: 409 「<from>」から「<to>」へは変更できません (both by their labels),
// audited as "<action>-refused" with the codes of the state it was in and the one asked for.
[[noreturn]] void refuse_state(const EditContext& ctx, const std::string& slug,
                               const std::string& action, const std::string& type,
                               const std::string& record_id, std::string_view from_code,
                               std::string_view from_label, std::string_view to_code,
                               std::string_view to_label);
// A change the record's state does not allow (recording attendance before the meeting,
// remarks of minutes no longer a draft): 409 with `m` (argument: the state's label), audited
// the same way with `to` naming what was asked.
[[noreturn]] void refuse_in_state(const EditContext& ctx, const std::string& slug,
                                  const std::string& action, const std::string& type,
                                  const std::string& record_id, std::string_view from_code,
                                  std::string_view from_label, const std::string& to,
                                  const Message& m);

// ---- JSON ------------------------------------------------------------------------------------
template <typename E>
boost::json::object code_label(E e) {
  return {{"code", core::code(e)}, {"label", core::label(e)}};
}
using TownNames = std::map<std::string, std::string>;
TownNames town_names(storage::Session& session, long long region_id);
boost::json::value town_value(const TownNames& names, const std::string& code);
// [{"kind","id","name"}] of a stored target list.
// Reports (rounds, the council material) are the region's business: without `member` they
// are left out.
boost::json::array targets_json(storage::Session& session, long long region_id,
                                const std::string& targets, bool member = true);
// The names of the targets joined by "、" (the table).
std::string target_names(storage::Session& session, long long region_id,
                         const std::string& targets);
boost::json::object member_json(const storage::MemberRow& m, const Viewer& v,
                                const std::string& today);
using Members = std::map<long long, storage::MemberRow>;
Members members_by_id(storage::Session& session, long long region_id);
// The speaker of a remark as the viewer may see them: {"member_id","name"}.
boost::json::object speaker_json(const storage::RemarkRow& r, const Members& members,
                                 const Viewer& v);
boost::json::object remark_json(const storage::RemarkRow& r, const Members& members,
                                const Viewer& v);
// A meeting; `detail` adds attendance, quorum and remarks.
boost::json::object meeting_json(storage::Session& session, const storage::MeetingRow& m,
                                 const Viewer& v, bool detail);
boost::json::object opinion_json(storage::Session& session, const storage::OpinionRow& o,
                                 const TownNames& names, const Viewer& v);
// Whether the viewer sees the opinion at all (outside the region: published ones only).
bool visible(const storage::OpinionRow& o, const Viewer& v);
// Whether the viewer sees the submitter (never the public; public comments: secretariat).
bool sees_submitter(const storage::OpinionRow& o, const Viewer& v);
// The one rule of who moves an opinion: nullptr when the viewer's role lets them move `o` to
// `to` (the secretariat and admins: any status; the editors of the town it is assigned to:
// 検討中 and 回答済), else why not (403). Council::transition_opinion refuses with it and
// opinion_json derives next_statuses from it (together with core's state machine).
const Message* opinion_move_refused(const storage::OpinionRow& o, const Viewer& v,
                                    core::OpinionStatus to);

}  // namespace kyosei::app::council
