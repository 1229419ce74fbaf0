#pragma once
// Progress management use cases (issue: 進行管理): progress records per action × town,
// evaluations per action, evidence files, data-collection rounds with each town's
// submission (未提出 → 提出済 → 差戻し → 確定) and the locking of confirmed periods, the
// progress part of the dashboard, and the sample (サンプル) demo data.
// Every write is one unit of work (app/common/unit_of_work.hpp): one transaction with the
// region's change counter advanced, its search documents refreshed and an audit entry
// written; rejected writes (412, 409) are audited too. Thread-safe.
//
// Files: records.cpp (list, progress records), evaluations.cpp, evidence.cpp, rounds.cpp
// (rounds, task lists, submissions), demo.cpp (sample data), period_lock.* (the lock that
// KPI actuals share), internal.* (shared helpers), record_json.* (the record format),
// views.hpp (read models); the dashboard part is app/dashboard/progress_part.cpp.

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <variant>

#include "app/common/clock.hpp"
#include "app/common/error.hpp"
#include "app/common/precondition.hpp"
#include "app/common/unit_of_work.hpp"
#include "app/common/upload.hpp"
#include "app/progress/period_lock.hpp"
#include "app/progress/views.hpp"
#include "core/common/fiscal_year.hpp"
#include "storage/common/database.hpp"

namespace kyosei::app {

struct EvidenceFile {
  std::string file_name;
  std::string media_type;
  std::string content;  // bytes
  std::string sha256;
};

// The largest evidence file accepted, in bytes.
inline constexpr std::size_t kMaxEvidenceBytes = kMaxUploadBytes;

class Progress {
 public:
  explicit Progress(storage::Database& db, const Clock& clock = system_clock())
      : db_(db), clock_(clock) {}

  // The actions of a fiscal year with their towns' records, the combined status, the
  // progress rate and the evaluation; `municipality` narrows to one town's records.
  std::variant<ProgressList, Error> list(const std::string& slug,
                                         const std::optional<std::string>& fy,
                                         const std::optional<std::string>& municipality);

  // The writes below each run as one unit of work. Each also exists as a use case on a
  // UnitOfWork the caller runs (several writes in one transaction); those refuse with
  // app::fail, which rolls the whole unit back.

  // Creates or replaces one town's record of an action. Body {"status", "result",
  // "sessions", "participants", "cost_yen"}. An existing record needs If-Match.
  RecordOutcome put_progress(const std::string& slug, const std::string& action_id,
                             const std::string& municipality, const boost::json::object& body,
                             const EditContext& ctx);
  static Record put_progress(UnitOfWork& unit, const std::string& slug,
                             const std::string& action_id, const std::string& municipality,
                             const boost::json::object& body, const EditContext& ctx);

  // Creates or replaces the evaluation of an action. Body {"grade", "comment",
  // "next_direction"}. An existing evaluation needs If-Match.
  RecordOutcome put_evaluation(const std::string& slug, const std::string& action_id,
                               const boost::json::object& body, const EditContext& ctx);
  static Record put_evaluation(UnitOfWork& unit, const std::string& slug,
                               const std::string& action_id, const boost::json::object& body,
                               const EditContext& ctx);

  // Evidence: the bytes are sniffed (libmagic), never trusted from the name.
  RecordOutcome add_evidence(const std::string& slug, const std::string& action_id,
                             const std::string& municipality, const std::string& file_name,
                             const std::string& bytes, const EditContext& ctx);
  static Record add_evidence(UnitOfWork& unit, const std::string& slug,
                             const std::string& action_id, const std::string& municipality,
                             const std::string& file_name, const std::string& bytes,
                             const EditContext& ctx);
  std::variant<EvidenceFile, Error> evidence(const std::string& slug,
                                             const std::string& evidence_id);
  std::optional<Error> remove_evidence(const std::string& slug, const std::string& action_id,
                                       const std::string& municipality,
                                       const std::string& evidence_id, const EditContext& ctx);
  static void remove_evidence(UnitOfWork& unit, const std::string& slug,
                              const std::string& action_id, const std::string& municipality,
                              const std::string& evidence_id, const EditContext& ctx);

  // Rounds. `today` is the date in Japan (overdue flags).
  std::variant<boost::json::object, Error> rounds(const std::string& slug, const core::Date& today);
  RecordOutcome round(const std::string& slug, const std::string& round_id,
                      const core::Date& today);
  // Body {"fiscal_year", "title", "deadline", "field_ids"?, "kpi_ids"?}.
  RecordOutcome open_round(const std::string& slug, const boost::json::object& body,
                           const EditContext& ctx, const core::Date& today);
  static Record open_round(UnitOfWork& unit, const std::string& slug,
                           const boost::json::object& body, const EditContext& ctx,
                           const core::Date& today);
  // What one town has to fill in a round, and what is still missing.
  // `editable` in the answer is for `who` (the secretariat may edit a submitted report).
  std::variant<boost::json::object, Error> tasks(const std::string& slug,
                                                 const std::string& round_id,
                                                 const std::string& municipality,
                                                 const core::Date& today, const Principal* who);
  // submit / return / confirm / reopen of one town's submission. Body {"reason"} (required
  // for return and reopen). If-Match (the submission's version) is optional.
  RecordOutcome transition(const std::string& slug, const std::string& round_id,
                           const std::string& municipality, const std::string& event,
                           const boost::json::object& body, const EditContext& ctx,
                           const core::Date& today);
  static Record transition(UnitOfWork& unit, const std::string& slug, const std::string& round_id,
                           const std::string& municipality, const std::string& event,
                           const boost::json::object& body, const EditContext& ctx,
                           const core::Date& today);

  // The progress part of the dashboard: actions by status and progress per field (with
  // the roll-up), submissions by town of the fiscal year's latest round, next deadlines.
  // nullopt for an unknown region. Defined in app/dashboard/progress_part.cpp.
  std::optional<ProgressDashboard> dashboard(const std::string& slug, int fiscal_year,
                                             const core::Date& today);

  // Sample progress, evaluations and one open round for the demo region; every record
  // is marked sample (サンプル). Returns the number of progress records written.
  std::variant<int, Error> load_demo(const std::string& slug, int fiscal_year,
                                     const std::string& actor);
  static int load_demo(UnitOfWork& unit, const std::string& slug, int fiscal_year,
                       const std::string& actor);

 private:
  storage::Database& db_;
  const Clock& clock_;
};

}  // namespace kyosei::app
