#pragma once

// models/detect/detection.h for code that sees Qt's keywords: its Encounter::slots
// member is Qt's `slots` macro there (an empty expansion: a syntax error), so the macro
// is set aside while the header is read; what it includes is read first, with the macro,
// as everywhere else. Include this, not the model's header, in widgets, and do not name
// Encounter::slots where the macro is defined.
#include "tracks/trackstore.h"

#include <QObject>

#pragma push_macro("slots")
#undef slots
#include "detect/detection.h"
#pragma pop_macro("slots")
