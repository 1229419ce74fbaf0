#pragma once
// Messages of the progress use cases: records, evaluations, evidence, rounds, period
// locks and the sample data (see core/common/message.hpp).

#include "core/common/message.hpp"

// The texts: app/progress/messages.yaml, compiled into this header.
#include "kyosei/messages/progress.hpp"
