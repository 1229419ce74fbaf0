#include "http/api/read_model_cache.hpp"

#include <gtest/gtest.h>

namespace kyosei::http {
namespace {

TEST(ReadModelCache, ServesAnEntryOnlyAtItsChangeCounter) {
  ReadModelCache cache;
  cache.put("k", 3, "body");
  EXPECT_EQ(cache.get("k", 3)->body, "body");
  EXPECT_FALSE(cache.get("k", 4));
  EXPECT_FALSE(cache.get("other", 3));
}

TEST(ReadModelCache, StaysWithinItsByteLimitDroppingTheLeastRecentlyUsed) {
  ReadModelCache cache(1000);
  for (int i = 0; i < 10'000; ++i) {
    cache.put("junk:" + std::to_string(i), 1, std::string(90, 'x'));
    cache.get("keep", 1);  // absent at first
    if (i == 0) cache.put("keep", 1, std::string(90, 'y'));
    ASSERT_LE(cache.bytes(), 1000u);
  }
  // "keep" was read on every round, so it was never the least recently used.
  ASSERT_TRUE(cache.get("keep", 1));
  EXPECT_FALSE(cache.get("junk:0", 1));
  EXPECT_TRUE(cache.get("junk:9999", 1));
  EXPECT_LE(cache.entries(), 10u);
}

TEST(ReadModelCache, ReplacingAnEntryKeepsTheCountRight) {
  ReadModelCache cache(1000);
  for (int seq = 0; seq < 100; ++seq) cache.put("k", seq, std::string(100, 'a'));
  EXPECT_EQ(cache.entries(), 1u);
  EXPECT_EQ(cache.bytes(), 1u + 100u + cache.get("k", 99)->etag.size());
}

TEST(ReadModelCache, ABodyLargerThanTheLimitIsServedButNotKept) {
  ReadModelCache cache(100);
  const auto e = cache.put("big", 1, std::string(500, 'z'));
  EXPECT_EQ(e.body.size(), 500u);
  EXPECT_FALSE(cache.get("big", 1));
  EXPECT_EQ(cache.bytes(), 0u);
}

}  // namespace
}  // namespace kyosei::http
