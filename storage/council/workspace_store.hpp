#pragma once
// The subcommittee workspace (分野別担当者部会, issue 12 item 5; ADR 0014): discussion threads
// on a category or an action of a field with their posts, each town's assessment of a
// candidate category against the viewpoints ❶–➏ (score 0–3 and a note per viewpoint), and
// the "propose for the next revision" mark. Rows and queries; functions take the caller's
// session. Members-only material (the use cases decide who writes).

#include <optional>
#include <string>
#include <vector>

#include "storage/common/database.hpp"

namespace kyosei::storage {

struct ThreadRow {
  long long id = 0;
  long long region_id = 0;
  long long field_id = 0;
  std::string target;  // core::OpinionTarget text: category:ID or action:ID
  std::string title;
  std::string created_by;
  std::string created_at;
  int version = 0;
};

struct PostRow {
  long long id = 0;
  long long thread_id = 0;
  std::string body;
  std::string author;       // login
  std::string author_town;  // the municipality the author writes for, "" = none
  std::string created_at;
};

struct AssessmentRow {
  long long category_id = 0;
  int fiscal_year = 0;
  std::string municipality;
  int viewpoint = 1;  // 1–6 (❶–➏)
  int score = 0;      // 0–3
  std::string note;
  std::string changed_by;
  std::string changed_at;
};

struct ProposalRow {
  long long category_id = 0;
  int fiscal_year = 0;
  std::string reason;
  std::string marked_by;
  std::string marked_at;
};

// The field's threads (every field when 0), newest first.
std::vector<ThreadRow> load_threads(Session& sql, long long region_id, long long field_id);
std::optional<ThreadRow> load_thread(Session& sql, long long region_id, long long id);
long long insert_thread(Session& sql, const ThreadRow& row);
std::vector<PostRow> load_posts(Session& sql, long long thread_id);
long long insert_post(Session& sql, const PostRow& row);

// The assessments of a category in a fiscal year, by town and viewpoint.
std::vector<AssessmentRow> load_assessments(Session& sql, long long category_id, int fiscal_year);
// Replaces one town's scores of the category and year with `rows`.
void replace_assessments(Session& sql, long long category_id, int fiscal_year,
                         const std::string& municipality, const std::vector<AssessmentRow>& rows);

std::optional<ProposalRow> load_proposal(Session& sql, long long category_id, int fiscal_year);
// The region's categories proposed for the revision after `fiscal_year`.
std::vector<ProposalRow> load_proposals(Session& sql, long long region_id, int fiscal_year);
void set_proposal(Session& sql, const ProposalRow& row);  // insert or replace
void clear_proposal(Session& sql, long long category_id, int fiscal_year);

// The field of a category of the region, nullopt when it is not the region's.
std::optional<long long> category_field(Session& sql, long long region_id, long long category_id);
// The category of an action of the region, nullopt when it is not the region's.
std::optional<long long> action_category(Session& sql, long long region_id, long long action_id);
// The region's categories of `field_id`, not deleted: id and name, in order.
std::vector<std::pair<long long, std::string>> field_categories(Session& sql, long long region_id,
                                                                long long field_id);
// The region's category named `name` (not deleted), nullopt when there is none.
std::optional<long long> category_by_name(Session& sql, long long region_id,
                                          const std::string& name);
// Whether any assessment of the region's categories exists in `fiscal_year` (the demo's marker).
bool has_assessments(Session& sql, long long region_id, int fiscal_year);
// The stage code of a category in force in `fiscal_year` ("" when none).
std::string category_stage_in(Session& sql, long long category_id, int fiscal_year);

}  // namespace kyosei::storage
