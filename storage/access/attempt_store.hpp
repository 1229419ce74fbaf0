#pragma once
// Failed attempts (sign-in, one-time codes, current passwords), counted per subject
// ("login:<sha256>", "address:<ip>", "totp:<user id>", "password:<user id>") within a
// window: the attempt limits of ADR 0005; and successful sign-ins ("signed-in:<sha256>"),
// limited per account (ADR 0009).

#include <string>

#include "storage/common/database.hpp"

namespace kyosei::storage {

// Thread-safe; writers run inside the caller's write transaction.
class AttemptStore {
 public:
  explicit AttemptStore(Database& db) : db_(db) {}

  // Records one attempt of `subject` at `at` (unix seconds); returns the new row's id.
  // REQUIRES the write lock (the newest row of the subject is read back).
  long long record(Session& sql, const std::string& subject, long long at);
  int count_since(Session& sql, const std::string& subject, long long since);
  int count_since(const std::string& subject, long long since);
  // Forgets every attempt of `subject` (a success).
  void clear(Session& sql, const std::string& subject);
  // Forgets one recorded attempt.
  void remove(Session& sql, long long id);
  // Forgets every attempt recorded before `before` (unix seconds); returns how many.
  int purge(Session& sql, long long before);

 private:
  Database& db_;
};

}  // namespace kyosei::storage
