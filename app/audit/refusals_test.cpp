// The limits on auditing signed-out refusals (app/audit/refusals.hpp).

#include "app/audit/refusals.hpp"

#include <gtest/gtest.h>

namespace kyosei::app {
namespace {

using std::chrono::seconds;
using Time = std::chrono::system_clock::time_point;

const Time kStart = Time(seconds(1'800'000'000));

TEST(RefusalLimiter, SignedInRefusalsAreAlwaysRecorded) {
  RefusalLimiter l({.window = seconds(60), .per_address = 2, .anonymous = 3, .addresses = 8});
  for (int i = 0; i < 50; ++i) EXPECT_TRUE(l.admit("", kStart).record);
}

TEST(RefusalLimiter, EachAddressGetsItsShareThenIsCountedAndSummarised) {
  RefusalLimiter l({.window = seconds(60), .per_address = 2, .anonymous = 100, .addresses = 8});
  EXPECT_TRUE(l.admit("192.0.2.1", kStart).record);
  EXPECT_TRUE(l.admit("192.0.2.1", kStart + seconds(1)).record);
  for (int i = 0; i < 5; ++i) EXPECT_FALSE(l.admit("192.0.2.1", kStart + seconds(2)).record);
  // Another address still has its share.
  EXPECT_TRUE(l.admit("192.0.2.2", kStart + seconds(3)).record);
  // The next window: the first refusal brings the summary of the last one.
  auto d = l.admit("192.0.2.9", kStart + seconds(61));
  EXPECT_TRUE(d.record);
  ASSERT_TRUE(d.summary);
  EXPECT_EQ(d.summary->suppressed, 5);
  EXPECT_EQ(d.summary->addresses, 1u);
  EXPECT_EQ(d.summary->top_address, "192.0.2.1");
  EXPECT_EQ(d.summary->top_count, 5);
  EXPECT_EQ(d.summary->window_start, kStart);
  // Only once, and the address's share is back.
  auto again = l.admit("192.0.2.1", kStart + seconds(62));
  EXPECT_TRUE(again.record);
  EXPECT_FALSE(again.summary);
}

TEST(RefusalLimiter, ManyAddressesTogetherAreBounded) {
  RefusalLimiter l({.window = seconds(60), .per_address = 5, .anonymous = 10, .addresses = 4});
  int recorded = 0;
  for (int i = 0; i < 1000; ++i) {
    recorded += l.admit("198.51.100." + std::to_string(i % 250), kStart).record ? 1 : 0;
  }
  EXPECT_LE(recorded, 10);
  EXPECT_GT(recorded, 0);
  auto d = l.admit("", kStart + seconds(60));
  ASSERT_TRUE(d.summary);
  EXPECT_EQ(d.summary->suppressed, 1000 - recorded);
  EXPECT_LE(d.summary->addresses, 4u);  // per-address counts stay bounded
}

TEST(RefusalLimiter, AddressOfDropsThePort) {
  EXPECT_EQ(address_of("203.0.113.5:4711"), "203.0.113.5");
  EXPECT_EQ(address_of("[::1]:4711"), "[::1]");
  EXPECT_EQ(address_of(""), "");
}

}  // namespace
}  // namespace kyosei::app
