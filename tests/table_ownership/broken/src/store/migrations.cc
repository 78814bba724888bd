const char* kSchema[] = {
    "CREATE TABLE projects (id TEXT PRIMARY KEY)", "CREATE TABLE teams (id TEXT PRIMARY KEY)",
    "CREATE TABLE spec_versions (project_id TEXT)", "CREATE TABLE orphans (id TEXT)"};
