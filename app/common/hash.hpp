#pragma once
// The hash helper of the use cases: the same one storage/ uses for the audit chain.

#include "storage/common/hash.hpp"

namespace kyosei::app {
using storage::sha256_hex;
}  // namespace kyosei::app
