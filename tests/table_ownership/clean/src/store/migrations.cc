const char* kSchema[] = {"CREATE TABLE projects (id TEXT)", "CREATE TABLE spec_versions (x TEXT)"};
