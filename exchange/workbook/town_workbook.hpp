#pragma once
// A town's workbook for a data-collection round (issue 14): the town's actions and summed
// KPIs of the round, pre-filled, for the town to fill in Excel or LibreOffice and send back.
// Sheet 様式 (actions: 状況 from a list, 実績・結果, 回数, 参加者数, 事業費), sheet KPI
// (the year's value), key columns locked (the sheets are protected without a password; the
// input columns are unlocked), and a hidden sheet _kyosei naming the region, round, town,
// fiscal year and the version of every pre-filled record.

#include <optional>
#include <string>
#include <vector>

namespace kyosei::exchange::workbook {

inline constexpr const char* kTownWorkbookFormat = "kyosei-town-workbook/1";

struct TownActionRow {
  long long action_id = 0;
  std::string field;
  std::string category;
  std::string action;
  std::string status;  // label (予定 / 実施中 / 実施済 / 延期 / 中止), "" when not entered
  std::string result;
  std::optional<long long> sessions;
  std::optional<long long> participants;
  std::optional<long long> cost_yen;
  int version = 0;  // of the stored record, 0 = none
};

struct TownKpiRow {
  long long kpi_id = 0;
  std::string name;
  std::string unit;
  std::optional<std::string> value;  // decimal text
  int version = 0;
};

struct TownWorkbook {
  std::string region;  // slug
  std::string region_name;
  long long round_id = 0;
  std::string round_title;
  int fiscal_year = 0;
  std::string town_code;
  std::string town_name;
  std::vector<std::string> statuses;  // the list for 状況
  std::vector<TownActionRow> actions;
  std::vector<TownKpiRow> kpis;
};

std::string to_xlsx(const TownWorkbook& book);

}  // namespace kyosei::exchange::workbook
