#pragma once
// The read models of progress management: plain structs built by app::Progress and
// serialised by http/ (http/api/progress_json.cpp, dashboard_json.cpp). Records inside
// them keep the one JSON record format of app/progress/record_json.hpp.

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/progress/progress.hpp"
#include "storage/progress/progress_store.hpp"

namespace kyosei::app {

// A member town by code, with its name (the code when unknown).
struct Town {
  std::string code;
  std::string name;
};

// One town's progress record of an action, with its evidence files.
struct ProgressRecord {
  storage::ProgressRow row;
  int fiscal_year = 0;  // the action's
  Town municipality;
  std::vector<storage::EvidenceRow> evidence;
};

// One action of the list: its towns' records, the combined status, the progress rate in
// percent (nullopt without a countable record; shown rounded to 0.1) and the evaluation.
// Every progress_percent here is unrounded: roll-ups use the exact values.
struct ProgressItem {
  storage::ActionInfo action;
  std::vector<ProgressRecord> records;
  std::optional<core::ProgressStatus> status;
  std::optional<double> progress_percent;
  std::optional<storage::EvaluationRow> evaluation;
};

// GET …/progress: the actions of a fiscal year.
struct ProgressList {
  int fiscal_year = 0;
  std::vector<ProgressItem> items;
};

// The dashboard's progress part (GET …/dashboard, member "progress").
struct StatusLabel {
  std::string code;
  std::string label;
};
struct CategoryProgress {
  long long category_id = 0;
  std::string category;
  std::optional<double> progress_percent;
};
struct FieldProgress {
  long long field_id = 0;
  std::string field;
  int actions = 0;
  std::map<std::string, int> by_status;  // status code (and not_reported) → actions
  std::optional<double> progress_percent;
  std::vector<CategoryProgress> categories;
};
struct TownState {
  Town municipality;
  core::SubmissionState state = core::SubmissionState::kNotSubmitted;
  bool overdue = false;
};
// The fiscal year's latest round: states only (the dashboard is public), no reasons.
struct RoundStates {
  long long round_id = 0;
  std::string title;
  std::string deadline;
  bool complete = false;  // every town confirmed
  std::map<std::string, int> counts;
  bool sample = false;
  std::vector<TownState> towns;
};
struct RoundDeadline {
  long long round_id = 0;
  std::string label;
  std::string date;
  bool past = false;
  int overdue_towns = 0;
};
struct ProgressDashboard {
  int fiscal_year = 0;
  std::vector<StatusLabel> statuses;
  std::vector<FieldProgress> fields;
  std::optional<double> progress_percent;
  bool sample = false;
  std::optional<RoundStates> submissions;
  std::vector<RoundDeadline> deadlines;  // open rounds, by date
};

}  // namespace kyosei::app
