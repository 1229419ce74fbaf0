#include "app/plan/dataset_commands.hpp"

namespace kyosei::app {

std::vector<std::string> problem_lines(const std::vector<exchange::DatasetProblem>& problems) {
  std::vector<std::string> lines;
  lines.reserve(problems.size());
  for (const auto& p : problems) lines.push_back(exchange::format_problem(p));
  return lines;
}

}  // namespace kyosei::app
