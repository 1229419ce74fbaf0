#pragma once
// The one JSON record format of progress management: what the write answers (Record),
// the audit trail (before / after) and the read models' records look like. http/ uses it
// for the records inside the read models, so every answer shows a record the same way.

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <optional>

#include "app/progress/views.hpp"
#include "storage/progress/progress_store.hpp"

namespace kyosei::app {

// "サンプル" for sample records, else null.
boost::json::value sample_label(bool sample);
boost::json::value optional_json(const std::optional<long long>& v);
boost::json::object town_json(const Town& town);
boost::json::object status_json(core::ProgressStatus s);
boost::json::object evidence_json(const storage::EvidenceRow& e);
boost::json::object progress_json(const ProgressRecord& record);
boost::json::object evaluation_json(const storage::EvaluationRow& e);
// Where an action sits and who takes part (lists and task lists).
boost::json::object action_ref_json(const storage::ActionInfo& a);
// A progress rate, shown rounded to 0.1, or null.
boost::json::value percent_json(std::optional<double> percent);

}  // namespace kyosei::app
