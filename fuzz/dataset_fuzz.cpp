// libFuzzer target: the dataset reader (`kyosei check` / `kyosei load`, YAML).
// Properties: never crashes on any bytes; every refusal has at least one problem with
// both languages; an accepted dataset written canonically reads back without problems and
// writes the same text again.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "exchange/plan/dataset.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto read = kyosei::exchange::read_dataset(text, "fuzz.yaml");
  if (!read.region) {
    if (read.problems.empty()) std::abort();
    for (const auto& p : read.problems) {
      if (p.message_ja.empty() || p.message_en.empty()) std::abort();
    }
    return 0;
  }
  const std::string canonical = kyosei::exchange::write_dataset(*read.region);
  const auto again = kyosei::exchange::read_dataset(canonical, "canonical.yaml");
  if (!again.region || kyosei::exchange::write_dataset(*again.region) != canonical) std::abort();
  return 0;
}
