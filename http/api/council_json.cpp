#include "http/api/council_json.hpp"

#include <boost/json.hpp>

#include "app/plan/vision.hpp"

namespace kyosei::http {

namespace json = boost::json;

json::object to_json(const app::OpinionTable& t) {
  json::array rows;
  for (const auto& r : t.rows) {
    rows.push_back(json::object{
        {"id", r.id},
        {"round", r.round},
        {"received_on", r.received_on},
        {"source", json::object{{"code", r.source_code}, {"label", r.source}}},
        {"kind", json::object{{"code", r.kind_code}, {"label", r.kind}}},
        {"targets", r.targets},
        {"body", r.body},
        {"submitter", r.submitter.empty() ? json::value(nullptr) : json::value(r.submitter)},
        {"assigned_to", r.assigned_to.empty() ? json::value(nullptr) : json::value(r.assigned_to)},
        {"policy", r.policy},
        {"answer", r.answer},
        {"status", json::object{{"code", r.status_code}, {"label", r.status}}},
        {"reason", r.reason},
        {"comment_class",
         r.comment_class.empty() ? json::value(nullptr) : json::value(r.comment_class)},
        {"published", r.published},
        {"sample", r.sample},
        {"sample_label", r.sample ? json::value("サンプル") : json::value(nullptr)}});
  }
  return {{"fiscal_year", app::fiscal_year_json(t.fiscal_year)},
          {"round", t.round ? json::value(*t.round) : json::value(nullptr)},
          {"vision_title", t.vision_title},
          {"published_only", t.published_only},
          {"rows", std::move(rows)}};
}

namespace {

// One RFC 4180 field: always quoted, quotes doubled. A cell a spreadsheet would take for a
// formula (= + - @ at the start) gets a leading apostrophe.
std::string cell(const std::string& text) {
  std::string out = "\"";
  if (!text.empty() && (text[0] == '=' || text[0] == '+' || text[0] == '-' || text[0] == '@'))
    out += '\'';
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

void line(std::string& out, std::initializer_list<std::string> cells) {
  bool first = true;
  for (const auto& c : cells) {
    if (!first) out += ',';
    out += cell(c);
    first = false;
  }
  out += "\r\n";
}

}  // namespace

std::string to_csv(const app::OpinionTable& t) {
  std::string out = "\xEF\xBB\xBF";
  line(out, {"番号", "意見集約", "受付日", "出典", "意見の種類", "対象", "意見", "提出者", "担当",
             "対応方針", "回答", "対応状況", "理由", "区分", "公開", "サンプル"});
  for (const auto& r : t.rows) {
    line(out,
         {std::to_string(r.id), "第" + std::to_string(r.round) + "回", r.received_on, r.source,
          r.kind, r.targets, r.body, r.submitter, r.assigned_to, r.policy, r.answer, r.status,
          r.reason, r.comment_class, r.published ? "公開" : "非公開", r.sample ? "サンプル" : ""});
  }
  return out;
}

}  // namespace kyosei::http
