#pragma once
// The e-mail worker (ADR 0014): drains mail_outbox on its own thread, never on a request
// thread and never inside a write transaction. Each round: read the due rows, claim one
// (pending → sending, so two processes never send it twice), send it through the SMTP relay
// with libcurl, then record the outcome in one unit with an audit entry — "mail-sent", or
// "mail-retry" with the next attempt (after 2, 8, 32, 128 s), or "mail-failed" after
// kMaxMailAttempts. Thread-safe.

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "app/common/clock.hpp"
#include "storage/common/database.hpp"
#include "storage/notice/notice_store.hpp"

namespace kyosei::app {

inline constexpr int kMaxMailAttempts = 5;

struct SmtpSettings {
  std::string url;   // smtp://HOST:PORT or smtps://HOST:PORT (user:password@ allowed)
  std::string from;  // the envelope and From: address
};

// Sends one message; nullopt when the relay accepted it, else why not.
using MailSender = std::function<std::optional<std::string>(const storage::MailRow&)>;
// The SMTP sender over libcurl (30 s timeout; TLS verified for smtps:// and STARTTLS).
MailSender smtp_sender(const SmtpSettings& settings);
// The message as sent: headers (From, To, Subject encoded per RFC 2047, Date, MIME) and the
// body in base64 (UTF-8), CRLF line ends.
std::string mail_message(const std::string& from, const storage::MailRow& m,
                         std::chrono::system_clock::time_point at);

class Mailer {
 public:
  Mailer(storage::Database& db, const Clock& clock, MailSender send)
      : db_(db), clock_(clock), send_(std::move(send)) {}
  ~Mailer() { stop(); }
  Mailer(const Mailer&) = delete;
  Mailer& operator=(const Mailer&) = delete;

  // Sends what is due now; returns how many were attempted.
  int run_once();
  // Runs run_once every `poll` on a thread until stop().
  void start(std::chrono::milliseconds poll);
  void stop();

 private:
  storage::Database& db_;
  const Clock& clock_;
  MailSender send_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace kyosei::app
