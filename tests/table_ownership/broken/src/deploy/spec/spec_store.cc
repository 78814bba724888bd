// Reads catalog's projects directly: a crossing, split over two adjacent literals.
const char kLock[] =
    "SELECT id "
    "FROM projects WHERE id = $1";
const char kOwn[] = "SELECT version FROM spec_versions";  // its own table: fine
const char kMessage[] = "removed from teams";             // English, not SQL: fine
const char kRaw[] = R"(SELECT v.version
    FROM spec_versions v JOIN teams t ON t.id = v.team_id)";
