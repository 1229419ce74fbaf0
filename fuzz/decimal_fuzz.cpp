// libFuzzer target: exact decimals as users type them (KPI values, amounts).
// Properties: never crashes; a parsed value's canonical text parses back to the same value
// with the same number of fraction digits.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/common/decimal.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto parsed = kyosei::core::Decimal::parse(text);
  if (!parsed.value) {
    if (parsed.error_ja.empty() || parsed.error_en.empty()) std::abort();
    return 0;
  }
  const auto again = kyosei::core::Decimal::parse(parsed.value->canonical());
  if (!again.value || *again.value != *parsed.value ||
      again.value->places() != parsed.value->places()) {
    std::abort();
  }
  return 0;
}
