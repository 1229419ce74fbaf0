#pragma once
// JSON of the progress read models (GET …/progress); docs/api/openapi.yaml. Records keep
// the record format of app/progress/record_json.hpp.

#include <boost/json/object.hpp>

#include "app/progress/views.hpp"

namespace kyosei::http {

boost::json::object to_json(const app::ProgressList& list);

}  // namespace kyosei::http
