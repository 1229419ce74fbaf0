#include "http/api/plan_json.hpp"

#include <map>
#include <string>

#include "app/common/clock.hpp"
#include "core/common/fiscal_year.hpp"

namespace kyosei::http {

namespace json = boost::json;
using app::fiscal_year_json;

json::object labelled(std::string_view code, std::string_view label) {
  return {{"code", code}, {"label", label}};
}

json::object plan_json(const core::Vision& v) {
  return {{"title", v.title},
          {"from", fiscal_year_json(v.from_fiscal_year)},
          {"to", fiscal_year_json(v.to_fiscal_year)},
          {"period_label", core::wareki_label(v.from_fiscal_year) + "〜" +
                               core::wareki_label(v.to_fiscal_year) + "（" +
                               std::to_string(v.from_fiscal_year) + "〜" +
                               std::to_string(v.to_fiscal_year) + "年度）"}};
}

namespace {

constexpr std::string_view kViewpointMarks[] = {"❶", "❷", "❸", "❹", "❺", "➏"};

void put_inferred(json::object& o, const std::string& inferred) {
  if (!inferred.empty()) o["inferred"] = inferred;
}

class Encoder {
 public:
  explicit Encoder(const core::Region& r) : region_(r) {
    for (const auto& m : r.municipalities) names_[m.code] = m.name;
  }

  json::value municipality_ref(const std::string& code) const {
    auto it = names_.find(code);
    return json::object{{"code", code}, {"name", it == names_.end() ? code : it->second}};
  }

  json::object action(const core::Action& a) const {
    json::object o{{"text", a.text}};
    json::object participants{{"all", a.all_participate}};
    json::array list;
    if (a.all_participate) {
      for (const auto& m : region_.municipalities) list.push_back(municipality_ref(m.code));
    } else {
      for (const auto& p : a.participants) list.push_back(municipality_ref(p));
    }
    participants["stated"] = a.all_participate || !a.participants.empty();
    participants["municipalities"] = std::move(list);
    o["participants"] = std::move(participants);
    o["lead"] = a.lead.empty() ? json::value(nullptr) : municipality_ref(a.lead);
    o["funding"] = a.funding;
    json::array vps;
    for (int v : a.viewpoints) {
      json::object vo{{"number", v}, {"mark", v >= 1 && v <= 6 ? kViewpointMarks[v - 1] : ""}};
      for (const auto& def : region_.viewpoints) {
        if (def.number == v) vo["text"] = def.text;
      }
      vps.push_back(std::move(vo));
    }
    o["viewpoints"] = std::move(vps);
    json::array photos;
    for (const auto& p : a.photos) {
      json::object po{{"caption", p.caption}};
      put_inferred(po, p.inferred);
      photos.push_back(std::move(po));
    }
    o["photos"] = std::move(photos);
    json::array agreements;
    for (const auto& t : a.agreements) agreements.push_back(json::string(t));
    o["agreements"] = std::move(agreements);
    put_inferred(o, a.inferred);
    return o;
  }

  json::array actions(const std::vector<core::Action>& list) const {
    json::array out;
    for (const auto& a : list) out.push_back(action(a));
    return out;
  }

  json::object year_content(const core::CategoryYear* y) const {
    json::object o;
    o["direction"] = y ? y->direction : "";
    json::array initiatives;
    json::array topics;
    if (y != nullptr) {
      for (const auto& ini : y->initiatives) {
        json::object io{{"text", ini.text}, {"actions", actions(ini.actions)}};
        put_inferred(io, ini.inferred);
        initiatives.push_back(std::move(io));
      }
      for (const auto& t : y->topics) topics.push_back(json::string(t));
    }
    o["initiatives"] = std::move(initiatives);
    o["actions"] = y ? actions(y->actions) : json::array{};
    o["topics"] = std::move(topics);
    if (y != nullptr) put_inferred(o, y->inferred);
    o["has_content"] = y != nullptr;
    return o;
  }

  json::array stages(const core::Category& c) const {
    json::array out;
    for (const auto& s : c.stages) {
      out.push_back(json::object{{"stage", labelled(core::code(s.stage), core::label(s.stage))},
                                 {"from", fiscal_year_json(s.from_fiscal_year)}});
    }
    return out;
  }

 private:
  const core::Region& region_;
  std::map<std::string, std::string> names_;
};

json::object elsewhere_json(const app::CategoryElsewhere& e, const Encoder& enc) {
  json::object o{{"field", e.field->name},
                 {"category", e.category->name},
                 {"stage", labelled(core::code(e.stage), core::label(e.stage))},
                 {"since", fiscal_year_json(e.since)},
                 {"stages", enc.stages(*e.category)}};
  if (e.next) {
    o["next"] =
        json::object{{"stage", labelled(core::code(e.next->stage), core::label(e.next->stage))},
                     {"from", fiscal_year_json(e.next->from_fiscal_year)}};
  } else {
    o["next"] = nullptr;
  }
  json::array topics;
  if (e.year != nullptr) {
    for (const auto& t : e.year->topics) topics.push_back(json::string(t));
  }
  o["topics"] = std::move(topics);
  put_inferred(o, e.category->inferred);
  if (!e.category->note.empty()) o["note"] = e.category->note;
  return o;
}

}  // namespace

json::object region_json(const core::Region& r, long long seq) {
  json::object o;
  o["slug"] = r.slug;
  o["kind"] = labelled(core::code(r.kind), core::label(r.kind));
  o["name"] = r.name;
  o["name_en"] = r.name_en;
  o["declared_on"] =
      r.declared_on ? json::value(core::to_string(*r.declared_on)) : json::value(nullptr);
  o["source"] = r.source;
  o["vision"] = plan_json(r.vision);
  o["change_seq"] = seq;
  json::array ms;
  for (const auto& m : r.municipalities) {
    json::object mo{{"code", m.code},
                    {"full_code", core::full_local_government_code(m.code).value_or("")},
                    {"name", m.name},
                    {"kind", labelled(core::code(m.kind), core::label(m.kind))},
                    {"role", labelled(core::code(m.role), core::label(m.role))}};
    put_inferred(mo, m.inferred);
    ms.push_back(std::move(mo));
  }
  o["municipalities"] = std::move(ms);
  Encoder enc(r);
  json::array ags;
  for (const auto& a : r.agreements) {
    json::object ao{{"kind", labelled(a.kind, a.kind == "formation" ? "形成協定" : "その他の協定")},
                    {"title", a.title},
                    {"municipality", a.municipality.empty() ? json::value(nullptr)
                                                            : enc.municipality_ref(a.municipality)},
                    {"signed_on", a.signed_on ? json::value(core::to_string(*a.signed_on))
                                              : json::value(nullptr)},
                    {"resolved_on", a.resolved_on ? json::value(core::to_string(*a.resolved_on))
                                                  : json::value(nullptr)},
                    {"note", a.note}};
    put_inferred(ao, a.inferred);
    ags.push_back(std::move(ao));
  }
  o["agreements"] = std::move(ags);
  json::array areas;
  for (const auto& area : r.policy_areas) {
    json::array fields;
    for (const auto& f : area.fields) {
      json::array cats;
      for (const auto& c : f.categories) {
        json::object co{{"name", c.name}, {"stages", enc.stages(c)}};
        put_inferred(co, c.inferred);
        if (!c.note.empty()) co["note"] = c.note;
        cats.push_back(std::move(co));
      }
      json::object fo{{"name", f.name}, {"categories", std::move(cats)}};
      put_inferred(fo, f.inferred);
      fields.push_back(std::move(fo));
    }
    areas.push_back(
        json::object{{"code", area.code}, {"name", area.name}, {"fields", std::move(fields)}});
  }
  o["policy_areas"] = std::move(areas);
  json::array vps;
  for (const auto& v : r.viewpoints) {
    vps.push_back(
        json::object{{"number", v.number},
                     {"mark", v.number >= 1 && v.number <= 6 ? kViewpointMarks[v.number - 1] : ""},
                     {"text", v.text}});
  }
  o["viewpoints"] = std::move(vps);
  json::array cycle;
  for (const auto& c : r.cycle) cycle.push_back(json::object{{"name", c.name}, {"role", c.role}});
  o["cycle"] = std::move(cycle);
  json::array schedule;
  for (const auto& s : r.schedule) {
    json::object so{{"fiscal_year", fiscal_year_json(s.fiscal_year)},
                    {"kind", s.kind},
                    {"label", s.label},
                    {"from_month", s.from_month},
                    {"to_month", s.to_month}};
    put_inferred(so, s.inferred);
    schedule.push_back(std::move(so));
  }
  o["schedule"] = std::move(schedule);
  return o;
}

json::object vision_json(const app::VisionInYear& v) {
  const core::Region& r = *v.snapshot.region;
  Encoder enc(r);
  json::object o;
  o["region"] = json::object{{"slug", r.slug}, {"name", r.name}, {"vision", plan_json(r.vision)}};
  o["fiscal_year"] = fiscal_year_json(v.fiscal_year);
  o["counts"] = json::object{{"fields", v.field_count},
                             {"categories", v.category_count},
                             {"discussing", v.discussing.size()},
                             {"candidates", v.candidates.size()},
                             {"ended", v.ended.size()}};
  json::array areas;
  for (const auto& a : v.areas) {
    json::array fields;
    for (const auto& f : a.fields) {
      json::array cats;
      for (const auto& c : f.categories) {
        json::object co = enc.year_content(c.year);
        co["name"] = c.category->name;
        co["stage"] = labelled(core::code(c.stage), core::label(c.stage));
        co["stages"] = enc.stages(*c.category);
        put_inferred(co, c.category->inferred);
        if (!c.category->note.empty()) co["note"] = c.category->note;
        cats.push_back(std::move(co));
      }
      json::object fo{{"name", f.field->name}, {"categories", std::move(cats)}};
      put_inferred(fo, f.field->inferred);
      fields.push_back(std::move(fo));
    }
    areas.push_back(json::object{
        {"code", a.area->code}, {"name", a.area->name}, {"fields", std::move(fields)}});
  }
  o["policy_areas"] = std::move(areas);
  for (auto [key, list] : {std::pair{"discussing", &v.discussing},
                           std::pair{"candidates", &v.candidates}, std::pair{"ended", &v.ended}}) {
    json::array arr;
    for (const auto& e : *list) arr.push_back(elsewhere_json(e, enc));
    o[key] = std::move(arr);
  }
  return o;
}

}  // namespace kyosei::http
