#pragma once
// Method + path-pattern routing. Patterns are '/'-separated segments; a segment
// "{name}" matches exactly one non-empty path segment and binds it in PathParams,
// any other segment matches literally (case-sensitive). No wildcards, no trailing-slash
// folding: "/a/" and "/a" are different paths.
//
// Thread safety: add() must complete before the router is shared; dispatch() and
// routes() are const and safe to call concurrently.

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http/server/message.hpp"

namespace kyosei::http {

using PathParams = std::map<std::string, std::string>;
using Handler = std::function<Response(const Request&, const PathParams&)>;

class Router {
 public:
  // Registers a handler. `method` is upper case ("GET"); `pattern` starts with '/',
  // like "/api/v1/regions/{slug}/vision". Throws std::invalid_argument on a malformed
  // pattern, an empty handler, or a duplicate (method, pattern).
  void add(std::string method, std::string pattern, Handler h);

  // Marks the registered route (method, pattern) as slow on purpose (password hashing):
  // the server runs it on its bounded worker pool, not on an I/O thread. Throws
  // std::invalid_argument for a route that is not registered.
  void run_on_workers(const std::string& method, const std::string& pattern);
  // Whether the route that request.method + request.path selects is marked.
  bool on_workers(const Request& request) const;

  // Finds and runs the handler for request.method + request.path (the decoded path).
  // When several patterns match, the one with a literal segment at the first place where
  // they differ wins ("/regions/new" beats "/regions/{slug}").
  //  - no pattern matches the path          -> 404 problem (Errc::kNotFound)
  //  - patterns match but not the method    -> 405 problem with an Allow header
  //  - HEAD without a HEAD route            -> the GET handler; body removed, and a
  //                                            Content-Length header carrying its size
  //  - handler throws                       -> 500 problem; the exception is logged
  //                                            (spdlog::error), never sent to the client
  Response dispatch(const Request& request) const;

  // (method, pattern) of every registered route, in registration order.
  std::vector<std::pair<std::string, std::string>> routes() const;

  // Called instead of the 404 when no pattern matches the path (the web front end's
  // files); it answers or returns nullopt for the usual 404. Set before sharing.
  void set_fallback(std::function<std::optional<Response>(const Request&)> fallback) {
    fallback_ = std::move(fallback);
  }

  // Told of every refusal that no handler answered: the router's own 404, 405 and 400
  // (dispatch), and the server's transport refusals before routing (413 body too large,
  // 431, a malformed request), which the server reports through refused(). `pattern` is the
  // route the request would have reached ("" when none). The API layer audits the unsafe
  // ones (ADR 0011). Set before sharing.
  using RefusalObserver =
      std::function<void(const Request&, const Response&, const std::string& pattern)>;
  void set_refusal_observer(RefusalObserver observer) { refusal_observer_ = std::move(observer); }
  // Reports a refusal the server sent without dispatching (see set_refusal_observer).
  void refused(const Request& request, const Response& response) const;

 private:
  struct Segment {
    std::string text;  // literal text, or the parameter name
    bool is_param = false;
  };
  struct Route {
    std::string method;
    std::string pattern;
    std::vector<Segment> segments;
    Handler handler;
    bool on_workers = false;
  };

  Response dispatch_unobserved(const Request& request, bool& handled) const;
  // The pattern of the route dispatch() would run for request.method and path ("" if none).
  std::string pattern_of(const Request& request) const;
  // Whether route `r` matches the path split into `parts`; whether `a` is more specific
  // than `b` (both matching: the first segment where they differ is literal in `a`).
  static bool matches(const Route& r, const std::vector<std::string_view>& parts);
  static bool more_specific(const Route& a, const Route& b);

  std::vector<Route> routes_;
  std::function<std::optional<Response>(const Request&)> fallback_;
  RefusalObserver refusal_observer_;
};

}  // namespace kyosei::http
