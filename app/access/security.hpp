#pragma once
// Secrets: password hashes (argon2id), random tokens, SHA-256, TOTP (RFC 6238) and the
// QR code that enrols it. Thread-safe after init_security().

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "app/common/hash.hpp"

namespace kyosei::app {

// Initialises libsodium and liboath once; throws if they cannot start.
void init_security();

// argon2id with OWASP's minimum: 19 MiB, 2 passes, 1 lane. Hashing and verifying run on the
// caller's thread (the server's I/O threads), but at most kMaxConcurrentHashes at a time
// process-wide: a burst of sign-ins waits instead of taking 19 MiB and a core per request.
inline constexpr int kMaxConcurrentHashes = 2;
std::string hash_password(std::string_view password);
bool verify_password(std::string_view stored_hash, std::string_view password);

// Password policy: 12–128 characters (code points), not only digits, not the login.
// Returns the reason (Japanese, English) or nullopt when acceptable.
std::optional<std::pair<std::string, std::string>> password_policy_violation(
    std::string_view password, std::string_view login);

// `bytes` random bytes from the OS CSPRNG as lower-case hex (2 × bytes characters).
std::string random_hex(std::size_t bytes);
// A one-time temporary password: 16 characters from an alphabet without look-alikes
// (no 0/o, 1/l/i), in four groups of four joined by '-' (about 79 bits), so it can be read
// out or copied by hand. Callers check it against the login (password_policy_violation)
// and draw again in the rare case it holds the login.
std::string temporary_password();
// Constant-time comparison (sodium_memcmp) of two secrets; different lengths never match.
bool constant_time_equal(std::string_view a, std::string_view b);

// TOTP: 160-bit secret as base32; codes of 6 digits, 30 s steps, ±1 step accepted.
std::string new_totp_secret();
bool verify_totp(std::string_view base32_secret, std::string_view code, std::int64_t unix_time);
// The time step (unix_time / 30 ± 1) the code belongs to, or nullopt when it matches none.
std::optional<std::int64_t> totp_step(std::string_view base32_secret, std::string_view code,
                                      std::int64_t unix_time);
std::string totp_code(std::string_view base32_secret, std::int64_t unix_time);  // for tests
std::string totp_uri(std::string_view base32_secret, std::string_view login);
// The otpauth URI as an SVG QR code (no external resources).
std::string qr_svg(std::string_view text);

}  // namespace kyosei::app
