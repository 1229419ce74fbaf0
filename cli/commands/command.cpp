#include "cli/commands/command.hpp"

#include <cstdlib>
#include <iostream>

#include "cli/messages.hpp"

namespace kyosei::cli {

std::string operator_name() {
  const char* who = std::getenv("SUDO_USER") ? std::getenv("SUDO_USER") : std::getenv("USER");
  return std::string("cli:") + (who != nullptr ? who : "unknown");
}

int print_error(const app::Error& e) {
  std::cerr << e.detail_ja << " (" << e.detail_en << ")\n";
  return kExitProblems;
}

void print_problems(const std::vector<std::string>& lines) {
  for (const auto& line : lines) std::cerr << line << "\n";
  const auto& count = lines.size() == 1 ? msg::cli::problem_count_one : msg::cli::problem_count;
  std::cerr << ja_en(count, std::to_string(lines.size())) << "\n";
}

}  // namespace kyosei::cli
