#pragma once

// The local provider's DynamoDB tables; not a public header of the domain.

#include <memory>
#include <string>
#include <vector>

#include "http/client.h"
#include "resources/local/local_provider.h"

namespace paved::resources::local {

// The region apps are told to use for a local table; dynalite accepts any.
inline constexpr char kLocalDynamoDbRegion[] = "us-east-1";

// The table's name in its own server: the resource's name (padded to DynamoDB's 3 characters).
std::string LocalTableName(const Resource& r);

// config (directory, a free port in dynalite.json), process (dynalite on 127.0.0.1, answering
// ListTables), table (CreateTable with the keys, then TagResource with Paved's tags).
std::vector<std::unique_ptr<Step>> DynamoDbLocalSteps(const LocalOptions* o, http::Client* http);

// {state: the table's status, items, pid, port}; "stopped" when dynalite does not run;
// NotFound when the resource's directory is gone.
absl::StatusOr<nlohmann::json> DynamoDbLocalLiveStatus(const LocalOptions& o, http::Client* http,
                                                       const Resource& r);

// Starts a ready table's dynalite again when it is gone; whether it had to.
absl::StatusOr<bool> ReviveDynalite(const LocalOptions& o, const Resource& r);

}  // namespace paved::resources::local
