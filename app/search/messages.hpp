#pragma once
// Messages of the search use case (see core/common/message.hpp).

#include "core/common/message.hpp"

// The texts: app/search/messages.yaml, compiled into this header.
#include "kyosei/messages/search.hpp"
