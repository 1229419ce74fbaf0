#include "http/api/read_model_cache.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

namespace kyosei::http {
namespace {

// Eight readers that miss the same entry at once build it once; the others take its bytes.
TEST(ReadModelCache, ConcurrentMissesBuildOnce) {
  ReadModelCache cache;
  std::atomic<int> builds{0};
  std::atomic<int> ready{0};
  std::vector<std::string> bodies(8);
  std::vector<std::thread> readers;
  for (std::size_t i = 0; i < bodies.size(); ++i) {
    readers.emplace_back([&, i] {
      ++ready;
      while (ready.load() < 8) std::this_thread::yield();
      Request req;
      bodies[i] = cached_json(req, cache, "dashboard:x", 7, [&] {
                    ++builds;
                    std::this_thread::sleep_for(std::chrono::milliseconds(100));
                    return boost::json::value("built");
                  }).body;
    });
  }
  for (auto& t : readers) t.join();
  EXPECT_EQ(builds.load(), 1);
  for (const auto& b : bodies) EXPECT_EQ(b, "\"built\"");
}

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
