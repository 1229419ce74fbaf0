// The message catalogues (core/common/message.hpp): every key has a Japanese and an
// English text with the same arguments, keys are unique, and every key is used somewhere
// in the sources as msg::<feature>::<key>.

#include "app/common/messages.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <span>
#include <sstream>
#include <string>

#include "app/access/messages.hpp"
#include "app/audit/messages.hpp"
#include "app/council/messages.hpp"
#include "app/dashboard/messages.hpp"
#include "app/documents/messages.hpp"
#include "app/kpi/messages.hpp"
#include "app/notice/messages.hpp"
#include "app/plan/messages.hpp"
#include "app/progress/messages.hpp"
#include "app/search/messages.hpp"
#include "cli/messages.hpp"
#include "core/kpi/messages.hpp"
#include "core/plan/messages.hpp"
#include "exchange/plan/messages.hpp"
#include "http/api/messages.hpp"

namespace {

using kyosei::Message;

// Every catalogue. A new catalogue is added here (the test below fails for a catalogue
// header that is not listed).
const std::map<std::string, std::span<const Message>>& catalogues() {
  static const std::map<std::string, std::span<const Message>> kAll = {
      {"dashboard", kyosei::msg::dashboard::all},
      {"kpi", kyosei::msg::kpi::all},
      {"kpi_rules", kyosei::msg::kpi_rules::all},
      {"progress", kyosei::msg::progress::all},
      {"council", kyosei::msg::council::all},  // the council (register, meetings, opinions)
      {"notice", kyosei::msg::notice::all},    // notices, reminders, e-mail
      {"common", kyosei::msg::common::all},
      {"plan", kyosei::msg::plan::all},
      {"plan_rules", kyosei::msg::plan_rules::all},
      {"dataset", kyosei::msg::dataset::all},
      {"cli", kyosei::msg::cli::all},
      {"access", kyosei::msg::access::all},
      {"audit", kyosei::msg::audit::all},
      {"search", kyosei::msg::search::all},
      {"api", kyosei::msg::api::all},
      {"documents", kyosei::msg::documents::all},  // reading workbooks and CSV back
  };
  return kAll;
}

std::size_t placeholders(std::string_view s) {
  std::size_t n = 0;
  for (auto pos = s.find("{}"); pos != std::string_view::npos; pos = s.find("{}", pos + 2)) ++n;
  return n;
}

bool has_japanese(std::string_view s) {
  // Any byte of a multi-byte UTF-8 sequence: the Japanese texts are never plain ASCII.
  for (unsigned char c : s) {
    if (c >= 0x80) return true;
  }
  return false;
}

std::string sources_text() {
  namespace fs = std::filesystem;
  std::ostringstream all;
  for (const char* layer : {"core", "exchange", "storage", "app", "http", "cli"}) {
    const fs::path dir = fs::path(KYOSEI_SOURCE_DIR) / layer;
    for (const auto& entry : fs::recursive_directory_iterator(dir)) {
      const auto ext = entry.path().extension();
      if (!entry.is_regular_file() || (ext != ".cpp" && ext != ".hpp")) continue;
      if (entry.path().filename().string().ends_with("_test.cpp")) continue;
      std::ifstream in(entry.path(), std::ios::binary);
      all << in.rdbuf() << '\n';
    }
  }
  return all.str();
}

TEST(Messages, EveryKeyHasBothLanguagesWithTheSameArguments) {
  for (const auto& [feature, messages] : catalogues()) {
    std::set<std::string_view> names;
    for (const Message& m : messages) {
      SCOPED_TRACE(std::string(feature) + "." + std::string(m.name));
      EXPECT_EQ(m.feature, feature);
      EXPECT_TRUE(names.insert(m.name).second) << "duplicate key";
      EXPECT_FALSE(m.ja_pattern.empty());
      EXPECT_FALSE(m.en_pattern.empty());
      EXPECT_TRUE(has_japanese(m.ja_pattern)) << m.ja_pattern;
      EXPECT_EQ(placeholders(m.ja_pattern), placeholders(m.en_pattern))
          << m.ja_pattern << " / " << m.en_pattern;
    }
  }
}

TEST(Messages, EveryKeyIsUsed) {
  const std::string text = sources_text();
  for (const auto& [feature, messages] : catalogues()) {
    for (const Message& m : messages) {
      const std::string use = "msg::" + feature + "::" + std::string(m.name);
      EXPECT_NE(text.find(use), std::string::npos) << use << " is never used";
    }
  }
}

TEST(Messages, EveryCatalogueIsListed) {
  // Each <layer>/…/messages.yaml in the sources is one of the catalogues above.
  namespace fs = std::filesystem;
  int found = 0;
  for (const char* layer : {"core", "exchange", "storage", "app", "http", "cli"}) {
    for (const auto& entry :
         fs::recursive_directory_iterator(fs::path(KYOSEI_SOURCE_DIR) / layer)) {
      if (entry.path().filename() != "messages.yaml") continue;
      std::ifstream in(entry.path());
      std::string line;
      std::string feature;
      while (std::getline(in, line)) {
        if (line.starts_with("feature: ")) feature = line.substr(9);
      }
      ++found;
      EXPECT_TRUE(catalogues().contains(feature))
          << entry.path() << ": catalogue '" << feature << "' is not listed";
    }
  }
  EXPECT_EQ(found, static_cast<int>(catalogues().size()));
}

TEST(Messages, FillPutsArgumentsInOrder) {
  const Message m{"t", "x", "{}の{}", "{} of {}"};
  EXPECT_EQ(m.ja("a", "b"), "aのb");
  EXPECT_EQ(m.en("a", "b"), "a of b");
  EXPECT_EQ(m.en("a"), "a of {}");
}

}  // namespace
