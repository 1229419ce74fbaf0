#include "app/notice/mailer.hpp"

#include <curl/curl.h>

#include <boost/json.hpp>
#include <cstring>
#include <ctime>
#include <mutex>

#include "app/common/unit_of_work.hpp"

namespace kyosei::app {

namespace json = boost::json;

namespace {

std::string base64(const std::string& in) {
  static constexpr char kTable[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    const unsigned v = (static_cast<unsigned char>(in[i]) << 16) |
                       (static_cast<unsigned char>(in[i + 1]) << 8) |
                       static_cast<unsigned char>(in[i + 2]);
    out += kTable[(v >> 18) & 63];
    out += kTable[(v >> 12) & 63];
    out += kTable[(v >> 6) & 63];
    out += kTable[v & 63];
  }
  if (i + 1 == in.size()) {
    const unsigned v = static_cast<unsigned char>(in[i]) << 16;
    out += kTable[(v >> 18) & 63];
    out += kTable[(v >> 12) & 63];
    out += "==";
  } else if (i + 2 == in.size()) {
    const unsigned v =
        (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8);
    out += kTable[(v >> 18) & 63];
    out += kTable[(v >> 12) & 63];
    out += kTable[(v >> 6) & 63];
    out += '=';
  }
  return out;
}

// Header values never carry a line break (no header injection).
std::string one_line(std::string s) {
  for (auto& c : s)
    if (c == '\r' || c == '\n') c = ' ';
  return s;
}

std::string iso(std::chrono::system_clock::time_point t) {
  const std::time_t tt = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

struct Payload {
  std::string text;
  std::size_t pos = 0;
};

std::size_t read_payload(char* out, std::size_t size, std::size_t n, void* user) {
  auto* p = static_cast<Payload*>(user);
  const std::size_t room = size * n;
  const std::size_t left = p->text.size() - p->pos;
  const std::size_t take = left < room ? left : room;
  std::memcpy(out, p->text.data() + p->pos, take);
  p->pos += take;
  return take;
}

std::once_flag curl_once;

}  // namespace

std::string mail_message(const std::string& from, const storage::MailRow& m,
                         std::chrono::system_clock::time_point at) {
  const std::time_t tt = std::chrono::system_clock::to_time_t(at);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char date[64];
  std::strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", &tm);
  std::string body64 = base64(m.body);
  std::string wrapped;
  for (std::size_t i = 0; i < body64.size(); i += 76) wrapped += body64.substr(i, 76) + "\r\n";
  return "Date: " + std::string(date) + "\r\nFrom: <" + one_line(from) + ">\r\nTo: <" +
         one_line(m.to_address) + ">\r\nSubject: =?UTF-8?B?" + base64(one_line(m.subject)) +
         "?=\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
         "Content-Transfer-Encoding: base64\r\nAuto-Submitted: auto-generated\r\n\r\n" +
         wrapped;
}

MailSender smtp_sender(const SmtpSettings& settings) {
  std::call_once(curl_once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  return [settings](const storage::MailRow& m) -> std::optional<std::string> {
    CURL* curl = curl_easy_init();
    if (curl == nullptr) return "curl_easy_init failed";
    Payload payload{mail_message(settings.from, m, std::chrono::system_clock::now())};
    const std::string from = "<" + one_line(settings.from) + ">";
    const std::string to = "<" + one_line(m.to_address) + ">";
    curl_slist* rcpt = curl_slist_append(nullptr, to.c_str());
    curl_easy_setopt(curl, CURLOPT_URL, settings.url.c_str());
    curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from.c_str());
    curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_payload);
    curl_easy_setopt(curl, CURLOPT_READDATA, &payload);
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 30L);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 10L);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_TRY));
    const CURLcode rc = curl_easy_perform(curl);
    long response = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response);
    curl_slist_free_all(rcpt);
    curl_easy_cleanup(curl);
    if (rc == CURLE_OK) return std::nullopt;
    return std::string(curl_easy_strerror(rc)) +
           (response != 0 ? " (SMTP " + std::to_string(response) + ")" : "");
  };
}

int Mailer::run_once() {
  std::vector<storage::MailRow> due;
  db_.with_session([&](storage::Session& session) {
    due = storage::due_mail(session, clock_.now_utc_iso(), 20);
  });
  int attempted = 0;
  for (auto m : due) {
    bool claimed = false;
    db_.write([&](storage::Session& session) { claimed = storage::claim_mail(session, m.id); });
    if (!claimed) continue;
    ++attempted;
    std::optional<std::string> error;
    try {
      error = send_(m);
    } catch (const std::exception& e) {
      error = e.what();
    }
    ++m.attempts;
    std::string action;
    if (!error) {
      m.status = "sent";
      m.sent_at = clock_.now_utc_iso();
      m.last_error.clear();
      action = "mail-sent";
    } else if (m.attempts >= kMaxMailAttempts) {
      m.status = "failed";
      m.last_error = error->substr(0, 500);
      action = "mail-failed";
    } else {
      m.status = "pending";
      m.last_error = error->substr(0, 500);
      m.next_attempt_at = iso(clock_.now() + std::chrono::seconds(1LL << (2 * m.attempts - 1)));
      action = "mail-retry";
    }
    (void)run_unit<int>(db_, clock_, [&](UnitOfWork& unit) {
      storage::update_mail(unit.session(), m);
      storage::AuditEntry e;
      e.actor = "system";
      e.region_slug = m.region_slug;
      e.action = action;
      e.record_type = "mail";
      e.record_id = std::to_string(m.id);
      // Who and which notice, not the address (personal data) nor the text.
      e.after_json = json::serialize(json::object{
          {"to_login", m.to_login},
          {"notice_id", m.notice_id ? json::value(*m.notice_id) : json::value(nullptr)},
          {"attempts", m.attempts},
          {"error", m.last_error}});
      unit.audit(std::move(e));
      return 0;
    });
  }
  return attempted;
}

void Mailer::start(std::chrono::milliseconds poll) {
  thread_ = std::thread([this, poll] {
    std::unique_lock lock(mu_);
    while (!stop_) {
      lock.unlock();
      try {
        run_once();
      } catch (const std::exception&) {
        // the next round tries again; the rows keep their state
      }
      lock.lock();
      cv_.wait_for(lock, poll, [this] { return stop_; });
    }
  });
}

void Mailer::stop() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

}  // namespace kyosei::app
