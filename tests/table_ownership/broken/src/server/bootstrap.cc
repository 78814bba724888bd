const char kCount[] = "SELECT COUNT(*) FROM teams";
