#include "app/documents/exports.hpp"

#include <map>

#include "core/common/fiscal_year.hpp"
#include "core/plan/region.hpp"

namespace kyosei::app::documents {
namespace {

namespace json = boost::json;
using exchange::workbook::Cell;
using exchange::workbook::Column;
using exchange::workbook::Sheet;

Cell txt(std::string_view s) { return Cell::text(std::string(s)); }
Cell dec(const std::optional<core::Decimal>& d) {
  return d ? Cell::number(d->text()) : Cell::empty();
}
Cell opt_int(const std::optional<long long>& v) { return v ? Cell::integer(*v) : Cell::empty(); }
Cell sample_cell(bool sample) { return sample ? txt("サンプル") : Cell::empty(); }

std::string str(const json::value& v) {
  if (v.is_string()) return std::string(v.as_string());
  if (v.is_int64()) return std::to_string(v.as_int64());
  return {};
}
const json::value& at(const json::object& o, std::string_view k) {
  static const json::value kNull;
  const auto* v = o.if_contains(k);
  return v != nullptr ? *v : kNull;
}

std::string year_label(int fy) { return core::wareki_short(fy); }

}  // namespace

Workbook kpi_table(const KpiList& list) {
  Sheet s;
  s.name = "KPI進捗表";
  s.columns = {{"kpi_id", "KPI番号", 8},
               {"field", "分野", 12},
               {"category", "カテゴリ", 14},
               {"name", "指標名", 36},
               {"unit", "単位", 8},
               {"direction", "方向", 8},
               {"baseline_year", "基準年度", 10},
               {"baseline", "基準値", 10},
               {"target_year", "目標年度", 10},
               {"target", "目標値", 10},
               {"fiscal_year", "年度", 8},
               {"year_target", "年度目標", 10}};
  for (const int y : list.years)
    s.columns.push_back({"actual_" + std::to_string(y), "実績（" + year_label(y) + "）", 12});
  const std::vector<Column> tail = {{"rate_progress", "達成率（基準値からの進捗）%", 14},
                                    {"rate_ratio", "達成率（実績÷目標）%", 14},
                                    {"grade", "評価", 8},
                                    {"outlook", "今後の見通し", 12},
                                    {"leads", "担当", 20},
                                    {"sample", "サンプル", 10}};
  s.columns.insert(s.columns.end(), tail.begin(), tail.end());
  for (const auto& item : list.items) {
    const auto& d = item.kpi.kpi.definition;
    const auto& a = item.achievement;
    std::vector<Cell> row = {Cell::integer(item.kpi.id),
                             txt(item.kpi.field),
                             txt(item.kpi.category),
                             txt(d.name),
                             txt(d.unit),
                             txt(core::label(d.direction)),
                             Cell::integer(d.baseline.fiscal_year),
                             Cell::number(d.baseline.value.text()),
                             Cell::integer(d.target.fiscal_year),
                             Cell::number(d.target.value.text()),
                             Cell::integer(list.fiscal_year),
                             a.target ? Cell::number(a.target->value.text()) : Cell::empty()};
    for (const auto& y : item.actuals) row.push_back(dec(y.actual.value));
    std::string leads;
    for (const auto& l : item.leads) leads += (leads.empty() ? "" : "、") + l;
    row.push_back(dec(a.progress.percent));
    row.push_back(dec(a.ratio.percent));
    row.push_back(txt(a.grade));
    row.push_back(txt(core::label(item.projection.outlook)));
    row.push_back(txt(leads));
    row.push_back(sample_cell(item.kpi.kpi.sample));
    s.add(std::move(row));
  }
  return {"KPI進捗表 " + core::wareki_with_western(list.fiscal_year), {std::move(s)}};
}

Workbook progress_table(const ProgressList& list) {
  Sheet s;
  s.name = "取組状況";
  s.columns = {{"fiscal_year", "年度", 8},
               {"action_id", "取組番号", 8},
               {"field", "分野", 12},
               {"category", "カテゴリ", 14},
               {"initiative", "主な取組み", 24},
               {"action", "具体的取組", 36},
               {"municipality_code", "市町コード", 10},
               {"municipality", "市町", 10},
               {"status", "状況", 8},
               {"result", "実績・結果", 36},
               {"sessions", "回数", 8},
               {"participants", "参加者数", 8},
               {"cost_yen", "事業費（円）", 12},
               {"evaluation", "評価", 8},
               {"next_direction", "次年度の方向性", 10},
               {"sample", "サンプル", 10}};
  for (const auto& item : list.items) {
    const auto& act = item.action;
    auto eval = item.evaluation ? txt(item.evaluation->grade) : Cell::empty();
    auto next = item.evaluation ? txt(core::label(item.evaluation->next)) : Cell::empty();
    auto head = [&] {
      return std::vector<Cell>{Cell::integer(act.fiscal_year),
                               Cell::integer(act.id),
                               txt(act.field),
                               txt(act.category),
                               txt(act.initiative),
                               txt(act.text)};
    };
    if (item.records.empty()) {
      auto row = head();
      for (int i = 0; i < 7; ++i) row.push_back(Cell::empty());
      row.push_back(eval);
      row.push_back(next);
      row.push_back(Cell::empty());
      s.add(std::move(row));
      continue;
    }
    for (const auto& r : item.records) {
      auto row = head();
      row.push_back(txt(r.municipality.code));
      row.push_back(txt(r.municipality.name));
      row.push_back(txt(core::label(r.row.status)));
      row.push_back(txt(r.row.result));
      row.push_back(opt_int(r.row.sessions));
      row.push_back(opt_int(r.row.participants));
      row.push_back(opt_int(r.row.cost_yen));
      row.push_back(eval);
      row.push_back(next);
      row.push_back(sample_cell(r.row.sample || (item.evaluation && item.evaluation->sample)));
      s.add(std::move(row));
    }
  }
  return {"取組状況 " + core::wareki_with_western(list.fiscal_year), {std::move(s)}};
}

Workbook round_table(const json::object& round) {
  Sheet s;
  s.name = "照会の状況";
  s.columns = {{"round_id", "照会番号", 8},
               {"title", "照会", 30},
               {"fiscal_year", "年度", 8},
               {"deadline", "期限", 12},
               {"municipality_code", "市町コード", 10},
               {"municipality", "市町", 10},
               {"state", "状態", 10},
               {"overdue", "期限超過", 8},
               {"reason", "差戻しの理由", 30},
               {"changed_by", "変更者", 12},
               {"changed_at", "変更日時", 20},
               {"sample", "サンプル", 10}};
  const auto& fy = at(round, "fiscal_year");
  const long long year = fy.is_object() ? at(fy.as_object(), "year").to_number<long long>() : 0;
  const bool sample = at(round, "sample").is_bool() && at(round, "sample").as_bool();
  if (at(round, "submissions").is_array()) {
    for (const auto& v : at(round, "submissions").as_array()) {
      const auto& sub = v.as_object();
      const auto& town = at(sub, "municipality");
      const auto& state = at(sub, "state");
      s.add({Cell::integer(at(round, "id").to_number<long long>()), txt(str(at(round, "title"))),
             Cell::integer(year), txt(str(at(round, "deadline"))),
             txt(town.is_object() ? str(at(town.as_object(), "code")) : ""),
             txt(town.is_object() ? str(at(town.as_object(), "name")) : ""),
             txt(state.is_object() ? str(at(state.as_object(), "label")) : ""),
             at(sub, "overdue").is_bool() && at(sub, "overdue").as_bool() ? txt("超過")
                                                                          : Cell::empty(),
             txt(str(at(sub, "reason"))), txt(str(at(sub, "changed_by"))),
             txt(str(at(sub, "changed_at"))), sample_cell(sample)});
    }
  }
  return {"照会の状況 " + str(at(round, "title")), {std::move(s)}};
}

Workbook opinion_table(const OpinionTable& t) {
  Sheet s;
  s.name = "意見対応表";
  s.columns = {
      {"id", "番号", 6},          {"round", "意見集約", 8},      {"received_on", "受付日", 12},
      {"source", "出典", 12},     {"kind", "意見の種類", 14},    {"targets", "対象", 24},
      {"body", "意見", 40},       {"submitter", "提出者", 12},   {"assigned_to", "担当", 10},
      {"policy", "対応方針", 30}, {"answer", "回答", 40},        {"status", "対応状況", 10},
      {"reason", "理由", 24},     {"comment_class", "区分", 10}, {"published", "公開", 8},
      {"sample", "サンプル", 10}};
  for (const auto& r : t.rows) {
    s.add({Cell::integer(r.id), txt("第" + std::to_string(r.round) + "回"), txt(r.received_on),
           txt(r.source), txt(r.kind), txt(r.targets), txt(r.body), txt(r.submitter),
           txt(r.assigned_to), txt(r.policy), txt(r.answer), txt(r.status), txt(r.reason),
           txt(r.comment_class), txt(r.published ? "公開" : "非公開"), sample_cell(r.sample)});
  }
  return {"意見対応表 " + core::wareki_with_western(t.fiscal_year), {std::move(s)}};
}

Workbook audit_table(const std::vector<storage::AuditEntry>& entries) {
  Sheet s;
  s.name = "監査ログ";
  s.columns = {{"id", "番号", 8},
               {"at", "日時（UTC）", 22},
               {"actor", "操作者", 12},
               {"remote", "接続元", 14},
               {"action", "操作", 14},
               {"record_type", "対象の種類", 16},
               {"record_id", "対象番号", 10},
               {"before", "変更前", 40},
               {"after", "変更後", 40},
               {"hash", "ハッシュ", 20}};
  for (const auto& e : entries) {
    s.add({Cell::integer(e.id), txt(e.at), txt(e.actor), txt(e.remote), txt(e.action),
           txt(e.record_type), txt(e.record_id), txt(e.before_json), txt(e.after_json),
           txt(e.hash)});
  }
  return {"監査ログ", {std::move(s)}};
}

namespace {

// The columns of the open-data sheets: one list each, for the files and their dictionary.
std::vector<Column> vision_columns() {
  return {{"fiscal_year", "年度", 8},
          {"policy_area_code", "政策分野コード", 10},
          {"policy_area", "政策分野", 24},
          {"field_no", "分野番号", 8},
          {"field", "分野", 14},
          {"category_no", "カテゴリ番号", 8},
          {"category", "カテゴリ", 16},
          {"stage_code", "段階コード", 10},
          {"stage", "段階", 8},
          {"direction", "連携方向", 40},
          {"initiative_no", "主な取組み番号", 8},
          {"initiative", "主な取組み", 30},
          {"action_no", "具体的取組番号", 8},
          {"action", "具体的取組", 40},
          {"municipality_code", "市町コード", 10},
          {"municipality", "市町", 10},
          {"lead", "幹事市町", 8}};
}
std::vector<Column> municipality_columns() {
  return {{"municipality_code", "市町コード", 10}, {"municipality", "市町", 12}};
}
std::vector<Column> kpi_columns() {
  return {{"kpi_id", "KPI番号", 8},     {"field_id", "分野コード", 8},
          {"field", "分野", 14},        {"category_id", "カテゴリコード", 8},
          {"category", "カテゴリ", 16}, {"name", "指標名", 36},
          {"unit", "単位", 8},          {"direction_code", "方向コード", 10},
          {"direction", "方向", 8},     {"baseline_year", "基準年度", 10},
          {"baseline", "基準値", 10},   {"target_year", "目標年度", 10},
          {"target", "目標値", 10},     {"cumulative", "累計", 6},
          {"summed", "市町の合計", 6},  {"data_source", "出典", 24},
          {"sample", "サンプル", 10}};
}
std::vector<Column> result_columns() {
  return {{"kpi_id", "KPI番号", 8},  {"name", "指標名", 36},
          {"unit", "単位", 8},       {"fiscal_year", "年度", 8},
          {"actual", "実績値", 12},  {"reported_municipalities", "報告市町数", 8},
          {"sample", "サンプル", 10}};
}

}  // namespace

Workbook open_vision(const VisionInYear& v) {
  const auto& region = *v.snapshot.region;
  std::map<std::string, std::string> names;
  for (const auto& m : region.municipalities) names[m.code] = m.name;
  Sheet s;
  s.name = "vision";
  s.columns = vision_columns();
  int field_no = 0;
  for (const auto& area : v.areas) {
    for (const auto& f : area.fields) {
      ++field_no;
      int category_no = 0;
      for (const auto& c : f.categories) {
        ++category_no;
        auto head = [&] {
          return std::vector<Cell>{
              Cell::integer(v.fiscal_year), txt(area.area->code),
              txt(area.area->name),         Cell::integer(field_no),
              txt(f.field->name),           Cell::integer(category_no),
              txt(c.category->name),        txt(core::code(c.stage)),
              txt(core::label(c.stage)),    txt(c.year != nullptr ? c.year->direction : "")};
        };
        bool any = false;
        auto emit = [&](int ini_no, const std::string& ini, int act_no, const core::Action& a) {
          std::vector<std::string> towns = a.participants;
          if (a.all_participate) {
            towns.clear();
            for (const auto& m : region.municipalities) towns.push_back(m.code);
          }
          if (towns.empty()) towns.emplace_back();
          for (const auto& code : towns) {
            auto row = head();
            row.push_back(ini_no > 0 ? Cell::integer(ini_no) : Cell::empty());
            row.push_back(txt(ini));
            row.push_back(Cell::integer(act_no));
            row.push_back(txt(a.text));
            row.push_back(txt(code));
            row.push_back(txt(code.empty() ? "" : names[code]));
            row.push_back(!code.empty() && code == a.lead ? txt("幹事") : Cell::empty());
            s.add(std::move(row));
            any = true;
          }
        };
        if (c.year != nullptr) {
          int act_no = 0;
          int ini_no = 0;
          for (const auto& ini : c.year->initiatives) {
            ++ini_no;
            for (const auto& a : ini.actions) emit(ini_no, ini.text, ++act_no, a);
          }
          for (const auto& a : c.year->actions) emit(0, "", ++act_no, a);
        }
        if (!any) {
          auto row = head();
          for (int i = 0; i < 7; ++i) row.push_back(Cell::empty());
          s.add(std::move(row));
        }
      }
    }
  }
  Sheet towns;
  towns.name = "municipalities";
  towns.columns = municipality_columns();
  for (const auto& m : region.municipalities) towns.add({txt(m.code), txt(m.name)});
  return {region.name + " 共生ビジョン " + std::to_string(v.fiscal_year) + "年度",
          {std::move(s), std::move(towns)}};
}

Workbook open_kpis(const KpiList& list) {
  Sheet s;
  s.name = "kpis";
  s.columns = kpi_columns();
  for (const auto& item : list.items) {
    const auto& d = item.kpi.kpi.definition;
    s.add({Cell::integer(item.kpi.id), Cell::integer(item.kpi.field_id), txt(item.kpi.field),
           Cell::integer(item.kpi.category_id), txt(item.kpi.category), txt(d.name), txt(d.unit),
           txt(core::code(d.direction)), txt(core::label(d.direction)),
           Cell::integer(d.baseline.fiscal_year), Cell::number(d.baseline.value.text()),
           Cell::integer(d.target.fiscal_year), Cell::number(d.target.value.text()),
           Cell::integer(d.cumulative ? 1 : 0), Cell::integer(d.summed ? 1 : 0), txt(d.data_source),
           sample_cell(item.kpi.kpi.sample)});
  }
  return {"KPI " + std::to_string(list.fiscal_year) + "年度", {std::move(s)}};
}

Workbook open_results(const KpiList& list) {
  Sheet s;
  s.name = "results";
  s.columns = result_columns();
  for (const auto& item : list.items) {
    const auto& d = item.kpi.kpi.definition;
    for (const auto& y : item.actuals) {
      if (!y.actual.value) continue;
      s.add({Cell::integer(item.kpi.id), txt(d.name), txt(d.unit), Cell::integer(y.fiscal_year),
             dec(y.actual.value), Cell::integer(static_cast<long long>(y.actual.reported)),
             sample_cell(item.kpi.kpi.sample)});
    }
  }
  return {"KPI実績 " + std::to_string(list.fiscal_year) + "年度", {std::move(s)}};
}

namespace {

json::value cell_json(const Cell& c) {
  switch (c.kind) {
    case Cell::Kind::kEmpty: return nullptr;
    // A text, and a decimal as its text.
    case Cell::Kind::kText:
    case Cell::Kind::kNumber: return json::string(c.value);
    case Cell::Kind::kInteger: return std::stoll(c.value);
  }
  return nullptr;
}

}  // namespace

json::object workbook_json(const Workbook& book) {
  json::array sheets;
  for (const auto& s : book.sheets) {
    json::array columns;
    for (const auto& c : s.columns)
      columns.push_back(json::object{{"key", c.key}, {"label", c.label}});
    json::array rows;
    for (const auto& r : s.rows) {
      json::object o;
      for (std::size_t i = 0; i < r.size(); ++i) o[s.columns[i].key] = cell_json(r[i]);
      rows.push_back(std::move(o));
    }
    sheets.push_back(
        json::object{{"name", s.name}, {"columns", std::move(columns)}, {"rows", std::move(rows)}});
  }
  return {{"title", book.title}, {"sheets", std::move(sheets)}};
}

std::string workbook_csv(const Workbook& book) {
  return book.sheets.empty() ? std::string("\xEF\xBB\xBF")
                             : exchange::workbook::to_csv(book.sheets.front());
}

std::string workbook_xlsx(const Workbook& book) { return exchange::workbook::to_xlsx(book); }

namespace {

// What each open-data column means (docs/open-data.md says the same for people).
const std::map<std::string, std::string, std::less<>>& column_meanings() {
  static const std::map<std::string, std::string, std::less<>> kMeanings = {
      {"fiscal_year", "年度（西暦。4月から翌年3月まで。2025は令和7年度）"},
      {"policy_area_code", "政策分野のコード（living / network / management）"},
      {"policy_area", "政策分野の名称"},
      {"field_no", "その年度のビジョンでの分野の順番"},
      {"field", "分野の名称"},
      {"field_id", "分野の番号（Kyoseiの固定番号）"},
      {"category_no", "分野の中でのカテゴリの順番"},
      {"category", "カテゴリの名称"},
      {"category_id", "カテゴリの番号（Kyoseiの固定番号）"},
      {"stage_code", "段階のコード（candidate / discussing / active / ended）"},
      {"stage", "段階（候補・協議中・実施・終了）"},
      {"direction", "その年度の連携の方向性"},
      {"initiative_no", "主な取組みの順番（主な取組みに属さない取組は空欄）"},
      {"initiative", "主な取組みの文"},
      {"action_no", "カテゴリの中での具体的取組の順番"},
      {"action", "具体的取組の文"},
      {"municipality_code", "市町の全国地方公共団体コード（検査数字を除く5桁）"},
      {"municipality", "市町の名称"},
      {"lead", "幹事市町であれば「幹事」"},
      {"kpi_id", "成果指標の番号（Kyoseiの固定番号）"},
      {"name", "成果指標の名称"},
      {"unit", "単位（人・件・% など）"},
      {"direction_code", "目指す方向のコード（higher / lower / maintain）"},
      {"baseline_year", "基準値の年度（西暦）"},
      {"baseline", "基準値"},
      {"target_year", "目標値の年度（西暦）"},
      {"target", "目標値"},
      {"cumulative", "累計の値であれば1"},
      {"summed", "年度の値が各市町の値の合計であれば1"},
      {"data_source", "値の出典"},
      {"actual", "その年度の実績値（市町の合計の指標は各市町の合計）"},
      {"reported_municipalities", "実績を報告した市町の数（市町の合計の指標）"},
      {"sample", "サンプルデータであれば「サンプル」（実際の値ではない）"},
  };
  return kMeanings;
}

// "kpis" has its own meaning of "direction" (目指す方向), the vision its 連携方向.
std::string meaning_of(std::string_view dataset, const std::string& key) {
  if (dataset == "kpis" && key == "direction") return "目指す方向（増加・減少・維持）";
  const auto& m = column_meanings();
  const auto it = m.find(key);
  return it == m.end() ? std::string() : it->second;
}

}  // namespace

Workbook open_dictionary() {
  Sheet s;
  s.name = "dictionary";
  s.columns = {{"dataset", "データセット", 10},
               {"sheet", "シート", 14},
               {"key", "項目キー", 24},
               {"label", "見出し", 16},
               {"meaning", "説明", 60}};
  const std::pair<const char*, std::vector<std::pair<const char*, std::vector<Column>>>>
      datasets[] = {
          {"vision", {{"vision", vision_columns()}, {"municipalities", municipality_columns()}}},
          {"kpis", {{"kpis", kpi_columns()}}},
          {"results", {{"results", result_columns()}}}};
  for (const auto& [dataset, sheets] : datasets) {
    for (const auto& [sheet, columns] : sheets) {
      for (const auto& c : columns)
        s.add(
            {txt(dataset), txt(sheet), txt(c.key), txt(c.label), txt(meaning_of(dataset, c.key))});
    }
  }
  return {"オープンデータ 項目定義書", {std::move(s)}};
}

}  // namespace kyosei::app::documents
