#pragma once
// Messages of reading a town's workbook or CSV back (see core/common/message.hpp).

#include "core/common/message.hpp"

// The texts: app/documents/messages.yaml, compiled into this header.
#include "kyosei/messages/documents.hpp"
