#include "app/access/security.hpp"

#include <gtest/gtest.h>

namespace kyosei::app {
namespace {

TEST(Security, PasswordHashIsArgon2idAndVerifies) {
  const auto h = hash_password("correct horse battery");
  EXPECT_EQ(h.rfind("$argon2id$", 0), 0u) << h;
  EXPECT_NE(h.find("m=19456"), std::string::npos) << h;  // 19 MiB
  EXPECT_NE(h.find("t=2"), std::string::npos) << h;
  EXPECT_TRUE(verify_password(h, "correct horse battery"));
  EXPECT_FALSE(verify_password(h, "correct horse batterY"));
  EXPECT_FALSE(verify_password("not a hash", "x"));
  EXPECT_NE(hash_password("correct horse battery"), h);  // salted
}

TEST(Security, PasswordPolicy) {
  EXPECT_TRUE(password_policy_violation("short", "u"));
  EXPECT_TRUE(password_policy_violation("123456789012345", "u"));
  EXPECT_TRUE(password_policy_violation("my-name-is-tanaka!", "tanaka"));
  EXPECT_TRUE(password_policy_violation(std::string(129, 'a'), "u"));
  EXPECT_FALSE(password_policy_violation("岩見沢の春は遅いけれど美しい", "tanaka"));
  EXPECT_FALSE(password_policy_violation("long enough pass", "tanaka"));
}

TEST(Security, TemporaryPasswordsAreReadableAndDiffer) {
  const auto a = temporary_password();
  const auto b = temporary_password();
  ASSERT_EQ(a.size(), 19u) << a;
  EXPECT_NE(a, b);
  EXPECT_FALSE(password_policy_violation(a, "tanaka"));
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (i % 5 == 4) {
      EXPECT_EQ(a[i], '-') << a;
    } else {
      EXPECT_NE(std::string_view("abcdefghjkmnpqrstuvwxyz23456789").find(a[i]),
                std::string_view::npos)
          << a;
    }
  }
}

TEST(Security, RandomTokensAndHashes) {
  const auto a = random_hex(32);
  EXPECT_EQ(a.size(), 64u);
  EXPECT_NE(a, random_hex(32));
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Security, TotpRfc6238) {
  // RFC 6238 appendix B, SHA-1 secret "12345678901234567890" in base32.
  const std::string secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
  EXPECT_EQ(totp_code(secret, 59), "287082");
  EXPECT_EQ(totp_code(secret, 1111111109), "081804");
  EXPECT_TRUE(verify_totp(secret, "081804", 1111111109));
  EXPECT_TRUE(verify_totp(secret, "081804", 1111111109 + 30));  // one step late
  EXPECT_FALSE(verify_totp(secret, "081804", 1111111109 + 120));
  EXPECT_FALSE(verify_totp(secret, "08180x", 1111111109));
  // The step a code belongs to, whichever neighbouring step the clock is in.
  EXPECT_EQ(totp_step(secret, "081804", 1111111109), 1111111109 / 30);
  EXPECT_EQ(totp_step(secret, "081804", 1111111109 + 30), 1111111109 / 30);
  EXPECT_EQ(totp_step(secret, "081804", 1111111109 - 30), 1111111109 / 30);
  EXPECT_EQ(totp_step(secret, "081804", 1111111109 + 120), std::nullopt);
  const auto fresh = new_totp_secret();
  EXPECT_EQ(fresh.size(), 32u);
  EXPECT_TRUE(verify_totp(fresh, totp_code(fresh, 1700000000), 1700000000));
}

TEST(Security, QrCodeIsSelfContainedSvg) {
  const auto svg = qr_svg(totp_uri("GEZDGNBVGY3TQOJQ", "岩見沢 事務局"));
  EXPECT_EQ(svg.rfind("<svg", 0), 0u);
  EXPECT_NE(svg.find("<path"), std::string::npos);
  EXPECT_EQ(svg.find("href"), std::string::npos);
  EXPECT_NE(totp_uri("S", "a b").find("a%20b"), std::string::npos);
}

}  // namespace
}  // namespace kyosei::app
