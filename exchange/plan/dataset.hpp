#pragma once
// The Kyosei dataset file: one region in YAML, human-editable and diffable.
// Format: docs/dataset-format.md. write_dataset() emits the canonical form, so that
// write_dataset(read_dataset(canonical_text)) == canonical_text. Every file ends with an end
// marker (`end:` with counts and a checksum, ADR 0008): a file cut short is refused.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/plan/region.hpp"

namespace kyosei::exchange {

inline constexpr std::string_view kDatasetFormat = "kyosei-dataset/1";

// One problem in a dataset, located in the file. `field` is the dotted path of the value
// (e.g. "municipalities[1].code"); line and column are 1-based (0 when unknown).
struct DatasetProblem {
  std::string file;
  int line = 0;
  int column = 0;
  std::string field;
  std::string message_ja;
  std::string message_en;
};

// "file:line:column: field: message_ja (message_en)"
std::string format_problem(const DatasetProblem& problem);

struct DatasetRead {
  std::optional<core::Region> region;  // set only when there are no problems
  std::vector<DatasetProblem> problems;
};

// Parses and validates (core::validate) a dataset. Collects every problem it can find.
DatasetRead read_dataset(std::string_view text, const std::string& file_name);
DatasetRead read_dataset_file(const std::filesystem::path& path);

// The canonical YAML text for a region, ending with the end marker (counts and checksum).
std::string write_dataset(const core::Region& region);

// What the end marker counts, in its order: municipalities, agreements, policy_areas,
// fields, categories, years, initiatives, actions, kpis, kpi_actuals, viewpoints, cycle,
// schedule, and editions when there are any.
std::vector<std::pair<std::string, std::size_t>> dataset_counts(const core::Region& region);

// `kyosei check --seal`: after a hand edit, the same text with a new end marker (counts and
// checksum of what the file now holds); everything before the marker is kept byte for byte.
// Refused (problems set, text empty) when the file has any problem besides its end marker.
struct SealResult {
  std::string text;
  std::vector<DatasetProblem> problems;
};
SealResult seal_dataset(std::string_view text, const std::string& file_name);

}  // namespace kyosei::exchange
