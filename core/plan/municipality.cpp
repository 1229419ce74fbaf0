#include "core/plan/municipality.hpp"

#include "core/common/labels.hpp"

namespace kyosei::core {

std::optional<std::string> full_local_government_code(std::string_view code5) {
  if (code5.size() != 5) return std::nullopt;
  int sum = 0;
  constexpr int kWeights[5] = {6, 5, 4, 3, 2};
  for (std::size_t i = 0; i < 5; ++i) {
    if (code5[i] < '0' || code5[i] > '9') return std::nullopt;
    sum += (code5[i] - '0') * kWeights[i];
  }
  const int check = (11 - sum % 11) % 10;
  std::string out(code5);
  out.push_back(static_cast<char>('0' + check));
  return out;
}

std::optional<std::string> normalize_local_government_code(std::string_view code) {
  if (code.size() == 5) {
    if (!full_local_government_code(code)) return std::nullopt;
    return std::string(code);
  }
  if (code.size() == 6) {
    auto full = full_local_government_code(code.substr(0, 5));
    if (!full || *full != code) return std::nullopt;
    return std::string(code.substr(0, 5));
  }
  return std::nullopt;
}

namespace {

constexpr EnumNames<MunicipalityKind, 3> kKinds{
    {{{"city", "市"}, {"town", "町"}, {"village", "村"}}}};
constexpr EnumNames<MunicipalityRole, 2> kRoles{{{{"central", "中心市"}, {"member", "構成市町"}}}};

}  // namespace

KYOSEI_ENUM_NAMES(MunicipalityKind, municipality_kind_from, kKinds)

KYOSEI_ENUM_NAMES(MunicipalityRole, municipality_role_from, kRoles)

}  // namespace kyosei::core
