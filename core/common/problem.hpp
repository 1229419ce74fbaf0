#pragma once
// One broken domain rule, located by a dotted path to the value, e.g.
// "policy_areas[0].fields[2].categories[1].years[0].actions[3].lead".

#include <string>

namespace kyosei::core {

struct Problem {
  std::string path;
  std::string message_ja;
  std::string message_en;
};

}  // namespace kyosei::core
