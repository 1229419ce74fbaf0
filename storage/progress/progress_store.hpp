#pragma once
// Progress records (取組状況), evaluations (評価・検証), data-collection rounds (照会) with
// each town's submission, evidence files and KPI target changes: rows and queries.
// Functions take the caller's session, so reads can run inside a write transaction.

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/progress/progress.hpp"
#include "storage/common/database.hpp"

namespace kyosei::storage {

// One action of a fiscal year with where it sits and who takes part.
struct ActionInfo {
  long long id = 0;
  int fiscal_year = 0;
  long long field_id = 0;
  std::string field;
  long long category_id = 0;
  std::string category;
  long long initiative_id = 0;  // 0 when not under a main initiative
  std::string initiative;
  std::string text;
  bool all_participate = false;
  std::vector<std::string> participants;  // codes when not all_participate
  bool takes_part(const std::string& code) const;
};

struct ProgressRow {
  long long id = 0;
  long long action_id = 0;
  std::string municipality;
  core::ProgressStatus status = core::ProgressStatus::kPlanned;
  std::string result;
  std::optional<long long> sessions;
  std::optional<long long> participants;
  std::optional<long long> cost_yen;
  bool sample = false;
  std::string entered_by;
  std::string entered_at;
  int version = 0;
};

struct EvaluationRow {
  long long id = 0;
  long long action_id = 0;
  std::string grade;
  std::string comment;
  core::NextDirection next = core::NextDirection::kContinue;
  bool sample = false;
  std::string entered_by;
  std::string entered_at;
  int version = 0;
};

struct RoundRow {
  long long id = 0;
  long long region_id = 0;
  int fiscal_year = 0;
  std::string title;
  std::string deadline;              // YYYY-MM-DD (Japan)
  std::vector<long long> field_ids;  // empty = every field
  std::vector<long long> kpi_ids;    // empty = every KPI of the scoped fields
  bool sample = false;
  std::string opened_by;
  std::string opened_at;
  int version = 0;
};

struct SubmissionRow {
  long long id = 0;
  long long round_id = 0;
  std::string municipality;
  core::SubmissionState state = core::SubmissionState::kNotSubmitted;
  std::string reason;
  std::string changed_by;
  std::string changed_at;
  int version = 0;
};

struct EvidenceRow {
  long long id = 0;
  long long progress_id = 0;
  long long action_id = 0;   // of the progress record (read only)
  std::string municipality;  // of the progress record (read only)
  std::string file_name;
  std::string media_type;
  long long size_bytes = 0;
  std::string sha256;
  std::string uploaded_by;
  std::string uploaded_at;
};

// Runs `reads` in one transaction on `sql`, so that several reads see one state (a write
// committed meanwhile is seen whole or not at all). Rolled back when `reads` throws. Not
// for use inside a write transaction (Database::write).
void read_consistently(Session& sql, const std::function<void()>& reads);

std::optional<long long> region_id_of(Session& sql, const std::string& slug);

// The region's municipalities that are not deleted, in order: (code, name).
std::vector<std::pair<std::string, std::string>> load_towns(Session& sql, long long region_id);
// The region's plan period: (first, last) fiscal year.
std::pair<int, int> plan_period(Session& sql, long long region_id);
// Whether a field / a KPI (by id) is one of the region's, not deleted.
bool field_in_region(Session& sql, long long region_id, long long field_id);
bool kpi_in_region(Session& sql, long long region_id, long long kpi_id);
int count_rounds(Session& sql, long long region_id);

// The region's actions of `fiscal_year` (all years when 0), in vision order.
std::vector<ActionInfo> load_actions(Session& sql, long long region_id, int fiscal_year);
std::optional<ActionInfo> load_action(Session& sql, long long region_id, long long action_id);

std::vector<ProgressRow> load_progress(Session& sql, long long region_id, int fiscal_year);
std::optional<ProgressRow> find_progress(Session& sql, long long action_id,
                                         const std::string& municipality);
// Inserts (id 0) or updates (version + 1); returns the row id.
long long write_progress(Session& sql, const ProgressRow& row);

std::vector<EvaluationRow> load_evaluations(Session& sql, long long region_id, int fiscal_year);
std::optional<EvaluationRow> find_evaluation(Session& sql, long long action_id);
long long write_evaluation(Session& sql, const EvaluationRow& row);

std::vector<RoundRow> load_rounds(Session& sql, long long region_id);
std::optional<RoundRow> load_round(Session& sql, long long region_id, long long round_id);
long long insert_round(Session& sql, const RoundRow& row);
std::vector<SubmissionRow> load_submissions(Session& sql, long long round_id);
void insert_submission(Session& sql, const SubmissionRow& row);
// Writes state, reason and who/when; version + 1.
void update_submission(Session& sql, const SubmissionRow& row);

// The state of `municipality`'s submissions in the rounds of the fiscal year whose scope
// covers the field (field_id) or the KPI (kpi_id): the most restrictive one (確定, then
// 提出済, else the others); nullopt when no round covers it.
std::optional<core::SubmissionState> period_state(Session& sql, long long region_id,
                                                  int fiscal_year, const std::string& municipality,
                                                  long long field_id, long long kpi_id);

std::vector<EvidenceRow> load_evidence(Session& sql, long long progress_id);
// The evidence of every progress record of a region's fiscal year, by progress record id.
std::map<long long, std::vector<EvidenceRow>> load_region_evidence(Session& sql,
                                                                   long long region_id,
                                                                   int fiscal_year);
// Stores the file's bytes with its metadata (as base64 text: a storage encoding only).
long long insert_evidence(Session& sql, const EvidenceRow& row, const std::string& content);
// The row and the file's bytes; nullopt when absent or deleted.
std::optional<std::pair<EvidenceRow, std::string>> get_evidence(Session& sql,
                                                                long long evidence_id);
void delete_evidence(Session& sql, long long evidence_id, const std::string& by,
                     const std::string& at);

std::string join_ids(const std::vector<long long>& ids);
std::vector<long long> split_ids(const std::string& text);

}  // namespace kyosei::storage
