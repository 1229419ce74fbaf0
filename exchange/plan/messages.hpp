#pragma once
// Messages of the dataset file reader (exchange/plan/dataset.cpp; see
// core/common/message.hpp).

#include "core/common/message.hpp"

// The texts: exchange/plan/messages.yaml, compiled into this header.
#include "kyosei/messages/dataset.hpp"
