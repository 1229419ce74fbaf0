#pragma once
// KPIs (成果指標): definitions, actuals, the target for a fiscal year, the achievement rate
// and the grade. The one rule is documented, with worked examples that the tests run row
// by row, in docs/kpi-achievement.md; the comments here state the contracts only.
// All values are exact decimals (core/decimal.hpp). All functions are pure and thread-safe.

#include <cstddef>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/common/decimal.hpp"
#include "core/common/problem.hpp"

namespace kyosei::core {

// Which way is better. kMaintain means "keep at least the target level" (a floor); a
// ceiling to hold ("keep at most") is kLower with the final target equal to the baseline.
enum class KpiDirection { kHigher, kLower, kMaintain };
std::string_view label(KpiDirection direction);  // 増加 / 減少 / 維持
std::string_view code(KpiDirection direction);   // higher / lower / maintain
std::optional<KpiDirection> kpi_direction_from(std::string_view label_or_code);

struct KpiPoint {
  int fiscal_year = 0;
  Decimal value;
  friend bool operator==(const KpiPoint&, const KpiPoint&) = default;
};

struct KpiDefinition {
  std::string name;
  std::string unit;  // e.g. "人", "件", "%"; may be empty
  KpiDirection direction = KpiDirection::kHigher;
  KpiPoint baseline;                      // 基準値
  KpiPoint target;                        // 最終目標値
  std::map<int, Decimal> yearly_targets;  // 年度目標: fiscal year → value, optional
  bool cumulative = false;                // values are running totals (累計), not levels
  bool summed = false;                    // the FY value is the sum of the towns' values
  std::optional<int> decimal_places;      // 0..6; rounding of interpolated targets
  std::string data_source;                // 出典
  friend bool operator==(const KpiDefinition&, const KpiDefinition&) = default;
};

// One recorded actual. For a summed KPI each row is one town's value for the FY; for any
// other KPI there is one row per FY with an empty municipality. note / entered_by /
// entered_at are carried for display and audit and play no part in the rule.
struct KpiActual {
  int fiscal_year = 0;
  std::string municipality;  // five-digit code for summed KPIs, else empty
  Decimal value;
  std::string note;
  std::string entered_by;  // user id or name
  std::string entered_at;  // UTC instant, RFC 3339
  friend bool operator==(const KpiActual&, const KpiActual&) = default;
};

// Grade bands of a region: the first band (in order) whose minimum the rounded rate meets
// gives the grade; a rate below every band gets `below`; no rate gets kNoGrade.
struct GradeBand {
  std::string grade;        // e.g. "A"
  Decimal minimum_percent;  // rate ≥ this (percent) earns the grade
  friend bool operator==(const GradeBand&, const GradeBand&) = default;
};

// The two ways of stating an achievement rate (docs/kpi-achievement.md §4 and §4a):
// kProgress — progress from the baseline toward the target (基準値からの進捗);
// kRatio — the actual against the target (実績÷目標, or 目標÷実績 where lower is better).
enum class RateMethod { kProgress, kRatio };
std::string_view label(RateMethod method);  // 基準値からの進捗 / 実績÷目標
std::string_view code(RateMethod method);   // progress / ratio
std::optional<RateMethod> rate_method_from(std::string_view label_or_code);

struct GradeBands {
  std::vector<GradeBand> bands;  // strictly descending minimums
  std::string below = "D";
  RateMethod method = RateMethod::kProgress;  // the rate the bands grade (a region setting)
  friend bool operator==(const GradeBands&, const GradeBands&) = default;
};

inline constexpr std::string_view kNoGrade = "—";  // U+2014, also the "no rate" mark

// A ≥ 100, B ≥ 80, C ≥ 50, D below.
GradeBands default_grade_bands();

// The grade of a rate (already rounded to 0.1 %), or kNoGrade for nullopt.
std::string grade_for(const std::optional<Decimal>& rate_percent, const GradeBands& bands);

enum class TargetSource {
  kYearly,        // an explicit yearly target
  kInterpolated,  // linear from baseline to final target
  kFinal,         // the final target (its year, any later year, or every year for maintain)
};

struct TargetForYear {
  Decimal value;
  TargetSource source = TargetSource::kFinal;
};

// The target a fiscal year is measured against; nullopt for years up to the baseline year
// (and when an interpolation would leave the decimal range).
std::optional<TargetForYear> target_for(const KpiDefinition& kpi, int fiscal_year);

// The actual of a fiscal year. For a summed KPI: the exact sum of the towns' rows of that
// year (rows without a municipality are ignored; nullopt when no town has a value);
// `reported` counts the rows summed. Otherwise: the first row of that year without a
// municipality. Duplicates are reported by validate_actuals, not resolved here.
struct ActualForYear {
  std::optional<Decimal> value;
  std::size_t reported = 0;
  bool overflow = false;  // the sum left the decimal range; value is nullopt
};
ActualForYear actual_for(const KpiDefinition& kpi, std::span<const KpiActual> actuals,
                         int fiscal_year);

// How a rate was reached; see docs/kpi-achievement.md §4.
enum class RateBasis {
  kNoActual,          // no actual for the year: "—"
  kNoTarget,          // year not after the baseline year: "—"
  kProgress,          // progress from baseline toward target
  kHeld,              // the level was held: 100 %
  kShortfallRatio,    // the level was not held: actual/target (or target/actual for lower)
  kShortfallNoScale,  // the level was not held and the target gives no scale: 0 %
  kOutOfRange,        // the rate is too large to represent: "—"
  kRatio,             // RateMethod::kRatio: actual/target (target/actual for lower)
};
std::string_view code(RateBasis basis);

struct RateResult {
  std::optional<Decimal> percent;  // rounded half away from zero to 0.1; nullopt → "—"
  RateBasis basis = RateBasis::kNoActual;
};

// The rule itself, for one year's baseline, target and actual (RateMethod::kProgress).
RateResult achievement_rate(KpiDirection direction, const Decimal& baseline, const Decimal& target,
                            const Decimal& actual);

// RateMethod::kRatio (§4a): actual ÷ target × 100 for higher and maintain, target ÷ actual ×
// 100 for lower, not capped; where the division has no scale (higher/maintain with target ≤ 0,
// lower with actual ≤ 0 or target < 0) 100 when the level is met (kHeld) else 0.
RateResult ratio_rate(KpiDirection direction, const Decimal& target, const Decimal& actual);

struct Achievement {
  int fiscal_year = 0;
  std::optional<TargetForYear> target;
  ActualForYear actual;
  RateResult rate;    // the grading rate: the one of `graded_by`
  std::string grade;  // a band's grade, `below`, or kNoGrade
  RateMethod graded_by = RateMethod::kProgress;
  RateResult progress;  // both rates, each by its method
  RateResult ratio;
};

// Target, actual, both rates and the grade (by bands.method) of one fiscal year.
Achievement achievement_for(const KpiDefinition& kpi, std::span<const KpiActual> actuals,
                            int fiscal_year, const GradeBands& bands);

// True when `unit` counts things — people, times, cases, groups, places, households… (人, 名,
// 回, 件, 団体, 社, 校, 箇所, 世帯, 台, … with or without 延べ, a 千/万 scale or a per-period
// suffix such as "/年"): a value in such a unit is never negative. Percentages, money,
// ratios and measures (%, 円, ㎡, 点, …) are not counts.
bool is_count_unit(std::string_view unit);

// Will the KPI reach its target? (docs/kpi-achievement.md §8.) A least-squares straight line
// through the actuals of the fiscal years up to `as_of` (at least kMinProjectionPoints
// years), evaluated at `to_fiscal_year` (the plan's last year) and compared with
// target_for(to_fiscal_year): reached → kOnTrack; else at least kCautionPercent % of the way
// from the latest actual to that target → kCaution; else kDifficult.
enum class Outlook { kNotEnoughData, kNoTarget, kOnTrack, kCaution, kDifficult };
std::string_view label(Outlook outlook);  // データ不足 / 目標なし / 順調 / 要注意 / 困難
std::string_view code(
    Outlook outlook);  // not-enough-data / no-target / on-track / caution / difficult
std::optional<Outlook> outlook_from(std::string_view label_or_code);

inline constexpr std::size_t kMinProjectionPoints = 3;
inline constexpr int kCautionPercent = 80;

struct Projection {
  Outlook outlook = Outlook::kNotEnoughData;
  int to_fiscal_year = 0;
  std::size_t points = 0;          // years with an actual used
  std::optional<KpiPoint> latest;  // the latest actual used
  std::optional<KpiPoint> start;   // the trend line at the latest actual's year
  std::optional<Decimal> value;    // the trend line at to_fiscal_year (nullopt: not computed
                                   // or out of the decimal range)
  std::optional<Decimal> target;   // target_for(to_fiscal_year)
};
Projection project(const KpiDefinition& kpi, std::span<const KpiActual> actuals, int as_of,
                   int to_fiscal_year);

// Problems of a definition. Paths are `path_prefix` + "." + field ("kpis[2].target.value"),
// or the bare field when the prefix is empty.
std::vector<Problem> validate_kpi(const KpiDefinition& kpi, const std::string& path_prefix = {});

// Problems of a KPI's actuals (no negative value in a count unit, see is_count_unit): year range,
// municipality present exactly for summed KPIs (and one of `municipality_codes` when that list is
// not empty), no duplicate (FY, town), decimal places, roll-up range. Paths: prefix +
// "actuals[i].field".
std::vector<Problem> validate_actuals(const KpiDefinition& kpi, std::span<const KpiActual> actuals,
                                      std::span<const std::string> municipality_codes,
                                      const std::string& path_prefix = {});

// Problems of a region's bands: one to ten bands, grades non-empty, at most 8 characters,
// distinct and not "—", minimums from 0 to 1000 % and strictly descending, `below` non-empty.
std::vector<Problem> validate_grade_bands(const GradeBands& bands,
                                          const std::string& path_prefix = {});

}  // namespace kyosei::core
