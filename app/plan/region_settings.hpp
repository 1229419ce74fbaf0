#pragma once
// The region settings the secretariat and the system administrator make in the web (ADR
// 0019): the KPI grading (評価区分) and new regions. Records travel as Boost.JSON objects (the
// API's field names); each write is one unit of work with its audit entry. Thread-safe.

#include <boost/json/object.hpp>
#include <string>

#include "app/common/clock.hpp"
#include "app/common/precondition.hpp"
#include "storage/common/database.hpp"

namespace kyosei::app {

class RegionSettings {
 public:
  RegionSettings(storage::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  // The region's KPI grading: the bands (grade and minimum percent, descending), the grade
  // below them, the rate that grades (progress / ratio), and the region's version. A PUT
  // replaces all of them (If-Match: the region's version; 422 at each bad field); grades and
  // the dashboard follow at once. Audited as "grading" on the region.
  RecordOutcome get_grading(const std::string& slug);
  RecordOutcome put_grading(const std::string& slug, const boost::json::object& body,
                            const EditContext& ctx);

  // A new region (system administrators): slug, name, name_en, kind, vision title, plan
  // period, declaration date and its central city. It starts unpublished, with the three
  // policy areas of its kind and the default grade bands; the answer is the region's record
  // as Editing::get_region gives it. 409 when the slug is taken. Audited as "create".
  RecordOutcome create_region(const boost::json::object& body, const EditContext& ctx);

 private:
  storage::Database& db_;
  const Clock& clock_;
};

}  // namespace kyosei::app
