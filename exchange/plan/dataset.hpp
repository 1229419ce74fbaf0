#pragma once
// The Kyosei dataset file: one region in YAML, human-editable and diffable.
// Format: docs/dataset-format.md. write_dataset() emits the canonical form, so that
// write_dataset(read_dataset(canonical_text)) == canonical_text.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
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

// The canonical YAML text for a region.
std::string write_dataset(const core::Region& region);

}  // namespace kyosei::exchange
