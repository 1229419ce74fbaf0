#include "exchange/plan/dataset.hpp"

#include <sodium.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "core/common/utf8.hpp"
#include "core/plan/validation.hpp"
#include "exchange/plan/messages.hpp"

namespace kyosei::exchange {
namespace {

using core::Region;

std::string join(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}
std::string index(const std::string& path, std::size_t i) {
  return path + "[" + std::to_string(i) + "]";
}

std::string sha256_hex(std::string_view data) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  std::string hex(sizeof digest * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), digest, sizeof digest);
  hex.resize(sizeof digest * 2);
  return hex;
}

std::string canonical_body(const Region& region);

// The checksum of the end marker: SHA-256 of the canonical text before the marker.
std::string dataset_checksum(const Region& region) { return sha256_hex(canonical_body(region)); }

// Position of the first byte that is not valid UTF-8, or npos.
std::size_t invalid_utf8_at(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80           ? 1
                    : (c >> 5) == 0x6  ? 2
                    : (c >> 4) == 0xE  ? 3
                    : (c >> 3) == 0x1E ? 4
                                       : 0;
    if (n == 0 || i + n > s.size()) return i;
    for (std::size_t k = 1; k < n; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) >> 6) != 0x2) return i;
    }
    i += n;
  }
  return std::string_view::npos;
}

// Reads YAML nodes into core values, recording where each path stands in the file and
// every problem met on the way. Never throws for bad input.
class Reader {
 public:
  explicit Reader(std::string file) : file_(std::move(file)) {}

  std::vector<DatasetProblem>& problems() { return problems_; }

  void problem(const YAML::Node& at, const std::string& field, std::string ja, std::string en) {
    const auto m = at.Mark();
    problems_.push_back({file_, m.line + 1, m.column + 1, field, std::move(ja), std::move(en)});
  }
  template <typename... A>
  void problem(const YAML::Node& at, const std::string& field, const Message& m, const A&... args) {
    problem(at, field, m.ja(args...), m.en(args...));
  }

  void mark(const std::string& path, const YAML::Node& node) {
    const auto m = node.Mark();
    if (m.line >= 0) marks_[path] = {m.line + 1, m.column + 1};
  }

  // Where a validation path stands: the path itself, or its nearest recorded ancestor.
  std::pair<int, int> locate(std::string path) const {
    while (true) {
      if (auto it = marks_.find(path); it != marks_.end()) return it->second;
      const auto cut = path.find_last_of(".[");
      if (cut == std::string::npos || cut == 0) break;
      path.resize(cut);
    }
    return {1, 1};
  }

  // Checks that `node` is a mapping with only `allowed` keys; records each key's place.
  bool map(const YAML::Node& node, const std::string& path,
           std::initializer_list<std::string_view> allowed) {
    mark(path, node);
    if (!node.IsMap()) {
      problem(node, path, msg::dataset::expected_mapping);
      return false;
    }
    std::set<std::string> seen;
    for (auto it = node.begin(); it != node.end(); ++it) {
      const std::string key = it->first.IsScalar() ? it->first.Scalar() : std::string("?");
      bool ok = false;
      for (auto a : allowed) ok = ok || a == key;
      if (!ok) {
        std::string list;
        for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
        problem(it->first, join(path, key), msg::dataset::unknown_key, key, list);
        continue;
      }
      if (!seen.insert(key).second) {
        problem(it->first, join(path, key), msg::dataset::duplicate_key, key);
      }
      mark(join(path, key), it->second);
    }
    return true;
  }

  // A sequence under `key` (absent or null = empty). Calls f(item, item_path) for each.
  template <typename F>
  void seq(const YAML::Node& parent, std::string_view key, const std::string& path, F&& f) {
    const YAML::Node node = parent[std::string(key)];
    const std::string p = join(path, key);
    if (!node || node.IsNull()) return;
    if (!node.IsSequence()) {
      problem(node, p, msg::dataset::expected_list);
      return;
    }
    for (std::size_t i = 0; i < node.size(); ++i) {
      mark(index(p, i), node[i]);
      f(node[i], index(p, i));
    }
  }

  std::string text(const YAML::Node& parent, std::string_view key, const std::string& path,
                   bool required) {
    const YAML::Node node = parent[std::string(key)];
    const std::string p = join(path, key);
    if (!node || node.IsNull()) {
      if (required) problem(parent, p, msg::dataset::key_required, key);
      return {};
    }
    return scalar_text(node, p);
  }

  std::string scalar_text(const YAML::Node& node, const std::string& p) {
    if (!node.IsScalar()) {
      problem(node, p, msg::dataset::expected_text);
      return {};
    }
    return core::to_nfc(node.Scalar());
  }

  int integer(const YAML::Node& node, const std::string& p, int lo, int hi) {
    if (!node.IsScalar()) {
      problem(node, p, msg::dataset::expected_integer);
      return 0;
    }
    const std::string& s = node.Scalar();
    int v = 0;
    std::size_t used = 0;
    try {
      v = std::stoi(s, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used == 0 || used != s.size()) {
      problem(node, p, msg::dataset::integer_got, s);
      return 0;
    }
    if (v < lo || v > hi) {
      problem(node, p, msg::dataset::between, std::to_string(lo), std::to_string(hi));
      return 0;
    }
    return v;
  }

  int fiscal_year(const YAML::Node& parent, std::string_view key, const std::string& path) {
    const YAML::Node node = parent[std::string(key)];
    const std::string p = join(path, key);
    if (!node || node.IsNull()) {
      problem(parent, p, msg::dataset::fiscal_year_required, key);
      return 0;
    }
    if (!node.IsScalar()) {
      problem(node, p, msg::dataset::expected_fiscal_year);
      return 0;
    }
    auto r = core::parse_fiscal_year(node.Scalar());
    if (!r.year) {
      problem(node, p, r.error_ja, r.error_en);
      return 0;
    }
    return *r.year;
  }

  std::optional<core::Date> date(const YAML::Node& parent, std::string_view key,
                                 const std::string& path) {
    const std::string s = text(parent, key, path, false);
    if (s.empty()) return std::nullopt;
    auto d = core::parse_date(s);
    if (!d) {
      problem(parent[std::string(key)], join(path, key), msg::dataset::bad_date, s);
    }
    return d;
  }

  template <typename Enum, typename From>
  Enum choice(const YAML::Node& parent, std::string_view key, const std::string& path, From from,
              Enum fallback, std::string_view allowed) {
    const std::string s = text(parent, key, path, true);
    if (s.empty()) return fallback;
    auto v = from(s);
    if (!v) {
      problem(parent[std::string(key)], join(path, key), msg::dataset::not_allowed, s, allowed);
      return fallback;
    }
    return *v;
  }

  // Municipality reference by name or code; returns the code ("" and a problem if unknown).
  std::string municipality_ref(const YAML::Node& node, const std::string& p) {
    const std::string s = scalar_text(node, p);
    if (s.empty()) return {};
    if (auto it = municipality_codes_.find(s); it != municipality_codes_.end()) return it->second;
    problem(node, p, msg::dataset::unknown_municipality, s);
    return {};
  }

  Region read_region(const YAML::Node& root) {
    Region r;
    if (!map(root, "",
             {"format", "slug", "kind", "name", "name_en", "declared_on", "source", "vision",
              "municipalities", "agreements", "policy_areas", "viewpoints", "cycle", "schedule",
              "grade_bands", "editions", "end"})) {
      return r;
    }
    const std::string format = text(root, "format", "", true);
    if (!format.empty() && format != kDatasetFormat) {
      problem(root["format"], "format", msg::dataset::unsupported_format, format, kDatasetFormat);
    }
    r.slug = text(root, "slug", "", true);
    r.kind = choice(root, "kind", "", core::region_kind_from, core::RegionKind::kSettlement,
                    "定住自立圏 / 連携中枢都市圏");
    r.name = text(root, "name", "", true);
    r.name_en = text(root, "name_en", "", false);
    r.declared_on = date(root, "declared_on", "");
    r.source = text(root, "source", "", false);
    if (const auto v = root["vision"];
        v && map(v, "vision", {"title", "from_fiscal_year", "to_fiscal_year"})) {
      r.vision.title = text(v, "title", "vision", true);
      r.vision.from_fiscal_year = fiscal_year(v, "from_fiscal_year", "vision");
      r.vision.to_fiscal_year = fiscal_year(v, "to_fiscal_year", "vision");
    } else if (!v) {
      problem(root, "vision", msg::dataset::key_required, "vision");
    }
    seq(root, "municipalities", "", [&](const YAML::Node& n, const std::string& p) {
      core::Municipality m;
      if (!map(n, p, {"code", "name", "kind", "role", "inferred"})) return;
      m.code = text(n, "code", p, true);
      m.name = text(n, "name", p, true);
      m.kind = choice(n, "kind", p, core::municipality_kind_from, core::MunicipalityKind::kTown,
                      "市 / 町 / 村");
      m.role = choice(n, "role", p, core::municipality_role_from, core::MunicipalityRole::kMember,
                      "中心市 / 構成市町");
      m.inferred = text(n, "inferred", p, false);
      if (auto six = core::normalize_local_government_code(m.code); six && m.code.size() == 6)
        m.code = *six;
      municipality_codes_[m.code] = m.code;
      municipality_codes_[m.name] = m.code;
      r.municipalities.push_back(std::move(m));
    });
    seq(root, "agreements", "", [&](const YAML::Node& n, const std::string& p) {
      core::Agreement a;
      if (!map(n, p,
               {"kind", "title", "municipality", "signed_on", "resolved_on", "note", "inferred"}))
        return;
      a.kind = text(n, "kind", p, true);
      a.title = text(n, "title", p, true);
      if (n["municipality"] && !n["municipality"].IsNull())
        a.municipality = municipality_ref(n["municipality"], join(p, "municipality"));
      a.signed_on = date(n, "signed_on", p);
      a.resolved_on = date(n, "resolved_on", p);
      a.note = text(n, "note", p, false);
      a.inferred = text(n, "inferred", p, false);
      r.agreements.push_back(std::move(a));
    });
    r.policy_areas = read_policy_areas(root, "");
    if (const auto g = root["grade_bands"];
        g && map(g, "grade_bands", {"bands", "below", "method"})) {
      r.grade_bands.bands.clear();
      seq(g, "bands", "grade_bands", [&](const YAML::Node& n, const std::string& p) {
        core::GradeBand b;
        if (!map(n, p, {"grade", "minimum_percent"})) return;
        b.grade = text(n, "grade", p, true);
        b.minimum_percent = decimal(n, "minimum_percent", p, true);
        r.grade_bands.bands.push_back(std::move(b));
      });
      r.grade_bands.below = text(g, "below", "grade_bands", true);
      if (g["method"]) {
        r.grade_bands.method = choice(g, "method", "grade_bands", core::rate_method_from,
                                      core::RateMethod::kProgress, "progress / ratio");
      }
    }
    seq(root, "viewpoints", "", [&](const YAML::Node& n, const std::string& p) {
      core::Viewpoint v;
      if (!map(n, p, {"number", "text"})) return;
      if (n["number"]) v.number = integer(n["number"], join(p, "number"), 1, 6);
      v.text = text(n, "text", p, true);
      r.viewpoints.push_back(std::move(v));
    });
    seq(root, "cycle", "", [&](const YAML::Node& n, const std::string& p) {
      core::CycleStep s;
      if (!map(n, p, {"name", "role"})) return;
      s.name = text(n, "name", p, true);
      s.role = text(n, "role", p, false);
      r.cycle.push_back(std::move(s));
    });
    seq(root, "schedule", "", [&](const YAML::Node& n, const std::string& p) {
      core::ScheduleItem s;
      if (!map(n, p, {"fiscal_year", "kind", "label", "from_month", "to_month", "inferred"}))
        return;
      s.fiscal_year = fiscal_year(n, "fiscal_year", p);
      s.kind = text(n, "kind", p, true);
      s.label = text(n, "label", p, true);
      for (auto [key, target] :
           {std::pair{"from_month", &s.from_month}, std::pair{"to_month", &s.to_month}}) {
        if (n[key])
          *target = integer(n[key], join(p, key), 1, 12);
        else
          problem(n, join(p, key), msg::dataset::key_required, key);
      }
      s.inferred = text(n, "inferred", p, false);
      r.schedule.push_back(std::move(s));
    });
    read_editions(root, r);
    return r;
  }

  std::vector<core::PolicyArea> read_policy_areas(const YAML::Node& parent,
                                                  const std::string& path) {
    std::vector<core::PolicyArea> out;
    seq(parent, "policy_areas", path, [&](const YAML::Node& n, const std::string& p) {
      core::PolicyArea area;
      if (!map(n, p, {"code", "name", "fields"})) return;
      area.code = text(n, "code", p, true);
      area.name = text(n, "name", p, true);
      seq(n, "fields", p, [&](const YAML::Node& fn, const std::string& fp) {
        core::Field f;
        if (!map(fn, fp, {"name", "inferred", "categories"})) return;
        f.name = text(fn, "name", fp, true);
        f.inferred = text(fn, "inferred", fp, false);
        seq(fn, "categories", fp, [&](const YAML::Node& cn, const std::string& cp) {
          f.categories.push_back(read_category(cn, cp));
        });
        area.fields.push_back(std::move(f));
      });
      out.push_back(std::move(area));
    });
    return out;
  }

  // editions[] (ADR 0016): number, title, decided_on, from_fiscal_year, reasons, and the
  // edition's own plan (policy_areas) for every edition but the file's own (the last).
  void read_editions(const YAML::Node& root, Region& r) {
    seq(root, "editions", "", [&](const YAML::Node& n, const std::string& p) {
      core::EditionInfo e;
      if (!map(n, p,
               {"number", "title", "decided_on", "from_fiscal_year", "reasons", "policy_areas"}))
        return;
      if (n["number"])
        e.number = integer(n["number"], join(p, "number"), 1, 1000);
      else
        problem(n, join(p, "number"), msg::dataset::key_required, "number");
      e.title = text(n, "title", p, true);
      e.decided_on = date(n, "decided_on", p);
      e.from_fiscal_year = fiscal_year(n, "from_fiscal_year", p);
      seq(n, "reasons", p, [&](const YAML::Node& rn, const std::string& rp) {
        e.reasons.push_back(scalar_text(rn, rp));
      });
      if (n["policy_areas"] && !n["policy_areas"].IsNull()) {
        e.has_plan = true;
        e.policy_areas = read_policy_areas(n, p);
      }
      r.editions.push_back(std::move(e));
    });
  }

  // The end marker (ADR 0008): present, the last top-level key, its counts equal to the
  // file's, its checksum that of the canonical text. `region` is what was read.
  void check_end(const YAML::Node& root, const Region& region, bool content_ok) {
    if (!root.IsMap()) return;
    const YAML::Node end = root["end"];
    if (!end) {
      problems_.push_back({file_, last_line_, 1, "end", msg::dataset::end_missing.ja(),
                           msg::dataset::end_missing.en()});
      return;
    }
    std::string last_key;
    for (auto it = root.begin(); it != root.end(); ++it) {
      if (it->first.IsScalar()) last_key = it->first.Scalar();
    }
    if (last_key != "end") problem(end, "end", msg::dataset::end_not_last);
    const auto counts = dataset_counts(region);
    if (!end.IsMap()) {
      problem(end, "end", msg::dataset::expected_mapping);
      return;
    }
    for (auto it = end.begin(); it != end.end(); ++it) {
      const std::string key = it->first.IsScalar() ? it->first.Scalar() : std::string("?");
      bool known = key == "sha256";
      for (const auto& [name, n] : counts) known = known || name == key;
      if (!known) {
        std::string list;
        for (const auto& [name, n] : counts) list += name + ", ";
        problem(it->first, join("end", key), msg::dataset::unknown_key, key, list + "sha256");
      }
    }
    for (const auto& [name, n] : counts) {
      const std::string p = join("end", name);
      const YAML::Node v = end[name];
      if (!v) {
        problem(end, p, msg::dataset::key_required, name);
        continue;
      }
      const int stated = integer(v, p, 0, 100000000);
      if (content_ok && static_cast<std::size_t>(stated) != n) {
        problem(v, p, msg::dataset::end_count_mismatch, std::to_string(stated), std::to_string(n));
      }
    }
    const std::string sum = text(end, "sha256", "end", true);
    if (content_ok && !sum.empty() && sum != dataset_checksum(region)) {
      problem(end["sha256"], "end.sha256", msg::dataset::end_checksum_mismatch);
    }
  }

  void set_last_line(int line) { last_line_ = line; }

  core::Category read_category(const YAML::Node& cn, const std::string& cp) {
    core::Category c;
    if (!map(cn, cp, {"name", "note", "inferred", "stages", "years", "kpis"})) return c;
    c.name = text(cn, "name", cp, true);
    c.note = text(cn, "note", cp, false);
    c.inferred = text(cn, "inferred", cp, false);
    seq(cn, "stages", cp, [&](const YAML::Node& sn, const std::string& sp) {
      core::StageChange s;
      if (!map(sn, sp, {"stage", "from_fiscal_year"})) return;
      s.stage = choice(sn, "stage", sp, core::stage_from, core::Stage::kCandidate,
                       "候補 / 協議中 / 実施 / 終了");
      s.from_fiscal_year = fiscal_year(sn, "from_fiscal_year", sp);
      c.stages.push_back(s);
    });
    seq(cn, "kpis", cp,
        [&](const YAML::Node& kn, const std::string& kp) { c.kpis.push_back(read_kpi(kn, kp)); });
    seq(cn, "years", cp, [&](const YAML::Node& yn, const std::string& yp) {
      core::CategoryYear y;
      if (!map(yn, yp,
               {"fiscal_year", "direction", "initiatives", "actions", "topics", "inferred"}))
        return;
      y.fiscal_year = fiscal_year(yn, "fiscal_year", yp);
      y.direction = text(yn, "direction", yp, false);
      y.inferred = text(yn, "inferred", yp, false);
      seq(yn, "initiatives", yp, [&](const YAML::Node& in, const std::string& ip) {
        core::Initiative ini;
        if (!map(in, ip, {"text", "actions", "inferred"})) return;
        ini.text = text(in, "text", ip, true);
        ini.inferred = text(in, "inferred", ip, false);
        seq(in, "actions", ip, [&](const YAML::Node& an, const std::string& ap) {
          ini.actions.push_back(read_action(an, ap));
        });
        y.initiatives.push_back(std::move(ini));
      });
      seq(yn, "actions", yp, [&](const YAML::Node& an, const std::string& ap) {
        y.actions.push_back(read_action(an, ap));
      });
      seq(yn, "topics", yp, [&](const YAML::Node& tn, const std::string& tp) {
        y.topics.push_back(scalar_text(tn, tp));
      });
      c.years.push_back(std::move(y));
    });
    return c;
  }

  core::Decimal decimal(const YAML::Node& parent, std::string_view key, const std::string& path,
                        bool required) {
    const std::string t = text(parent, key, path, required);
    if (t.empty()) return {};
    auto d = core::Decimal::parse(t);
    if (!d.value) {
      problem(parent[std::string(key)], join(path, key), d.error_ja, d.error_en);
      return {};
    }
    return *d.value;
  }

  bool boolean(const YAML::Node& parent, std::string_view key, const std::string& path) {
    const std::string t = text(parent, key, path, false);
    if (t.empty() || t == "false") return false;
    if (t == "true") return true;
    problem(parent[std::string(key)], join(path, key), msg::dataset::must_be_bool);
    return false;
  }

  core::KpiPoint point(const YAML::Node& parent, std::string_view key, const std::string& path) {
    core::KpiPoint pt;
    const YAML::Node n = parent[std::string(key)];
    const std::string p = join(path, key);
    if (!n) {
      problem(parent, p, msg::dataset::key_required, key);
      return pt;
    }
    if (!map(n, p, {"fiscal_year", "value"})) return pt;
    pt.fiscal_year = fiscal_year(n, "fiscal_year", p);
    pt.value = decimal(n, "value", p, true);
    return pt;
  }

  core::Kpi read_kpi(const YAML::Node& kn, const std::string& kp) {
    core::Kpi k;
    if (!map(kn, kp,
             {"name", "unit", "direction", "baseline", "target", "yearly_targets", "cumulative",
              "summed", "decimal_places", "data_source", "sample", "inferred", "actuals"})) {
      return k;
    }
    auto& d = k.definition;
    d.name = text(kn, "name", kp, true);
    d.unit = text(kn, "unit", kp, false);
    d.direction = choice(kn, "direction", kp, core::kpi_direction_from, core::KpiDirection::kHigher,
                         "増加 / 減少 / 維持");
    d.baseline = point(kn, "baseline", kp);
    d.target = point(kn, "target", kp);
    seq(kn, "yearly_targets", kp, [&](const YAML::Node& n, const std::string& p) {
      if (!map(n, p, {"fiscal_year", "value"})) return;
      d.yearly_targets[fiscal_year(n, "fiscal_year", p)] = decimal(n, "value", p, true);
    });
    d.cumulative = boolean(kn, "cumulative", kp);
    d.summed = boolean(kn, "summed", kp);
    if (kn["decimal_places"])
      d.decimal_places = integer(kn["decimal_places"], join(kp, "decimal_places"), 0, 6);
    d.data_source = text(kn, "data_source", kp, false);
    k.sample = boolean(kn, "sample", kp);
    k.inferred = text(kn, "inferred", kp, false);
    seq(kn, "actuals", kp, [&](const YAML::Node& n, const std::string& p) {
      core::KpiActual a;
      if (!map(n, p, {"fiscal_year", "municipality", "value", "note", "entered_by", "entered_at"}))
        return;
      a.fiscal_year = fiscal_year(n, "fiscal_year", p);
      if (n["municipality"] && !n["municipality"].IsNull())
        a.municipality = municipality_ref(n["municipality"], join(p, "municipality"));
      a.value = decimal(n, "value", p, true);
      a.note = text(n, "note", p, false);
      a.entered_by = text(n, "entered_by", p, false);
      a.entered_at = text(n, "entered_at", p, false);
      k.actuals.push_back(std::move(a));
    });
    return k;
  }

  core::Action read_action(const YAML::Node& an, const std::string& ap) {
    core::Action a;
    if (!map(an, ap,
             {"text", "participants", "lead", "funding", "viewpoints", "photos", "agreements",
              "inferred"}))
      return a;
    a.text = text(an, "text", ap, true);
    if (const auto pn = an["participants"]; pn && !pn.IsNull()) {
      if (pn.IsScalar() && (pn.Scalar() == "all" || pn.Scalar() == "全市町")) {
        a.all_participate = true;
      } else if (pn.IsSequence()) {
        seq(an, "participants", ap, [&](const YAML::Node& n, const std::string& p) {
          a.participants.push_back(municipality_ref(n, p));
        });
      } else {
        problem(pn, join(ap, "participants"), msg::dataset::participants_form);
      }
    }
    if (const auto ln = an["lead"]; ln && !ln.IsNull())
      a.lead = municipality_ref(ln, join(ap, "lead"));
    a.funding = text(an, "funding", ap, false);
    seq(an, "viewpoints", ap, [&](const YAML::Node& n, const std::string& p) {
      a.viewpoints.push_back(integer(n, p, 1, 6));
    });
    seq(an, "photos", ap, [&](const YAML::Node& n, const std::string& p) {
      core::Photo photo;
      if (n.IsScalar()) {
        photo.caption = n.Scalar();
      } else if (map(n, p, {"caption", "inferred"})) {
        photo.caption = text(n, "caption", p, true);
        photo.inferred = text(n, "inferred", p, false);
      }
      a.photos.push_back(std::move(photo));
    });
    seq(an, "agreements", ap, [&](const YAML::Node& n, const std::string& p) {
      a.agreements.push_back(scalar_text(n, p));
    });
    a.inferred = text(an, "inferred", ap, false);
    return a;
  }

 private:
  std::string file_;
  std::vector<DatasetProblem> problems_;
  std::map<std::string, std::pair<int, int>> marks_;
  std::map<std::string, std::string> municipality_codes_;  // name or code -> code
  int last_line_ = 1;                                      // where a missing end marker is reported
};

// ---- writing ----

class Writer {
 public:
  Writer() {
    out_.SetIndent(2);
    out_.SetOutputCharset(YAML::EmitNonAscii);
  }

  std::string write(const Region& r) {
    for (const auto& m : r.municipalities) names_[m.code] = m.name;
    out_ << YAML::BeginMap;
    kv("format", std::string(kDatasetFormat));
    kv("slug", r.slug);
    kv("kind", std::string(core::label(r.kind)));
    kv("name", r.name);
    opt("name_en", r.name_en);
    if (r.declared_on) kv("declared_on", core::to_string(*r.declared_on));
    opt("source", r.source);
    out_ << YAML::Key << "vision" << YAML::Value << YAML::BeginMap;
    kv("title", r.vision.title);
    kv("from_fiscal_year", r.vision.from_fiscal_year);
    kv("to_fiscal_year", r.vision.to_fiscal_year);
    out_ << YAML::EndMap;
    list("municipalities", r.municipalities, [&](const core::Municipality& m) {
      out_ << YAML::BeginMap;
      kv_quoted("code", m.code);
      kv("name", m.name);
      kv("kind", std::string(core::label(m.kind)));
      kv("role", std::string(core::label(m.role)));
      opt("inferred", m.inferred);
      out_ << YAML::EndMap;
    });
    list("agreements", r.agreements, [&](const core::Agreement& a) {
      out_ << YAML::BeginMap;
      kv("kind", a.kind);
      kv("title", a.title);
      if (!a.municipality.empty()) kv("municipality", name_of(a.municipality));
      if (a.signed_on) kv("signed_on", core::to_string(*a.signed_on));
      if (a.resolved_on) kv("resolved_on", core::to_string(*a.resolved_on));
      opt("note", a.note);
      opt("inferred", a.inferred);
      out_ << YAML::EndMap;
    });
    policy_areas(r.policy_areas);
    if (!(r.grade_bands == core::default_grade_bands())) {
      out_ << YAML::Key << "grade_bands" << YAML::Value << YAML::BeginMap;
      out_ << YAML::Key << "bands" << YAML::Value << YAML::BeginSeq;
      for (const auto& b : r.grade_bands.bands) {
        out_ << YAML::Flow << YAML::BeginMap;
        kv("grade", b.grade);
        kv_quoted("minimum_percent", b.minimum_percent.text());
        out_ << YAML::EndMap;
      }
      out_ << YAML::EndSeq;
      kv("below", r.grade_bands.below);
      if (r.grade_bands.method != core::RateMethod::kProgress)
        kv("method", std::string(core::code(r.grade_bands.method)));
      out_ << YAML::EndMap;
    }
    list("viewpoints", r.viewpoints, [&](const core::Viewpoint& v) {
      out_ << YAML::BeginMap;
      kv("number", v.number);
      kv("text", v.text);
      out_ << YAML::EndMap;
    });
    list("cycle", r.cycle, [&](const core::CycleStep& s) {
      out_ << YAML::BeginMap;
      kv("name", s.name);
      opt("role", s.role);
      out_ << YAML::EndMap;
    });
    list("schedule", r.schedule, [&](const core::ScheduleItem& s) {
      out_ << YAML::BeginMap;
      kv("fiscal_year", s.fiscal_year);
      kv("kind", s.kind);
      kv("label", s.label);
      kv("from_month", s.from_month);
      kv("to_month", s.to_month);
      opt("inferred", s.inferred);
      out_ << YAML::EndMap;
    });
    list("editions", r.editions, [&](const core::EditionInfo& e) {
      out_ << YAML::BeginMap;
      kv("number", e.number);
      kv("title", e.title);
      if (e.decided_on) kv("decided_on", core::to_string(*e.decided_on));
      kv("from_fiscal_year", e.from_fiscal_year);
      list("reasons", e.reasons, [&](const std::string& t) { out_ << t; });
      if (e.has_plan) {
        if (e.policy_areas.empty()) {
          out_ << YAML::Key << "policy_areas" << YAML::Value << YAML::Flow << YAML::BeginSeq
               << YAML::EndSeq;
        } else {
          policy_areas(e.policy_areas);
        }
      }
      out_ << YAML::EndMap;
    });
    out_ << YAML::EndMap;
    return std::string(out_.c_str()) + "\n";
  }

  // The end marker after the body: the counts and the checksum of the body.
  static std::string trailer(const Region& r, const std::string& body) {
    std::string out = "end:\n";
    for (const auto& [name, n] : dataset_counts(r)) {
      out += "  " + name + ": " + std::to_string(n) + "\n";
    }
    return out + "  sha256: " + sha256_hex(body) + "\n";
  }

 private:
  template <typename T>
  void kv(std::string_view k, const T& v) {
    out_ << YAML::Key << std::string(k) << YAML::Value << v;
  }
  void kv_quoted(std::string_view k, const std::string& v) {
    out_ << YAML::Key << std::string(k) << YAML::Value << YAML::DoubleQuoted << v;
  }
  void opt(std::string_view k, const std::string& v) {
    if (!v.empty()) kv(k, v);
  }
  template <typename T, typename F>
  void list(std::string_view k, const std::vector<T>& items, F&& f) {
    if (items.empty()) return;
    out_ << YAML::Key << std::string(k) << YAML::Value << YAML::BeginSeq;
    for (const auto& item : items) f(item);
    out_ << YAML::EndSeq;
  }
  std::string name_of(const std::string& code) const {
    auto it = names_.find(code);
    return it == names_.end() ? code : it->second;
  }

  void policy_areas(const std::vector<core::PolicyArea>& areas) {
    list("policy_areas", areas, [&](const core::PolicyArea& area) {
      out_ << YAML::BeginMap;
      kv("code", area.code);
      kv("name", area.name);
      list("fields", area.fields, [&](const core::Field& f) {
        out_ << YAML::BeginMap;
        kv("name", f.name);
        opt("inferred", f.inferred);
        list("categories", f.categories, [&](const core::Category& c) { category(c); });
        out_ << YAML::EndMap;
      });
      out_ << YAML::EndMap;
    });
  }

  void category(const core::Category& c) {
    out_ << YAML::BeginMap;
    kv("name", c.name);
    opt("note", c.note);
    opt("inferred", c.inferred);
    list("stages", c.stages, [&](const core::StageChange& s) {
      out_ << YAML::Flow << YAML::BeginMap;
      kv("stage", std::string(core::label(s.stage)));
      kv("from_fiscal_year", s.from_fiscal_year);
      out_ << YAML::EndMap;
    });
    list("kpis", c.kpis, [&](const core::Kpi& k) { kpi(k); });
    list("years", c.years, [&](const core::CategoryYear& y) {
      out_ << YAML::BeginMap;
      kv("fiscal_year", y.fiscal_year);
      opt("direction", y.direction);
      opt("inferred", y.inferred);
      list("initiatives", y.initiatives, [&](const core::Initiative& ini) {
        out_ << YAML::BeginMap;
        kv("text", ini.text);
        opt("inferred", ini.inferred);
        list("actions", ini.actions, [&](const core::Action& a) { action(a); });
        out_ << YAML::EndMap;
      });
      list("actions", y.actions, [&](const core::Action& a) { action(a); });
      list("topics", y.topics, [&](const std::string& t) { out_ << t; });
      out_ << YAML::EndMap;
    });
    out_ << YAML::EndMap;
  }

  void point(std::string_view key, const core::KpiPoint& p) {
    out_ << YAML::Key << std::string(key) << YAML::Value << YAML::Flow << YAML::BeginMap;
    kv("fiscal_year", p.fiscal_year);
    kv_quoted("value", p.value.text());
    out_ << YAML::EndMap;
  }

  void kpi(const core::Kpi& k) {
    const auto& d = k.definition;
    out_ << YAML::BeginMap;
    kv("name", d.name);
    opt("unit", d.unit);
    kv("direction", std::string(core::label(d.direction)));
    point("baseline", d.baseline);
    point("target", d.target);
    if (!d.yearly_targets.empty()) {
      out_ << YAML::Key << "yearly_targets" << YAML::Value << YAML::BeginSeq;
      for (const auto& [fy, v] : d.yearly_targets) {
        out_ << YAML::Flow << YAML::BeginMap;
        kv("fiscal_year", fy);
        kv_quoted("value", v.text());
        out_ << YAML::EndMap;
      }
      out_ << YAML::EndSeq;
    }
    if (d.cumulative) kv("cumulative", true);
    if (d.summed) kv("summed", true);
    if (d.decimal_places) kv("decimal_places", *d.decimal_places);
    opt("data_source", d.data_source);
    if (k.sample) kv("sample", true);
    opt("inferred", k.inferred);
    list("actuals", k.actuals, [&](const core::KpiActual& a) {
      out_ << YAML::Flow << YAML::BeginMap;
      kv("fiscal_year", a.fiscal_year);
      if (!a.municipality.empty()) kv("municipality", name_of(a.municipality));
      kv_quoted("value", a.value.text());
      opt("note", a.note);
      opt("entered_by", a.entered_by);
      opt("entered_at", a.entered_at);
      out_ << YAML::EndMap;
    });
    out_ << YAML::EndMap;
  }

  void action(const core::Action& a) {
    out_ << YAML::BeginMap;
    kv("text", a.text);
    if (a.all_participate) {
      kv("participants", std::string("全市町"));
    } else if (!a.participants.empty()) {
      out_ << YAML::Key << "participants" << YAML::Value << YAML::Flow << YAML::BeginSeq;
      for (const auto& p : a.participants) out_ << name_of(p);
      out_ << YAML::EndSeq;
    }
    if (!a.lead.empty()) kv("lead", name_of(a.lead));
    opt("funding", a.funding);
    if (!a.viewpoints.empty()) {
      out_ << YAML::Key << "viewpoints" << YAML::Value << YAML::Flow << YAML::BeginSeq;
      for (int v : a.viewpoints) out_ << v;
      out_ << YAML::EndSeq;
    }
    list("photos", a.photos, [&](const core::Photo& p) {
      if (p.inferred.empty()) {
        out_ << p.caption;
      } else {
        out_ << YAML::BeginMap;
        kv("caption", p.caption);
        kv("inferred", p.inferred);
        out_ << YAML::EndMap;
      }
    });
    list("agreements", a.agreements, [&](const std::string& t) { out_ << t; });
    opt("inferred", a.inferred);
    out_ << YAML::EndMap;
  }

  YAML::Emitter out_;
  std::map<std::string, std::string> names_;
};

std::string canonical_body(const Region& region) { return Writer().write(region); }

}  // namespace

std::vector<std::pair<std::string, std::size_t>> dataset_counts(const Region& r) {
  std::size_t fields = 0, categories = 0, years = 0, initiatives = 0, actions = 0, kpis = 0,
              actuals = 0;
  for (const auto& area : r.policy_areas) {
    for (const auto& f : area.fields) {
      ++fields;
      for (const auto& c : f.categories) {
        ++categories;
        kpis += c.kpis.size();
        for (const auto& k : c.kpis) actuals += k.actuals.size();
        for (const auto& y : c.years) {
          ++years;
          initiatives += y.initiatives.size();
          actions += y.actions.size();
          for (const auto& i : y.initiatives) actions += i.actions.size();
        }
      }
    }
  }
  std::vector<std::pair<std::string, std::size_t>> out = {
      {"municipalities", r.municipalities.size()},
      {"agreements", r.agreements.size()},
      {"policy_areas", r.policy_areas.size()},
      {"fields", fields},
      {"categories", categories},
      {"years", years},
      {"initiatives", initiatives},
      {"actions", actions},
      {"kpis", kpis},
      {"kpi_actuals", actuals},
      {"viewpoints", r.viewpoints.size()},
      {"cycle", r.cycle.size()},
      {"schedule", r.schedule.size()}};
  // Editions are counted when the file has them (older files have no such key).
  if (!r.editions.empty()) out.emplace_back("editions", r.editions.size());
  return out;
}

std::string format_problem(const DatasetProblem& p) {
  std::ostringstream s;
  s << p.file << ':' << p.line << ':' << p.column << ": ";
  if (!p.field.empty()) s << p.field << ": ";
  s << p.message_ja << " (" << p.message_en << ")";
  return s.str();
}

namespace {

DatasetRead read_text(std::string_view text, const std::string& file_name, bool check_end) {
  DatasetRead result;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  if (auto bad = invalid_utf8_at(text); bad != std::string_view::npos) {
    const auto before = text.substr(0, bad);
    const int line = 1 + static_cast<int>(std::count(before.begin(), before.end(), '\n'));
    const auto nl = before.rfind('\n');
    const int col = static_cast<int>(bad - (nl == std::string_view::npos ? 0 : nl + 1)) + 1;
    const auto& m = msg::dataset::invalid_utf8;
    result.problems.push_back({file_name, line, col, "", m.ja(), m.en()});
    return result;
  }
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    const auto& m = msg::dataset::malformed_yaml;
    result.problems.push_back(
        {file_name, e.mark.line + 1, e.mark.column + 1, "", m.ja(e.msg), m.en(e.msg)});
    return result;
  }
  Reader reader(file_name);
  // The file's last line: where a missing end marker is reported.
  reader.set_last_line(std::max(1, static_cast<int>(std::count(text.begin(), text.end(), '\n')) +
                                       (!text.empty() && text.back() != '\n' ? 1 : 0)));
  Region region;
  try {
    region = reader.read_region(root);
  } catch (const YAML::Exception& e) {
    const auto& m = msg::dataset::unreadable_yaml;
    reader.problems().push_back(
        {file_name, e.mark.line + 1, e.mark.column + 1, "", m.ja(e.msg), m.en(e.msg)});
  }
  const bool content_ok = reader.problems().empty() && core::validate(region).empty();
  if (check_end) {
    try {
      reader.check_end(root, region, content_ok);
    } catch (const YAML::Exception& e) {
      const auto& m = msg::dataset::unreadable_yaml;
      reader.problems().push_back(
          {file_name, e.mark.line + 1, e.mark.column + 1, "", m.ja(e.msg), m.en(e.msg)});
    }
  }
  result.problems = std::move(reader.problems());
  // Domain rules, located by the path of the value they concern.
  for (auto& p : core::validate(region)) {
    const auto [line, col] = reader.locate(p.path);
    // A value already reported by the reader (e.g. an unknown name) is not repeated.
    bool dup = false;
    for (const auto& q : result.problems) dup = dup || (q.field == p.path);
    if (!dup) result.problems.push_back({file_name, line, col, p.path, p.message_ja, p.message_en});
  }
  std::stable_sort(result.problems.begin(), result.problems.end(),
                   [](const DatasetProblem& a, const DatasetProblem& b) {
                     return std::tie(a.line, a.column) < std::tie(b.line, b.column);
                   });
  if (result.problems.empty()) result.region = std::move(region);
  return result;
}

std::string slurp(const std::filesystem::path& path, bool& ok) {
  std::ifstream in(path, std::ios::binary);
  ok = static_cast<bool>(in);
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

}  // namespace

DatasetRead read_dataset(std::string_view text, const std::string& file_name) {
  return read_text(text, file_name, true);
}

SealResult seal_dataset(std::string_view text, const std::string& file_name) {
  SealResult out;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  auto read = read_text(text, file_name, false);
  if (!read.region) {
    out.problems = std::move(read.problems);
    return out;
  }
  // Everything from the top-level `end:` line on is replaced; the rest (comments, layout)
  // stays byte for byte.
  std::string_view body = text;
  if (body.substr(0, 4) == "end:") {
    body = {};
  } else if (const auto at = body.find("\nend:"); at != std::string_view::npos) {
    body = body.substr(0, at + 1);
  }
  std::string sealed(body);
  if (!sealed.empty() && sealed.back() != '\n') sealed += '\n';
  out.text = sealed + Writer::trailer(*read.region, canonical_body(*read.region));
  return out;
}

DatasetRead read_dataset_file(const std::filesystem::path& path) {
  bool ok = false;
  const std::string text = slurp(path, ok);
  if (!ok) {
    DatasetRead r;
    const auto& m = msg::dataset::cannot_open;
    r.problems.push_back({path.string(), 0, 0, "", m.ja(), m.en()});
    return r;
  }
  return read_dataset(text, path.string());
}

std::string write_dataset(const Region& region) {
  const std::string body = canonical_body(region);
  return body + Writer::trailer(region, body);
}

}  // namespace kyosei::exchange
