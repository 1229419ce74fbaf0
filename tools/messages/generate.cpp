// Generates the C++ header of one message catalogue from its YAML file (the texts of a
// feature's errors, field problems and CLI output; see core/common/message.hpp).
//
//   kyosei_messages_gen IN.yaml OUT.hpp
//
// IN.yaml:   feature: progress            # the catalogue's name, unique in the tree
//            messages:
//              round_not_found:           # the key: lower_case identifier
//                ja: "照会 {} はありません"  # `{}` marks an argument, filled in order
//                en: "round {} not found"   # same number of arguments as `ja`
//              # note: optional, for the reviewer (not generated)
//
// OUT.hpp defines `kyosei::msg::<feature>::<key>` (a constexpr kyosei::Message) for every
// entry in file order, and `kyosei::msg::<feature>::all`. Any fault — a missing or empty
// text, an argument count that differs, a bad or repeated key — is reported as
// FILE:LINE: what, and nothing is written (exit 1).

#include <yaml-cpp/yaml.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>
#include <string>

namespace {

bool identifier(const std::string& s) {
  if (s.empty() || !(s[0] == '_' || (s[0] >= 'a' && s[0] <= 'z'))) return false;
  for (char c : s) {
    if (!(c == '_' || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) return false;
  }
  return true;
}

std::size_t arguments(const std::string& s) {
  std::size_t n = 0;
  for (auto pos = s.find("{}"); pos != std::string::npos; pos = s.find("{}", pos + 2)) ++n;
  return n;
}

// A C++ string literal of `s` (UTF-8 kept as it is; quotes, backslashes and controls
// escaped).
std::string literal(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c == '\n') {
      out += "\\n";
    } else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\%03o", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: kyosei_messages_gen IN.yaml OUT.hpp\n";
    return 2;
  }
  const std::string in = argv[1];
  int faults = 0;
  auto fault = [&](const YAML::Mark& at, const std::string& what) {
    std::cerr << in << ":" << at.line + 1 << ": " << what << "\n";
    ++faults;
  };
  YAML::Node doc;
  try {
    doc = YAML::LoadFile(in);
  } catch (const YAML::Exception& e) {
    std::cerr << in << ":" << e.mark.line + 1 << ": " << e.msg << "\n";
    return 1;
  }
  const std::string feature = doc["feature"] ? doc["feature"].as<std::string>("") : "";
  if (!identifier(feature)) fault(doc.Mark(), "feature: a lower_case name is required");
  const YAML::Node messages = doc["messages"];
  if (!messages || !messages.IsMap() || messages.size() == 0) {
    fault(doc.Mark(), "messages: a mapping of keys to {ja, en} is required");
  }
  std::ostringstream defs;
  std::ostringstream all;
  std::set<std::string> keys;
  if (messages && messages.IsMap()) {
    for (const auto& entry : messages) {
      const std::string key = entry.first.as<std::string>("");
      const YAML::Node& texts = entry.second;
      if (!identifier(key)) fault(entry.first.Mark(), "'" + key + "' is not a lower_case key");
      if (!keys.insert(key).second) fault(entry.first.Mark(), "key '" + key + "' repeated");
      if (!texts.IsMap() || !texts["ja"] || !texts["en"] || !texts["ja"].IsScalar() ||
          !texts["en"].IsScalar()) {
        fault(entry.first.Mark(), key + ": needs ja and en texts");
        continue;
      }
      const std::string ja = texts["ja"].as<std::string>();
      const std::string en = texts["en"].as<std::string>();
      if (ja.empty() || en.empty()) fault(entry.first.Mark(), key + ": a text is empty");
      if (arguments(ja) != arguments(en)) {
        fault(entry.first.Mark(), key + ": ja has " + std::to_string(arguments(ja)) +
                                      " arguments, en " + std::to_string(arguments(en)));
      }
      defs << "inline constexpr ::kyosei::Message " << key << "{kFeature, " << literal(key)
           << ",\n    " << literal(ja) << ",\n    " << literal(en) << "};\n";
      all << "    " << key << ",\n";
    }
  }
  if (faults > 0) return 1;
  std::ostringstream out;
  out << "// Generated from " << in << " by kyosei_messages_gen: edit the YAML file.\n"
      << "#pragma once\n\n#include <string_view>\n\n#include \"core/common/message.hpp\"\n\n"
      << "namespace kyosei::msg::" << feature << " {\n\n"
      << "inline constexpr std::string_view kFeature = " << literal(feature) << ";\n"
      << defs.str() << "\ninline constexpr ::kyosei::Message all[] = {\n"
      << all.str() << "};\n\n}  // namespace kyosei::msg::" << feature << "\n";
  // Written only when it changed, so that an unchanged catalogue rebuilds nothing.
  const std::string text = out.str();
  {
    std::ifstream old(argv[2], std::ios::binary);
    std::ostringstream current;
    current << old.rdbuf();
    if (old && current.str() == text) return 0;
  }
  std::ofstream file(argv[2], std::ios::binary | std::ios::trunc);
  file << text;
  return file ? 0 : 1;
}
