#pragma once
// Transport-neutral HTTP request and response values exchanged between the server
// (http/server.cpp) and route handlers. No Beast types appear here so that handlers
// and their tests compile quickly.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kyosei::http {

// One parsed request. Value type; the server builds it once per request and handlers
// receive it by const reference.
struct Request {
  std::string method;                             // "GET", as sent (upper case)
  std::string target;                             // raw target "/api/v1/x?fy=R7"
  std::string path;                               // percent-decoded path "/api/v1/x"
  std::multimap<std::string, std::string> query;  // decoded query params, in order per key
  std::map<std::string, std::string>
      headers;  // lower-cased names; repeated fields joined by ", " ("; " for cookie)
  std::string body;
  std::string remote;  // peer "127.0.0.1:5555" or "[::1]:5555"

  // Value of a header by lower-case name; "" if absent.
  std::string header(std::string_view lower_name) const {
    auto it = headers.find(std::string(lower_name));
    return it == headers.end() ? std::string() : it->second;
  }

  // First value of a query parameter (by exact, decoded name); nullopt if absent.
  // "?fy" without '=' yields "".
  std::optional<std::string> param(std::string_view name) const {
    auto it = query.find(std::string(name));
    if (it == query.end()) return std::nullopt;
    return it->second;
  }
};

// One response. The server adds Content-Length, Server, X-Content-Type-Options and
// Connection itself; handlers must not set Content-Length, Transfer-Encoding or
// Connection in `headers` (they are dropped). Header values containing CR or LF are
// dropped and logged. Bodies of 1xx/204/304 responses are discarded.
struct Response {
  unsigned status = 200;
  std::string content_type = "application/json; charset=utf-8";  // "" = no Content-Type
  std::string body;
  std::vector<std::pair<std::string, std::string>>
      headers;  // extra fields, sent in order; repeats allowed (Set-Cookie)

  // Not sent. What the server's log line and the API's audit of refused requests read.
  std::string log_user;  // id of the user the request ran as ("" = nobody; logged as "-")
  std::string problem;   // a problem response's type slug ("region-not-found"), else ""
  bool audited = false;  // a refusal the use case has already put in the audit trail
};

}  // namespace kyosei::http
