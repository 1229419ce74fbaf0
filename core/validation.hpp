#pragma once
// Domain rules for a whole region. Pure: the caller decides what to do with problems.

#include <string>
#include <vector>

#include "core/region.hpp"

namespace kyosei::core {

// One broken rule. `path` locates the value, e.g.
// "policy_areas[0].fields[2].categories[1].years[0].actions[3].lead".
struct Problem {
  std::string path;
  std::string message_ja;
  std::string message_en;
};

// Every problem in the region, in document order; empty when the region is valid.
std::vector<Problem> validate(const Region& region);

}  // namespace kyosei::core
