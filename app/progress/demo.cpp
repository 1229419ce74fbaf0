// Sample (サンプル) progress data for the demo region: records of the first three towns,
// evaluations and one open round. Every record is marked sample; the texts say so.

#include <boost/json.hpp>
#include <chrono>

#include "app/common/messages.hpp"
#include "app/progress/internal.hpp"
#include "app/progress/messages.hpp"
#include "app/progress/progress.hpp"

namespace kyosei::app {
namespace {

namespace json = boost::json;
using core::ProgressStatus;
using core::SubmissionState;

// Four weeks after `today`.
std::string four_weeks_after(const core::Date& today) {
  const auto due =
      std::chrono::sys_days(std::chrono::year_month_day(
          std::chrono::year(today.year), std::chrono::month(static_cast<unsigned>(today.month)),
          std::chrono::day(static_cast<unsigned>(today.day)))) +
      std::chrono::days(28);
  const std::chrono::year_month_day ymd(due);
  return core::to_string(core::Date{static_cast<int>(ymd.year()),
                                    static_cast<int>(static_cast<unsigned>(ymd.month())),
                                    static_cast<int>(static_cast<unsigned>(ymd.day()))});
}

// Marks a progress record or an evaluation as sample data entered by `actor` at `at`.
template <typename Row>
const Row& as_sample(Row& row, const std::string& actor, const std::string& at) {
  row.sample = true;
  row.entered_by = actor;
  row.entered_at = at;
  return row;
}

// Progress records of the first three towns on every action; returns how many.
int write_sample_records(storage::Session& session, const std::vector<storage::ActionInfo>& actions,
                         const std::vector<std::string>& codes, const std::string& actor,
                         const std::string& at) {
  // Deterministic variety: statuses cycle by action and town.
  const ProgressStatus cycle[] = {ProgressStatus::kDone, ProgressStatus::kInProgress,
                                  ProgressStatus::kDone, ProgressStatus::kPlanned,
                                  ProgressStatus::kDone, ProgressStatus::kPostponed};
  // The first three towns have reported; the others are left for the open round.
  const std::size_t reporting = std::min<std::size_t>(3, codes.size());
  std::size_t n = 0;
  int written = 0;
  for (const auto& a : actions) {
    for (std::size_t t = 0; t < reporting; ++t) {
      if (!a.takes_part(codes[t])) continue;
      storage::ProgressRow p;
      p.action_id = a.id;
      p.municipality = codes[t];
      p.status = cycle[(n++) % std::size(cycle)];
      p.result = "（サンプル）" + std::string(core::label(p.status)) +
                 "。実績値は説明用の架空のものです。";
      if (p.status == ProgressStatus::kDone || p.status == ProgressStatus::kInProgress) {
        p.sessions = static_cast<long long>(1 + n % 4);
        p.participants = static_cast<long long>(12 + (n * 7) % 40);
        p.cost_yen = static_cast<long long>(50000 * (1 + n % 5));
      }
      storage::write_progress(session, as_sample(p, actor, at));
      ++written;
    }
  }
  return written;
}

// Evaluations of the first four actions; returns how many.
std::size_t write_sample_evaluations(storage::Session& session,
                                     const std::vector<storage::ActionInfo>& actions,
                                     const std::string& actor, const std::string& at) {
  std::size_t k = 0;
  const char* grades[] = {"A", "B", "A", "C"};
  const core::NextDirection nexts[] = {core::NextDirection::kContinue, core::NextDirection::kExpand,
                                       core::NextDirection::kContinue,
                                       core::NextDirection::kReview};
  for (const auto& a : actions) {
    if (k >= 4) break;
    storage::EvaluationRow e;
    e.action_id = a.id;
    e.grade = grades[k];
    e.next = nexts[k];
    e.comment = "（サンプル）説明用の評価です。";
    storage::write_evaluation(session, as_sample(e, actor, at));
    ++k;
  }
  return k;
}

}  // namespace

std::variant<int, Error> Progress::load_demo(const std::string& slug, int fy,
                                             const std::string& actor) {
  return run_region_unit<int>(db_, clock_, slug,
                              [&](UnitOfWork& unit) { return load_demo(unit, slug, fy, actor); });
}

int Progress::load_demo(UnitOfWork& unit, const std::string& slug, int fy,
                        const std::string& actor) {
  auto& session = unit.session();
  const long long region_id = progress::require_region(session, slug);
  if (storage::count_rounds(session, region_id) > 0)
    fail(error_of(Errc::kConflict, msg::progress::rounds_exist));
  const auto codes = progress::town_codes(session, region_id);
  const auto actions = storage::load_actions(session, region_id, fy);
  const std::string at = unit.clock().now_utc_iso();
  const int written = write_sample_records(session, actions, codes, actor, at);
  const std::size_t evaluations = write_sample_evaluations(session, actions, actor, at);
  storage::RoundRow r;
  r.region_id = region_id;
  r.fiscal_year = fy;
  r.title = core::wareki_label(fy) + " 取組状況・成果指標の照会（サンプル）";
  // Open, so four weeks from today (in Japan).
  r.deadline = four_weeks_after(unit.clock().today_in_japan());
  r.sample = true;
  r.opened_by = actor;
  r.opened_at = at;
  r.id = storage::insert_round(session, r);
  for (std::size_t t = 0; t < codes.size(); ++t) {
    storage::SubmissionRow s;
    s.round_id = r.id;
    s.municipality = codes[t];
    s.state = t == 0 ? SubmissionState::kSubmitted : SubmissionState::kNotSubmitted;
    s.changed_by = actor;
    s.changed_at = at;
    storage::insert_submission(session, s);
  }
  unit.changed(region_id, slug);
  storage::AuditEntry e;
  e.actor = actor;
  e.region_slug = slug;
  e.action = "create";
  e.record_type = "sample-progress";
  e.record_id = std::to_string(fy);
  e.after_json = json::serialize(json::object{{"progress_records", written},
                                              {"evaluations", evaluations},
                                              {"round_id", r.id},
                                              {"sample", true}});
  unit.audit(std::move(e));
  return written;
}

}  // namespace kyosei::app
