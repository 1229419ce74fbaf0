#include "core/kpi/kpi.hpp"

#include <algorithm>
#include <iterator>
#include <set>
#include <string_view>
#include <utility>

#include "core/common/fiscal_year.hpp"
#include "core/common/labels.hpp"
#include "core/kpi/messages.hpp"

namespace kyosei::core {
namespace {

Decimal percent_literal(std::int32_t whole) {
  return *Decimal::from_units(std::int64_t{whole} * Decimal::kUnitsPerOne, 1);
}

std::string join(const std::string& prefix, const std::string& field) {
  return prefix.empty() ? field : prefix + "." + field;
}

bool is_five_digits(const std::string& code) {
  return code.size() == 5 &&
         std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; });
}

class Problems {
 public:
  template <typename... A>
  void add(std::string path, const Message& m, const A&... args) {
    list_.push_back({std::move(path), m.ja(args...), m.en(args...)});
  }
  void check_year(const std::string& path, int fy) {
    if (fy < kMinFiscalYear || fy > kMaxFiscalYear) {
      add(path, msg::kpi_rules::year_out_of_range, std::to_string(fy));
    }
  }
  void check_places(const std::string& path, const Decimal& value, std::optional<int> places) {
    if (places && *places >= 0 && value.places() > *places) {
      const auto n = std::to_string(*places);
      add(path, msg::kpi_rules::too_many_places, n);
    }
  }
  std::vector<Problem> take() { return std::move(list_); }

 private:
  std::vector<Problem> list_;
};

}  // namespace

constexpr EnumNames<KpiDirection, 3> kDirections{
    {{{"higher", "増加"}, {"lower", "減少"}, {"maintain", "維持"}}}};

KYOSEI_ENUM_NAMES(KpiDirection, kpi_direction_from, kDirections)

constexpr EnumNames<RateMethod, 2> kRateMethods{
    {{{"progress", "基準値からの進捗"}, {"ratio", "実績÷目標"}}}};

KYOSEI_ENUM_NAMES(RateMethod, rate_method_from, kRateMethods)

constexpr EnumNames<Outlook, 5> kOutlooks{{{{"not-enough-data", "データ不足"},
                                            {"no-target", "目標なし"},
                                            {"on-track", "順調"},
                                            {"caution", "要注意"},
                                            {"difficult", "困難"}}}};

KYOSEI_ENUM_NAMES(Outlook, outlook_from, kOutlooks)

std::string_view code(RateBasis basis) {
  switch (basis) {
    case RateBasis::kNoActual: return "no-actual";
    case RateBasis::kNoTarget: return "no-target";
    case RateBasis::kProgress: return "progress";
    case RateBasis::kHeld: return "held";
    case RateBasis::kShortfallRatio: return "shortfall-ratio";
    case RateBasis::kShortfallNoScale: return "shortfall-no-scale";
    case RateBasis::kOutOfRange: return "out-of-range";
    case RateBasis::kRatio: return "ratio";
  }
  return "";
}

GradeBands default_grade_bands() {
  return {{{"A", Decimal::of(100)}, {"B", Decimal::of(80)}, {"C", Decimal::of(50)}}, "D"};
}

std::string grade_for(const std::optional<Decimal>& rate_percent, const GradeBands& bands) {
  if (!rate_percent) return std::string(kNoGrade);
  for (const auto& band : bands.bands) {
    if (*rate_percent >= band.minimum_percent) return band.grade;
  }
  return bands.below;
}

std::optional<TargetForYear> target_for(const KpiDefinition& kpi, int fiscal_year) {
  if (fiscal_year <= kpi.baseline.fiscal_year) return std::nullopt;
  if (const auto it = kpi.yearly_targets.find(fiscal_year); it != kpi.yearly_targets.end()) {
    return TargetForYear{it->second, TargetSource::kYearly};
  }
  if (kpi.direction == KpiDirection::kMaintain || fiscal_year >= kpi.target.fiscal_year) {
    return TargetForYear{kpi.target.value, TargetSource::kFinal};
  }
  const int places = kpi.decimal_places.value_or(Decimal::kMaxPlaces);
  auto value =
      interpolate(kpi.baseline.value, kpi.target.value, fiscal_year - kpi.baseline.fiscal_year,
                  kpi.target.fiscal_year - kpi.baseline.fiscal_year, places);
  if (!value) return std::nullopt;
  return TargetForYear{kpi.decimal_places ? *value : value->trimmed(), TargetSource::kInterpolated};
}

ActualForYear actual_for(const KpiDefinition& kpi, std::span<const KpiActual> actuals,
                         int fiscal_year) {
  ActualForYear out;
  for (const auto& row : actuals) {
    if (row.fiscal_year != fiscal_year) continue;
    if (!kpi.summed) {
      if (!row.municipality.empty()) continue;
      out.value = row.value;
      out.reported = 1;
      return out;
    }
    if (row.municipality.empty()) continue;
    if (!out.value) {
      out.value = row.value;
    } else if (auto sum = checked_add(*out.value, row.value)) {
      out.value = std::move(sum);
    } else {
      return {std::nullopt, out.reported + 1, true};
    }
    ++out.reported;
  }
  return out;
}

RateResult achievement_rate(KpiDirection direction, const Decimal& baseline, const Decimal& target,
                            const Decimal& actual) {
  const std::int64_t a = actual.units();
  const std::int64_t b = baseline.units();
  const std::int64_t t = target.units();
  // Differences of in-range values (|x| < 10^18) cannot overflow int64.
  if (direction != KpiDirection::kMaintain && t != b) {
    auto percent = direction == KpiDirection::kHigher ? percent_from_units(a - b, t - b)
                                                      : percent_from_units(b - a, b - t);
    if (!percent) return {std::nullopt, RateBasis::kOutOfRange};
    return {std::move(percent), RateBasis::kProgress};
  }
  // Holding a level: at most the target for kLower, at least the target otherwise.
  const bool at_most = direction == KpiDirection::kLower;
  if (at_most ? a <= t : a >= t) return {percent_literal(100), RateBasis::kHeld};
  const bool has_scale = at_most ? t >= 0 : t > 0;  // then a > 0 too
  if (!has_scale) return {percent_literal(0), RateBasis::kShortfallNoScale};
  auto percent = at_most ? percent_from_units(t, a) : percent_from_units(a, t);
  if (!percent) return {std::nullopt, RateBasis::kOutOfRange};
  return {std::move(percent), RateBasis::kShortfallRatio};
}

RateResult ratio_rate(KpiDirection direction, const Decimal& target, const Decimal& actual) {
  const std::int64_t a = actual.units();
  const std::int64_t t = target.units();
  const bool at_most = direction == KpiDirection::kLower;
  const bool has_scale = at_most ? (a > 0 && t >= 0) : t > 0;
  if (!has_scale) {
    if (at_most ? a <= t : a >= t) return {percent_literal(100), RateBasis::kHeld};
    return {percent_literal(0), RateBasis::kShortfallNoScale};
  }
  auto percent = at_most ? percent_from_units(t, a) : percent_from_units(a, t);
  if (!percent) return {std::nullopt, RateBasis::kOutOfRange};
  return {std::move(percent), RateBasis::kRatio};
}

Achievement achievement_for(const KpiDefinition& kpi, std::span<const KpiActual> actuals,
                            int fiscal_year, const GradeBands& bands) {
  Achievement out;
  out.fiscal_year = fiscal_year;
  out.target = target_for(kpi, fiscal_year);
  out.actual = actual_for(kpi, actuals, fiscal_year);
  if (!out.actual.value) {
    out.progress = out.ratio = {std::nullopt, RateBasis::kNoActual};
  } else if (!out.target) {
    out.progress = out.ratio = {std::nullopt, RateBasis::kNoTarget};
  } else {
    out.progress =
        achievement_rate(kpi.direction, kpi.baseline.value, out.target->value, *out.actual.value);
    out.ratio = ratio_rate(kpi.direction, out.target->value, *out.actual.value);
  }
  out.graded_by = bands.method;
  out.rate = bands.method == RateMethod::kRatio ? out.ratio : out.progress;
  out.grade = grade_for(out.rate.percent, bands);
  return out;
}

bool is_count_unit(std::string_view unit) {
  static constexpr std::string_view kCounts[] = {
      "人",   "名",   "回",   "件",     "団体", "社",     "校",     "箇所",  "か所", "ヶ所", "カ所",
      "ヵ所", "所",   "戸",   "世帯",   "台",   "本",     "冊",     "店",    "店舗", "施設", "事業",
      "組",   "人日", "人泊", "泊",     "棟",   "区画",   "軒",     "団地",  "路線", "便",   "講座",
      "人回", "企業", "法人", "自治体", "市町", "市町村", "クラブ", "チーム"};
  const auto trim = [](std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
  };
  unit = trim(unit);
  // A per-period suffix ("人/年", "件／月") still counts.
  for (std::string_view sep : {std::string_view("/"), std::string_view("／")}) {
    if (const auto pos = unit.find(sep); pos != std::string_view::npos)
      unit = trim(unit.substr(0, pos));
  }
  for (std::string_view prefix : {std::string_view("延べ"), std::string_view("延")}) {
    if (unit.starts_with(prefix) && unit.size() > prefix.size()) unit.remove_prefix(prefix.size());
  }
  for (std::string_view scale : {std::string_view("千"), std::string_view("万")}) {
    if (unit.starts_with(scale) && unit.size() > scale.size()) unit.remove_prefix(scale.size());
  }
  return std::find(std::begin(kCounts), std::end(kCounts), unit) != std::end(kCounts);
}

namespace {

__extension__ using Int128 = __int128;

// n / d rounded half away from zero; d > 0.
Int128 round_div(Int128 n, Int128 d) {
  const Int128 q = n / d;
  const Int128 r = n % d;
  if (2 * (r < 0 ? -r : r) >= d) return n < 0 ? q - 1 : q + 1;
  return q;
}

// The trend value N / M (M > 0, in units) as a Decimal with the KPI's places (6 and trimmed
// when unset); nullopt outside the decimal range.
std::optional<Decimal> trend_decimal(Int128 n, Int128 m, std::optional<int> places) {
  const int p = places.value_or(Decimal::kMaxPlaces);
  Int128 step = 1;
  for (int i = p; i < Decimal::kMaxPlaces; ++i) step *= 10;
  const Int128 units = round_div(n, m * step) * step;
  if (units > Decimal::kMaxUnits || units < -Decimal::kMaxUnits) return std::nullopt;
  auto d = Decimal::from_units(static_cast<std::int64_t>(units), p);
  if (d && !places) return d->trimmed();
  return d;
}

}  // namespace

Projection project(const KpiDefinition& kpi, std::span<const KpiActual> actuals, int as_of,
                   int to_fiscal_year) {
  Projection out;
  out.to_fiscal_year = to_fiscal_year;
  if (auto t = target_for(kpi, to_fiscal_year)) out.target = t->value;
  std::set<int> years;
  for (const auto& a : actuals) {
    if (a.fiscal_year <= as_of) years.insert(a.fiscal_year);
  }
  // x = fiscal year − the first year (small), y = actual in units.
  std::vector<std::pair<Int128, Int128>> points;
  for (const int fy : years) {
    const auto a = actual_for(kpi, actuals, fy);
    if (!a.value) continue;
    points.emplace_back(fy - *years.begin(), a.value->units());
    out.latest = KpiPoint{fy, *a.value};
  }
  out.points = points.size();
  if (points.size() < kMinProjectionPoints) return out;
  if (!out.target) {
    out.outlook = Outlook::kNoTarget;
    return out;
  }
  // Least squares: slope = (n·Σxy − Σx·Σy) / D with D = n·Σx² − (Σx)², and the line at X is
  // (Σy·D + (n·Σxy − Σx·Σy)·(n·X − Σx)) / (n·D). Exact in 128 bits for in-range values.
  const Int128 n = static_cast<Int128>(points.size());
  Int128 sx = 0;
  Int128 sy = 0;
  Int128 sxx = 0;
  Int128 sxy = 0;
  for (const auto& [x, y] : points) {
    sx += x;
    sy += y;
    sxx += x * x;
    sxy += x * y;
  }
  const Int128 d = n * sxx - sx * sx;  // > 0: at least two distinct years
  const Int128 m = n * d;
  const auto line_at = [&](Int128 x) { return sy * d + (n * sxy - sx * sy) * (n * x - sx); };
  const Int128 first = *years.begin();
  const Int128 at_end = line_at(to_fiscal_year - first);
  out.value = trend_decimal(at_end, m, kpi.decimal_places);
  if (auto s = trend_decimal(line_at(out.latest->fiscal_year - first), m, kpi.decimal_places)) {
    out.start = KpiPoint{out.latest->fiscal_year, *s};
  }
  // Compare exactly, in units × m: "better" is larger except for lower.
  const bool lower = kpi.direction == KpiDirection::kLower;
  const Int128 sign = lower ? -1 : 1;
  const Int128 p = at_end * sign;
  const Int128 t = Int128{out.target->units()} * m * sign;
  const Int128 r = Int128{out.latest->value.units()} * m * sign;
  if (p >= t) {
    out.outlook = Outlook::kOnTrack;
  } else if (r >= t) {
    out.outlook = Outlook::kCaution;  // reached now, but the trend falls back below the target
  } else {
    out.outlook =
        (p - r) * 100 >= (t - r) * kCautionPercent ? Outlook::kCaution : Outlook::kDifficult;
  }
  return out;
}

std::vector<Problem> validate_kpi(const KpiDefinition& kpi, const std::string& path_prefix) {
  Problems p;
  const auto at = [&](const std::string& field) { return join(path_prefix, field); };
  if (is_count_unit(kpi.unit)) {
    const Decimal zero = Decimal::of(0);
    if (kpi.baseline.value < zero)
      p.add(at("baseline.value"), msg::kpi_rules::negative_count, kpi.unit);
    if (kpi.target.value < zero)
      p.add(at("target.value"), msg::kpi_rules::negative_count, kpi.unit);
    for (const auto& [fy, value] : kpi.yearly_targets) {
      if (value < zero) {
        p.add(at("yearly_targets[" + std::to_string(fy) + "]"), msg::kpi_rules::negative_count,
              kpi.unit);
      }
    }
  }
  if (kpi.name.find_first_not_of(" \t\r\n") == std::string::npos) {
    p.add(at("name"), msg::kpi_rules::required);
  }
  p.check_year(at("baseline.fiscal_year"), kpi.baseline.fiscal_year);
  p.check_year(at("target.fiscal_year"), kpi.target.fiscal_year);
  if (kpi.target.fiscal_year <= kpi.baseline.fiscal_year) {
    p.add(at("target.fiscal_year"), msg::kpi_rules::target_before_baseline);
  }
  if (kpi.decimal_places &&
      (*kpi.decimal_places < 0 || *kpi.decimal_places > Decimal::kMaxPlaces)) {
    p.add(at("decimal_places"), msg::kpi_rules::bad_places);
  }
  p.check_places(at("baseline.value"), kpi.baseline.value, kpi.decimal_places);
  p.check_places(at("target.value"), kpi.target.value, kpi.decimal_places);

  // For higher / lower, every target must lie on the better side of the baseline (or on it).
  const auto wrong_side = [&](const Decimal& value) {
    return (kpi.direction == KpiDirection::kHigher && value < kpi.baseline.value) ||
           (kpi.direction == KpiDirection::kLower && value > kpi.baseline.value);
  };
  const auto side_problem = [&](const std::string& path) {
    if (kpi.direction == KpiDirection::kHigher) {
      p.add(path, msg::kpi_rules::higher_below_baseline);
    } else {
      p.add(path, msg::kpi_rules::lower_above_baseline);
    }
  };
  if (wrong_side(kpi.target.value)) side_problem(at("target.value"));

  for (const auto& [fy, value] : kpi.yearly_targets) {
    const auto path = at("yearly_targets[" + std::to_string(fy) + "]");
    if (fy <= kpi.baseline.fiscal_year || fy > kpi.target.fiscal_year) {
      p.add(path, msg::kpi_rules::yearly_outside_period);
    } else if (fy == kpi.target.fiscal_year && value != kpi.target.value) {
      p.add(path, msg::kpi_rules::final_yearly_differs);
    }
    if (wrong_side(value)) side_problem(path);
    p.check_places(path, value, kpi.decimal_places);
  }
  return p.take();
}

std::vector<Problem> validate_actuals(const KpiDefinition& kpi, std::span<const KpiActual> actuals,
                                      std::span<const std::string> municipality_codes,
                                      const std::string& path_prefix) {
  Problems p;
  std::set<std::pair<int, std::string>> seen;
  std::map<int, Decimal> sums;
  for (std::size_t i = 0; i < actuals.size(); ++i) {
    const auto& row = actuals[i];
    const auto at = [&](const std::string& field) {
      return join(path_prefix, "actuals[" + std::to_string(i) + "]" +
                                   (field.empty() ? std::string() : "." + field));
    };
    p.check_year(at("fiscal_year"), row.fiscal_year);
    if (kpi.summed) {
      if (row.municipality.empty()) {
        p.add(at("municipality"), msg::kpi_rules::summed_needs_town);
      } else if (!municipality_codes.empty()
                     ? std::find(municipality_codes.begin(), municipality_codes.end(),
                                 row.municipality) == municipality_codes.end()
                     : !is_five_digits(row.municipality)) {
        p.add(at("municipality"), msg::kpi_rules::not_member, row.municipality);
      }
    } else if (!row.municipality.empty()) {
      p.add(at("municipality"), msg::kpi_rules::unsummed_with_town);
    }
    if (!seen.insert({row.fiscal_year, row.municipality}).second) {
      p.add(at(""),
            kpi.summed ? msg::kpi_rules::duplicate_town_actual : msg::kpi_rules::duplicate_actual);
    }
    p.check_places(at("value"), row.value, kpi.decimal_places);
    if (is_count_unit(kpi.unit) && row.value < Decimal::of(0))
      p.add(at("value"), msg::kpi_rules::negative_count, kpi.unit);
    if (kpi.summed && !row.municipality.empty()) {
      auto [it, fresh] = sums.try_emplace(row.fiscal_year, row.value);
      if (!fresh) {
        if (auto sum = checked_add(it->second, row.value)) {
          it->second = std::move(*sum);
        } else {
          p.add(at("value"), msg::kpi_rules::sum_out_of_range);
        }
      }
    }
  }
  return p.take();
}

namespace {
// Limits of a region's bands (docs/kpi-achievement.md §5): minimums from 0 to this many
// percent, grades of at most kMaxGradeChars characters, at most kMaxBands bands.
constexpr int kMaxBandPercent = 1000;
constexpr std::size_t kMaxGradeChars = 8;
constexpr std::size_t kMaxBands = 10;
}  // namespace

// Also: at most kMaxBands bands, grades of at most kMaxGradeChars characters, minimums from 0
// to kMaxBandPercent (the limits above).
std::vector<Problem> validate_grade_bands(const GradeBands& bands, const std::string& path_prefix) {
  Problems p;
  const auto at = [&](const std::string& field) { return join(path_prefix, field); };
  // Characters of UTF-8 text: the bytes that do not continue a sequence.
  const auto utf8_length = [](const std::string& text) {
    return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
      return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }));
  };
  if (bands.bands.empty()) {
    p.add(at("bands"), msg::kpi_rules::no_bands);
  } else if (bands.bands.size() > kMaxBands) {
    p.add(at("bands"), msg::kpi_rules::too_many_bands, std::to_string(kMaxBands));
  }
  std::set<std::string> grades;
  const auto check_grade = [&](const std::string& path, const std::string& grade) {
    if (grade.find_first_not_of(" \t") == std::string::npos) {
      p.add(path, msg::kpi_rules::required);
    } else if (utf8_length(grade) > kMaxGradeChars) {
      p.add(path, msg::kpi_rules::grade_too_long, std::to_string(kMaxGradeChars));
    } else if (grade == kNoGrade) {
      p.add(path, msg::kpi_rules::reserved_grade);
    } else if (!grades.insert(grade).second) {
      p.add(path, msg::kpi_rules::duplicate_grade, grade);
    }
  };
  for (std::size_t i = 0; i < bands.bands.size(); ++i) {
    const auto path = at("bands[" + std::to_string(i) + "]");
    check_grade(path + ".grade", bands.bands[i].grade);
    const auto& minimum = bands.bands[i].minimum_percent;
    if (minimum < Decimal::of(0) || Decimal::of(kMaxBandPercent) < minimum) {
      p.add(path + ".minimum_percent", msg::kpi_rules::minimum_out_of_range);
    } else if (i > 0 && !(minimum < bands.bands[i - 1].minimum_percent)) {
      p.add(path + ".minimum_percent", msg::kpi_rules::minimum_not_below);
    }
  }
  check_grade(at("below"), bands.below);
  return p.take();
}

}  // namespace kyosei::core
