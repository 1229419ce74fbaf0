#include "http/api/api.hpp"

#include <soci/soci.h>

#include <boost/json.hpp>
#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <mutex>
#include <set>
#include <unordered_map>

#include "app/dashboard/dashboard.hpp"
#include "app/access/security.hpp"
#include "http/api/dashboard_json.hpp"
#include "http/api/kpi_json.hpp"
#include "http/api/progress_json.hpp"
#include "http/server/problem.hpp"
#include "kyosei/version.hpp"
#include "storage/audit/audit_store.hpp"
#include "storage/search/search.hpp"

namespace kyosei::http {
namespace {

namespace json = boost::json;

constexpr std::string_view kViewpointMarks[] = {"❶", "❷", "❸", "❹", "❺", "➏"};

json::object labelled(std::string_view code, std::string_view label) {
  return {{"code", code}, {"label", label}};
}

using app::fiscal_year_json;

json::object plan_json(const core::Vision& v) {
  return {{"title", v.title},
          {"from", fiscal_year_json(v.from_fiscal_year)},
          {"to", fiscal_year_json(v.to_fiscal_year)},
          {"period_label", core::wareki_label(v.from_fiscal_year) + "〜" +
                               core::wareki_label(v.to_fiscal_year) + "（" +
                               std::to_string(v.from_fiscal_year) + "〜" +
                               std::to_string(v.to_fiscal_year) + "年度）"}};
}

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

std::string to_text(const json::value& v) { return json::serialize(v); }

Response json_response(const json::value& v) {
  Response r;
  r.body = to_text(v);
  return r;
}

// Ready bytes of read models keyed by request, valid while the region's change counter
// stays the same. Thread-safe.
class ReadModelCache {
 public:
  struct Entry {
    long long seq = -1;
    std::string body;
    std::string etag;
  };
  std::optional<Entry> get(const std::string& key, long long seq) {
    std::lock_guard lock(mutex_);
    auto it = map_.find(key);
    if (it == map_.end() || it->second.seq != seq) return std::nullopt;
    return it->second;
  }
  Entry put(const std::string& key, long long seq, std::string body) {
    Entry e{seq, std::move(body), {}};
    e.etag =
        "\"" + std::to_string(seq) + "-" + std::to_string(std::hash<std::string>{}(e.body)) + "\"";
    std::lock_guard lock(mutex_);
    map_[key] = e;
    return e;
  }

 private:
  std::mutex mutex_;
  std::unordered_map<std::string, Entry> map_;
};

Response cached_response(const Request& req, const ReadModelCache::Entry& e) {
  Response r;
  r.headers.emplace_back("ETag", e.etag);
  r.headers.emplace_back("Cache-Control", "no-cache");
  const std::string inm = req.header("if-none-match");
  if (!inm.empty() && (inm == e.etag || inm == "*" || inm.find(e.etag) != std::string::npos)) {
    r.status = 304;
    r.content_type.clear();
    return r;
  }
  r.body = e.body;
  return r;
}

bool valid_slug(const std::string& s) {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return true;
}

std::optional<Response> check_slug(const std::string& slug) {
  if (valid_slug(slug)) return std::nullopt;
  return problem_response(
      app::Error{app::Errc::kRegionNotFound,
                 "圏域「" + slug + "」はありません",
                 "there is no region '" + slug + "'",
                 {{"/slug", "圏域の識別子は英小文字・数字・ハイフンです",
                   "a region slug is lower-case letters, digits and hyphens"}}});
}

std::optional<Response> reject_unknown_params(const Request& req,
                                              std::initializer_list<std::string_view> known) {
  for (const auto& [k, v] : req.query) {
    bool ok = false;
    for (auto n : known) ok = ok || n == k;
    if (!ok) {
      return problem_response(
          app::Error{app::Errc::kBadRequest,
                     "不明なパラメータ「" + k + "」です",
                     "unknown query parameter '" + k + "'",
                     {{k, "このパラメータは使えません", "this parameter is not accepted here"}}});
    }
  }
  if (req.query.size() > 1) {
    std::set<std::string> seen;
    for (const auto& [k, v] : req.query) {
      if (!seen.insert(k).second) {
        return problem_response(app::Error{app::Errc::kBadRequest,
                                           "パラメータ「" + k + "」が複数あります",
                                           "query parameter '" + k + "' is given more than once",
                                           {{k, "1回だけ指定してください", "give it once"}}});
      }
    }
  }
  return std::nullopt;
}

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

// ---- request context, guards and helpers ------------------------------------------------

struct Ctx {
  app::Principal principal;
};
using CtxHandler = std::function<Response(const Request&, const PathParams&, Ctx&)>;

struct Route {
  std::string method;
  std::string pattern;
  app::Policy policy;
  CtxHandler handler;
};

constexpr std::string_view kSecureCookie = "__Host-kyosei_session";
constexpr std::string_view kPlainCookie = "kyosei_session";

// The session token from the Cookie header ("" if none). Only the cookie name of the
// server's mode counts: with secure cookies a plain `kyosei_session` (which any subdomain or
// plain-HTTP page could have planted) is ignored.
std::string session_token(const Request& req, bool secure) {
  const std::string cookies = req.header("cookie");
  const std::string needle = std::string(secure ? kSecureCookie : kPlainCookie) + "=";
  std::size_t pos = 0;
  while ((pos = cookies.find(needle, pos)) != std::string::npos) {
    if (pos == 0 || cookies[pos - 1] == ' ' || cookies[pos - 1] == ';') {
      const auto start = pos + needle.size();
      const auto end = cookies.find(';', start);
      return cookies.substr(start, end == std::string::npos ? std::string::npos : end - start);
    }
    pos += needle.size();
  }
  return {};
}

std::string session_cookie(const ApiServices& s, const std::string& token) {
  const bool secure = s.secure_cookies;
  std::string c = std::string(secure ? kSecureCookie : kPlainCookie) + "=" + token +
                  "; Path=/; HttpOnly; SameSite=Strict";
  if (secure) c += "; Secure";
  if (token.empty()) c += "; Max-Age=0";
  return c;
}

json::array roles_json(const std::vector<storage::RoleGrant>& roles) {
  json::array out;
  for (const auto& r : roles) {
    json::array fields;
    for (long long id : r.field_ids) fields.push_back(id);
    out.push_back(
        json::object{{"region", r.region_slug},
                     {"role", r.role},
                     {"municipality", r.municipality_code.empty()
                                          ? json::value(nullptr)
                                          : json::value(json::string(r.municipality_code))},
                     {"fields", std::move(fields)}});
  }
  return out;
}

json::object session_json(const app::Principal& p) {
  std::string second = "none";
  if (p.must_enrol_totp)
    second = "enrol";
  else if (!p.second_factor_done)
    second = "required";
  else if (p.signed_in && p.second_factor_done)
    second = "done";
  return json::object{{"user", json::object{{"id", p.user_id},
                                            {"login", p.login},
                                            {"display_name", p.display_name},
                                            {"is_admin", p.is_admin},
                                            {"roles", roles_json(p.roles)}}},
                      {"csrf_token", p.csrf_token},
                      {"second_factor", second}};
}

app::Error invalid_input(std::vector<app::FieldError> fields) {
  return app::Error{app::Errc::kValidationFailed, "入力内容に誤りがあります",
                    "the input has problems", std::move(fields)};
}

Response no_content() {
  Response r;
  r.status = 204;
  r.content_type.clear();
  return r;
}

// The body as a JSON object, or the problem response to send.
std::variant<json::object, Response> json_body(const Request& req) {
  const std::string ct = req.header("content-type");
  if (ct.rfind("application/json", 0) != 0) {
    return problem_response(app::Error{app::Errc::kUnsupportedMediaType,
                                       "Content-Type は application/json にしてください",
                                       "send Content-Type: application/json",
                                       {}});
  }
  // JSON bodies stay small; the server's own limit is larger for evidence uploads.
  constexpr std::size_t kMaxJsonBytes = 1024 * 1024;
  if (req.body.size() > kMaxJsonBytes) {
    return problem_response(app::Error{app::Errc::kPayloadTooLarge,
                                       "送信データが上限（1048576バイト）を超えています",
                                       "the JSON body exceeds 1048576 bytes",
                                       {}});
  }
  boost::system::error_code ec;
  json::parse_options opts;
  opts.max_depth = 32;
  json::value v = json::parse(req.body, ec, {}, opts);
  if (ec) {
    return problem_response(app::Error{
        app::Errc::kBadRequest,
        "JSON を解釈できません（" + ec.message() + "）",
        "malformed JSON or invalid UTF-8: " + ec.message(),
        {{"", "JSON の書き方を確認してください", "check the JSON syntax and encoding"}}});
  }
  if (!v.is_object()) {
    return problem_response(invalid_input(
        {{"", "JSON オブジェクトで送信してください", "the body must be a JSON object"}}));
  }
  return std::move(v.as_object());
}

// If-Match: "v12" → 12; * → any current version (RFC 9110). Anything else (weak tags,
// lists, junk) never matches a version.
std::optional<long long> if_match_version(const Request& req) {
  const std::string h = req.header("if-match");
  if (h.empty()) return std::nullopt;
  if (h == "*") return app::kIfMatchAny;
  if (h.size() >= 4 && h.front() == '"' && h.back() == '"' && h[1] == 'v') {
    try {
      std::size_t used = 0;
      const std::string digits = h.substr(2, h.size() - 3);
      const long long v = std::stoll(digits, &used);
      if (used == digits.size()) return v;
    } catch (const std::exception&) {
    }
  }
  return -1;
}

app::EditContext edit_ctx(const Request& req, Ctx& ctx) {
  return app::EditContext{&ctx.principal, if_match_version(req)};
}

Response record_response(const app::RecordOutcome& out) {
  if (const auto* e = std::get_if<app::Error>(&out)) return problem_response(*e);
  const auto& rec = std::get<app::Record>(out);
  Response r = json_response(rec.data);
  r.headers.emplace_back("ETag", rec.etag());
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

// A FieldError for each key of `keys` that is absent from `o` or not a string.
std::vector<app::FieldError> missing_strings(const json::object& o,
                                             std::initializer_list<const char*> keys) {
  std::vector<app::FieldError> errors;
  for (const char* k : keys) {
    if (!o.contains(k) || !o.at(k).is_string()) {
      errors.push_back({std::string("/") + k, "必須の文字列です", "required string"});
    }
  }
  return errors;
}

// 204 that also clears the session cookie.
Response signed_out(const ApiServices& services) {
  Response r = no_content();
  r.headers.emplace_back("Set-Cookie", session_cookie(services, ""));
  return r;
}

bool unsafe_method(const std::string& m) { return m != "GET" && m != "HEAD" && m != "OPTIONS"; }

// Authentication, the route's policy and CSRF, then the handler.
Response guarded(ApiServices& services, app::Policy policy, const CtxHandler& handler,
                 const Request& req, const PathParams& p) {
  Ctx ctx;
  const std::string token = session_token(req, services.secure_cookies);
  if (!token.empty()) ctx.principal = services.auth.authenticate(token, req.remote);
  ctx.principal.remote = req.remote;
  app::AccessTarget target;
  if (auto it = p.find("slug"); it != p.end()) {
    if (auto bad = check_slug(it->second)) return *bad;
    target.region_slug = it->second;
    // An unknown region is left to the handler (404); it is treated as published here.
    auto snap = services.vision.region(it->second);
    if (const auto* found = std::get_if<app::RegionSnapshot>(&snap))
      target.region_published = found->published;
  }
  if (auto it = p.find("code"); it != p.end()) target.municipality_code = it->second;
  if (auto denied = app::authorize(ctx.principal, policy, target)) return problem_response(*denied);
  if (unsafe_method(req.method)) {
    const std::string site = req.header("sec-fetch-site");
    if (!site.empty() && site != "same-origin" && site != "none") {
      return problem_response(app::Error{app::Errc::kCsrfFailed,
                                         "別のサイトからの操作は受け付けません",
                                         "cross-site requests are refused",
                                         {}});
    }
    // Public unsafe routes (sign-in) need no token: the caller may not know the old one.
    if (ctx.principal.signed_in && policy != app::Policy::kPublic &&
        !app::constant_time_equal(req.header("x-csrf-token"), ctx.principal.csrf_token)) {
      return problem_response(app::Error{app::Errc::kCsrfFailed,
                                         "X-CSRF-Token ヘッダが必要です",
                                         "the X-CSRF-Token header is missing or wrong",
                                         {}});
    }
  }
  return handler(req, p, ctx);
}

// The audit list's filters: each is checked, and a bad one is a 400 naming the parameter.
// record_type: a-z and _ (≤ 40); record_id and actor: 1–200 characters without control
// characters; from/to: YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS[.fff]]Z, from < to.
std::optional<app::Error> check_audit_filter(const storage::AuditFilter& f) {
  auto bad = [](const std::string& param, const std::string& ja, const std::string& en) {
    return app::Error{
        app::Errc::kBadRequest, param + ": " + ja, param + ": " + en, {{param, ja, en}}};
  };
  if (!f.record_type.empty() &&
      (f.record_type.size() > 40 ||
       f.record_type.find_first_not_of("abcdefghijklmnopqrstuvwxyz_") != std::string::npos)) {
    return bad("record_type", "記録の種類は英小文字と _ です（例: action）",
               "a record type is lower-case letters and _ (e.g. action)");
  }
  for (auto [name, value] : {std::pair{"record_id", &f.record_id}, std::pair{"actor", &f.actor}}) {
    bool ok = value->size() <= 200;
    for (unsigned char c : *value) ok = ok && c >= 0x20 && c != 0x7f;
    if (!ok)
      return bad(name, "200文字以内で、制御文字は使えません",
                 "at most 200 characters, no control characters");
  }
  auto is_time = [](const std::string& t) {
    auto digits = [&t](std::size_t from, std::size_t n) {
      if (t.size() < from + n) return false;
      for (std::size_t i = from; i < from + n; ++i)
        if (t[i] < '0' || t[i] > '9') return false;
      return true;
    };
    if (!(digits(0, 4) && t.size() >= 10 && t[4] == '-' && digits(5, 2) && t[7] == '-' &&
          digits(8, 2)))
      return false;
    const int month = std::stoi(t.substr(5, 2));
    const int day = std::stoi(t.substr(8, 2));
    if (month < 1 || month > 12 || day < 1 || day > 31) return false;
    if (t.size() == 10) return true;
    if (!(t[10] == 'T' && digits(11, 2) && t.size() >= 17 && t[13] == ':' && digits(14, 2)))
      return false;
    if (std::stoi(t.substr(11, 2)) > 23 || std::stoi(t.substr(14, 2)) > 59) return false;
    std::size_t i = 16;
    if (i < t.size() && t[i] == ':') {
      if (!digits(i + 1, 2) || std::stoi(t.substr(i + 1, 2)) > 59) return false;
      i += 3;
      if (i < t.size() && t[i] == '.') {
        std::size_t n = 0;
        while (i + 1 + n < t.size() && t[i + 1 + n] >= '0' && t[i + 1 + n] <= '9') ++n;
        if (n == 0 || n > 3) return false;
        i += 1 + n;
      }
    }
    return i + 1 == t.size() && t[i] == 'Z';
  };
  for (auto [name, value] : {std::pair{"from", &f.from}, std::pair{"to", &f.to}}) {
    if (!value->empty() && !is_time(*value))
      return bad(name, "日付（2025-04-01）か UTC の日時（2025-04-01T09:00:00Z）です",
                 "a date (2025-04-01) or a UTC time (2025-04-01T09:00:00Z)");
  }
  if (!f.from.empty() && !f.to.empty() && f.from >= f.to)
    return bad("to", "to は from より後にしてください", "to must be later than from");
  return std::nullopt;
}

std::vector<Route> route_table(ApiServices* s) {
  std::vector<Route> table;
  auto add = [&table](std::string method, std::string pattern, app::Policy policy, CtxHandler h) {
    table.push_back({std::move(method), std::move(pattern), policy, std::move(h)});
  };
  auto cache = std::make_shared<ReadModelCache>();

  add("GET", "/healthz", app::Policy::kPublic, [s](const Request&, const PathParams&, Ctx&) {
    bool db_ok = true;
    try {
      s->db.with_session([](soci::session& sql) {
        int one = 0;
        sql << "SELECT 1", soci::into(one);
      });
    } catch (const std::exception&) {
      db_ok = false;
    }
    Response r = json_response(json::object{{"status", db_ok ? "ok" : "degraded"},
                                            {"database", db_ok ? "ok" : "unreachable"},
                                            {"version", kVersion}});
    if (!db_ok) r.status = 503;
    r.headers.emplace_back("Cache-Control", "no-store");
    return r;
  });

  add("GET", "/api/v1/regions", app::Policy::kPublic,
      [s](const Request& req, const PathParams&, Ctx& ctx) {
        if (auto bad = reject_unknown_params(req, {})) return *bad;
        json::array out;
        for (const auto& s : s->vision.list_regions()) {
          // The same rule as reading one region: unpublished ones only for their members.
          if (!s.published &&
              app::authorize(ctx.principal, app::Policy::kPublicRegionRead, {s.slug, false, ""})) {
            continue;
          }
          out.push_back(
              json::object{{"slug", s.slug},
                           {"kind", labelled(core::code(s.kind), core::label(s.kind))},
                           {"name", s.name},
                           {"name_en", s.name_en},
                           {"vision", plan_json({s.vision_title, s.plan_from, s.plan_to})},
                           {"municipality_count", s.municipality_count}});
        }
        return json_response(json::object{{"regions", std::move(out)}});
      });

  add("GET", "/api/v1/regions/{slug}", app::Policy::kPublicRegionRead,
      [s, cache](const Request& req, const PathParams& p, Ctx&) {
        const std::string& slug = p.at("slug");
        if (auto bad = reject_unknown_params(req, {})) return *bad;
        auto snap = s->vision.region(slug);
        if (auto* err = std::get_if<app::Error>(&snap)) return problem_response(*err);
        const auto& s = std::get<app::RegionSnapshot>(snap);
        const std::string key = "region:" + slug;
        auto entry = cache->get(key, s.change_seq);
        if (!entry)
          entry = cache->put(key, s.change_seq, to_text(region_json(*s.region, s.change_seq)));
        return cached_response(req, *entry);
      });

  add("GET", "/api/v1/regions/{slug}/vision", app::Policy::kPublicRegionRead,
      [s, cache](const Request& req, const PathParams& p, Ctx&) {
        const std::string& slug = p.at("slug");
        if (auto bad = reject_unknown_params(req, {"fy"})) return *bad;
        auto result = s->vision.vision(slug, req.param("fy"));
        if (auto* err = std::get_if<app::Error>(&result)) return problem_response(*err);
        const auto& v = std::get<app::VisionInYear>(result);
        const std::string key = "vision:" + slug + ":" + std::to_string(v.fiscal_year);
        auto entry = cache->get(key, v.snapshot.change_seq);
        if (!entry) entry = cache->put(key, v.snapshot.change_seq, to_text(vision_json(v)));
        return cached_response(req, *entry);
      });

  add("GET", "/api/v1/regions/{slug}/search", app::Policy::kPublicRegionRead,
      [s](const Request& req, const PathParams& p, Ctx&) {
        if (auto bad = reject_unknown_params(req, {"q", "limit"})) return *bad;
        const std::string q = req.param("q").value_or("");
        if (storage::normalize_query(q).empty()) {
          return problem_response(
              app::Error{app::Errc::kBadRequest,
                         "検索語（q）を指定してください",
                         "give a search term in q",
                         {{"q", "検索語が空です", "the search term is empty"}}});
        }
        int limit = 50;
        if (auto l = req.param("limit")) {
          try {
            std::size_t used = 0;
            limit = std::stoi(*l, &used);
            if (used != l->size() || limit < 1 || limit > storage::SearchIndex::kMaxLimit)
              throw std::invalid_argument("range");
          } catch (const std::exception&) {
            return problem_response(app::Error{app::Errc::kBadRequest,
                                               "limit は1〜500の整数です",
                                               "limit must be 1-500",
                                               {{"limit", "1〜500の整数", "an integer 1-500"}}});
          }
        }
        if (!s->editing.region_published(p.at("slug"))) {
          return problem_response(app::Error{app::Errc::kRegionNotFound,
                                             "圏域「" + p.at("slug") + "」はありません",
                                             "there is no region '" + p.at("slug") + "'",
                                             {}});
        }
        json::array hits;
        for (const auto& h : storage::SearchIndex(s->db).search(p.at("slug"), q, limit)) {
          hits.push_back(
              json::object{{"kind", h.kind},
                           {"record_id", h.record_id},
                           {"field", h.field},
                           {"category_id", h.category_id},
                           {"fiscal_year",
                            h.fiscal_year == 0 ? json::value(nullptr) : json::value(h.fiscal_year)},
                           {"snippet", h.snippet},
                           {"match_begin", h.match_begin},
                           {"match_length", h.match_length}});
        }
        Response r = json_response(json::object{{"query", q}, {"hits", std::move(hits)}});
        return r;
      });

  add("GET", "/api/v1/regions/{slug}/dashboard", app::Policy::kPublicRegionRead,
      [s, cache](const Request& req, const PathParams& p, Ctx&) {
        const std::string& slug = p.at("slug");
        if (auto bad = reject_unknown_params(req, {"fy"})) return *bad;
        // The same fiscal-year rules as the vision (plan period, 和暦 input).
        auto result = s->vision.vision(slug, req.param("fy"));
        if (auto* err = std::get_if<app::Error>(&result)) return problem_response(*err);
        const auto& v = std::get<app::VisionInYear>(result);
        const auto today = app::today_in_japan();
        // Keyed by day too: the past/overdue flags move with the calendar.
        const std::string key = "dashboard:" + slug + ":" + std::to_string(v.fiscal_year) + ":" +
                                core::to_string(today);
        auto entry = cache->get(key, v.snapshot.change_seq);
        if (!entry) {
          auto board = app::dashboard(v.snapshot, v.fiscal_year, today);
          board.progress = s->progress.dashboard(slug, v.fiscal_year, today);
          entry = cache->put(key, v.snapshot.change_seq, to_text(to_json(board)));
        }
        return cached_response(req, *entry);
      });

  // ---- KPIs ----
  add("GET", "/api/v1/regions/{slug}/kpis", app::Policy::kPublicRegionRead,
      [s, cache](const Request& req, const PathParams& p, Ctx&) {
        if (auto bad = reject_unknown_params(req, {"fy"})) return *bad;
        auto snap = s->vision.region(p.at("slug"));
        if (auto* e = std::get_if<app::Error>(&snap)) return problem_response(*e);
        const long long seq = std::get<app::RegionSnapshot>(snap).change_seq;
        const std::string key = "kpis:" + p.at("slug") + ":" + req.param("fy").value_or("-") + ":" +
                                core::to_string(app::today_in_japan());
        auto entry = cache->get(key, seq);
        if (!entry) {
          auto out = s->kpis.list(p.at("slug"), req.param("fy"));
          if (auto* e = std::get_if<app::Error>(&out)) return problem_response(*e);
          entry = cache->put(key, seq, to_text(to_json(std::get<app::KpiList>(out))));
        }
        return cached_response(req, *entry);
      });
  add("GET", "/api/v1/regions/{slug}/kpis/{id}/series", app::Policy::kPublicRegionRead,
      [s, cache](const Request& req, const PathParams& p, Ctx&) {
        if (auto bad = reject_unknown_params(req, {})) return *bad;
        auto snap = s->vision.region(p.at("slug"));
        if (auto* e = std::get_if<app::Error>(&snap)) return problem_response(*e);
        const long long seq = std::get<app::RegionSnapshot>(snap).change_seq;
        const std::string key = "series:" + p.at("slug") + ":" + p.at("id");
        auto entry = cache->get(key, seq);
        if (!entry) {
          auto out = s->kpis.series(p.at("slug"), p.at("id"));
          if (auto* e = std::get_if<app::Error>(&out)) return problem_response(*e);
          entry = cache->put(key, seq, to_text(to_json(std::get<app::KpiSeries>(out))));
        }
        return cached_response(req, *entry);
      });
  add("POST", "/api/v1/regions/{slug}/kpis", app::Policy::kRegionEdit,
      [s](const Request& req, const PathParams& p, Ctx& ctx) {
        auto body = json_body(req);
        if (auto* e = std::get_if<Response>(&body)) return *e;
        auto out = s->kpis.create(p.at("slug"), std::get<json::object>(body), edit_ctx(req, ctx));
        Response r = record_response(out);
        if (std::holds_alternative<app::Record>(out)) r.status = 201;
        return r;
      });
  add("PATCH", "/api/v1/regions/{slug}/kpis/{id}", app::Policy::kRegionEdit,
      [s](const Request& req, const PathParams& p, Ctx& ctx) {
        auto body = json_body(req);
        if (auto* e = std::get_if<Response>(&body)) return *e;
        return record_response(s->kpis.update(p.at("slug"), p.at("id"),
                                              std::get<json::object>(body), edit_ctx(req, ctx)));
      });
  add("GET", "/api/v1/regions/{slug}/kpis/{id}/history", app::Policy::kPublicRegionRead,
      [s](const Request& req, const PathParams& p, Ctx&) {
        if (auto bad = reject_unknown_params(req, {})) return *bad;
        auto out = s->kpis.history(p.at("slug"), p.at("id"));
        if (auto* e = std::get_if<app::Error>(&out)) return problem_response(*e);
        return json_response(to_json(std::get<app::KpiHistory>(out)));
      });
  add("PUT", "/api/v1/regions/{slug}/kpis/{id}/actuals/{fy}", app::Policy::kRegionEdit,
      [s](const Request& req, const PathParams& p, Ctx& ctx) {
        auto body = json_body(req);
        if (auto* e = std::get_if<Response>(&body)) return *e;
        return record_response(s->kpis.put_actual(p.at("slug"), p.at("id"), p.at("fy"), "",
                                                  std::get<json::object>(body),
                                                  edit_ctx(req, ctx)));
      });
  add("PUT", "/api/v1/regions/{slug}/kpis/{id}/actuals/{fy}/{code}", app::Policy::kOwnMunicipality,
      [s](const Request& req, const PathParams& p, Ctx& ctx) {
        auto body = json_body(req);
        if (auto* e = std::get_if<Response>(&body)) return *e;
        return record_response(s->kpis.put_actual(p.at("slug"), p.at("id"), p.at("fy"),
                                                  p.at("code"), std::get<json::object>(body),
                                                  edit_ctx(req, ctx)));
      });

  // ---- progress records, evaluations, evidence, data-collection rounds ----
  add("GET", "/api/v1/regions/{slug}/progress", app::Policy::kRegionMember,
      [s](const Request& req, const PathParams& p, Ctx&) {
        if (auto bad = reject_unknown_params(req, {"fy", "municipality"})) return *bad;
        auto out = s->progress.list(p.at("slug"), req.param("fy"), req.param("municipality"));
        if (auto* e = std::get_if<app::Error>(&out)) return problem_response(*e);
        Response r = json_response(to_json(std::get<app::ProgressList>(out)));
        r.headers.emplace_back("Cache-Control", "no-store");
        return r;
      });
  add("PUT", "/api/v1/regions/{slug}/actions/{id}/progress/{code}", app::Policy::kOwnMunicipality,
      [s](const Request& req, const PathParams& p, Ctx& ctx) {
        auto body = json_body(req);
        if (auto* e = std::get_if<Response>(&body)) return *e;
        return record_response(s->progress.put_progress(p.at("slug"), p.at("id"), p.at("code"),
                                                        std::get<json::object>(body),
                                                        edit_ctx(req, ctx)));
      });
  add("PUT", "/api/v1/regions/{slug}/actions/{id}/evaluation", app::Policy::kRegionEdit,
      [s](const Request& req, const PathParams& p, Ctx& ctx) {
        auto body = json_body(req);
        if (auto* e = std::get_if<Response>(&body)) return *e;
        return record_response(s->progress.put_evaluation(
            p.at("slug"), p.at("id"), std::get<json::object>(body), edit_ctx(req, ctx)));
      });
  add("POST", "/api/v1/regions/{slug}/actions/{id}/progress/{code}/evidence",
      app::Policy::kOwnMunicipality, [s](const Request& req, const PathParams& p, Ctx& ctx) {
        if (auto bad = reject_unknown_params(req, {"name"})) return *bad;
        auto out =
            s->progress.add_evidence(p.at("slug"), p.at("id"), p.at("code"),
                                     req.param("name").value_or(""), req.body, edit_ctx(req, ctx));
        Response r = record_response(out);
        if (std::holds_alternative<app::Record>(out)) r.status = 201;
        return r;
      });
  add("DELETE", "/api/v1/regions/{slug}/actions/{id}/progress/{code}/evidence/{eid}",
      app::Policy::kOwnMunicipality, [s](const Request& req, const PathParams& p, Ctx& ctx) {
        if (auto bad = reject_unknown_params(req, {})) return *bad;
        if (auto e = s->progress.remove_evidence(p.at("slug"), p.at("id"), p.at("code"),
                                                 p.at("eid"), edit_ctx(req, ctx)))
          return problem_response(*e);
        return no_content();
      });
  add("GET", "/api/v1/regions/{slug}/evidence/{eid}", app::Policy::kRegionMember,
      [s](const Request& req, const PathParams& p, Ctx&) {
        if (auto bad = reject_unknown_params(req, {})) return *bad;
        auto out = s->progress.evidence(p.at("slug"), p.at("eid"));
        if (auto* e = std::get_if<app::Error>(&out)) return problem_response(*e);
        auto& f = std::get<app::EvidenceFile>(out);
        const std::string etag = "\"" + f.sha256 + "\"";
        if (req.header("if-none-match") == etag) {
          Response unchanged = no_content();
          unchanged.status = 304;
          unchanged.headers.emplace_back("ETag", etag);
          return unchanged;
        }
        Response r;
        r.status = 200;
        r.content_type = f.media_type;
        r.body = std::move(f.content);
        // Always a download, never rendered in the application's origin.
        r.headers.emplace_back("Content-Disposition",
                               "attachment; filename=\"evidence\"; filename*=UTF-8''" +
                                   boost::urls::encode(f.file_name, boost::urls::unreserved_chars));
        r.headers.emplace_back("ETag", etag);
        r.headers.emplace_back("Cache-Control", "private, no-cache");
        return r;
      });
  add("GET", "/api/v1/regions/{slug}/rounds", app::Policy::kRegionMember,
      [s](const Request& req, const PathParams& p, Ctx&) {
        if (auto bad = reject_unknown_params(req, {})) return *bad;
        auto out = s->progress.rounds(p.at("slug"), app::today_in_japan());
        if (auto* e = std::get_if<app::Error>(&out)) return problem_response(*e);
        Response r = json_response(std::get<json::object>(out));
        r.headers.emplace_back("Cache-Control", "no-store");
        return r;
      });
  add("POST", "/api/v1/regions/{slug}/rounds", app::Policy::kRegionEdit,
      [s](const Request& req, const PathParams& p, Ctx& ctx) {
        auto body = json_body(req);
        if (auto* e = std::get_if<Response>(&body)) return *e;
        auto out = s->progress.open_round(p.at("slug"), std::get<json::object>(body),
                                          edit_ctx(req, ctx), app::today_in_japan());
        Response r = record_response(out);
        if (std::holds_alternative<app::Record>(out)) r.status = 201;
        return r;
      });
  add("GET", "/api/v1/regions/{slug}/rounds/{id}", app::Policy::kRegionMember,
      [s](const Request& req, const PathParams& p, Ctx&) {
        if (auto bad = reject_unknown_params(req, {})) return *bad;
        return record_response(s->progress.round(p.at("slug"), p.at("id"), app::today_in_japan()));
      });
  add("GET", "/api/v1/regions/{slug}/rounds/{id}/tasks/{code}", app::Policy::kOwnMunicipality,
      [s](const Request& req, const PathParams& p, Ctx& ctx) {
        if (auto bad = reject_unknown_params(req, {})) return *bad;
        auto out = s->progress.tasks(p.at("slug"), p.at("id"), p.at("code"), app::today_in_japan(),
                                     &ctx.principal);
        if (auto* e = std::get_if<app::Error>(&out)) return problem_response(*e);
        Response r = json_response(std::get<json::object>(out));
        r.headers.emplace_back("Cache-Control", "no-store");
        return r;
      });
  // submit: the town (or the secretariat); return / confirm / reopen: the secretariat,
  // checked again in the use case.
  for (const char* event : {"submit", "return", "confirm", "reopen"}) {
    const bool town = std::string(event) == "submit";
    add("POST", std::string("/api/v1/regions/{slug}/rounds/{id}/submissions/{code}/") + event,
        town ? app::Policy::kOwnMunicipality : app::Policy::kRegionEdit,
        [s, event](const Request& req, const PathParams& p, Ctx& ctx) {
          json::object body;
          if (!req.body.empty()) {
            auto parsed = json_body(req);
            if (auto* e = std::get_if<Response>(&parsed)) return *e;
            body = std::move(std::get<json::object>(parsed));
          }
          return record_response(s->progress.transition(p.at("slug"), p.at("id"), p.at("code"),
                                                        event, body, edit_ctx(req, ctx),
                                                        app::today_in_japan()));
        });
  }

  add("GET", "/api/v1/openapi.json", app::Policy::kPublic,
      [s](const Request&, const PathParams&, Ctx&) {
        if (s->openapi_json.empty())
          return problem_response(app::Error{app::Errc::kNotFound, "", "", {}});
        Response r;
        r.body = s->openapi_json;
        return r;
      });

  // ---- sign-in and the session ----
  add("POST", "/api/v1/session", app::Policy::kPublic,
      [s](const Request& req, const PathParams&, Ctx& ctx) {
        auto body = json_body(req);
        if (auto* e = std::get_if<Response>(&body)) return *e;
        const auto& o = std::get<json::object>(body);
        std::vector<app::FieldError> errors = missing_strings(o, {"login", "password"});
        for (const auto& [k, v] : o) {
          if (k != "login" && k != "password")
            errors.push_back({"/" + std::string(k), "不明な項目です", "unknown field"});
        }
        if (!errors.empty()) return problem_response(invalid_input(std::move(errors)));
        auto result = s->auth.sign_in(std::string(o.at("login").as_string()),
                                      std::string(o.at("password").as_string()), req.remote,
                                      session_token(req, s->secure_cookies));
        if (auto* e = std::get_if<app::Error>(&result)) return problem_response(*e);
        auto& signed_in = std::get<app::SignIn>(result);
        ctx.principal = signed_in.principal;
        Response r = json_response(session_json(ctx.principal));
        r.headers.emplace_back("Set-Cookie", session_cookie(*s, signed_in.token));
        return r;
      });

  add("POST", "/api/v1/session/totp", app::Policy::kSigningIn,
      [s](const Request& req, const PathParams&, Ctx& ctx) {
        auto body = json_body(req);
        if (auto* e = std::get_if<Response>(&body)) return *e;
        const auto& o = std::get<json::object>(body);
        if (!o.contains("code") || !o.at("code").is_string() || o.size() != 1) {
          return problem_response(
              invalid_input({{"/code", "6桁の確認コードを文字列で指定してください",
                              "a 6-digit code as a string"}}));
        }
        auto result = s->auth.second_factor(ctx.principal, std::string(o.at("code").as_string()));
        if (auto* e = std::get_if<app::Error>(&result)) return problem_response(*e);
        Response r = json_response(session_json(ctx.principal));
        r.headers.emplace_back("Set-Cookie", session_cookie(*s, std::get<std::string>(result)));
        return r;
      });

  add("DELETE", "/api/v1/session", app::Policy::kSigningIn,
      [s](const Request&, const PathParams&, Ctx& ctx) {
        s->auth.sign_out(ctx.principal);
        return signed_out(*s);
      });

  add("GET", "/api/v1/me", app::Policy::kSigningIn,
      [](const Request&, const PathParams&, Ctx& ctx) {
        Response r = json_response(session_json(ctx.principal));
        r.headers.emplace_back("Cache-Control", "no-store");
        return r;
      });

  add("DELETE", "/api/v1/me/sessions", app::Policy::kSignedIn,
      [s](const Request&, const PathParams&, Ctx& ctx) {
        s->auth.sign_out_everywhere(ctx.principal);
        return signed_out(*s);
      });

  add("POST", "/api/v1/me/password", app::Policy::kSignedIn,
      [s](const Request& req, const PathParams&, Ctx& ctx) {
        auto body = json_body(req);
        if (auto* e = std::get_if<Response>(&body)) return *e;
        const auto& o = std::get<json::object>(body);
        std::vector<app::FieldError> errors = missing_strings(o, {"current", "new"});
        if (!errors.empty()) return problem_response(invalid_input(std::move(errors)));
        auto result =
            s->auth.change_password(ctx.principal, std::string(o.at("current").as_string()),
                                    std::string(o.at("new").as_string()));
        if (auto* e = std::get_if<app::Error>(&result)) return problem_response(*e);
        Response r = no_content();
        r.headers.emplace_back("Set-Cookie", session_cookie(*s, std::get<std::string>(result)));
        return r;
      });

  add("POST", "/api/v1/me/totp", app::Policy::kSigningIn,
      [s](const Request& req, const PathParams&, Ctx& ctx) {
        // Body optional while no factor is enrolled; {"password"} or {"code"} to replace one.
        json::object o;
        if (!req.body.empty()) {
          auto body = json_body(req);
          if (auto* e = std::get_if<Response>(&body)) return *e;
          o = std::move(std::get<json::object>(body));
        }
        std::vector<app::FieldError> errors;
        for (const auto& [k, v] : o) {
          if (k != "password" && k != "code")
            errors.push_back({"/" + std::string(k), "不明な項目です", "unknown field"});
          else if (!v.is_string())
            errors.push_back({"/" + std::string(k), "文字列で指定してください", "a string"});
        }
        if (!errors.empty()) return problem_response(invalid_input(std::move(errors)));
        auto text = [&o](const char* k) {
          return o.contains(k) ? std::string(o.at(k).as_string()) : std::string();
        };
        auto result = s->auth.start_totp(ctx.principal, text("password"), text("code"));
        if (auto* e = std::get_if<app::Error>(&result)) return problem_response(*e);
        const auto& t = std::get<app::TotpEnrolment>(result);
        Response r =
            json_response(json::object{{"secret", t.secret}, {"uri", t.uri}, {"qr_svg", t.qr_svg}});
        r.headers.emplace_back("Cache-Control", "no-store");
        return r;
      });

  add("POST", "/api/v1/me/totp/confirm", app::Policy::kSigningIn,
      [s](const Request& req, const PathParams&, Ctx& ctx) {
        auto body = json_body(req);
        if (auto* e = std::get_if<Response>(&body)) return *e;
        const auto& o = std::get<json::object>(body);
        if (!o.contains("code") || !o.at("code").is_string()) {
          return problem_response(
              invalid_input({{"/code", "6桁の確認コードを文字列で指定してください",
                              "a 6-digit code as a string"}}));
        }
        auto result = s->auth.confirm_totp(ctx.principal, std::string(o.at("code").as_string()));
        if (auto* e = std::get_if<app::Error>(&result)) return problem_response(*e);
        Response r = no_content();
        r.headers.emplace_back("Set-Cookie", session_cookie(*s, std::get<std::string>(result)));
        return r;
      });

  add("GET", "/api/v1/users", app::Policy::kAdmin, [s](const Request&, const PathParams&, Ctx&) {
    json::array users;
    for (const auto& u : s->auth.users()) {
      users.push_back(json::object{{"id", u.id},
                                   {"login", u.login},
                                   {"display_name", u.display_name},
                                   {"is_admin", u.is_admin},
                                   {"disabled", u.disabled},
                                   {"totp_enabled", u.totp_enabled},
                                   {"roles", roles_json(u.roles)}});
    }
    return json_response(json::object{{"users", std::move(users)}});
  });

  // ---- editing ----
  add("PATCH", "/api/v1/regions/{slug}", app::Policy::kRegionEdit,
      [s](const Request& req, const PathParams& p, Ctx& ctx) {
        auto body = json_body(req);
        if (auto* e = std::get_if<Response>(&body)) return *e;
        return record_response(s->editing.update_region(p.at("slug"), std::get<json::object>(body),
                                                        edit_ctx(req, ctx)));
      });

  for (const char* resource : {"municipalities", "agreements", "policy-areas", "fields",
                               "categories", "initiatives", "actions"}) {
    const std::string res = resource;
    const std::string key = res == "municipalities" ? "{code}" : "{id}";
    const std::string base = "/api/v1/regions/{slug}/" + res;
    add("GET", base, app::Policy::kRegionMember,
        [s, res](const Request& req, const PathParams& p, Ctx&) {
          if (auto bad = reject_unknown_params(req, {})) return *bad;
          auto out = s->editing.list(p.at("slug"), res);
          if (auto* e = std::get_if<app::Error>(&out)) return problem_response(*e);
          return json_response(json::object{{"items", std::get<json::array>(out)}});
        });
    add("GET", base + "/" + key, app::Policy::kRegionMember,
        [s, res](const Request&, const PathParams& p, Ctx&) {
          const std::string k = p.contains("code") ? p.at("code") : p.at("id");
          return record_response(s->editing.get(p.at("slug"), res, k));
        });
    if (res != "policy-areas") {
      add("POST", base, app::Policy::kRegionEdit,
          [s, res](const Request& req, const PathParams& p, Ctx& ctx) {
            auto body = json_body(req);
            if (auto* e = std::get_if<Response>(&body)) return *e;
            Response r = record_response(s->editing.create(
                p.at("slug"), res, std::get<json::object>(body), edit_ctx(req, ctx)));
            if (r.status == 200) r.status = 201;
            return r;
          });
      add("DELETE", base + "/" + key, app::Policy::kRegionEdit,
          [s, res](const Request& req, const PathParams& p, Ctx& ctx) {
            const std::string k = p.contains("code") ? p.at("code") : p.at("id");
            if (auto e = s->editing.remove(p.at("slug"), res, k, edit_ctx(req, ctx)))
              return problem_response(*e);
            return no_content();
          });
    }
    add("PATCH", base + "/" + key, app::Policy::kRegionEdit,
        [s, res](const Request& req, const PathParams& p, Ctx& ctx) {
          auto body = json_body(req);
          if (auto* e = std::get_if<Response>(&body)) return *e;
          const std::string k = p.contains("code") ? p.at("code") : p.at("id");
          return record_response(s->editing.update(
              p.at("slug"), res, k, std::get<json::object>(body), edit_ctx(req, ctx)));
        });
  }

  add("POST", "/api/v1/regions/{slug}/categories/{id}/stages", app::Policy::kRegionEdit,
      [s](const Request& req, const PathParams& p, Ctx& ctx) {
        auto body = json_body(req);
        if (auto* e = std::get_if<Response>(&body)) return *e;
        return record_response(s->editing.add_stage(
            p.at("slug"), p.at("id"), std::get<json::object>(body), edit_ctx(req, ctx)));
      });
  add("DELETE", "/api/v1/regions/{slug}/categories/{id}/stages/{fy}", app::Policy::kRegionEdit,
      [s](const Request& req, const PathParams& p, Ctx& ctx) {
        return record_response(
            s->editing.remove_stage(p.at("slug"), p.at("id"), p.at("fy"), edit_ctx(req, ctx)));
      });
  add("GET", "/api/v1/regions/{slug}/categories/{id}/years/{fy}", app::Policy::kRegionMember,
      [s](const Request&, const PathParams& p, Ctx&) {
        return record_response(s->editing.get_year(p.at("slug"), p.at("id"), p.at("fy")));
      });
  add("PUT", "/api/v1/regions/{slug}/categories/{id}/years/{fy}", app::Policy::kRegionEdit,
      [s](const Request& req, const PathParams& p, Ctx& ctx) {
        auto body = json_body(req);
        if (auto* e = std::get_if<Response>(&body)) return *e;
        return record_response(s->editing.put_year(p.at("slug"), p.at("id"), p.at("fy"),
                                                   std::get<json::object>(body),
                                                   edit_ctx(req, ctx)));
      });
  for (const char* method : {"PUT", "DELETE"}) {
    const bool join = std::string(method) == "PUT";
    add(method, "/api/v1/regions/{slug}/actions/{id}/participants/{code}",
        app::Policy::kOwnMunicipality,
        [s, join](const Request& req, const PathParams& p, Ctx& ctx) {
          return record_response(s->editing.set_participation(
              p.at("slug"), p.at("id"), p.at("code"), join, edit_ctx(req, ctx)));
        });
  }

  add("GET", "/api/v1/regions/{slug}/audit", app::Policy::kRegionEdit,
      [s](const Request& req, const PathParams& p, Ctx&) {
        if (auto bad = reject_unknown_params(
                req, {"record_type", "record_id", "actor", "from", "to", "limit", "before"}))
          return *bad;
        storage::AuditFilter f;
        f.region_slug = p.at("slug");
        f.record_type = req.param("record_type").value_or("");
        f.record_id = req.param("record_id").value_or("");
        f.actor = req.param("actor").value_or("");
        f.from = req.param("from").value_or("");
        f.to = req.param("to").value_or("");
        if (auto bad = check_audit_filter(f)) return problem_response(*bad);
        for (auto [name, target] : {std::pair{"limit", &f.limit}}) {
          if (auto v = req.param(name)) {
            try {
              std::size_t used = 0;
              *target = std::stoi(*v, &used);
              if (used != v->size() || *target < 1 || *target > 1000)
                throw std::invalid_argument("range");
            } catch (const std::exception&) {
              return problem_response(
                  app::Error{app::Errc::kBadRequest,
                             "limit は1〜1000の整数です",
                             "limit must be 1-1000",
                             {{"limit", "1〜1000の整数", "an integer 1-1000"}}});
            }
          }
        }
        if (auto v = req.param("before")) {
          try {
            std::size_t used = 0;
            f.before_id = std::stoll(*v, &used);
            if (used != v->size() || f.before_id < 1) throw std::invalid_argument("range");
          } catch (const std::exception&) {
            return problem_response(app::Error{app::Errc::kBadRequest,
                                               "before は1以上の整数です",
                                               "before must be a positive integer",
                                               {{"before", "1以上の整数", "a positive integer"}}});
          }
        }
        std::vector<storage::AuditEntry> entries;
        s->db.with_session([&](soci::session& sql) { entries = storage::list_audit(sql, f); });
        json::array out;
        for (const auto& e : entries) {
          auto parse_or_null = [](const std::string& t) -> json::value {
            if (t.empty()) return nullptr;
            boost::system::error_code ec;
            auto v = json::parse(t, ec);
            return ec ? json::value(json::string(t)) : v;
          };
          out.push_back(json::object{{"id", e.id},
                                     {"at", e.at},
                                     {"actor", e.actor},
                                     {"remote", e.remote},
                                     {"region", e.region_slug},
                                     {"action", e.action},
                                     {"record_type", e.record_type},
                                     {"record_id", e.record_id},
                                     {"before", parse_or_null(e.before_json)},
                                     {"after", parse_or_null(e.after_json)},
                                     {"hash", e.hash},
                                     {"prev_hash", e.prev_hash}});
        }
        return json_response(json::object{{"entries", std::move(out)}});
      });

  return table;
}

}  // namespace

std::vector<RouteInfo> api_routes() {
  // The handlers are never called here; the services reference is only captured.
  std::vector<RouteInfo> out;
  for (const auto& r : route_table(nullptr)) out.push_back({r.method, r.pattern, r.policy});
  return out;
}

void register_api(Router& router, ApiServices& services) {
  for (auto& route : route_table(&services)) {
    router.add(route.method, route.pattern,
               [&services, policy = route.policy, handler = std::move(route.handler)](
                   const Request& req, const PathParams& p) {
                 return guarded(services, policy, handler, req, p);
               });
  }
}

}  // namespace kyosei::http
