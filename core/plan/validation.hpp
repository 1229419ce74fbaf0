#pragma once
// Domain rules for a whole region. Pure: the caller decides what to do with problems.

#include <string>
#include <vector>

#include "core/common/problem.hpp"
#include "core/plan/region.hpp"

namespace kyosei::core {

// Every problem in the region, in document order; empty when the region is valid.
std::vector<Problem> validate(const Region& region);

}  // namespace kyosei::core
