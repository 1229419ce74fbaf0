#include "core/plan/plan_diff.hpp"

#include <algorithm>
#include <map>
#include <utility>

namespace kyosei::core {
namespace {

// Splits UTF-8 into code points (each kept as its bytes). Input is valid UTF-8 (every stored
// text is checked on the way in); a stray byte still becomes a unit of its own.
std::vector<std::string_view> code_points(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = 1;
    if (c >= 0xF0)
      n = 4;
    else if (c >= 0xE0)
      n = 3;
    else if (c >= 0xC0)
      n = 2;
    n = std::min(n, s.size() - i);
    out.push_back(s.substr(i, n));
    i += n;
  }
  return out;
}

void push(std::vector<TextSpan>& out, char op, std::string_view text) {
  if (text.empty()) return;
  if (!out.empty() && out.back().op == op) {
    out.back().text += text;
  } else {
    out.push_back({op, std::string(text)});
  }
}

std::string participants_text(const Action& a, const std::map<std::string, std::string>& names) {
  if (a.all_participate) return "全市町";
  std::string out;
  for (const auto& code : a.participants) {
    auto it = names.find(code);
    out += (out.empty() ? "" : "、") + (it == names.end() ? code : it->second);
  }
  return out;
}

std::string join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : std::string(sep)) + s;
  return out;
}

std::string point_text(const KpiPoint& p, const std::string& unit) {
  return std::to_string(p.fiscal_year) + "年度 " + p.value.text() + unit;
}

class Differ {
 public:
  Differ(const Region& before, const Region& after) {
    for (const auto& m : before.municipalities) names_[m.code] = m.name;
    for (const auto& m : after.municipalities) names_[m.code] = m.name;
  }

  std::vector<DiffEntry> run(const Region& b, const Region& a) {
    // Policy areas by code.
    match(
        b.policy_areas, a.policy_areas,
        [](const PolicyArea& x, const PolicyArea& y) { return x.code == y.code; }, false,
        [&](const PolicyArea* x, const PolicyArea* y) {
          const PolicyArea& any = x ? *x : *y;
          DiffEntry base{.kind = "policy_area", .area = any.code, .path = any.name};
          if (!x || !y) {
            whole(base, x != nullptr, x ? x->name : "", y ? y->name : "");
          } else {
            attr(base, "name", x->name, y->name);
          }
          areas(x, y);
        });
    return std::move(out_);
  }

 private:
  // Every field of the area pair (fields are unique in a region: by name).
  void areas(const PolicyArea* x, const PolicyArea* y) {
    static const std::vector<Field> kNone;
    match(
        x ? x->fields : kNone, y ? y->fields : kNone,
        [](const Field& f, const Field& g) { return f.name == g.name; }, false,
        [&](const Field* f, const Field* g) {
          const Field& any = f ? *f : *g;
          DiffEntry base{
              .kind = "field", .area = (y ? y : x)->code, .field = any.name, .path = any.name};
          if (!f || !g) {
            whole(base, f != nullptr, f ? f->name : "", g ? g->name : "");
          } else {
            attr(base, "inferred", f->inferred, g->inferred);
          }
          fields(base, f, g);
        });
  }

  void fields(const DiffEntry& up, const Field* f, const Field* g) {
    static const std::vector<Category> kNone;
    match(
        f ? f->categories : kNone, g ? g->categories : kNone,
        [](const Category& c, const Category& d) { return c.name == d.name; }, false,
        [&](const Category* c, const Category* d) {
          const Category& any = c ? *c : *d;
          DiffEntry base = up;
          base.kind = "category";
          base.category = any.name;
          base.path = up.field + " › " + any.name;
          if (!c || !d) {
            whole(base, c != nullptr, c ? summary(*c) : "", d ? summary(*d) : "");
          } else {
            attr(base, "stages", stages_text(c->stages), stages_text(d->stages));
            attr(base, "note", c->note, d->note);
            attr(base, "inferred", c->inferred, d->inferred);
          }
          kpis(base, c, d);
          years(base, c, d);
        });
  }

  static std::string summary(const Category& c) { return c.name + " " + stages_text(c.stages); }

  void kpis(const DiffEntry& up, const Category* c, const Category* d) {
    static const std::vector<Kpi> kNone;
    match(
        c ? c->kpis : kNone, d ? d->kpis : kNone,
        [](const Kpi& k, const Kpi& l) { return k.definition.name == l.definition.name; }, false,
        [&](const Kpi* k, const Kpi* l) {
          const Kpi& any = k ? *k : *l;
          DiffEntry base = up;
          base.kind = "kpi";
          base.path = up.path + " › " + any.definition.name;
          if (!k || !l) {
            whole(base, k != nullptr, k ? kpi_summary(*k) : "", l ? kpi_summary(*l) : "");
            return;
          }
          const auto& x = k->definition;
          const auto& y = l->definition;
          attr(base, "unit", x.unit, y.unit);
          attr(base, "direction", std::string(label(x.direction)), std::string(label(y.direction)));
          attr(base, "baseline", point_text(x.baseline, x.unit), point_text(y.baseline, y.unit));
          attr(base, "target", point_text(x.target, x.unit), point_text(y.target, y.unit));
          attr(base, "yearly_targets", yearly(x), yearly(y));
          attr(base, "data_source", x.data_source, y.data_source);
          attr(base, "inferred", k->inferred, l->inferred);
        });
  }

  static std::string yearly(const KpiDefinition& d) {
    std::string out;
    for (const auto& [fy, v] : d.yearly_targets)
      out += (out.empty() ? "" : "、") + std::to_string(fy) + "年度 " + v.text() + d.unit;
    return out;
  }
  static std::string kpi_summary(const Kpi& k) {
    return k.definition.name + "（目標 " + point_text(k.definition.target, k.definition.unit) +
           "）";
  }

  void years(const DiffEntry& up, const Category* c, const Category* d) {
    static const std::vector<CategoryYear> kNone;
    match(
        c ? c->years : kNone, d ? d->years : kNone,
        [](const CategoryYear& y, const CategoryYear& z) { return y.fiscal_year == z.fiscal_year; },
        false,
        [&](const CategoryYear* y, const CategoryYear* z) {
          const CategoryYear& any = y ? *y : *z;
          DiffEntry base = up;
          base.kind = "year";
          base.fiscal_year = any.fiscal_year;
          base.path = up.path + " › " + std::to_string(any.fiscal_year) + "年度";
          if (!y || !z) {
            whole(base, y != nullptr, y ? y->direction : "", z ? z->direction : "");
          } else {
            attr(base, "direction", y->direction, z->direction);
            attr(base, "topics", join(y->topics, "\n"), join(z->topics, "\n"));
            attr(base, "inferred", y->inferred, z->inferred);
          }
          static const std::vector<Initiative> kNoInitiatives;
          match(
              y ? y->initiatives : kNoInitiatives, z ? z->initiatives : kNoInitiatives,
              [](const Initiative& i, const Initiative& j) { return i.text == j.text; }, true,
              [&](const Initiative* i, const Initiative* j) {
                DiffEntry ib = base;
                ib.kind = "initiative";
                ib.path = base.path + " › ■" + (j ? j->text : i->text);
                if (!i || !j) {
                  whole(ib, i != nullptr, i ? i->text : "", j ? j->text : "");
                } else {
                  attr(ib, "text", i->text, j->text);
                  attr(ib, "inferred", i->inferred, j->inferred);
                }
                static const std::vector<Action> kNoActions;
                actions(ib, i ? i->actions : kNoActions, j ? j->actions : kNoActions);
              });
          static const std::vector<Action> kNoActions;
          actions(base, y ? y->actions : kNoActions, z ? z->actions : kNoActions);
        });
  }

  void actions(const DiffEntry& up, const std::vector<Action>& x, const std::vector<Action>& y) {
    match(
        x, y, [](const Action& a, const Action& b) { return a.text == b.text; }, true,
        [&](const Action* a, const Action* b) {
          DiffEntry base = up;
          base.kind = "action";
          base.path = up.path + " › ➤" + (b ? b->text : a->text);
          if (!a || !b) {
            whole(base, a != nullptr, a ? a->text : "", b ? b->text : "");
            return;
          }
          attr(base, "text", a->text, b->text);
          attr(base, "participants", participants_text(*a, names_), participants_text(*b, names_));
          attr(base, "lead", name(a->lead), name(b->lead));
          attr(base, "funding", a->funding, b->funding);
          attr(base, "viewpoints", numbers(a->viewpoints), numbers(b->viewpoints));
          attr(base, "photos", photos(*a), photos(*b));
          attr(base, "agreements", join(a->agreements, "、"), join(b->agreements, "、"));
          attr(base, "inferred", a->inferred, b->inferred);
        });
  }

  std::string name(const std::string& code) const {
    auto it = names_.find(code);
    return it == names_.end() ? code : it->second;
  }
  static std::string numbers(const std::vector<int>& v) {
    std::string out;
    for (int n : v) out += (out.empty() ? "" : "、") + std::to_string(n);
    return out;
  }
  static std::string photos(const Action& a) {
    std::string out;
    for (const auto& p : a.photos) out += (out.empty() ? "" : "、") + p.caption;
    return out;
  }

  // Pairs the items of two lists: first those `same` matches (in the old order), then, when
  // `pair_rest`, the unmatched ones of both sides in order (a reworded item), then the rest
  // as removed (old order) and added. Calls f(old or nullptr, new or nullptr) in the new
  // list's order, removals where they stood.
  template <typename T, typename Same, typename F>
  void match(const std::vector<T>& x, const std::vector<T>& y, Same same, bool pair_rest, F&& f) {
    std::vector<int> partner_of_new(y.size(), -1);
    std::vector<bool> used_old(x.size(), false);
    for (std::size_t j = 0; j < y.size(); ++j) {
      for (std::size_t i = 0; i < x.size(); ++i) {
        if (!used_old[i] && same(x[i], y[j])) {
          used_old[i] = true;
          partner_of_new[j] = static_cast<int>(i);
          break;
        }
      }
    }
    if (pair_rest) {
      std::size_t i = 0;
      for (std::size_t j = 0; j < y.size(); ++j) {
        if (partner_of_new[j] >= 0) continue;
        while (i < x.size() && used_old[i]) ++i;
        if (i == x.size()) break;
        used_old[i] = true;
        partner_of_new[j] = static_cast<int>(i);
      }
    }
    // Removed items come where they stood in the old list, before the next kept one.
    std::size_t next_old = 0;
    auto flush_removed = [&](std::size_t upto) {
      for (; next_old < upto && next_old < x.size(); ++next_old) {
        if (!used_old[next_old]) f(&x[next_old], static_cast<const T*>(nullptr));
      }
    };
    for (std::size_t j = 0; j < y.size(); ++j) {
      if (partner_of_new[j] >= 0) {
        flush_removed(static_cast<std::size_t>(partner_of_new[j]));
        f(&x[static_cast<std::size_t>(partner_of_new[j])], &y[j]);
      } else {
        f(static_cast<const T*>(nullptr), &y[j]);
      }
    }
    flush_removed(x.size());
  }

  // An item on one side only: removed when it was there before, else added.
  void whole(const DiffEntry& base, bool was_there, const std::string& before,
             const std::string& after) {
    DiffEntry e = base;
    e.op = was_there ? DiffOp::kRemoved : DiffOp::kAdded;
    e.before = before;
    e.after = after;
    out_.push_back(std::move(e));
  }

  void attr(const DiffEntry& base, std::string_view attribute, const std::string& before,
            const std::string& after) {
    if (before == after) return;
    DiffEntry e = base;
    e.op = DiffOp::kChanged;
    e.attribute = attribute;
    e.before = before;
    e.after = after;
    e.spans = char_diff(before, after);
    out_.push_back(std::move(e));
  }

  std::map<std::string, std::string> names_;
  std::vector<DiffEntry> out_;
};

}  // namespace

std::vector<TextSpan> char_diff(std::string_view before, std::string_view after) {
  const auto a = code_points(before);
  const auto b = code_points(after);
  std::size_t pre = 0;
  while (pre < a.size() && pre < b.size() && a[pre] == b[pre]) ++pre;
  std::size_t suf = 0;
  while (suf < a.size() - pre && suf < b.size() - pre &&
         a[a.size() - 1 - suf] == b[b.size() - 1 - suf])
    ++suf;
  std::vector<TextSpan> out;
  auto text_of = [](const std::vector<std::string_view>& v, std::size_t from, std::size_t to) {
    std::string s;
    for (std::size_t i = from; i < to; ++i) s += v[i];
    return s;
  };
  push(out, '=', text_of(a, 0, pre));
  const std::size_t n = a.size() - pre - suf;
  const std::size_t m = b.size() - pre - suf;
  if (n > 0 && m > 0 && n * m <= kCharDiffCellLimit) {
    // lcs[i][j]: the LCS length of a[pre+i..] and b[pre+j..] (suffixes), row-major.
    std::vector<unsigned> lcs((n + 1) * (m + 1), 0);
    auto at = [&](std::size_t i, std::size_t j) -> unsigned& { return lcs[i * (m + 1) + j]; };
    for (std::size_t i = n; i-- > 0;) {
      for (std::size_t j = m; j-- > 0;) {
        at(i, j) =
            a[pre + i] == b[pre + j] ? at(i + 1, j + 1) + 1 : std::max(at(i + 1, j), at(i, j + 1));
      }
    }
    std::size_t i = 0;
    std::size_t j = 0;
    while (i < n && j < m) {
      if (a[pre + i] == b[pre + j]) {
        push(out, '=', a[pre + i]);
        ++i;
        ++j;
      } else if (at(i + 1, j) >= at(i, j + 1)) {
        push(out, '-', a[pre + i]);
        ++i;
      } else {
        push(out, '+', b[pre + j]);
        ++j;
      }
    }
    for (; i < n; ++i) push(out, '-', a[pre + i]);
    for (; j < m; ++j) push(out, '+', b[pre + j]);
  } else {
    push(out, '-', text_of(a, pre, pre + n));
    push(out, '+', text_of(b, pre, pre + m));
  }
  push(out, '=', text_of(a, a.size() - suf, a.size()));
  return out;
}

std::string_view code(DiffOp op) {
  switch (op) {
    case DiffOp::kAdded: return "added";
    case DiffOp::kRemoved: return "removed";
    default: return "changed";
  }
}

std::string_view label(DiffOp op) {
  switch (op) {
    case DiffOp::kAdded: return "追加";
    case DiffOp::kRemoved: return "削除";
    default: return "変更";
  }
}

std::string_view kind_label(std::string_view kind) {
  static constexpr std::pair<std::string_view, std::string_view> kLabels[] = {
      {"policy_area", "政策分野"},  {"field", "分野"},
      {"category", "カテゴリ"},     {"year", "年度"},
      {"initiative", "主な取組み"}, {"action", "具体的取組"},
      {"kpi", "成果指標"}};
  for (const auto& [code, name] : kLabels)
    if (code == kind) return name;
  return kind;
}

std::string_view attribute_label(std::string_view attribute) {
  static constexpr std::pair<std::string_view, std::string_view> kLabels[] = {
      {"name", "名称"},
      {"stages", "段階"},
      {"note", "備考"},
      {"inferred", "推定の注記"},
      {"direction", "連携方向"},
      {"topics", "検討項目"},
      {"text", "内容"},
      {"participants", "参加市町"},
      {"lead", "幹事市町"},
      {"funding", "財源"},
      {"viewpoints", "視点"},
      {"photos", "写真"},
      {"agreements", "協定"},
      {"unit", "単位"},
      {"baseline", "基準値"},
      {"target", "目標"},
      {"yearly_targets", "年度目標"},
      {"data_source", "出典"}};
  for (const auto& [code, name] : kLabels)
    if (code == attribute) return name;
  return attribute;
}

std::string stages_text(const std::vector<StageChange>& stages) {
  std::string out;
  for (const auto& s : stages) {
    out += (out.empty() ? "" : "→") + std::string(label(s.stage)) + "(" +
           std::to_string(s.from_fiscal_year) + ")";
  }
  return out;
}

std::vector<DiffEntry> diff_plans(const Region& before, const Region& after) {
  return Differ(before, after).run(before, after);
}

std::vector<PolicyArea> year_view(const Region& region, int fy) {
  std::vector<PolicyArea> out;
  for (const auto& area : region.policy_areas) {
    PolicyArea a{area.code, area.name, {}};
    for (const auto& field : area.fields) {
      Field f{field.name, {}, ""};
      for (const auto& category : field.categories) {
        const auto stage = stage_in(category, fy);
        if (!stage) continue;
        Category c;
        c.name = category.name;
        c.stages = {{*stage, fy}};
        if (const auto* y = year_of(category, fy)) c.years = {*y};
        f.categories.push_back(std::move(c));
      }
      if (!f.categories.empty()) a.fields.push_back(std::move(f));
    }
    if (!a.fields.empty()) out.push_back(std::move(a));
  }
  return out;
}

std::optional<DiffEntry> first_change_before(const Region& before, const Region& after,
                                             int first_fy, int until_fy) {
  for (int fy = first_fy; fy < until_fy; ++fy) {
    Region old_view;
    Region new_view;
    old_view.policy_areas = year_view(before, fy);
    new_view.policy_areas = year_view(after, fy);
    auto d = diff_plans(old_view, new_view);
    if (d.empty()) continue;
    DiffEntry first = std::move(d.front());
    if (first.fiscal_year == 0) first.fiscal_year = fy;
    return first;
  }
  return std::nullopt;
}

}  // namespace kyosei::core
