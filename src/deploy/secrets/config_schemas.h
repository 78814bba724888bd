#pragma once

#include "http/schema.h"

namespace paved::deploy {

// The JSON bodies the config and secret API answers with. Named shapes are documented once in
// OpenAPI. No schema has a field for a secret's value: the API never returns one.

http::Schema ConfigVersionSchema();  // ConfigToJson: GET /config/{env}/{set}
// PUT /config/{env}/{set}: the version written (or the unchanged latest) and "warnings".
http::Schema ConfigWriteSchema();
http::Schema ConfigHistorySchema();  // GET /config/{env}/{set}/history
http::Schema ConfigDiffSchema();     // GET /config/{env}/{set}/diff
http::Schema ConfigSetsSchema();     // GET /config/{env}
http::Schema SecretInfoSchema();     // SecretInfoToJson: PUT /secrets/{env}/{name}
http::Schema SecretPageSchema();     // GET /secrets/{env} and /secrets/{env}/{name}/history

}  // namespace paved::deploy
