// Its own table by name; catalog's projects only through a piece catalog hands out.
const char kOwn[] = "SELECT version FROM spec_versions";
std::string WithSlug() { return "SELECT v.version, p.slug FROM spec_versions v " + JoinSql("p"); }
