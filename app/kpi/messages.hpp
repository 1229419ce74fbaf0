#pragma once
// Messages of the KPI use cases: actual entry and KPI definitions (see
// core/common/message.hpp).

#include "core/common/message.hpp"

// The texts: app/kpi/messages.yaml, compiled into this header.
#include "kyosei/messages/kpi.hpp"
