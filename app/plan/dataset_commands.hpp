#pragma once
// Additions to the dataset use cases (datasets.hpp) for the command line.

#include <string>
#include <vector>

#include "app/plan/datasets.hpp"

namespace kyosei::app {

// Each problem of a check or a load as the line an operator reads ("FILE:LINE: …").
std::vector<std::string> problem_lines(const std::vector<exchange::DatasetProblem>& problems);

}  // namespace kyosei::app
