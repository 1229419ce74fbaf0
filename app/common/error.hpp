#pragma once
// Expected failures of use cases. Every code is mapped to an HTTP problem type in
// exactly one place (http/problem.cpp); a test walks the whole enum.

#include <string>
#include <vector>

namespace kyosei::app {

enum class Errc {
  kBadRequest,            // malformed request (query string, path parameter)
  kInvalidFiscalYear,     // a fiscal year that cannot be parsed
  kFiscalYearOutOfRange,  // a fiscal year outside what the resource covers
  kRegionNotFound,        // no region with that slug
  kNotFound,              // any other missing resource or route
  kMethodNotAllowed,      // route exists, method does not
  kPayloadTooLarge,       // body over the limit
  kValidationFailed,      // input parsed but breaks domain rules; see Error::fields
  kConflict,              // unique key or state conflict
  kUnauthenticated,       // no valid session
  kSignInFailed,          // wrong login or password (generic on purpose)
  kSecondFactorRequired,  // signed in, but TOTP not yet given (or not yet enrolled)
  kForbidden,             // signed in, but the role does not allow it
  kCsrfFailed,            // unsafe request without the session's CSRF token / cross-site
  kTooManyAttempts,       // sign-in throttled
  kPreconditionFailed,    // If-Match does not match the current version
  kPreconditionRequired,  // If-Match missing on an update or delete
  kUnsupportedMediaType,  // body that is not application/json
  kLocked,                // the period is submitted or confirmed (data-collection round)
  kDraftPending,          // a draft revision exists: the plan is changed through it (ADR 0016)
  kInternal,              // unexpected; details only in the log
};

// Every Errc value, for tests that must cover them all.
inline constexpr Errc kAllErrc[] = {
    Errc::kBadRequest,
    Errc::kInvalidFiscalYear,
    Errc::kFiscalYearOutOfRange,
    Errc::kRegionNotFound,
    Errc::kNotFound,
    Errc::kMethodNotAllowed,
    Errc::kPayloadTooLarge,
    Errc::kValidationFailed,
    Errc::kConflict,
    Errc::kUnauthenticated,
    Errc::kSignInFailed,
    Errc::kSecondFactorRequired,
    Errc::kForbidden,
    Errc::kCsrfFailed,
    Errc::kTooManyAttempts,
    Errc::kPreconditionFailed,
    Errc::kPreconditionRequired,
    Errc::kUnsupportedMediaType,
    Errc::kLocked,
    Errc::kDraftPending,
    Errc::kInternal,
};

// One offending input: a JSON pointer (or parameter name) with a message in both languages.
struct FieldError {
  std::string pointer;
  std::string message_ja;
  std::string message_en;
};

struct Error {
  Errc code = Errc::kInternal;
  std::string detail_ja;
  std::string detail_en;
  std::vector<FieldError> fields;
  std::string current_json;     // 412: the current record (JSON text) so the client can merge
  std::string current_etag;     // 412: its ETag
  int retry_after_seconds = 0;  // 429: when to try again
  std::string members_json;     // further members of the problem object (a JSON object's text)
  // The refusal is already in the audit trail (a use case recorded it: a 412, a period
  // lock, a failed sign-in); the HTTP layer then does not record it a second time.
  bool audited = false;
};

}  // namespace kyosei::app
