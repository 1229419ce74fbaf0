#include "core/plan/municipality.hpp"

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

std::string_view label(MunicipalityKind kind) {
  switch (kind) {
    case MunicipalityKind::kCity: return "市";
    case MunicipalityKind::kTown: return "町";
    case MunicipalityKind::kVillage: return "村";
  }
  return "";
}

std::string_view code(MunicipalityKind kind) {
  switch (kind) {
    case MunicipalityKind::kCity: return "city";
    case MunicipalityKind::kTown: return "town";
    case MunicipalityKind::kVillage: return "village";
  }
  return "";
}

std::optional<MunicipalityKind> municipality_kind_from(std::string_view s) {
  for (auto k : {MunicipalityKind::kCity, MunicipalityKind::kTown, MunicipalityKind::kVillage}) {
    if (s == label(k) || s == code(k)) return k;
  }
  return std::nullopt;
}

std::string_view label(MunicipalityRole role) {
  switch (role) {
    case MunicipalityRole::kCentral: return "中心市";
    case MunicipalityRole::kMember: return "構成市町";
  }
  return "";
}

std::string_view code(MunicipalityRole role) {
  switch (role) {
    case MunicipalityRole::kCentral: return "central";
    case MunicipalityRole::kMember: return "member";
  }
  return "";
}

std::optional<MunicipalityRole> municipality_role_from(std::string_view s) {
  for (auto r : {MunicipalityRole::kCentral, MunicipalityRole::kMember}) {
    if (s == label(r) || s == code(r)) return r;
  }
  return std::nullopt;
}

}  // namespace kyosei::core
