#include "app/access/permissions.hpp"

#include <algorithm>

#include "app/access/messages.hpp"
#include "app/common/messages.hpp"
#include "core/common/labels.hpp"

namespace kyosei::app {

namespace access {
Error forbidden() { return error_of(Errc::kForbidden, msg::access::forbidden); }
Error unauthenticated() { return error_of(Errc::kUnauthenticated, msg::access::unauthenticated); }
}  // namespace access

bool is_known_role(std::string_view role) {
  return role == kRoleSecretariat || role == kRoleMunicipalityEditor ||
         role == kRoleSubcommitteeMember || role == kRoleCouncilMember;
}

std::vector<const storage::RoleGrant*> Principal::grants_in(const std::string& region_slug) const {
  std::vector<const storage::RoleGrant*> out;
  for (const auto& r : roles) {
    if (r.region_slug == region_slug) out.push_back(&r);
  }
  return out;
}

namespace {

// Each policy's name (in the API contract) and its description (the permissions page).
constexpr core::EnumNames<Policy, 11> kPolicies{{{
    {"public", "誰でも（ログイン不要）"},
    {"public-region-read", "公開された圏域は誰でも。非公開の圏域はその圏域の役割を持つ人"},
    {"signing-in", "ログイン中（二要素認証の前でも可）"},
    {"signed-in", "ログイン済み（二要素認証まで完了）"},
    {"region-member", "その圏域の役割を持つ人（事務局・市町担当・部会員・委員）と管理者"},
    {"own-municipality", "事務局・管理者、またはその市町の担当者"},
    {"region-edit", "その圏域の事務局と管理者"},
    {"admin", "管理者のみ"},
    {"council-member", "その圏域の事務局・協議会委員と管理者"},
    {"any-municipality",
     "その圏域の事務局・管理者、またはいずれかの市町の担当者（割り当てられた市町かは処理で確認）"},
    {"workspace",
     "その圏域の事務局・管理者、部会員、または市町の担当者（部会員は担当分野だけ。処理で確認）"},
}}};

}  // namespace

std::string_view policy_name(Policy p) { return kPolicies.code(p); }

std::string_view policy_description_ja(Policy p) { return kPolicies.label(p); }

std::optional<Error> authorize(const Principal& who, Policy policy, const AccessTarget& target) {
  if (policy == Policy::kPublic) return std::nullopt;
  if (policy == Policy::kPublicRegionRead && target.region_published) return std::nullopt;
  if (!who.signed_in) return access::unauthenticated();
  if (policy == Policy::kSigningIn) return std::nullopt;
  if (!who.second_factor_done) {
    return error_of(Errc::kSecondFactorRequired,
                    who.must_enrol_totp ? msg::access::enrol_totp_first : msg::access::enter_code);
  }
  if (policy == Policy::kSignedIn) return std::nullopt;
  if (who.is_admin) return std::nullopt;
  if (policy == Policy::kAdmin) return access::forbidden();
  const auto grants = who.grants_in(target.region_slug);
  if (grants.empty()) return access::forbidden();
  auto any = [&grants](auto pred) { return std::any_of(grants.begin(), grants.end(), pred); };
  const bool secretariat =
      any([](const storage::RoleGrant* g) { return g->role == kRoleSecretariat; });
  switch (policy) {
    case Policy::kPublicRegionRead:
    case Policy::kRegionMember: return std::nullopt;
    case Policy::kRegionEdit:
      return secretariat ? std::nullopt : std::optional<Error>(access::forbidden());
    case Policy::kOwnMunicipality:
      // Subcommittee members are bound to fields, not towns: no town's write rights.
      if (secretariat || any([&target](const storage::RoleGrant* g) {
            return g->role == kRoleMunicipalityEditor && !g->municipality_code.empty() &&
                   g->municipality_code == target.municipality_code;
          })) {
        return std::nullopt;
      }
      return access::forbidden();
    case Policy::kCouncilMember:
      if (secretariat ||
          any([](const storage::RoleGrant* g) { return g->role == kRoleCouncilMember; }))
        return std::nullopt;
      return access::forbidden();
    case Policy::kAnyMunicipality:
      if (secretariat || any([](const storage::RoleGrant* g) {
            return g->role == kRoleMunicipalityEditor && !g->municipality_code.empty();
          }))
        return std::nullopt;
      return access::forbidden();
    case Policy::kWorkspace:
      if (secretariat || any([](const storage::RoleGrant* g) {
            return g->role == kRoleSubcommitteeMember ||
                   (g->role == kRoleMunicipalityEditor && !g->municipality_code.empty());
          }))
        return std::nullopt;
      return access::forbidden();
    default: return access::forbidden();
  }
}

boost::json::array roles_json(const std::vector<storage::RoleGrant>& roles) {
  boost::json::array out;
  for (const auto& r : roles) {
    boost::json::array fields;
    for (long long id : r.field_ids) fields.push_back(id);
    out.push_back(boost::json::object{
        {"region", r.region_slug},
        {"role", r.role},
        {"municipality", r.municipality_code.empty()
                             ? boost::json::value(nullptr)
                             : boost::json::value(boost::json::string(r.municipality_code))},
        {"fields", std::move(fields)}});
  }
  return out;
}

bool requires_second_factor(const storage::UserRecord& user) {
  if (user.is_admin) return true;
  for (const auto& r : user.roles) {
    if (r.role == kRoleSecretariat) return true;
  }
  return false;
}

}  // namespace kyosei::app
