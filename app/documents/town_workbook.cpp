#include "app/documents/town_workbook.hpp"

#include <algorithm>

#include "app/common/messages.hpp"
#include "app/documents/messages.hpp"
#include "core/progress/progress.hpp"
#include "exchange/workbook/town_workbook.hpp"
#include "exchange/workbook/zip_writer.hpp"

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

// A town's name as part of a file name: characters that no file system takes become "_".
std::string file_safe(const std::string& name) {
  std::string out;
  for (const char c : name)
    out += std::string_view("/\\:*?\"<>|").find(c) == std::string_view::npos &&
                   static_cast<unsigned char>(c) >= 0x20
               ? c
               : '_';
  return out;
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

std::string size_words(std::size_t bytes) {
  constexpr std::size_t kKiB = 1024;
  constexpr std::size_t kMiB = kKiB * 1024;
  if (bytes >= kMiB && bytes % kMiB == 0) return std::to_string(bytes / kMiB) + " MiB";
  return std::to_string((bytes + kKiB - 1) / kKiB) + " KiB";
}

std::variant<std::string, Error> round_workbooks_zip(Progress& progress, const std::string& slug,
                                                     const std::string& region_name,
                                                     const std::string& round_id,
                                                     const core::Date& today, const Principal& who,
                                                     std::size_t max_bytes) {
  auto round = progress.round(slug, round_id, today);
  if (auto* e = std::get_if<Error>(&round)) return *e;
  const auto& data = std::get<Record>(round).data;
  std::vector<std::pair<std::string, std::string>> towns;  // code, name
  if (const auto* subs = data.if_contains("submissions"); subs != nullptr && subs->is_array())
    for (const auto& s : subs->as_array()) {
      const auto& m = at(s.as_object(), "municipality");
      if (!m.is_object()) continue;
      towns.emplace_back(str(at(m.as_object(), "code")), str(at(m.as_object(), "name")));
    }
  std::sort(towns.begin(), towns.end());
  std::vector<exchange::workbook::ZipEntry> entries;
  std::size_t total = 0;
  for (const auto& [code, name] : towns) {
    auto tasks = progress.tasks(slug, round_id, code, today, &who);
    if (auto* e = std::get_if<Error>(&tasks)) return *e;
    auto bytes = town_workbook_xlsx(std::get<json::object>(tasks), slug, region_name);
    total += bytes.size();
    if (total > max_bytes)
      return error_of(Errc::kConflict, msg::documents::round_zip_too_large, size_words(max_bytes));
    entries.push_back({code + "_" + file_safe(name) + ".xlsx", std::move(bytes)});
  }
  return exchange::workbook::to_zip(entries);
}

}  // namespace kyosei::app::documents
