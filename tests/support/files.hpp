#pragma once
// Whole files read and written as bytes, for tests (header only: any test target may use it).

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace kyosei::testing {

// The file's bytes ("" when it cannot be read).
inline std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Replaces the file's content with `text`.
inline void spit(const std::filesystem::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << text;
}

}  // namespace kyosei::testing
