#include "core/plan/validation.hpp"

#include <algorithm>
#include <set>

namespace kyosei::core {
namespace {

class Checker {
 public:
  explicit Checker(const Region& region) : region_(region) {
    for (const auto& m : region.municipalities) {
      codes_.insert(m.code);
      member_codes_.push_back(m.code);
    }
    for (const auto& a : region.agreements) agreement_titles_.insert(a.title);
  }

  std::vector<Problem> run() {
    check_region();
    check_municipalities();
    check_agreements();
    check_policy_areas();
    check_viewpoints();
    check_schedule();
    for (auto& p : validate_grade_bands(region_.grade_bands, "grade_bands"))
      problems_.push_back(std::move(p));
    return std::move(problems_);
  }

 private:
  void add(std::string path, std::string ja, std::string en) {
    problems_.push_back({std::move(path), std::move(ja), std::move(en)});
  }

  void require_text(const std::string& path, const std::string& value) {
    if (value.find_first_not_of(" \t\r\n") == std::string::npos) {
      add(path, "入力が必要です", "must not be empty");
    }
  }

  void check_year(const std::string& path, int fy) {
    if (fy < kMinFiscalYear || fy > kMaxFiscalYear) {
      add(path, "年度 " + std::to_string(fy) + " は範囲外です",
          "fiscal year " + std::to_string(fy) + " is out of range");
    }
  }

  void check_region() {
    require_text("slug", region_.slug);
    const bool slug_ok = !region_.slug.empty() && region_.slug.size() <= 64 &&
                         std::all_of(region_.slug.begin(), region_.slug.end(), [](char c) {
                           return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
                         });
    if (!region_.slug.empty() && !slug_ok) {
      add("slug", "英小文字・数字・ハイフンのみ（64文字まで）で指定してください",
          "use lower-case letters, digits and hyphens only (at most 64)");
    }
    require_text("name", region_.name);
    require_text("vision.title", region_.vision.title);
    check_year("vision.from_fiscal_year", region_.vision.from_fiscal_year);
    check_year("vision.to_fiscal_year", region_.vision.to_fiscal_year);
    if (region_.vision.to_fiscal_year < region_.vision.from_fiscal_year) {
      add("vision.to_fiscal_year", "計画期間の終わりが始まりより前です",
          "the plan period ends before it starts");
    }
  }

  void check_municipalities() {
    std::set<std::string> seen_codes;
    std::set<std::string> seen_names;
    int central = 0;
    if (region_.municipalities.empty()) {
      add("municipalities", "構成市町村がありません", "the region has no municipalities");
    }
    for (std::size_t i = 0; i < region_.municipalities.size(); ++i) {
      const auto& m = region_.municipalities[i];
      const std::string p = "municipalities[" + std::to_string(i) + "]";
      if (!normalize_local_government_code(m.code) || m.code.size() != 5) {
        add(p + ".code",
            "団体コード「" + m.code + "」が正しくありません（5桁、または検査数字付き6桁）",
            "local government code '" + m.code +
                "' is invalid (5 digits, or 6 with a valid check digit)");
      } else if (!seen_codes.insert(m.code).second) {
        add(p + ".code", "団体コード " + m.code + " が重複しています",
            "local government code " + m.code + " appears twice");
      }
      require_text(p + ".name", m.name);
      if (!m.name.empty() && !seen_names.insert(m.name).second) {
        add(p + ".name", "市町村名「" + m.name + "」が重複しています",
            "municipality name '" + m.name + "' appears twice");
      }
      if (m.role == MunicipalityRole::kCentral) ++central;
    }
    if (!region_.municipalities.empty() && central != 1) {
      add("municipalities", "中心市はちょうど1つ必要です（現在 " + std::to_string(central) + "）",
          "exactly one central city is required (found " + std::to_string(central) + ")");
    }
  }

  void check_member(const std::string& path, const std::string& code) {
    if (!codes_.contains(code)) {
      add(path, "団体コード " + code + " は構成市町村にありません",
          "municipality " + code + " is not a member of the region");
    }
  }

  void check_agreements() {
    std::set<std::string> seen;
    for (std::size_t i = 0; i < region_.agreements.size(); ++i) {
      const auto& a = region_.agreements[i];
      const std::string p = "agreements[" + std::to_string(i) + "]";
      if (a.kind != "formation" && a.kind != "other") {
        add(p + ".kind", "協定の種類は formation（形成協定）か other です",
            "agreement kind must be 'formation' or 'other'");
      }
      require_text(p + ".title", a.title);
      if (!a.title.empty() && !seen.insert(a.title).second) {
        add(p + ".title", "協定名「" + a.title + "」が重複しています",
            "agreement title '" + a.title + "' appears twice");
      }
      if (!a.municipality.empty()) check_member(p + ".municipality", a.municipality);
      if (a.kind == "formation" && a.municipality.empty()) {
        add(p + ".municipality", "形成協定には相手の市町が必要です",
            "a formation agreement needs its partner municipality");
      }
      if (a.signed_on && a.resolved_on && *a.resolved_on > *a.signed_on) {
        add(p + ".resolved_on", "議決日が締結日より後です",
            "the council resolution is dated after the signing");
      }
    }
  }

  void check_policy_areas() {
    std::set<std::string> seen_codes;
    std::set<std::string> field_names;
    for (std::size_t i = 0; i < region_.policy_areas.size(); ++i) {
      const auto& area = region_.policy_areas[i];
      const std::string p = "policy_areas[" + std::to_string(i) + "]";
      const bool known = std::find(std::begin(kPolicyAreaCodes), std::end(kPolicyAreaCodes),
                                   area.code) != std::end(kPolicyAreaCodes);
      if (!known) {
        add(p + ".code",
            "政策分野コード「" + area.code + "」は living / network / management のいずれかです",
            "policy area code '" + area.code + "' must be living, network or management");
      } else if (!seen_codes.insert(area.code).second) {
        add(p + ".code", "政策分野 " + area.code + " が重複しています",
            "policy area " + area.code + " appears twice");
      }
      require_text(p + ".name", area.name);
      for (std::size_t j = 0; j < area.fields.size(); ++j) {
        const auto& field = area.fields[j];
        const std::string fp = p + ".fields[" + std::to_string(j) + "]";
        require_text(fp + ".name", field.name);
        if (!field.name.empty() && !field_names.insert(field.name).second) {
          add(fp + ".name", "分野「" + field.name + "」が重複しています",
              "field '" + field.name + "' appears twice");
        }
        check_field(fp, field);
      }
    }
  }

  void check_field(const std::string& fp, const Field& field) {
    std::set<std::string> names;
    for (std::size_t k = 0; k < field.categories.size(); ++k) {
      const auto& cat = field.categories[k];
      const std::string cp = fp + ".categories[" + std::to_string(k) + "]";
      require_text(cp + ".name", cat.name);
      if (!cat.name.empty() && !names.insert(cat.name).second) {
        add(cp + ".name",
            "分野「" + field.name + "」にカテゴリ「" + cat.name + "」が重複しています",
            "category '" + cat.name + "' appears twice in field '" + field.name + "'");
      }
      check_stages(cp, cat);
      for (std::size_t k = 0; k < cat.kpis.size(); ++k) {
        const std::string kp = cp + ".kpis[" + std::to_string(k) + "]";
        for (auto& p : validate_kpi(cat.kpis[k].definition, kp)) problems_.push_back(std::move(p));
        for (auto& p :
             validate_actuals(cat.kpis[k].definition, cat.kpis[k].actuals, member_codes_, kp)) {
          problems_.push_back(std::move(p));
        }
      }
      std::set<int> years;
      for (std::size_t y = 0; y < cat.years.size(); ++y) {
        const auto& cy = cat.years[y];
        const std::string yp = cp + ".years[" + std::to_string(y) + "]";
        check_year(yp + ".fiscal_year", cy.fiscal_year);
        if (!years.insert(cy.fiscal_year).second) {
          add(yp + ".fiscal_year", std::to_string(cy.fiscal_year) + "年度が重複しています",
              "fiscal year " + std::to_string(cy.fiscal_year) + " appears twice");
        }
        const auto stage = stage_in(cat, cy.fiscal_year);
        if (!stage) {
          add(yp + ".fiscal_year",
              std::to_string(cy.fiscal_year) + "年度はカテゴリがまだ存在しません（stages を確認）",
              "the category does not exist yet in fiscal year " + std::to_string(cy.fiscal_year) +
                  " (check its stages)");
        }
        for (std::size_t n = 0; n < cy.initiatives.size(); ++n) {
          const auto& ini = cy.initiatives[n];
          const std::string ip = yp + ".initiatives[" + std::to_string(n) + "]";
          require_text(ip + ".text", ini.text);
          for (std::size_t a = 0; a < ini.actions.size(); ++a) {
            check_action(ip + ".actions[" + std::to_string(a) + "]", ini.actions[a]);
          }
        }
        for (std::size_t a = 0; a < cy.actions.size(); ++a) {
          check_action(yp + ".actions[" + std::to_string(a) + "]", cy.actions[a]);
        }
        for (std::size_t t = 0; t < cy.topics.size(); ++t) {
          require_text(yp + ".topics[" + std::to_string(t) + "]", cy.topics[t]);
        }
      }
    }
  }

  void check_stages(const std::string& cp, const Category& cat) {
    if (cat.stages.empty()) {
      add(cp + ".stages", "段階（候補・協議中・実施・終了）が1つ以上必要です",
          "at least one stage (candidate, discussing, active, ended) is required");
    }
    for (std::size_t s = 0; s < cat.stages.size(); ++s) {
      const auto& st = cat.stages[s];
      const std::string sp = cp + ".stages[" + std::to_string(s) + "]";
      check_year(sp + ".from_fiscal_year", st.from_fiscal_year);
      if (s == 0) continue;
      const auto& prev = cat.stages[s - 1];
      if (static_cast<int>(st.stage) <= static_cast<int>(prev.stage)) {
        add(sp + ".stage",
            std::string("「") + std::string(label(prev.stage)) + "」から「" +
                std::string(label(st.stage)) + "」へは戻れません（候補→協議中→実施→終了の順）",
            std::string("cannot go from ") + std::string(code(prev.stage)) + " to " +
                std::string(code(st.stage)) + " (order: candidate, discussing, active, ended)");
      }
      if (st.from_fiscal_year <= prev.from_fiscal_year) {
        add(sp + ".from_fiscal_year",
            std::string("「") + std::string(label(st.stage)) + "」の開始年度は「" +
                std::string(label(prev.stage)) + "」（" + std::to_string(prev.from_fiscal_year) +
                "年度）より後でなければなりません",
            std::string(code(st.stage)) + " must start after " + std::string(code(prev.stage)) +
                " (" + std::to_string(prev.from_fiscal_year) + ")");
      }
    }
  }

  void check_action(const std::string& ap, const Action& action) {
    require_text(ap + ".text", action.text);
    std::set<std::string> seen;
    for (std::size_t i = 0; i < action.participants.size(); ++i) {
      const auto& code = action.participants[i];
      const std::string pp = ap + ".participants[" + std::to_string(i) + "]";
      check_member(pp, code);
      if (!seen.insert(code).second) {
        add(pp, "参加市町 " + code + " が重複しています", "participant " + code + " appears twice");
      }
    }
    if (action.all_participate && !action.participants.empty()) {
      add(ap + ".participants", "全市町と個別の参加市町を同時には指定できません",
          "give either all municipalities or a list, not both");
    }
    if (!action.lead.empty()) {
      check_member(ap + ".lead", action.lead);
      const bool takes_part = action.all_participate || seen.contains(action.lead);
      if (!takes_part) {
        add(ap + ".lead", "幹事市町 " + action.lead + " が参加市町に含まれていません",
            "lead municipality " + action.lead + " does not take part in the action");
      }
    }
    std::set<int> vps;
    for (std::size_t i = 0; i < action.viewpoints.size(); ++i) {
      const int v = action.viewpoints[i];
      const std::string vp = ap + ".viewpoints[" + std::to_string(i) + "]";
      if (v < 1 || v > 6) {
        add(vp, "視点は1〜6（❶〜➏）です", "viewpoints are 1 to 6");
      } else if (!vps.insert(v).second) {
        add(vp, "視点 " + std::to_string(v) + " が重複しています",
            "viewpoint " + std::to_string(v) + " appears twice");
      }
    }
    for (std::size_t i = 0; i < action.photos.size(); ++i) {
      require_text(ap + ".photos[" + std::to_string(i) + "].caption", action.photos[i].caption);
    }
    for (std::size_t i = 0; i < action.agreements.size(); ++i) {
      if (!agreement_titles_.contains(action.agreements[i])) {
        add(ap + ".agreements[" + std::to_string(i) + "]",
            "協定「" + action.agreements[i] + "」は登録されていません",
            "agreement '" + action.agreements[i] + "' is not defined in the region");
      }
    }
  }

  void check_viewpoints() {
    std::set<int> seen;
    for (std::size_t i = 0; i < region_.viewpoints.size(); ++i) {
      const auto& v = region_.viewpoints[i];
      const std::string p = "viewpoints[" + std::to_string(i) + "]";
      if (v.number < 1 || v.number > 6) {
        add(p + ".number", "視点の番号は1〜6です", "viewpoint numbers are 1 to 6");
      } else if (!seen.insert(v.number).second) {
        add(p + ".number", "視点 " + std::to_string(v.number) + " が重複しています",
            "viewpoint " + std::to_string(v.number) + " appears twice");
      }
      require_text(p + ".text", v.text);
    }
  }

  void check_schedule() {
    static const std::set<std::string> kKinds = {"subcommittee", "council",    "opinions",
                                                 "reflection",   "collection", "other"};
    for (std::size_t i = 0; i < region_.schedule.size(); ++i) {
      const auto& s = region_.schedule[i];
      const std::string p = "schedule[" + std::to_string(i) + "]";
      check_year(p + ".fiscal_year", s.fiscal_year);
      if (!kKinds.contains(s.kind)) {
        add(p + ".kind",
            "種類「" + s.kind +
                "」は subcommittee / council / opinions / reflection / collection / other "
                "のいずれかです",
            "kind '" + s.kind +
                "' must be subcommittee, council, opinions, reflection, collection or other");
      }
      require_text(p + ".label", s.label);
      for (auto [name, m] :
           {std::pair{"from_month", s.from_month}, std::pair{"to_month", s.to_month}}) {
        if (m < 1 || m > 12) add(p + "." + name, "月は1〜12です", "month must be 1 to 12");
      }
      if (s.from_month >= 1 && s.from_month <= 12 && s.to_month >= 1 && s.to_month <= 12 &&
          fiscal_month_rank(s.to_month) < fiscal_month_rank(s.from_month)) {
        add(p + ".to_month", "終了月が開始月より前です（年度は4月始まり）",
            "to_month comes before from_month in the fiscal year (April first)");
      }
    }
  }

  const Region& region_;
  std::set<std::string> codes_;
  std::vector<std::string> member_codes_;
  std::set<std::string> agreement_titles_;
  std::vector<Problem> problems_;
};

}  // namespace

std::vector<Problem> validate(const Region& region) { return Checker(region).run(); }

}  // namespace kyosei::core
