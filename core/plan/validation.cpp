#include "core/plan/validation.hpp"

#include <algorithm>
#include <set>

#include "core/plan/messages.hpp"

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
  template <typename... A>
  void add(std::string path, const Message& m, const A&... args) {
    problems_.push_back({std::move(path), m.ja(args...), m.en(args...)});
  }

  void require_text(const std::string& path, const std::string& value) {
    if (value.find_first_not_of(" \t\r\n") == std::string::npos) {
      add(path, msg::plan_rules::required);
    }
  }

  void check_year(const std::string& path, int fy) {
    if (fy < kMinFiscalYear || fy > kMaxFiscalYear) {
      add(path, msg::plan_rules::year_out_of_range, std::to_string(fy));
    }
  }

  void check_region() {
    require_text("slug", region_.slug);
    const bool slug_ok = !region_.slug.empty() && region_.slug.size() <= 64 &&
                         std::all_of(region_.slug.begin(), region_.slug.end(), [](char c) {
                           return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
                         });
    if (!region_.slug.empty() && !slug_ok) {
      add("slug", msg::plan_rules::slug_format);
    }
    require_text("name", region_.name);
    require_text("vision.title", region_.vision.title);
    check_year("vision.from_fiscal_year", region_.vision.from_fiscal_year);
    check_year("vision.to_fiscal_year", region_.vision.to_fiscal_year);
    if (region_.vision.to_fiscal_year < region_.vision.from_fiscal_year) {
      add("vision.to_fiscal_year", msg::plan_rules::plan_ends_before_start);
    }
  }

  void check_municipalities() {
    std::set<std::string> seen_codes;
    std::set<std::string> seen_names;
    int central = 0;
    if (region_.municipalities.empty()) {
      add("municipalities", msg::plan_rules::no_municipalities);
    }
    for (std::size_t i = 0; i < region_.municipalities.size(); ++i) {
      const auto& m = region_.municipalities[i];
      const std::string p = "municipalities[" + std::to_string(i) + "]";
      if (!normalize_local_government_code(m.code) || m.code.size() != 5) {
        add(p + ".code", msg::plan_rules::bad_code, m.code);
      } else if (!seen_codes.insert(m.code).second) {
        add(p + ".code", msg::plan_rules::duplicate_code, m.code);
      }
      require_text(p + ".name", m.name);
      if (!m.name.empty() && !seen_names.insert(m.name).second) {
        add(p + ".name", msg::plan_rules::duplicate_municipality_name, m.name);
      }
      if (m.role == MunicipalityRole::kCentral) ++central;
    }
    if (!region_.municipalities.empty() && central != 1) {
      add("municipalities", msg::plan_rules::central_count, std::to_string(central));
    }
  }

  void check_member(const std::string& path, const std::string& code) {
    if (!codes_.contains(code)) {
      add(path, msg::plan_rules::not_a_member, code);
    }
  }

  void check_agreements() {
    std::set<std::string> seen;
    for (std::size_t i = 0; i < region_.agreements.size(); ++i) {
      const auto& a = region_.agreements[i];
      const std::string p = "agreements[" + std::to_string(i) + "]";
      if (a.kind != "formation" && a.kind != "other") {
        add(p + ".kind", msg::plan_rules::agreement_kind);
      }
      require_text(p + ".title", a.title);
      if (!a.title.empty() && !seen.insert(a.title).second) {
        add(p + ".title", msg::plan_rules::duplicate_agreement, a.title);
      }
      if (!a.municipality.empty()) check_member(p + ".municipality", a.municipality);
      if (a.kind == "formation" && a.municipality.empty()) {
        add(p + ".municipality", msg::plan_rules::formation_partner);
      }
      if (a.signed_on && a.resolved_on && *a.resolved_on > *a.signed_on) {
        add(p + ".resolved_on", msg::plan_rules::resolved_after_signed);
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
        add(p + ".code", msg::plan_rules::policy_area_code, area.code);
      } else if (!seen_codes.insert(area.code).second) {
        add(p + ".code", msg::plan_rules::duplicate_policy_area, area.code);
      }
      require_text(p + ".name", area.name);
      for (std::size_t j = 0; j < area.fields.size(); ++j) {
        const auto& field = area.fields[j];
        const std::string fp = p + ".fields[" + std::to_string(j) + "]";
        require_text(fp + ".name", field.name);
        if (!field.name.empty() && !field_names.insert(field.name).second) {
          add(fp + ".name", msg::plan_rules::duplicate_field, field.name);
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
        // The two languages name the field and the category in opposite orders.
        const auto& m = msg::plan_rules::duplicate_category;
        problems_.push_back({cp + ".name", m.ja(field.name, cat.name), m.en(cat.name, field.name)});
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
          add(yp + ".fiscal_year", msg::plan_rules::duplicate_year, std::to_string(cy.fiscal_year));
        }
        const auto stage = stage_in(cat, cy.fiscal_year);
        if (!stage) {
          add(yp + ".fiscal_year", msg::plan_rules::year_before_category,
              std::to_string(cy.fiscal_year));
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
      add(cp + ".stages", msg::plan_rules::no_stage);
    }
    for (std::size_t s = 0; s < cat.stages.size(); ++s) {
      const auto& st = cat.stages[s];
      const std::string sp = cp + ".stages[" + std::to_string(s) + "]";
      check_year(sp + ".from_fiscal_year", st.from_fiscal_year);
      if (s == 0) continue;
      const auto& prev = cat.stages[s - 1];
      if (static_cast<int>(st.stage) <= static_cast<int>(prev.stage)) {
        // Japanese names the stages by their labels, English by their codes.
        const auto& m = msg::plan_rules::stage_backwards;
        problems_.push_back({sp + ".stage", m.ja(label(prev.stage), label(st.stage)),
                             m.en(code(prev.stage), code(st.stage))});
      }
      if (st.from_fiscal_year <= prev.from_fiscal_year) {
        const auto& m = msg::plan_rules::stage_start_order;
        const std::string since = std::to_string(prev.from_fiscal_year);
        problems_.push_back({sp + ".from_fiscal_year",
                             m.ja(label(st.stage), label(prev.stage), since),
                             m.en(code(st.stage), code(prev.stage), since)});
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
        add(pp, msg::plan_rules::duplicate_participant, code);
      }
    }
    if (action.all_participate && !action.participants.empty()) {
      add(ap + ".participants", msg::plan_rules::all_and_list);
    }
    if (!action.lead.empty()) {
      check_member(ap + ".lead", action.lead);
      const bool takes_part = action.all_participate || seen.contains(action.lead);
      if (!takes_part) {
        add(ap + ".lead", msg::plan_rules::lead_not_participating, action.lead);
      }
    }
    std::set<int> vps;
    for (std::size_t i = 0; i < action.viewpoints.size(); ++i) {
      const int v = action.viewpoints[i];
      const std::string vp = ap + ".viewpoints[" + std::to_string(i) + "]";
      if (v < 1 || v > 6) {
        add(vp, msg::plan_rules::viewpoint_range);
      } else if (!vps.insert(v).second) {
        add(vp, msg::plan_rules::duplicate_viewpoint, std::to_string(v));
      }
    }
    for (std::size_t i = 0; i < action.photos.size(); ++i) {
      require_text(ap + ".photos[" + std::to_string(i) + "].caption", action.photos[i].caption);
    }
    for (std::size_t i = 0; i < action.agreements.size(); ++i) {
      if (!agreement_titles_.contains(action.agreements[i])) {
        add(ap + ".agreements[" + std::to_string(i) + "]", msg::plan_rules::unknown_agreement,
            action.agreements[i]);
      }
    }
  }

  void check_viewpoints() {
    std::set<int> seen;
    for (std::size_t i = 0; i < region_.viewpoints.size(); ++i) {
      const auto& v = region_.viewpoints[i];
      const std::string p = "viewpoints[" + std::to_string(i) + "]";
      if (v.number < 1 || v.number > 6) {
        add(p + ".number", msg::plan_rules::viewpoint_number_range);
      } else if (!seen.insert(v.number).second) {
        add(p + ".number", msg::plan_rules::duplicate_viewpoint, std::to_string(v.number));
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
        add(p + ".kind", msg::plan_rules::schedule_kind, s.kind);
      }
      require_text(p + ".label", s.label);
      for (auto [name, m] :
           {std::pair{"from_month", s.from_month}, std::pair{"to_month", s.to_month}}) {
        if (m < 1 || m > 12) add(p + "." + name, msg::plan_rules::month_range);
      }
      if (s.from_month >= 1 && s.from_month <= 12 && s.to_month >= 1 && s.to_month <= 12 &&
          fiscal_month_rank(s.to_month) < fiscal_month_rank(s.from_month)) {
        add(p + ".to_month", msg::plan_rules::to_month_before_from);
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

std::vector<Problem> validate(const Region& region) {
  auto problems = Checker(region).run();
  // Editions (ADR 0016): numbered 1, 2, … in order, fiscal years not going back, only the
  // last without a plan of its own; each edition's plan obeys the same rules as the region's.
  for (std::size_t i = 0; i < region.editions.size(); ++i) {
    const auto& e = region.editions[i];
    const std::string p = "editions[" + std::to_string(i) + "]";
    auto add = [&problems](std::string path, const Message& m, const auto&... args) {
      problems.push_back({std::move(path), m.ja(args...), m.en(args...)});
    };
    if (e.number != static_cast<int>(i) + 1) {
      add(p + ".number", msg::plan_rules::edition_number, std::to_string(i + 1));
    }
    if (e.title.find_first_not_of(" \t\r\n") == std::string::npos) {
      add(p + ".title", msg::plan_rules::required);
    }
    if (e.from_fiscal_year < kMinFiscalYear || e.from_fiscal_year > kMaxFiscalYear) {
      add(p + ".from_fiscal_year", msg::plan_rules::year_out_of_range,
          std::to_string(e.from_fiscal_year));
    } else if (i > 0 && e.from_fiscal_year < region.editions[i - 1].from_fiscal_year) {
      add(p + ".from_fiscal_year", msg::plan_rules::edition_year_back);
    }
    if (!e.has_plan && i + 1 != region.editions.size()) {
      add(p + ".policy_areas", msg::plan_rules::edition_plan_required);
    }
    if (e.has_plan) {
      for (auto& q : Checker(edition_region(region, i)).run()) {
        if (q.path.rfind("policy_areas", 0) == 0) {
          q.path = p + "." + q.path;
          problems.push_back(std::move(q));
        }
      }
    }
  }
  return problems;
}

}  // namespace kyosei::core
