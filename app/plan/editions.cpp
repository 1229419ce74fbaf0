#include "app/plan/editions.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <functional>
#include <map>
#include <set>

#include "app/common/messages.hpp"
#include "app/common/precondition.hpp"
#include "app/common/text.hpp"
#include "app/common/unit_of_work.hpp"
#include "app/council/council.hpp"
#include "app/plan/messages.hpp"
#include "core/common/fiscal_year.hpp"
#include "core/plan/plan_diff.hpp"
#include "core/plan/validation.hpp"
#include "core/progress/progress.hpp"
#include "exchange/plan/dataset.hpp"
#include "storage/kpi/kpi_store.hpp"
#include "storage/plan/carry_over.hpp"
#include "storage/plan/edition_store.hpp"
#include "storage/plan/region_store.hpp"
#include "storage/progress/progress_store.hpp"

namespace kyosei::app {

namespace json = boost::json;

namespace {

constexpr int kGoalFields = 17;  // 「5年間で17分野」 (the deck, page 2)

bool is_member(const Principal& who, const std::string& slug) {
  if (!who.fully_signed_in()) return false;
  return who.is_admin || !who.grants_in(slug).empty();
}
// Runs `f` on a session inside one read transaction (a consistent view).
void read_in(storage::Database& db, const std::function<void(storage::Session&)>& f) {
  db.with_session([&](storage::Session& sql) { storage::read_consistently(sql, [&] { f(sql); }); });
}

long long require_region(storage::Session& sql, const std::string& slug) {
  const auto id = storage::region_id_of(sql, slug);
  if (!id) fail(region_not_found(slug));
  return *id;
}

// A stored dataset text as a region (it was valid when written).
core::Region region_of(const std::string& text) {
  auto read = exchange::read_dataset(text, "edition");
  if (!read.region) fail(error_of(Errc::kInternal, msg::plan::edition_unreadable));
  read.region->editions.clear();
  return std::move(*read.region);
}

json::array string_array(const std::string& text) {
  try {
    auto v = json::parse(text);
    if (v.is_array()) return v.as_array();
  } catch (const std::exception&) {
  }
  return {};
}

json::object meta_json(const storage::EditionRow& e, bool member) {
  json::object o{{"status", e.status},
                 {"title", e.title},
                 {"decided_on", e.decided_on.empty() ? json::value(nullptr)
                                                     : json::value(json::string(e.decided_on))},
                 {"from_fiscal_year", e.from_fiscal_year},
                 {"reasons", string_array(e.reasons_json)},
                 {"opinion_ids", string_array(e.opinion_ids_json)},
                 {"published_at", e.published_at},
                 {"version", e.version}};
  o["number"] = e.number ? json::value(*e.number) : json::value(nullptr);
  if (member) {
    o["changes"] = string_array(e.changes_json);
    o["created_by"] = e.created_by;
    o["created_at"] = e.created_at;
    o["published_by"] = e.published_by;
  }
  return o;
}

// Fields and categories 実施 per fiscal year of the plan period, and the 17-field goal.
json::object counts_json(const core::Region& r) {
  json::array years;
  std::set<std::string> ever;
  for (int fy = r.vision.from_fiscal_year; fy <= r.vision.to_fiscal_year && fy > 0; ++fy) {
    int fields = 0;
    int categories = 0;
    for (const auto& a : r.policy_areas) {
      for (const auto& f : a.fields) {
        int active = 0;
        for (const auto& c : f.categories) {
          if (core::stage_in(c, fy) == core::Stage::kActive) ++active;
        }
        categories += active;
        if (active > 0) {
          ++fields;
          ever.insert(f.name);
        }
      }
    }
    years.push_back(
        json::object{{"fiscal_year", fy}, {"fields", fields}, {"categories", categories}});
  }
  return {{"years", std::move(years)},
          {"goal_fields", kGoalFields},
          {"fields_reached", static_cast<std::int64_t>(ever.size())}};
}

// The region's town with `code`, or nullptr.
const core::Municipality* town_of(const core::Region& r, const std::string& code) {
  for (const auto& m : r.municipalities)
    if (m.code == code) return &m;
  return nullptr;
}

// A town's name, or its code when the region has no such town.
std::string town_name(const core::Region& r, const std::string& code) {
  const auto* m = town_of(r, code);
  return m != nullptr ? m->name : code;
}

json::object action_json(const core::Action& a, const core::Region& r) {
  json::array participants;
  for (const auto& code : a.participants) {
    if (const auto* m = town_of(r, code)) participants.push_back(json::string(m->name));
  }
  json::array codes;
  for (const auto& code : a.participants) codes.push_back(json::string(code));
  json::object o{{"text", a.text},
                 {"all_participate", a.all_participate},
                 {"participants", std::move(participants)},
                 {"participant_codes", std::move(codes)},
                 {"funding", a.funding},
                 {"inferred", a.inferred}};
  return o;
}

// The field named `name` in `r`, or nullptr (field names are unique in a region).
core::Field* field_named(core::Region& r, const std::string& name) {
  for (auto& a : r.policy_areas)
    for (auto& f : a.fields)
      if (f.name == name) return &f;
  return nullptr;
}

// Finds field › category in `r`; fails 422 at `pointer` when absent.
core::Category& find_category(core::Region& r, const std::string& field,
                              const std::string& category, const std::string& pointer) {
  if (core::Field* f = field_named(r, field)) {
    for (auto& c : f->categories)
      if (c.name == category) return c;
  }
  fail(invalid({field_error(pointer, msg::plan::edition_no_category, field, category)}));
}

std::string text_at(const json::object& o, const char* key, const std::string& pointer,
                    std::vector<FieldError>& errors, bool required, std::size_t max = 4000) {
  const auto* v = o.if_contains(key);
  if (v == nullptr || v->is_null()) {
    if (required) errors.push_back(field_error(pointer + "/" + key, msg::plan::edition_required));
    return {};
  }
  if (!v->is_string()) {
    errors.push_back(field_error(pointer + "/" + key, msg::plan::must_be_string));
    return {};
  }
  std::string s(v->as_string());
  if (auto p = text_problem(pointer + "/" + key, s, required, max)) {
    errors.push_back(*p);
    return {};
  }
  return to_nfc(s);
}

std::optional<int> year_at(const json::object& o, const char* key, const std::string& pointer,
                           std::vector<FieldError>& errors, bool required) {
  const auto* v = o.if_contains(key);
  if (v == nullptr || v->is_null()) {
    if (required) errors.push_back(field_error(pointer + "/" + key, msg::plan::edition_required));
    return std::nullopt;
  }
  std::string t;
  if (v->is_int64())
    t = std::to_string(v->as_int64());
  else if (v->is_string())
    t = std::string(v->as_string());
  const auto fy = core::parse_fiscal_year(t);
  if (!fy.year) {
    errors.push_back(field_error(pointer + "/" + key, msg::plan::edition_bad_year));
    return std::nullopt;
  }
  return *fy.year;
}

// Reads the metadata keys of a draft body into `e`.
void read_meta(const json::object& body, storage::EditionRow& e, std::vector<FieldError>& errors,
               bool creating) {
  if (creating || body.contains("title")) e.title = text_at(body, "title", "", errors, true, 400);
  if (body.contains("decided_on")) {
    const auto d = text_at(body, "decided_on", "", errors, false, 20);
    if (!d.empty() && !core::parse_date(d))
      errors.push_back(field_error("/decided_on", msg::plan::edition_bad_date));
    e.decided_on = d;
  }
  if (creating || body.contains("from_fiscal_year")) {
    if (auto fy = year_at(body, "from_fiscal_year", "", errors, true)) e.from_fiscal_year = *fy;
  }
  if (const auto* v = body.if_contains("reasons")) {
    json::array out;
    if (!v->is_array()) {
      errors.push_back(field_error("/reasons", msg::plan::edition_list));
    } else {
      for (std::size_t i = 0; i < v->as_array().size(); ++i) {
        const auto& r = v->as_array()[i];
        const std::string p = "/reasons/" + std::to_string(i);
        if (!r.is_string()) {
          errors.push_back(field_error(p, msg::plan::must_be_string));
          continue;
        }
        std::string s(r.as_string());
        if (auto bad = text_problem(p, s, true, 2000)) {
          errors.push_back(*bad);
          continue;
        }
        out.push_back(json::string(to_nfc(s)));
      }
    }
    e.reasons_json = json::serialize(out);
  }
}

std::string changes_key(const std::string& field, const std::string& category,
                        const std::string& rest = {}) {
  return field + " › " + category + (rest.empty() ? "" : " › " + rest);
}

// The list `stages` of change `c` (at `p`): [{"stage", "from_fiscal_year"}]; fails 422.
std::vector<core::StageChange> stages_at(const json::object& c, const std::string& p) {
  std::vector<FieldError> errors;
  const auto* v = c.if_contains("stages");
  if (v == nullptr || !v->is_array())
    fail(invalid({field_error(p + "/stages", msg::plan::edition_list)}));
  std::vector<core::StageChange> stages;
  for (std::size_t j = 0; j < v->as_array().size(); ++j) {
    const std::string sp = p + "/stages/" + std::to_string(j);
    if (!v->as_array()[j].is_object()) fail(invalid({field_error(sp, msg::plan::edition_object)}));
    const auto& s = v->as_array()[j].as_object();
    const std::string st = text_at(s, "stage", sp, errors, true, 32);
    const auto fy = year_at(s, "from_fiscal_year", sp, errors, true);
    const auto stage = core::stage_from(st);
    if (!st.empty() && !stage)
      errors.push_back(field_error(sp + "/stage", msg::plan::edition_bad_stage));
    if (!errors.empty()) fail(invalid(errors));
    stages.push_back({*stage, *fy});
  }
  return stages;
}

// The `op` of change `c`, one of `ops`; fails 422 at `p`/op otherwise.
std::string op_at(const json::object& c, const std::string& p,
                  std::initializer_list<const char*> ops) {
  std::vector<FieldError> errors;
  std::string op = text_at(c, "op", p, errors, true, 16);
  if (!errors.empty()) fail(invalid(errors));
  std::string list;
  for (const char* o : ops) {
    if (op == o) return op;
    list += (list.empty() ? "" : " / ") + std::string(o);
  }
  fail(invalid({field_error(p + "/op", msg::plan::edition_bad_op, list)}));
}

// Inserts `y` among the category's years, which stay in fiscal-year order.
core::CategoryYear& insert_year(core::Category& cat, core::CategoryYear y) {
  auto pos = cat.years.begin();
  while (pos != cat.years.end() && pos->fiscal_year < y.fiscal_year) ++pos;
  return *cat.years.insert(pos, std::move(y));
}

// The category's year `fy`: created (in order) when `create` and absent, else 422 at
// `pointer` when absent. A year before the category's first stage is refused either way.
core::CategoryYear& year_in(core::Category& cat, int fy, bool create, const std::string& pointer) {
  for (auto& y : cat.years)
    if (y.fiscal_year == fy) return y;
  if (!create)
    fail(invalid({field_error(pointer, msg::plan::edition_no_year, core::wareki_label(fy))}));
  if (!core::stage_in(cat, fy))
    fail(invalid(
        {field_error(pointer, msg::plan::edition_year_before_stage, core::wareki_label(fy))}));
  core::CategoryYear y;
  y.fiscal_year = fy;
  return insert_year(cat, std::move(y));
}

core::Initiative* initiative_named(core::CategoryYear& y, const std::string& text) {
  for (auto& i : y.initiatives)
    if (i.text == text) return &i;
  return nullptr;
}

// An action as one line of the change log: its text and who takes part, by name.
std::string action_line(const core::Action& a, const core::Region& r) {
  std::string towns;
  if (a.all_participate) {
    towns = "全市町";
  } else {
    for (const auto& code : a.participants)
      towns += (towns.empty() ? "" : "・") + town_name(r, code);
  }
  return towns.empty() ? a.text : a.text + "（" + towns + "）";
}

// Applies the participation keys of change `c` (at `p`) to `a`: "all_participate" (bool) and
// "participants" (town codes of the region, each once). Problems go to `errors`.
void participation_at(const json::object& c, const std::string& p, const core::Region& r,
                      core::Action& a, std::vector<FieldError>& errors) {
  if (const auto* v = c.if_contains("all_participate")) {
    if (!v->is_bool())
      errors.push_back(field_error(p + "/all_participate", msg::plan::edition_boolean));
    else
      a.all_participate = v->as_bool();
  }
  if (const auto* v = c.if_contains("participants")) {
    if (!v->is_array()) {
      errors.push_back(field_error(p + "/participants", msg::plan::edition_list));
    } else {
      std::vector<std::string> codes;
      for (std::size_t j = 0; j < v->as_array().size(); ++j) {
        const std::string pp = p + "/participants/" + std::to_string(j);
        const auto& x = v->as_array()[j];
        const std::string code = x.is_string() ? std::string(x.as_string()) : "";
        if (town_of(r, code) == nullptr)
          errors.push_back(field_error(pp, msg::plan::edition_no_town, code));
        else if (std::find(codes.begin(), codes.end(), code) != codes.end())
          errors.push_back(field_error(pp, msg::plan::edition_town_twice, code));
        else
          codes.push_back(code);
      }
      a.participants = std::move(codes);
    }
  }
  if (!errors.empty()) return;
  if (a.all_participate && !a.participants.empty())
    errors.push_back(field_error(p + "/participants", msg::plan::edition_all_and_list));
  else if (!a.lead.empty() && !a.all_participate &&
           std::find(a.participants.begin(), a.participants.end(), a.lead) ==
               a.participants.end()) {
    errors.push_back(
        field_error(p + "/participants", msg::plan::edition_lead_out, town_name(r, a.lead)));
  }
}

// What a rename in the draft renamed, for the change log: publication renames the live
// item the same way before replacing the rows, so that its records follow it (ADR 0016).
json::object rename_of(const char* level, const std::string& field, const std::string& category,
                       int fiscal_year, const std::string& initiative, const std::string& from,
                       const std::string& to) {
  json::object o{{"level", level}, {"field", field}, {"from", from}, {"to", to}};
  if (!category.empty()) o["category"] = category;
  if (fiscal_year != 0) o["fiscal_year"] = fiscal_year;
  if (!initiative.empty()) o["initiative"] = initiative;
  return o;
}

// Renames the live items the draft's change log renamed (entries with "rename"), in order.
void rename_live_items(storage::Session& sql, long long region_id, const std::string& log) {
  auto text = [](const json::object& o, const char* key) {
    const auto* v = o.if_contains(key);
    return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
  };
  using L = storage::LiveRename::Level;
  static const std::map<std::string, L> kLevels = {{"field", L::kField},
                                                   {"category", L::kCategory},
                                                   {"initiative", L::kInitiative},
                                                   {"action", L::kAction}};
  for (const auto& c : string_array(log)) {
    const auto* r = c.is_object() ? c.as_object().if_contains("rename") : nullptr;
    if (r == nullptr || !r->is_object()) continue;
    const auto& o = r->as_object();
    const auto level = kLevels.find(text(o, "level"));
    if (level == kLevels.end()) continue;
    storage::LiveRename rename;
    rename.level = level->second;
    rename.field = text(o, "field");
    rename.category = text(o, "category");
    if (const auto* fy = o.if_contains("fiscal_year"); fy != nullptr && fy->is_int64())
      rename.fiscal_year = static_cast<int>(fy->as_int64());
    rename.initiative = text(o, "initiative");
    rename.from = text(o, "from");
    rename.to = text(o, "to");
    if (rename.from.empty() || rename.to.empty()) continue;
    storage::rename_live_item(sql, region_id, rename);
  }
}

// Changes of kinds field, category, initiative and action (the plan's structure and yearly
// content, issue 13): applied to `region`, described in `entry`. Fails 422 at the change's
// pointer `p` naming the key.
void apply_structure_change(const std::string& kind, const json::object& c, const std::string& p,
                            core::Region& region, json::object& entry) {
  std::vector<FieldError> errors;
  auto done = [&] {
    if (!errors.empty()) fail(invalid(errors));
  };
  if (kind == "field") {
    const std::string op = op_at(c, p, {"add", "rename"});
    const std::string field = text_at(c, "field", p, errors, true, 400);
    if (op == "add") {
      const std::string area = text_at(c, "area", p, errors, true, 32);
      done();
      core::PolicyArea* into = nullptr;
      for (auto& a : region.policy_areas)
        if (a.code == area) into = &a;
      if (into == nullptr)
        fail(invalid({field_error(p + "/area", msg::plan::edition_no_area, area)}));
      if (field_named(region, field) != nullptr)
        fail(invalid({field_error(p + "/field", msg::plan::edition_field_exists, field)}));
      core::Field f;
      f.name = field;
      into->fields.push_back(std::move(f));
      entry["before"] = "";
      entry["after"] = into->name + " › " + field;
    } else {
      const std::string to = text_at(c, "rename_to", p, errors, true, 400);
      done();
      core::Field* f = field_named(region, field);
      if (f == nullptr)
        fail(invalid({field_error(p + "/field", msg::plan::edition_no_field, field)}));
      if (to == field) fail(invalid({field_error(p + "/rename_to", msg::plan::edition_same_name)}));
      if (field_named(region, to) != nullptr)
        fail(invalid({field_error(p + "/rename_to", msg::plan::edition_field_exists, to)}));
      f->name = to;
      entry["before"] = field;
      entry["after"] = to;
      entry["rename"] = rename_of("field", field, "", 0, "", field, to);
    }
    entry["key"] = field;
    return;
  }
  const std::string field = text_at(c, "field", p, errors, true, 400);
  const std::string category = text_at(c, "category", p, errors, true, 400);
  if (kind == "category") {
    const std::string op = op_at(c, p, {"add", "rename"});
    done();
    core::Field* f = field_named(region, field);
    if (f == nullptr)
      fail(invalid({field_error(p + "/field", msg::plan::edition_no_field, field)}));
    auto exists = [&](const std::string& name) {
      for (const auto& x : f->categories)
        if (x.name == name) return true;
      return false;
    };
    if (op == "add") {
      const std::string note = text_at(c, "note", p, errors, false, 2000);
      done();
      if (exists(category))
        fail(invalid(
            {field_error(p + "/category", msg::plan::edition_category_exists, field, category)}));
      core::Category cat;
      cat.name = category;
      cat.note = note;
      cat.stages = stages_at(c, p);
      if (cat.stages.empty())
        fail(invalid({field_error(p + "/stages", msg::plan::edition_required)}));
      entry["before"] = "";
      entry["after"] = core::stages_text(cat.stages);
      f->categories.push_back(std::move(cat));
    } else {
      const std::string to = text_at(c, "rename_to", p, errors, true, 400);
      done();
      core::Category& cat = find_category(region, field, category, p + "/category");
      if (to == category)
        fail(invalid({field_error(p + "/rename_to", msg::plan::edition_same_name)}));
      if (exists(to))
        fail(invalid(
            {field_error(p + "/rename_to", msg::plan::edition_category_exists, field, to)}));
      cat.name = to;
      entry["before"] = category;
      entry["after"] = to;
      entry["rename"] = rename_of("category", field, category, 0, "", category, to);
    }
    entry["key"] = changes_key(field, category);
    return;
  }
  const auto fy = year_at(c, "fiscal_year", p, errors, true);
  if (kind == "initiative") {
    const std::string op = op_at(c, p, {"add", "rename", "remove"});
    const std::string name = text_at(c, "initiative", p, errors, true, 2000);
    const std::string to =
        op == "rename" ? text_at(c, "rename_to", p, errors, true, 2000) : std::string();
    done();
    core::Category& cat = find_category(region, field, category, p + "/category");
    core::CategoryYear& year = year_in(cat, *fy, op == "add", p + "/fiscal_year");
    const std::string label = core::wareki_label(*fy);
    core::Initiative* ini = initiative_named(year, name);
    if (op == "add") {
      if (ini != nullptr)
        fail(invalid(
            {field_error(p + "/initiative", msg::plan::edition_initiative_exists, label, name)}));
      core::Initiative added;
      added.text = name;
      year.initiatives.push_back(std::move(added));
      entry["before"] = "";
      entry["after"] = name;
    } else {
      if (ini == nullptr)
        fail(invalid(
            {field_error(p + "/initiative", msg::plan::edition_no_initiative, label, name)}));
      if (op == "rename") {
        if (to == name)
          fail(invalid({field_error(p + "/rename_to", msg::plan::edition_same_name)}));
        if (initiative_named(year, to) != nullptr)
          fail(invalid(
              {field_error(p + "/rename_to", msg::plan::edition_initiative_exists, label, to)}));
        ini->text = to;
        entry["after"] = to;
        entry["rename"] = rename_of("initiative", field, category, *fy, "", name, to);
      } else {
        if (!ini->actions.empty())
          fail(invalid({field_error(p + "/initiative", msg::plan::edition_initiative_has_actions,
                                    name, std::to_string(ini->actions.size()))}));
        year.initiatives.erase(year.initiatives.begin() + (ini - year.initiatives.data()));
        entry["after"] = "";
      }
      entry["before"] = name;
    }
    entry["key"] = changes_key(field, category, std::to_string(*fy) + " › " + name);
    return;
  }
  // kind == "action"
  const std::string op = op_at(c, p, {"add", "change", "remove"});
  const std::string under = text_at(c, "initiative", p, errors, false, 2000);
  const std::string existing =
      op == "add" ? std::string() : text_at(c, "action", p, errors, true, 4000);
  const std::string text = text_at(c, "text", p, errors, op == "add", 4000);
  done();
  core::Category& cat = find_category(region, field, category, p + "/category");
  core::CategoryYear& year = year_in(cat, *fy, op == "add", p + "/fiscal_year");
  std::vector<core::Action>* list = &year.actions;
  if (!under.empty()) {
    core::Initiative* ini = initiative_named(year, under);
    if (ini == nullptr)
      fail(invalid({field_error(p + "/initiative", msg::plan::edition_no_initiative,
                                core::wareki_label(*fy), under)}));
    list = &ini->actions;
  }
  auto named = [&](const std::string& t) -> core::Action* {
    for (auto& a : *list)
      if (a.text == t) return &a;
    return nullptr;
  };
  std::string where = std::to_string(*fy) + (under.empty() ? "" : " › " + under);
  if (op == "add") {
    if (named(text) != nullptr)
      fail(invalid({field_error(p + "/text", msg::plan::edition_action_exists, text)}));
    core::Action a;
    a.text = text;
    participation_at(c, p, region, a, errors);
    done();
    entry["before"] = "";
    entry["after"] = action_line(a, region);
    list->push_back(std::move(a));
    entry["key"] = changes_key(field, category, where + " › " + text);
    return;
  }
  core::Action* a = named(existing);
  if (a == nullptr)
    fail(invalid({field_error(p + "/action", msg::plan::edition_no_action, existing)}));
  entry["before"] = action_line(*a, region);
  entry["key"] = changes_key(field, category, where + " › " + existing);
  if (op == "remove") {
    list->erase(list->begin() + (a - list->data()));
    entry["after"] = "";
    return;
  }
  core::Action changed = *a;
  if (!text.empty() && text != existing) {
    if (named(text) != nullptr)
      fail(invalid({field_error(p + "/text", msg::plan::edition_action_exists, text)}));
    changed.text = text;
    entry["rename"] = rename_of("action", field, category, *fy, under, existing, text);
  }
  participation_at(c, p, region, changed, errors);
  done();
  entry["after"] = action_line(changed, region);
  *a = std::move(changed);
}

// Applies body.changes to `region`, appending what was changed (with reasons) to `log`.
void apply_changes(const json::value& changes, core::Region& region, json::array& log,
                   const std::string& by, const std::string& at) {
  std::vector<FieldError> errors;
  if (!changes.is_array()) fail(invalid({field_error("/changes", msg::plan::edition_list)}));
  for (std::size_t i = 0; i < changes.as_array().size(); ++i) {
    const std::string p = "/changes/" + std::to_string(i);
    if (!changes.as_array()[i].is_object())
      fail(invalid({field_error(p, msg::plan::edition_change_kind)}));
    const auto& c = changes.as_array()[i].as_object();
    const std::string kind = text_at(c, "kind", p, errors, true, 32);
    const std::string reason = text_at(c, "reason", p, errors, kind == "kpi_target", 2000);
    if (!errors.empty()) fail(invalid(errors));
    json::object entry{{"kind", kind}, {"reason", reason}, {"by", by}, {"at", at}};
    if (kind == "dataset") {
      const std::string text = text_at(c, "text", p, errors, true, std::size_t{8} * 1024 * 1024);
      if (!errors.empty()) fail(invalid(errors));
      auto read = exchange::read_dataset(text, "draft");
      if (!read.region) {
        for (const auto& q : read.problems) {
          errors.push_back(
              {p + "/text", q.field + ": " + q.message_ja, q.field + ": " + q.message_en});
        }
        fail(invalid(errors));
      }
      if (read.region->slug != region.slug)
        fail(invalid({field_error(p + "/text", msg::plan::edition_other_region)}));
      read.region->editions.clear();
      region = std::move(*read.region);
      entry["key"] = "dataset";
    } else if (kind == "stages" || kind == "kpi_target" || kind == "direction") {
      const std::string field = text_at(c, "field", p, errors, true, 400);
      const std::string category = text_at(c, "category", p, errors, true, 400);
      if (!errors.empty()) fail(invalid(errors));
      core::Category& cat = find_category(region, field, category, p + "/category");
      if (kind == "stages") {
        auto stages = stages_at(c, p);
        entry["before"] = core::stages_text(cat.stages);
        cat.stages = std::move(stages);
        entry["after"] = core::stages_text(cat.stages);
        entry["key"] = changes_key(field, category);
      } else if (kind == "direction") {
        const auto fy = year_at(c, "fiscal_year", p, errors, true);
        const std::string direction = text_at(c, "direction", p, errors, false, 4000);
        if (!errors.empty()) fail(invalid(errors));
        core::CategoryYear* year = nullptr;
        for (auto& y : cat.years)
          if (y.fiscal_year == *fy) year = &y;
        if (year == nullptr) {
          core::CategoryYear y;
          y.fiscal_year = *fy;
          year = &insert_year(cat, std::move(y));
        }
        entry["before"] = year->direction;
        year->direction = direction;
        entry["after"] = direction;
        entry["key"] = changes_key(field, category, std::to_string(*fy));
      } else {
        const std::string kpi = text_at(c, "kpi", p, errors, true, 400);
        const auto* t = c.if_contains("target");
        if (t == nullptr || !t->is_object())
          errors.push_back(field_error(p + "/target", msg::plan::edition_required));
        if (!errors.empty()) fail(invalid(errors));
        const auto fy = year_at(t->as_object(), "fiscal_year", p + "/target", errors, true);
        const std::string value = text_at(t->as_object(), "value", p + "/target", errors, true, 40);
        const auto dec = core::Decimal::parse(value);
        if (!value.empty() && !dec.value)
          errors.push_back({p + "/target/value", dec.error_ja, dec.error_en});
        if (!errors.empty()) fail(invalid(errors));
        core::Kpi* found = nullptr;
        for (auto& k : cat.kpis)
          if (k.definition.name == kpi) found = &k;
        if (found == nullptr)
          fail(invalid({field_error(p + "/kpi", msg::plan::edition_no_kpi, kpi)}));
        entry["before"] = json::object{{"fiscal_year", found->definition.target.fiscal_year},
                                       {"value", found->definition.target.value.text()}};
        found->definition.target = {*fy, *dec.value};
        entry["after"] = json::object{{"fiscal_year", *fy}, {"value", dec.value->text()}};
        entry["field"] = field;
        entry["category"] = category;
        entry["kpi"] = kpi;
        entry["key"] = changes_key(field, category, kpi);
      }
    } else if (kind == "field" || kind == "category" || kind == "initiative" || kind == "action") {
      apply_structure_change(kind, c, p, region, entry);
      if (const auto* op = c.if_contains("op"); op != nullptr && op->is_string()) entry["op"] = *op;
    } else {
      fail(invalid({field_error(p + "/kind", msg::plan::edition_change_kind)}));
    }
    log.push_back(std::move(entry));
  }
  // The result must be a region the dataset rules accept.
  for (const auto& q : core::validate(region)) {
    errors.push_back({"/changes", q.path + ": " + q.message_ja, q.path + ": " + q.message_en});
  }
  if (!errors.empty()) fail(invalid(errors));
}

storage::AuditEntry audit_of(const EditContext& ctx, const std::string& slug,
                             const std::string& action, const std::string& id,
                             const std::string& at) {
  storage::AuditEntry e = audit_entry(ctx, slug, action, "edition", id);
  e.at = at;
  return e;
}

std::string image(const storage::EditionRow& e) {
  json::object o = meta_json(e, true);
  o["dataset"] = e.dataset;
  return json::serialize(o);
}

Record draft_record(const storage::EditionRow& e) {
  json::object o = meta_json(e, true);
  o["id"] = e.id;
  return {std::move(o), e.version};
}

storage::EditionRow require_draft(storage::Session& sql, long long region_id) {
  auto d = storage::draft_edition(sql, region_id);
  if (!d) fail(error_of(Errc::kNotFound, msg::plan::edition_no_draft));
  return *d;
}

// The fiscal year from which the current edition applies (the latest published edition's;
// the plan's first year when none is published).
int current_edition_from(storage::Session& sql, long long region_id, const core::Vision& vision) {
  int from = vision.from_fiscal_year;
  for (const auto& e : storage::published_editions(sql, region_id, false))
    from = std::max(from, e.from_fiscal_year);
  return from;
}

void check_draft_version(const EditContext& ctx, const std::string& slug,
                         const storage::EditionRow& d) {
  if (auto e = precondition_error(ctx, d.version, json::serialize(meta_json(d, true)))) {
    std::optional<storage::AuditEntry> rejected;
    if (e->code == Errc::kPreconditionFailed)
      rejected = rejected_write(ctx, slug, "edition", "draft", d.version);
    fail(*e, rejected);
  }
}

// The KPI actuals of `live` replace those of the draft's copy of the same KPI (by field ›
// category › name, as ADR 0008 matches them); the draft's snapshot holds them as they were
// when it was copied, and a KPI only in the draft keeps what it has.
void keep_live_actuals(const core::Region& live, core::Region& draft) {
  std::map<std::string, const std::vector<core::KpiActual>*> actuals;
  for (const auto& a : live.policy_areas)
    for (const auto& f : a.fields)
      for (const auto& c : f.categories)
        for (const auto& k : c.kpis)
          actuals[storage::kpi_key(f.name, c.name, k.definition.name)] = &k.actuals;
  for (auto& a : draft.policy_areas)
    for (auto& f : a.fields)
      for (auto& c : f.categories)
        for (auto& k : c.kpis) {
          const auto it = actuals.find(storage::kpi_key(f.name, c.name, k.definition.name));
          if (it != actuals.end()) k.actuals = *it->second;
        }
}

}  // namespace

void fail_if_draft_pending(UnitOfWork& u, const EditContext& ctx, const std::string& slug,
                           long long region_id, const std::string& action,
                           const std::string& record_type, const std::string& record_id) {
  const auto d = storage::draft_summary(u.session(), region_id);
  if (!d) return;
  Error e = error_of(Errc::kDraftPending, msg::plan::draft_pending, d->title);
  const json::object draft{{"title", d->title},
                           {"from_fiscal_year", d->from_fiscal_year},
                           {"version", d->version},
                           {"href", "/api/v1/regions/" + slug + "/editions/draft"},
                           {"web", "/r/" + slug + "/draft"}};
  e.members_json = json::serialize(json::object{{"draft", draft}});
  auto refusal = audit_entry(ctx, slug, action + "-refused", record_type, record_id);
  refusal.after_json = json::serialize(json::object{{"reason", "draft-pending"}, {"draft", draft}});
  fail(std::move(e), std::move(refusal));
}

json::object plan_json(const core::Region& r) {
  json::array areas;
  for (const auto& a : r.policy_areas) {
    json::array fields;
    for (const auto& f : a.fields) {
      json::array cats;
      for (const auto& c : f.categories) {
        json::array stages;
        for (const auto& s : c.stages)
          stages.push_back(json::object{{"stage", core::label(s.stage)},
                                        {"stage_code", core::code(s.stage)},
                                        {"from_fiscal_year", s.from_fiscal_year}});
        json::array kpis;
        for (const auto& k : c.kpis) {
          const auto& d = k.definition;
          kpis.push_back(
              json::object{{"name", d.name},
                           {"unit", d.unit},
                           {"baseline", json::object{{"fiscal_year", d.baseline.fiscal_year},
                                                     {"value", d.baseline.value.text()}}},
                           {"target", json::object{{"fiscal_year", d.target.fiscal_year},
                                                   {"value", d.target.value.text()}}},
                           {"sample", k.sample}});
        }
        json::array years;
        for (const auto& y : c.years) {
          json::array initiatives;
          for (const auto& i : y.initiatives) {
            json::array acts;
            for (const auto& act : i.actions) acts.push_back(action_json(act, r));
            initiatives.push_back(json::object{
                {"text", i.text}, {"inferred", i.inferred}, {"actions", std::move(acts)}});
          }
          json::array acts;
          for (const auto& act : y.actions) acts.push_back(action_json(act, r));
          json::array topics;
          for (const auto& t : y.topics) topics.push_back(json::string(t));
          years.push_back(json::object{{"fiscal_year", y.fiscal_year},
                                       {"direction", y.direction},
                                       {"inferred", y.inferred},
                                       {"topics", std::move(topics)},
                                       {"initiatives", std::move(initiatives)},
                                       {"actions", std::move(acts)}});
        }
        cats.push_back(json::object{{"name", c.name},
                                    {"note", c.note},
                                    {"inferred", c.inferred},
                                    {"stages", std::move(stages)},
                                    {"kpis", std::move(kpis)},
                                    {"years", std::move(years)}});
      }
      fields.push_back(json::object{
          {"name", f.name}, {"inferred", f.inferred}, {"categories", std::move(cats)}});
    }
    areas.push_back(
        json::object{{"code", a.code}, {"name", a.name}, {"fields", std::move(fields)}});
  }
  return {{"policy_areas", std::move(areas)}, {"counts", counts_json(r)}};
}

std::variant<json::object, Error> Editions::list(const std::string& slug, const Principal& who) {
  std::variant<json::object, Error> out;
  try {
    read_in(db_, [&](storage::Session& sql) {
      const long long rid = require_region(sql, slug);
      const bool member = is_member(who, slug);
      json::array editions;
      json::value current = nullptr;
      for (const auto& e : storage::published_editions(sql, rid, false)) {
        editions.push_back(meta_json(e, member));
        current = *e.number;
      }
      json::object o{{"region", slug}, {"editions", std::move(editions)}, {"current", current}};
      if (member) {
        const auto d = storage::draft_edition(sql, rid);
        o["draft"] = d ? json::value(meta_json(*d, true)) : json::value(nullptr);
      }
      out = std::move(o);
    });
  } catch (const Abort& a) {
    out = a.error;
  }
  return out;
}

std::variant<json::object, Error> Editions::edition(const std::string& slug,
                                                    const std::string& number,
                                                    const Principal& who) {
  std::variant<json::object, Error> out;
  try {
    read_in(db_, [&](storage::Session& sql) {
      const long long rid = require_region(sql, slug);
      const bool member = is_member(who, slug);
      std::optional<storage::EditionRow> row;
      if (number == "draft") {
        if (!member) fail(error_of(Errc::kNotFound, msg::plan::edition_no_draft));
        row = storage::draft_edition(sql, rid);
        if (!row) fail(error_of(Errc::kNotFound, msg::plan::edition_no_draft));
      } else {
        const auto n = core::parse_fiscal_year(number);  // plain digits only below
        if (number.empty() || number.size() > 6 ||
            number.find_first_not_of("0123456789") != std::string::npos) {
          Error e = error_of(Errc::kBadRequest, msg::plan::edition_bad_ref, number);
          e.fields.push_back(field_error("n", msg::plan::edition_bad_ref, number));
          fail(e);
        }
        (void)n;
        row = storage::edition_by_number(sql, rid, std::stoll(number));
        if (!row) fail(error_of(Errc::kNotFound, msg::plan::edition_not_found, number));
      }
      const core::Region region = region_of(row->dataset);
      json::object o = meta_json(*row, member);
      o["plan"] = plan_json(region);
      o["dataset"] = row->dataset;
      out = std::move(o);
    });
  } catch (const Abort& a) {
    out = a.error;
  }
  return out;
}

std::variant<PlanDiffView, Error> Editions::diff(const std::string& slug, const std::string& a,
                                                 const std::string& b, const Principal& who) {
  std::variant<PlanDiffView, Error> out;
  try {
    read_in(db_, [&](storage::Session& sql) {
      const long long rid = require_region(sql, slug);
      const bool member = is_member(who, slug);
      auto side = [&](const std::string& ref, const char* param, std::string& label) {
        if (ref == "draft") {
          if (!member) fail(error_of(Errc::kNotFound, msg::plan::edition_no_draft));
          const auto d = storage::draft_edition(sql, rid);
          if (!d) fail(error_of(Errc::kNotFound, msg::plan::edition_no_draft));
          label = msg::plan::edition_draft_label.ja();
          return region_of(d->dataset);
        }
        if (ref == "current") {
          auto live = storage::RegionStore::load_in(sql, slug);
          if (!live) fail(region_not_found(slug));
          label = msg::plan::edition_current_label.ja();
          return *live;
        }
        if (ref.empty() || ref.size() > 6 ||
            ref.find_first_not_of("0123456789") != std::string::npos) {
          Error e = error_of(Errc::kBadRequest, msg::plan::edition_bad_ref, ref);
          e.fields.push_back(field_error(param, msg::plan::edition_bad_ref, ref));
          fail(e);
        }
        const auto row = storage::edition_by_number(sql, rid, std::stoll(ref));
        if (!row) fail(error_of(Errc::kNotFound, msg::plan::edition_not_found, ref));
        label = msg::plan::edition_label.ja(ref) + "（" + row->title + "）";
        return region_of(row->dataset);
      };
      PlanDiffView view;
      view.slug = slug;
      view.from_ref = a;
      view.to_ref = b;
      const core::Region before = side(a, "a", view.from_label);
      const core::Region after = side(b, "b", view.to_label);
      view.entries = core::diff_plans(before, after);
      for (const auto* side_plan : {&before, &after})
        for (const auto& area : side_plan->policy_areas) view.area_names[area.code] = area.name;
      out = std::move(view);
    });
  } catch (const Abort& e) {
    out = e.error;
  }
  return out;
}

RecordOutcome Editions::create_draft(const std::string& slug, const json::object& body,
                                     const EditContext& ctx) {
  return run_region_unit<Record>(db_, clock_, slug, [&](UnitOfWork& unit) {
    auto& sql = unit.session();
    const long long rid = require_region(sql, slug);
    std::vector<FieldError> errors;
    for (const auto& kv : body) {
      const std::string k(kv.key());
      if (k != "title" && k != "decided_on" && k != "from_fiscal_year" && k != "reasons")
        errors.push_back(field_error("/" + k, msg::plan::edition_unknown_key, k));
    }
    storage::EditionRow e;
    read_meta(body, e, errors, true);
    if (!errors.empty()) fail(invalid(errors));
    if (storage::draft_edition(sql, rid))
      fail(error_of(Errc::kConflict, msg::plan::edition_draft_exists));
    const auto live = storage::RegionStore::load_in(sql, slug);
    if (!live) fail(region_not_found(slug));
    const std::string at = unit.clock().now_utc_iso();
    e.region_id = rid;
    e.status = "draft";
    e.dataset = exchange::write_dataset(*live);
    e.created_by = actor_of(ctx);
    e.created_at = at;
    e.id = storage::insert_edition(sql, e);
    unit.changed_unindexed(rid, slug);
    auto entry = audit_of(ctx, slug, "create_draft", "draft", at);
    entry.after_json = json::serialize(meta_json(e, true));
    unit.audit(std::move(entry));
    return draft_record(e);
  });
}

RecordOutcome Editions::update_draft(const std::string& slug, const json::object& body,
                                     const EditContext& ctx) {
  return run_region_unit<Record>(db_, clock_, slug, [&](UnitOfWork& unit) {
    auto& sql = unit.session();
    const long long rid = require_region(sql, slug);
    const auto before = require_draft(sql, rid);
    check_draft_version(ctx, slug, before);
    std::vector<FieldError> errors;
    for (const auto& kv : body) {
      const std::string k(kv.key());
      if (k != "title" && k != "decided_on" && k != "from_fiscal_year" && k != "reasons" &&
          k != "changes" && k != "opinion_ids")
        errors.push_back(field_error("/" + k, msg::plan::edition_unknown_key, k));
    }
    storage::EditionRow e = before;
    read_meta(body, e, errors, false);
    if (const auto* ids = body.if_contains("opinion_ids")) {
      json::array out;
      if (!ids->is_array()) {
        errors.push_back(field_error("/opinion_ids", msg::plan::edition_list));
      } else {
        for (std::size_t i = 0; i < ids->as_array().size(); ++i) {
          const auto& v = ids->as_array()[i];
          if (!v.is_int64() || !storage::opinion_belongs(sql, rid, v.as_int64()))
            errors.push_back(
                field_error("/opinion_ids/" + std::to_string(i), msg::plan::edition_no_opinion));
          else
            out.push_back(v.as_int64());
        }
      }
      e.opinion_ids_json = json::serialize(out);
    }
    if (!errors.empty()) fail(invalid(errors));
    const std::string at = unit.clock().now_utc_iso();
    if (const auto* changes = body.if_contains("changes")) {
      core::Region region = region_of(e.dataset);
      json::array log = string_array(e.changes_json);
      apply_changes(*changes, region, log, actor_of(ctx), at);
      e.dataset = exchange::write_dataset(region);
      e.changes_json = json::serialize(log);
    }
    storage::update_draft(sql, e);
    ++e.version;
    unit.changed_unindexed(rid, slug);
    auto entry = audit_of(ctx, slug, "update_draft", "draft", at);
    entry.before_json = image(before);
    entry.after_json = image(e);
    unit.audit(std::move(entry));
    return draft_record(e);
  });
}

RecordOutcome Editions::discard_draft(const std::string& slug, const EditContext& ctx) {
  return run_region_unit<Record>(db_, clock_, slug, [&](UnitOfWork& unit) {
    auto& sql = unit.session();
    const long long rid = require_region(sql, slug);
    const auto d = require_draft(sql, rid);
    check_draft_version(ctx, slug, d);
    storage::delete_edition(sql, d.id);
    unit.changed_unindexed(rid, slug);
    auto entry = audit_of(ctx, slug, "discard_draft", "draft", unit.clock().now_utc_iso());
    entry.before_json = image(d);
    unit.audit(std::move(entry));
    return draft_record(d);
  });
}

RecordOutcome Editions::publish(const std::string& slug, const EditContext& ctx) {
  return run_region_unit<Record>(db_, clock_, slug, [&](UnitOfWork& unit) {
    auto& sql = unit.session();
    const long long old_rid = require_region(sql, slug);
    const auto d = require_draft(sql, old_rid);
    check_draft_version(ctx, slug, d);
    core::Region region = region_of(d.dataset);
    const auto previous = storage::RegionStore::load_in(sql, slug);
    // A revision applies from its fiscal year: never before the current edition's, and the
    // years before it keep reading as they were decided (nothing is written otherwise).
    if (previous) {
      const int current_from = current_edition_from(sql, old_rid, previous->vision);
      if (d.from_fiscal_year < current_from)
        fail(invalid({field_error("/from_fiscal_year", msg::plan::edition_from_before_current,
                                  core::wareki_label(current_from))}));
      if (const auto past = core::first_change_before(
              *previous, region, previous->vision.from_fiscal_year, d.from_fiscal_year))
        fail(invalid({field_error("/from_fiscal_year", msg::plan::edition_rewrites_past,
                                  core::wareki_label(past->fiscal_year), past->path,
                                  core::wareki_label(d.from_fiscal_year))}));
    }
    // KPI actuals are records, not plan: those entered while the draft was prepared stay.
    if (previous) keep_live_actuals(*previous, region);
    const std::string at = unit.clock().now_utc_iso();
    const std::string by = actor_of(ctx);
    // The live plan becomes the draft's; records follow their items by name (ADR 0008),
    // renamed items included: the draft's renames are made on the live rows first.
    rename_live_items(sql, old_rid, d.changes_json);
    storage::RegionStore store(unit.database());
    store.save_in(sql, region, storage::RegionStore::SaveMode::kReplace, {by, at});
    const long long rid = require_region(sql, slug);
    const long long number = storage::next_edition_number(sql, rid);
    storage::publish_edition(sql, d.id, number, by, at);
    // KPI target changes join the KPI's history with their reasons.
    for (const auto& c : string_array(d.changes_json)) {
      if (!c.is_object()) continue;
      const auto& o = c.as_object();
      if (!o.contains("kind") || o.at("kind") != "kpi_target") continue;
      const auto id = storage::kpi_id_by_names(sql, rid, std::string(o.at("field").as_string()),
                                               std::string(o.at("category").as_string()),
                                               std::string(o.at("kpi").as_string()));
      if (!id) continue;  // the KPI was removed later in the draft
      storage::TargetChange t;
      t.kpi_id = *id;
      t.changed_at = at;
      t.changed_by = by;
      t.reason = std::string(o.at("reason").as_string()) + "（" +
                 msg::plan::edition_label.ja(std::to_string(number)) + "）";
      t.before_json = json::serialize(json::object{{"target", o.at("before")}});
      t.after_json = json::serialize(json::object{{"target", o.at("after")}});
      storage::add_target_change(sql, t);
    }
    // The opinions the revision answers become 反映済, naming the edition.
    for (const auto& v : string_array(d.opinion_ids_json)) {
      if (!v.is_int64()) continue;
      const long long oid = v.as_int64();
      if (storage::opinion_status(sql, oid) != "reflected") {
        Council::transition_opinion(unit, slug, std::to_string(oid),
                                    json::object{{"status", "reflected"}},
                                    EditContext{ctx.who, {}});
      }
      storage::set_opinion_reflected_edition(sql, oid, number);
    }
    unit.changed(rid, slug);
    storage::EditionRow published = d;
    published.status = "published";
    published.number = number;
    published.published_by = by;
    published.published_at = at;
    published.version = d.version + 1;
    auto entry = audit_of(ctx, slug, "publish", std::to_string(number), at);
    json::object before{{"dataset", previous ? exchange::write_dataset(*previous) : ""}};
    entry.before_json = json::serialize(before);
    entry.after_json = image(published);
    unit.audit(std::move(entry));
    json::object o = meta_json(published, true);
    o["id"] = published.id;
    return Record{std::move(o), published.version};
  });
}

std::variant<RolloverPreview, Error> Editions::rollover(const std::string& slug,
                                                        const json::object& body,
                                                        const EditContext& ctx) {
  const auto* dry = body.if_contains("dry_run");
  const bool dry_run = dry != nullptr && dry->is_bool() && dry->as_bool();
  auto work = [&](UnitOfWork& unit) {
    auto& sql = unit.session();
    const long long rid = require_region(sql, slug);
    std::vector<FieldError> errors;
    for (const auto& kv : body) {
      const std::string k(kv.key());
      if (k != "from_fiscal_year" && k != "dry_run" && k != "overrides" && k != "title")
        errors.push_back(field_error("/" + k, msg::plan::edition_unknown_key, k));
    }
    if (dry != nullptr && !dry->is_bool())
      errors.push_back(field_error("/dry_run", msg::plan::edition_boolean));
    const auto from = year_at(body, "from_fiscal_year", "", errors, true);
    std::map<std::string, core::NextDirection> overrides;
    if (const auto* o = body.if_contains("overrides")) {
      if (!o->is_object()) {
        errors.push_back(field_error("/overrides", msg::plan::edition_object));
      } else {
        for (const auto& kv : o->as_object()) {
          const auto d = kv.value().is_string()
                             ? core::next_direction_from(std::string(kv.value().as_string()))
                             : std::nullopt;
          if (!d)
            errors.push_back(field_error("/overrides/" + std::string(kv.key()),
                                         msg::plan::edition_bad_direction));
          else
            overrides[std::string(kv.key())] = *d;
        }
      }
    }
    std::string title;
    if (body.contains("title")) title = text_at(body, "title", "", errors, true, 400);
    if (!errors.empty()) fail(invalid(errors));
    const auto live = storage::RegionStore::load_in(sql, slug);
    if (!live) fail(region_not_found(slug));
    if (*from < live->vision.from_fiscal_year || *from + 1 > live->vision.to_fiscal_year)
      fail(invalid({field_error("/from_fiscal_year", msg::plan::edition_rollover_period,
                                std::to_string(live->vision.from_fiscal_year),
                                std::to_string(live->vision.to_fiscal_year - 1))}));
    auto draft = storage::draft_edition(sql, rid);
    // Applied into an existing draft, the roll-over edits it: under its If-Match like any
    // other edit of the draft (a preview writes nothing and needs none).
    if (draft && !dry_run) check_draft_version(ctx, slug, *draft);
    core::Region region = draft ? region_of(draft->dataset) : *live;
    const auto evaluated = storage::evaluation_directions(sql, rid, *from);
    RolloverPreview preview;
    preview.from_fiscal_year = *from;
    preview.to_fiscal_year = *from + 1;
    const std::string review_note = msg::plan::edition_review_note.ja(std::to_string(*from));
    for (auto& area : region.policy_areas) {
      for (auto& field : area.fields) {
        for (auto& cat : field.categories) {
          if (core::stage_in(cat, *from) != core::Stage::kActive ||
              core::stage_in(cat, *from + 1) != core::Stage::kActive)
            continue;
          const core::CategoryYear* source = core::year_of(cat, *from);
          if (source == nullptr || core::year_of(cat, *from + 1) != nullptr) continue;
          const std::string where = changes_key(field.name, cat.name);
          preview.categories.push_back(where);
          core::CategoryYear next;
          next.fiscal_year = *from + 1;
          next.direction = source->direction;
          // Whether an action goes on, and how (the override, else the evaluation).
          auto decide = [&](const std::string& initiative, const core::Action& a,
                            std::vector<core::Action>& into) {
            RolloverItem item;
            item.key = storage::action_key(field.name, cat.name, *from, initiative, a.text);
            item.category = where;
            core::NextDirection d = core::NextDirection::kContinue;
            item.source = "default";
            if (auto it = evaluated.find(item.key); it != evaluated.end()) {
              d = core::next_direction_from(it->second).value_or(d);
              item.source = "evaluation";
            }
            if (auto it = overrides.find(item.key); it != overrides.end()) {
              d = it->second;
              item.source = "override";
            }
            item.direction = core::label(d);
            item.copied = d != core::NextDirection::kEnd;
            item.review = d == core::NextDirection::kReview;
            if (item.copied) {
              core::Action copy = a;
              if (item.review)
                copy.inferred =
                    copy.inferred.empty() ? review_note : copy.inferred + "／" + review_note;
              into.push_back(std::move(copy));
            }
            preview.items.push_back(std::move(item));
          };
          for (const auto& ini : source->initiatives) {
            core::Initiative copy = ini;
            copy.actions.clear();
            for (const auto& a : ini.actions) decide(ini.text, a, copy.actions);
            if (!copy.actions.empty() || ini.actions.empty()) next.initiatives.push_back(copy);
          }
          for (const auto& a : source->actions) decide("", a, next.actions);
          insert_year(cat, std::move(next));
        }
      }
    }
    if (dry_run) return preview;
    for (const auto& q : core::validate(region)) {
      errors.push_back(
          {"/from_fiscal_year", q.path + ": " + q.message_ja, q.path + ": " + q.message_en});
    }
    if (!errors.empty()) fail(invalid(errors));
    const std::string at = unit.clock().now_utc_iso();
    storage::EditionRow before;
    storage::EditionRow e;
    if (draft) {
      before = e = *draft;
    } else {
      e.region_id = rid;
      e.status = "draft";
      e.title =
          title.empty() ? msg::plan::edition_rollover_title.ja(std::to_string(*from + 1)) : title;
      e.from_fiscal_year = *from + 1;
      e.created_by = actor_of(ctx);
      e.created_at = at;
    }
    json::array log = string_array(e.changes_json);
    int copied = 0;
    for (const auto& i : preview.items) copied += i.copied ? 1 : 0;
    log.push_back(json::object{{"kind", "rollover"},
                               {"key", std::to_string(*from) + "→" + std::to_string(*from + 1)},
                               {"reason", msg::plan::edition_rollover_reason.ja(
                                              std::to_string(*from), std::to_string(copied))},
                               {"by", actor_of(ctx)},
                               {"at", at}});
    e.changes_json = json::serialize(log);
    e.dataset = exchange::write_dataset(region);
    if (draft) {
      storage::update_draft(sql, e);
      ++e.version;
    } else {
      e.id = storage::insert_edition(sql, e);
    }
    unit.changed_unindexed(rid, slug);
    auto entry = audit_of(ctx, slug, "rollover", "draft", at);
    if (draft) entry.before_json = image(before);
    entry.after_json = image(e);
    unit.audit(std::move(entry));
    preview.applied = true;
    return preview;
  };
  if (dry_run) {
    // The preview writes nothing: the same work in a transaction that is rolled back.
    std::variant<RolloverPreview, Error> out;
    try {
      read_in(db_, [&](storage::Session& sql) {
        UnitOfWork unit(db_, sql, clock_);
        out = work(unit);
      });
    } catch (const Abort& a) {
      out = a.error;
    }
    return out;
  }
  return run_region_unit<RolloverPreview>(db_, clock_, slug, work);
}

// ---- datasets ---------------------------------------------------------------------------

std::optional<core::Region> region_with_editions(storage::Session& sql, const std::string& slug) {
  auto region = storage::RegionStore::load_in(sql, slug);
  if (!region) return std::nullopt;
  const auto rid = storage::region_id_of(sql, slug);
  if (!rid) return region;
  const auto rows = storage::published_editions(sql, *rid, true);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& row = rows[i];
    core::EditionInfo e;
    e.number = static_cast<int>(*row.number);
    e.title = row.title;
    e.decided_on = core::parse_date(row.decided_on);
    e.from_fiscal_year = row.from_fiscal_year;
    for (const auto& r : string_array(row.reasons_json))
      if (r.is_string()) e.reasons.emplace_back(r.as_string());
    auto read = exchange::read_dataset(row.dataset, "edition");
    if (read.region) {
      const bool last = i + 1 == rows.size();
      e.has_plan = !(last && read.region->policy_areas == region->policy_areas);
      if (e.has_plan) e.policy_areas = std::move(read.region->policy_areas);
    }
    region->editions.push_back(std::move(e));
  }
  return region;
}

std::optional<std::string> edition_text(storage::Session& sql, const std::string& slug,
                                        long long number) {
  const auto rid = storage::region_id_of(sql, slug);
  if (!rid) return std::nullopt;
  const auto row = storage::edition_by_number(sql, *rid, number);
  if (!row) return std::nullopt;
  return row->dataset;
}

void store_file_editions(storage::Session& sql, long long region_id, const core::Region& region,
                         const std::string& actor, const std::string& at) {
  if (region.editions.empty()) return;
  storage::delete_published_editions(sql, region_id);
  for (std::size_t i = 0; i < region.editions.size(); ++i) {
    const auto& info = region.editions[i];
    storage::EditionRow e;
    e.region_id = region_id;
    e.number = info.number;
    e.status = "published";
    e.title = info.title;
    e.decided_on = info.decided_on ? core::to_string(*info.decided_on) : "";
    e.from_fiscal_year = info.from_fiscal_year;
    json::array reasons;
    for (const auto& r : info.reasons) reasons.push_back(json::string(r));
    e.reasons_json = json::serialize(reasons);
    e.dataset = exchange::write_dataset(core::edition_region(region, i));
    e.created_by = e.published_by = actor;
    e.created_at = e.published_at = at;
    storage::insert_edition(sql, e);
  }
}

std::optional<std::string> remove_draft_for_replace(storage::Session& sql, long long region_id) {
  const auto d = storage::draft_edition(sql, region_id);
  if (!d) return std::nullopt;
  storage::delete_edition(sql, d->id);
  return image(*d);
}

long long store_draft_from_file(storage::Session& sql, long long region_id,
                                const core::Region& region, const std::string& actor,
                                const std::string& at) {
  core::Region plan = region;
  plan.editions.clear();
  auto existing = storage::draft_edition(sql, region_id);
  storage::EditionRow e = existing.value_or(storage::EditionRow{});
  const long long next = storage::next_edition_number(sql, region_id);
  if (!region.editions.empty() && region.editions.back().number >= next) {
    const auto& info = region.editions.back();
    e.title = info.title;
    e.decided_on = info.decided_on ? core::to_string(*info.decided_on) : "";
    e.from_fiscal_year = info.from_fiscal_year;
    json::array reasons;
    for (const auto& r : info.reasons) reasons.push_back(json::string(r));
    e.reasons_json = json::serialize(reasons);
  }
  if (e.title.empty()) e.title = msg::plan::edition_file_title.ja();
  // Unless the file says, the draft applies from the current edition's year: the earlier
  // years stay as they were decided (publish refuses a draft that rewrites them).
  if (e.from_fiscal_year == 0)
    e.from_fiscal_year = current_edition_from(sql, region_id, region.vision);
  e.dataset = exchange::write_dataset(plan);
  if (existing) {
    storage::update_draft(sql, e);
    return e.id;
  }
  e.region_id = region_id;
  e.status = "draft";
  e.created_by = actor;
  e.created_at = at;
  return storage::insert_edition(sql, e);
}

}  // namespace kyosei::app
