#include "http/api/edition_json.hpp"

namespace kyosei::http {

namespace json = boost::json;

json::object to_json(const app::PlanDiffView& view) {
  json::array entries;
  int added = 0;
  int removed = 0;
  int changed = 0;
  for (const auto& e : view.entries) {
    json::array spans;
    for (const auto& s : e.spans) {
      spans.push_back(json::object{{"op", std::string(1, s.op)}, {"text", s.text}});
    }
    if (e.op == core::DiffOp::kAdded) ++added;
    if (e.op == core::DiffOp::kRemoved) ++removed;
    if (e.op == core::DiffOp::kChanged) ++changed;
    entries.push_back(json::object{
        {"kind", e.kind},
        {"op", core::code(e.op)},
        {"op_label", core::label(e.op)},
        {"area", e.area},
        {"field", e.field},
        {"category", e.category},
        {"fiscal_year", e.fiscal_year == 0 ? json::value(nullptr) : json::value(e.fiscal_year)},
        {"path", e.path},
        {"attribute", e.attribute},
        {"before", e.before},
        {"after", e.after},
        {"spans", std::move(spans)}});
  }
  return {{"region", view.slug},
          {"from", json::object{{"ref", view.from_ref}, {"label", view.from_label}}},
          {"to", json::object{{"ref", view.to_ref}, {"label", view.to_label}}},
          {"summary", json::object{{"added", added}, {"removed", removed}, {"changed", changed}}},
          {"entries", std::move(entries)}};
}

json::object to_json(const app::RolloverPreview& p) {
  json::array items;
  for (const auto& i : p.items) {
    items.push_back(json::object{{"key", i.key},
                                 {"category", i.category},
                                 {"direction", i.direction},
                                 {"source", i.source},
                                 {"copied", i.copied},
                                 {"review", i.review}});
  }
  json::array cats;
  for (const auto& c : p.categories) cats.push_back(json::string(c));
  return {{"from_fiscal_year", p.from_fiscal_year},
          {"to_fiscal_year", p.to_fiscal_year},
          {"applied", p.applied},
          {"categories", std::move(cats)},
          {"items", std::move(items)}};
}

}  // namespace kyosei::http
