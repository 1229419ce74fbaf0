#pragma once
// Helpers shared by the progress use cases (records, evaluations, evidence, rounds, demo)
// and the dashboard's progress part. Not an interface for other features. Functions that
// refuse do so with app::fail (the unit of work, or the read, is abandoned).

#include <boost/json/object.hpp>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "app/common/error.hpp"
#include "app/common/fiscal_year.hpp"
#include "app/common/precondition.hpp"
#include "app/common/unit_of_work.hpp"
#include "app/progress/views.hpp"
#include "core/common/fiscal_year.hpp"
#include "core/common/message.hpp"
#include "storage/common/database.hpp"
#include "storage/progress/progress_store.hpp"

namespace kyosei::app::progress {

// ---- input -------------------------------------------------------------------------------
std::optional<long long> parse_id(const std::string& text);
// A fiscal year from the query; fails with 400 (pointer `pointer`) when unreadable.
// The 400 of a fiscal year outside the region's plan period (first, last).
Error out_of_plan(int fy, std::pair<int, int> plan, const char* pointer);
// Text rules shared by every free-text field here.
void check_text(const boost::json::object& body, const char* key, std::size_t max_bytes,
                bool required, std::string& out, std::vector<FieldError>& errors);
void check_count(const boost::json::object& body, const char* key, std::optional<long long>& out,
                 std::vector<FieldError>& errors);
// A required vocabulary code (a status, a direction): the text rule, then `from` (which
// gives nullopt for an unknown code, then `bad` is reported at /key).
template <typename T, typename From>
void check_code(const boost::json::object& body, const char* key, From from, T& out,
                const Message& bad, std::vector<FieldError>& errors) {
  std::string text;
  check_text(body, key, 64, true, text, errors);
  if (text.empty()) return;
  if (auto v = from(text))
    out = *v;
  else
    errors.push_back({std::string("/") + key, bad.ja(), bad.en()});
}
void refuse_unknown(const boost::json::object& body, std::initializer_list<std::string_view> known,
                    std::vector<FieldError>& errors);

// ---- who and the audit trail (actor_of, audit_entry: app/common/precondition.hpp) ----------
// The If-Match rule for a record that may not exist yet; a 412 is audited against the
// record. Fails the unit.
void check_version(const EditContext& ctx, const std::string& slug, const std::string& type,
                   const std::string& record_id, std::optional<long long> current,
                   const std::string& current_json = {});
// Fails with 409 period-locked, audited as "<verb>-refused", when the town's period of the
// action is locked.
void fail_if_action_locked(UnitOfWork& unit, const EditContext& ctx, const std::string& slug,
                           long long region_id, const storage::ActionInfo& action,
                           const std::string& code, const std::string& verb,
                           const std::string& type, const std::string& record_id);

// ---- the region's things --------------------------------------------------------------------
using TownNames = std::map<std::string, std::string>;
TownNames town_names(storage::Session& session, long long region_id);
std::vector<std::string> town_codes(storage::Session& session, long long region_id);
Town town_of(const TownNames& names, const std::string& code);
// The region's id; fails 404 for an unknown region.
long long require_region(storage::Session& session, const std::string& slug);
// The region's action named by `action_text`; fails 404.
storage::ActionInfo require_action(storage::Session& session, long long region_id,
                                   const std::string& action_text);
// The region's round named by `round_text`; fails 404 for an unknown region or round.
storage::RoundRow require_round(storage::Session& session, const std::string& slug,
                                const std::string& round_text);
// A town's submission in a round; fails 404 when the town is not one of the round's.
storage::SubmissionRow require_submission(storage::Session& session, long long round_id,
                                          const std::string& code);

// Action progress in percent: the mean of its towns' status scores (中止 left out).
std::optional<double> action_percent(const std::vector<const storage::ProgressRow*>& rows);

// ---- rounds -----------------------------------------------------------------------------------
bool overdue(const storage::RoundRow& r, core::SubmissionState s, const core::Date& today);
// A round with its towns' submissions, counts by state and overdue towns.
struct RoundView {
  storage::RoundRow round;
  std::vector<std::pair<storage::SubmissionRow, bool>> submissions;  // with overdue
  std::map<std::string, int> counts;  // by state code, every state present
  int overdue_count = 0;
  bool complete = true;  // every town confirmed
};
RoundView round_view(storage::Session& session, const storage::RoundRow& r,
                     const core::Date& today);
boost::json::object submission_json(const storage::SubmissionRow& s, const TownNames& names,
                                    bool overdue);
boost::json::object round_json(const RoundView& v, const TownNames& names);

}  // namespace kyosei::app::progress
