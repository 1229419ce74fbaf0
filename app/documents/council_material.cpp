#include "app/documents/council_material.hpp"

#include <map>
#include <set>

#include "app/documents/opinion_print.hpp"
#include "app/documents/plan_diff.hpp"
#include "core/common/fiscal_year.hpp"
#include "core/kpi/kpi.hpp"
#include "core/plan/region.hpp"
#include "core/progress/progress.hpp"

namespace kyosei::app::documents {
namespace {

using exchange::document::Document;
using exchange::document::PageSize;

const char* const kCircled[] = {"", "❶", "❷", "❸", "❹", "❺", "➏"};

std::string months(int from, int to) {
  if (from == to) return std::to_string(from) + "月";
  return std::to_string(from) + "月〜" + std::to_string(to) + "月";
}

std::string towns_of(const core::Action& a, const std::map<std::string, std::string>& names) {
  if (a.all_participate) return "全市町";
  std::string out;
  for (const auto& code : a.participants) {
    auto it = names.find(code);
    out += (out.empty() ? "" : "・") + (it != names.end() ? it->second : code);
  }
  return out;
}

// The text with 「（サンプル）」 when it is sample data and does not say so already.
std::string with_sample(const std::string& text, bool sample) {
  return sample && text.find("サンプル") == std::string::npos ? text + "（サンプル）" : text;
}

// "（岩見沢市・美唄市）", or nothing when the action names no town.
std::string in_parens(const std::string& towns) { return towns.empty() ? "" : "（" + towns + "）"; }

std::string dec(const std::optional<core::Decimal>& d, const std::string& unit = {}) {
  return d ? d->text() + unit : "—";
}

}  // namespace

Document council_material(const CouncilMaterialInput& in) {
  const auto& v = *in.vision;
  const auto& region = *v.snapshot.region;
  const int fy = v.fiscal_year;
  std::map<std::string, std::string> names;
  for (const auto& m : region.municipalities) names[m.code] = m.name;

  Document d;
  d.region = region.name;
  d.title = core::wareki_label(fy) + " 共生ビジョン懇談会 資料";
  d.issued_on = in.issued_on;
  d.draft = in.draft;

  d.heading(1, d.title);
  d.paragraph(region.vision.title + "（" + core::wareki_label(region.vision.from_fiscal_year) +
              "〜" + core::wareki_label(region.vision.to_fiscal_year) + "）");

  // Ⅰ roles and the year's schedule.
  d.heading(1, "Ⅰ 共生ビジョン懇談会について");
  d.heading(2, "懇談会の役割");
  d.paragraph(
      "① "
      "共生ビジョンの取組に関する意見集約（各分野の連携方針・主な取組み、追加する分野・カテゴリの連"
      "携の方向性）");
  d.paragraph("② 共生ビジョンの進行管理（各分野の取組状況（結果）、成果指標（KPI）の達成状況）");
  d.heading(2, core::wareki_label(fy) + "のスケジュール");
  std::vector<std::vector<std::string>> schedule;
  for (const auto& s : region.schedule)
    if (s.fiscal_year == fy) schedule.push_back({s.label, months(s.from_month, s.to_month)});
  if (schedule.empty())
    d.paragraph("この年度のスケジュールは登録されていません。");
  else
    d.table({"項目", "時期"}, schedule, {3, 2});

  // Ⅱ the cycle and the viewpoints.
  d.heading(1, "Ⅱ 連携取組の進め方");
  d.heading(2, "取組のサイクル");
  std::string cycle;
  for (const auto& c : region.cycle)
    cycle += (cycle.empty() ? "" : " → ") + c.name + (c.role.empty() ? "" : "（" + c.role + "）");
  if (!cycle.empty()) d.paragraph(cycle + " → 懇談会へ");
  d.heading(2, "連携取組の検討の視点");
  for (const auto& p : region.viewpoints)
    d.paragraph(std::string(p.number >= 1 && p.number <= 6 ? kCircled[p.number] : "") + " " +
                p.text);

  // Ⅲ per field.
  d.page_break();
  d.heading(1, "Ⅲ " + core::wareki_label(fy) + "の各分野の取組（" + std::to_string(v.field_count) +
                   "分野・" + std::to_string(v.category_count) + "カテゴリ）");
  for (const auto& area : v.areas) {
    for (const auto& f : area.fields) {
      d.heading(2, "【" + f.field->name + "】");
      for (const auto& c : f.categories) {
        if (c.category->name != f.field->name) d.heading(3, c.category->name);
        if (c.year == nullptr) {
          d.note("この年度の連携方向は未登録です。");
          continue;
        }
        if (!c.year->direction.empty()) d.paragraph("連携方向：" + c.year->direction);
        for (const auto& ini : c.year->initiatives) {
          d.initiative(ini.text);
          for (const auto& a : ini.actions)
            d.action(a.text + in_parens(towns_of(a, names)) +
                     (a.funding.empty() ? "" : "　" + a.funding));
        }
        for (const auto& a : c.year->actions)
          d.action(a.text + in_parens(towns_of(a, names)) +
                   (a.funding.empty() ? "" : "　" + a.funding));
        // Progress results of the category's actions.
        std::vector<std::vector<std::string>> results;
        if (in.progress != nullptr) {
          for (const auto& item : in.progress->items) {
            if (item.action.category != c.category->name || item.action.field != f.field->name)
              continue;
            for (const auto& r : item.records) {
              if (r.row.sample) d.sample = true;
              results.push_back({item.action.text, r.municipality.name,
                                 std::string(core::label(r.row.status)),
                                 with_sample(r.row.result, r.row.sample)});
            }
          }
        }
        if (!results.empty()) {
          d.note("取組状況（結果）");
          d.table({"具体的取組", "市町", "状況", "実績・結果"}, results, {4, 1.2, 1, 4});
        }
        // KPI achievement.
        std::vector<std::vector<std::string>> kpis;
        if (in.kpis != nullptr) {
          for (const auto& k : in.kpis->items) {
            if (k.kpi.category != c.category->name || k.kpi.field != f.field->name) continue;
            if (k.kpi.kpi.sample) d.sample = true;
            const auto& a = k.achievement;
            kpis.push_back({with_sample(k.kpi.kpi.definition.name, k.kpi.kpi.sample),
                            a.target ? a.target->value.text() + k.kpi.kpi.definition.unit : "—",
                            dec(a.actual.value, k.kpi.kpi.definition.unit),
                            a.rate.percent ? a.rate.percent->text() + "%" : "—", a.grade});
          }
        }
        if (!kpis.empty()) {
          d.note("成果指標（KPI）の達成状況");
          d.table({"指標", "目標", "実績", "達成率", "評価"}, kpis, {5, 1.5, 1.5, 1, 0.8});
        }
      }
    }
  }

  // Ⅳ the categories that start next year, and the candidates.
  d.page_break();
  const int next = fy + 1;
  d.heading(1, "Ⅳ " + core::wareki_label(next) + "から追加する分野・カテゴリ");
  std::set<std::string> new_fields;
  std::vector<std::vector<std::string>> starting;
  std::vector<std::vector<std::string>> candidates;
  for (const auto& area : region.policy_areas) {
    for (const auto& f : area.fields) {
      for (const auto& c : f.categories) {
        const auto now = core::stage_in(c, fy);
        const auto then = core::stage_in(c, next);
        // What the category will do: next year's direction and topics, or, while they are
        // still being prepared, this year's (the subcommittees' 検討項目).
        const auto* y = core::year_of(c, next);
        if (y == nullptr || (y->direction.empty() && y->topics.empty())) y = core::year_of(c, fy);
        std::string direction = y != nullptr ? y->direction : "";
        if (y != nullptr)
          for (const auto& t : y->topics) direction += (direction.empty() ? "" : "／") + t;
        if (then == core::Stage::kActive && now != core::Stage::kActive) {
          new_fields.insert(f.name);
          starting.push_back({f.name, c.name, direction});
        } else if (then == core::Stage::kCandidate || then == core::Stage::kDiscussing) {
          candidates.push_back({f.name, c.name, std::string(core::label(*then)), direction});
        }
      }
    }
  }
  d.paragraph("新たに" + std::to_string(new_fields.size()) + "分野・" +
              std::to_string(starting.size()) + "カテゴリ");
  if (!starting.empty())
    d.table({"分野", "カテゴリ", "連携の方向性・検討項目"}, starting, {1.2, 1.5, 5});
  d.heading(2, "候補・協議中の分野・カテゴリ");
  if (candidates.empty())
    d.paragraph("なし");
  else
    d.table({"分野", "カテゴリ", "段階", "連携の方向性・検討項目"}, candidates, {1.2, 1.5, 0.8, 5});

  // The KPI 進捗表, A3 landscape.
  if (in.kpis != nullptr) {
    d.page_break(PageSize::kA3Landscape);
    d.heading(1, "成果指標（KPI）進捗表（" + core::wareki_label(fy) + "）");
    std::vector<std::string> header = {"分野", "カテゴリ", "指標", "単位", "基準値", "目標"};
    std::vector<double> widths = {1.2, 1.4, 4, 0.7, 1.2, 1.2};
    for (const int y : in.kpis->years) {
      header.push_back("実績 " + core::wareki_short(y));
      widths.push_back(1);
    }
    header.insert(header.end(), {"達成率", "評価", "今後の方向性"});
    widths.insert(widths.end(), {0.9, 0.6, 1.2});
    std::vector<std::vector<std::string>> rows;
    for (const auto& k : in.kpis->items) {
      const auto& def = k.kpi.kpi.definition;
      std::vector<std::string> r = {
          k.kpi.field,
          k.kpi.category,
          with_sample(def.name, k.kpi.kpi.sample),
          def.unit,
          def.baseline.value.text() + "（" + core::wareki_short(def.baseline.fiscal_year) + "）",
          def.target.value.text() + "（" + core::wareki_short(def.target.fiscal_year) + "）"};
      for (const auto& y : k.actuals) r.push_back(dec(y.actual.value));
      r.push_back(k.achievement.rate.percent ? k.achievement.rate.percent->text() + "%" : "—");
      r.push_back(k.achievement.grade);
      r.push_back(std::string(core::label(k.projection.outlook)));
      rows.push_back(std::move(r));
    }
    d.table(header, rows, widths);
    d.note("達成率は圏域の評価方式（" + std::string(core::label(in.kpis->bands.method)) +
           "）による。今後の方向性は計画最終年度への見通し（最小二乗法）。");
  }

  // The 意見対応表.
  if (in.opinions != nullptr)
    add_opinion_table(d, *in.opinions, "意見対応表（" + core::wareki_label(fy) + "）",
                      PageSize::kA3Landscape);

  // The pending revision's 新旧対照表.
  if (in.revision != nullptr) add_plan_diff(d, *in.revision, "改訂案の新旧対照表");
  return d;
}

std::string council_material_pdf(const CouncilMaterialInput& in) {
  return exchange::document::to_pdf(council_material(in));
}

std::string council_material_html(const CouncilMaterialInput& in) {
  return exchange::document::to_html(council_material(in));
}

}  // namespace kyosei::app::documents
