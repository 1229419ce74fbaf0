#include "app/access/security.hpp"

#include <liboath/oath.h>
#include <qrencode.h>
#include <sodium.h>

#include <mutex>
#include <semaphore>
#include <stdexcept>
#include <vector>

#include "app/access/messages.hpp"

namespace kyosei::app {
namespace {
constexpr unsigned long long kOpsLimit = 2;
constexpr std::size_t kMemLimit = std::size_t{19} * 1024 * 1024;
constexpr unsigned kTotpDigits = 6;
constexpr unsigned kTotpStep = 30;

std::counting_semaphore<kMaxConcurrentHashes>& hash_slots() {
  static std::counting_semaphore<kMaxConcurrentHashes> slots(kMaxConcurrentHashes);
  return slots;
}
struct HashSlot {
  HashSlot() { hash_slots().acquire(); }
  ~HashSlot() { hash_slots().release(); }
  HashSlot(const HashSlot&) = delete;
  HashSlot& operator=(const HashSlot&) = delete;
};
}  // namespace

void init_security() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (sodium_init() < 0) throw std::runtime_error("libsodium cannot start");
    if (oath_init() != OATH_OK) throw std::runtime_error("liboath cannot start");
  });
}

std::string hash_password(std::string_view password) {
  init_security();
  std::string out(crypto_pwhash_STRBYTES, '\0');
  const HashSlot slot;
  if (crypto_pwhash_str_alg(out.data(), password.data(), password.size(), kOpsLimit, kMemLimit,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    throw std::runtime_error("out of memory while hashing a password");
  }
  out.resize(std::char_traits<char>::length(out.c_str()));
  return out;
}

bool verify_password(std::string_view stored_hash, std::string_view password) {
  init_security();
  const std::string h(stored_hash);
  const HashSlot slot;
  return crypto_pwhash_str_verify(h.c_str(), password.data(), password.size()) == 0;
}

namespace {
std::pair<std::string, std::string> reason(const Message& m) { return {m.ja(), m.en()}; }
}  // namespace

std::optional<std::pair<std::string, std::string>> password_policy_violation(
    std::string_view password, std::string_view login) {
  std::size_t code_points = 0;
  bool only_digits = true;
  for (unsigned char c : password) {
    if ((c & 0xC0) != 0x80) ++code_points;
    if (c < '0' || c > '9') only_digits = false;
  }
  if (code_points < 12) {
    return reason(msg::access::password_too_short);
  }
  if (code_points > 128) {
    return reason(msg::access::password_too_long);
  }
  if (only_digits) {
    return reason(msg::access::password_digits_only);
  }
  if (!login.empty() && password.find(login) != std::string_view::npos) {
    return reason(msg::access::password_has_login);
  }
  return std::nullopt;
}

std::string random_hex(std::size_t bytes) {
  init_security();
  std::vector<unsigned char> buf(bytes);
  randombytes_buf(buf.data(), buf.size());
  std::string hex(bytes * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), buf.data(), buf.size());
  hex.resize(bytes * 2);
  return hex;
}

std::string temporary_password() {
  init_security();
  static constexpr std::string_view kAlphabet = "abcdefghjkmnpqrstuvwxyz23456789";
  std::string out;
  for (int i = 0; i < 16; ++i) {
    if (i > 0 && i % 4 == 0) out += '-';
    out += kAlphabet[randombytes_uniform(static_cast<std::uint32_t>(kAlphabet.size()))];
  }
  return out;
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  init_security();
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string new_totp_secret() {
  init_security();
  unsigned char raw[20];
  randombytes_buf(raw, sizeof raw);
  char* b32 = nullptr;
  size_t len = 0;
  if (oath_base32_encode(reinterpret_cast<const char*>(raw), sizeof raw, &b32, &len) != OATH_OK) {
    throw std::runtime_error("cannot encode a TOTP secret");
  }
  std::string out(b32, len);
  free(b32);
  while (!out.empty() && out.back() == '=') out.pop_back();
  return out;
}

namespace {
std::optional<std::string> decode_secret(std::string_view base32) {
  char* raw = nullptr;
  size_t len = 0;
  std::string padded(base32);
  while (padded.size() % 8 != 0) padded.push_back('=');
  if (oath_base32_decode(padded.data(), padded.size(), &raw, &len) != OATH_OK) return std::nullopt;
  std::string out(raw, len);
  free(raw);
  return out;
}
}  // namespace

std::optional<std::int64_t> totp_step(std::string_view base32_secret, std::string_view code,
                                      std::int64_t unix_time) {
  init_security();
  if (code.size() != kTotpDigits) return std::nullopt;
  for (char c : code) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  auto secret = decode_secret(base32_secret);
  if (!secret) return std::nullopt;
  const std::string otp(code);
  int pos = 0;
  const int rc = oath_totp_validate2(secret->data(), secret->size(), static_cast<time_t>(unix_time),
                                     kTotpStep, 0, 1, &pos, otp.c_str());
  if (rc < 0) return std::nullopt;
  return unix_time / kTotpStep + pos;
}

bool verify_totp(std::string_view base32_secret, std::string_view code, std::int64_t unix_time) {
  return totp_step(base32_secret, code, unix_time).has_value();
}

std::string totp_code(std::string_view base32_secret, std::int64_t unix_time) {
  init_security();
  auto secret = decode_secret(base32_secret);
  if (!secret) return {};
  char out[16] = {};
  oath_totp_generate(secret->data(), secret->size(), static_cast<time_t>(unix_time), kTotpStep, 0,
                     kTotpDigits, out);
  return out;
}

std::string totp_uri(std::string_view base32_secret, std::string_view login) {
  std::string label;
  for (unsigned char c : login) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.') {
      label.push_back(static_cast<char>(c));
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      label += buf;
    }
  }
  return "otpauth://totp/Kyosei:" + label + "?secret=" + std::string(base32_secret) +
         "&issuer=Kyosei&digits=6&period=30";
}

std::string qr_svg(std::string_view text) {
  const std::string t(text);
  QRcode* qr = QRcode_encodeString(t.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  if (qr == nullptr) throw std::runtime_error("cannot make a QR code");
  const int w = qr->width;
  const int size = w + 8;  // 4-module quiet zone
  std::string svg =
      "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + std::to_string(size) + " " +
      std::to_string(size) +
      "\" shape-rendering=\"crispEdges\" role=\"img\" "
      "aria-label=\"TOTP QR code\"><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>"
      "<path fill=\"#000\" d=\"";
  for (int y = 0; y < w; ++y) {
    for (int x = 0; x < w; ++x) {
      if (qr->data[y * w + x] & 1) {
        svg += "M" + std::to_string(x + 4) + " " + std::to_string(y + 4) + "h1v1h-1z";
      }
    }
  }
  svg += "\"/></svg>";
  QRcode_free(qr);
  return svg;
}

}  // namespace kyosei::app
