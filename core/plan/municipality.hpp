#pragma once
// 全国地方公共団体コード: five digits (JIS X 0402) plus a check digit.
// check = (11 - (6*d1 + 5*d2 + 4*d3 + 3*d4 + 2*d5) mod 11) mod 10.

#include <optional>
#include <string>
#include <string_view>

namespace kyosei::core {

// The six-digit code for a five-digit one; nullopt unless `code5` is exactly five ASCII digits.
std::optional<std::string> full_local_government_code(std::string_view code5);

// Accepts a five-digit code, or a six-digit one whose check digit is right. Returns the
// five-digit form, or nullopt.
std::optional<std::string> normalize_local_government_code(std::string_view code);

enum class MunicipalityKind { kCity, kTown, kVillage };
enum class MunicipalityRole { kCentral, kMember };

std::string_view label(MunicipalityKind kind);  // 市 / 町 / 村
std::string_view code(MunicipalityKind kind);   // city / town / village
std::optional<MunicipalityKind> municipality_kind_from(std::string_view label_or_code);
std::string_view label(MunicipalityRole role);  // 中心市 / 構成市町
std::string_view code(MunicipalityRole role);   // central / member
std::optional<MunicipalityRole> municipality_role_from(std::string_view label_or_code);

}  // namespace kyosei::core
