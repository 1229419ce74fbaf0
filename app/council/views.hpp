#pragma once
// The 意見対応表 as a typed read model: the opinions of a fiscal year (and round) with
// their answers and statuses, as the caller may see them. http/api/council_json renders it
// as JSON and as CSV; the documents issue will render it as xlsx and PDF.

#include <optional>
#include <string>
#include <vector>

namespace kyosei::app {

struct OpinionTableRow {
  long long id = 0;
  int round = 0;
  std::string received_on;
  std::string source;  // label: 会議での発言 / 書面意見 / パブリックコメント
  std::string source_code;
  std::string kind;  // label
  std::string kind_code;
  std::string targets;  // the plan items' names joined by "、"
  std::string body;
  std::string submitter;    // "" when the caller may not see it
  std::string assigned_to;  // the town's name, "" = the secretariat
  std::string policy;       // 対応方針
  std::string answer;       // 回答
  std::string status;       // label
  std::string status_code;
  std::string reason;
  std::string comment_class;  // label, "" when none
  bool published = false;
  bool sample = false;
};

// A category proposed for the next revision by its subcommittee (the workspace's mark), for
// the revisions feature to list.
struct ProposedCategory {
  long long category_id = 0;
  std::string name;
  int fiscal_year = 0;  // the year it was proposed in
  std::string reason;
  std::string marked_by;
  long long assessment_total = 0;  // the sum of every town's viewpoint scores that year
};

struct OpinionTable {
  std::string vision_title;  // the region's vision, for the title of a print
  int fiscal_year = 0;
  std::optional<int> round;    // nullopt = every round
  bool published_only = true;  // what a caller outside the region sees
  std::vector<OpinionTableRow> rows;
};

}  // namespace kyosei::app
