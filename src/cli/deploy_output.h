#pragma once

#include <string>

#include "absl/time/time.h"
#include "nlohmann/json.hpp"

namespace paved::cli {

// `paved spec push` on 422 invalid_spec: one compiler-style line per SpecError of `error` (the
// answer's "error" object), "FILE:LINE:COLUMN: FIELD: MESSAGE", in the server's order. Without an
// "errors" list the error itself is the one line; without a line number "FILE: MESSAGE".
std::string FormatSpecErrors(const std::string& file, const nlohmann::json& error);

// `paved spec versions`: VERSION, AUTHOR, AGE, MESSAGE.
std::string RenderSpecVersions(const nlohmann::json& items, absl::Time now);

// Policy findings as a table (SEVERITY, RULE, OBJECT, PATH, MESSAGE; an excepted finding's
// severity reads "error (excepted)"), then "How to fix:" with one line per rule. "" when none.
std::string RenderFindings(const nlohmann::json& findings);

// One line counting the findings that block and those that do not, e.g.
// "2 errors, 1 warning, 1 excepted: blocking" or "no findings".
std::string FindingsSummary(const nlohmann::json& findings, bool blocking);

// Policy exceptions: RULE, ACTIVE, APPROVED BY, EXPIRES, REASON.
std::string RenderExceptions(const nlohmann::json& exceptions);

// Which keys a config version changed ({"added","removed","changed"}): "+a ~b -c".
std::string ChangeSummary(const nlohmann::json& changes);

// `paved config get`: the version's fields, then KEY/VALUE (values uncut) and FILE/BYTES.
std::string RenderConfig(const nlohmann::json& version);

// `paved config history`: VERSION, AUTHOR, AGE, CHANGES, MESSAGE.
std::string RenderConfigHistory(const nlohmann::json& items, absl::Time now);

// `paved secret list`: NAME, VERSION, AUTHOR, AGE.
std::string RenderSecrets(const nlohmann::json& items, absl::Time now);

// `paved secret history`: VERSION, AUTHOR, AGE, KEY, MESSAGE (never a value).
std::string RenderSecretHistory(const nlohmann::json& items, absl::Time now);

}  // namespace paved::cli
