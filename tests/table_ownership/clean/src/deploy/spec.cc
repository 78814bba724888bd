const char kOwn[] = "SELECT version FROM spec_versions";
const char kKnown[] = "SELECT slug FROM projects";
