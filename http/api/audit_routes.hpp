#pragma once
// The audit trail's query (?record_type=&kind=&record_id=&actor=&from=&to=&limit=&before=),
// read the same way by the listing (GET …/audit) and its export (GET …/audit/table, which
// also takes ?format=).

#include <string>
#include <variant>

#include "app/audit/audit.hpp"
#include "http/api/request.hpp"

namespace kyosei::http {

// The query of the region `slug`, or 400 for an unknown or repeated parameter (`format` is
// known only when `with_format`).
std::variant<app::AuditQuery, Response> audit_query(const Request& req, const std::string& slug,
                                                    bool with_format);

}  // namespace kyosei::http
