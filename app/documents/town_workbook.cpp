#include "app/documents/town_workbook.hpp"

#include "core/progress/progress.hpp"
#include "exchange/workbook/town_workbook.hpp"

namespace kyosei::app::documents {
namespace {

namespace json = boost::json;

const json::value& at(const json::object& o, std::string_view k) {
  static const json::value kNull;
  const auto* v = o.if_contains(k);
  return v != nullptr ? *v : kNull;
}
std::string str(const json::value& v) { return v.is_string() ? std::string(v.as_string()) : ""; }
long long num(const json::value& v) { return v.is_int64() ? v.as_int64() : 0; }
std::optional<long long> opt(const json::value& v) {
  return v.is_int64() ? std::optional<long long>(v.as_int64()) : std::nullopt;
}

}  // namespace

std::string town_workbook_xlsx(const json::object& tasks, const std::string& slug,
                               const std::string& region_name) {
  exchange::workbook::TownWorkbook b;
  b.region = slug;
  b.region_name = region_name;
  if (const auto& round = at(tasks, "round"); round.is_object()) {
    b.round_id = num(at(round.as_object(), "id"));
    b.round_title = str(at(round.as_object(), "title"));
    if (const auto& fy = at(round.as_object(), "fiscal_year"); fy.is_object())
      b.fiscal_year = static_cast<int>(num(at(fy.as_object(), "year")));
  }
  if (const auto& town = at(tasks, "municipality"); town.is_object()) {
    b.town_code = str(at(town.as_object(), "code"));
    b.town_name = str(at(town.as_object(), "name"));
  }
  for (const auto s : core::kAllProgressStatuses) b.statuses.emplace_back(core::label(s));
  if (at(tasks, "actions").is_array()) {
    for (const auto& v : at(tasks, "actions").as_array()) {
      const auto& a = v.as_object();
      exchange::workbook::TownActionRow row;
      row.action_id = num(at(a, "id"));
      row.field = str(at(a, "field"));
      row.category = str(at(a, "category"));
      row.action = str(at(a, "text"));
      if (const auto& rec = at(a, "record"); rec.is_object()) {
        const auto& r = rec.as_object();
        if (const auto& st = at(r, "status"); st.is_object())
          row.status = str(at(st.as_object(), "label"));
        row.result = str(at(r, "result"));
        row.sessions = opt(at(r, "sessions"));
        row.participants = opt(at(r, "participants"));
        row.cost_yen = opt(at(r, "cost_yen"));
        row.version = static_cast<int>(num(at(r, "version")));
      }
      b.actions.push_back(std::move(row));
    }
  }
  if (at(tasks, "kpis").is_array()) {
    for (const auto& v : at(tasks, "kpis").as_array()) {
      const auto& k = v.as_object();
      exchange::workbook::TownKpiRow row;
      row.kpi_id = num(at(k, "id"));
      row.name = str(at(k, "name"));
      row.unit = str(at(k, "unit"));
      if (at(k, "value").is_string()) row.value = str(at(k, "value"));
      row.version = static_cast<int>(num(at(k, "version")));
      b.kpis.push_back(std::move(row));
    }
  }
  return exchange::workbook::to_xlsx(b);
}

}  // namespace kyosei::app::documents
