const char kTestsMayLook[] = "SELECT id FROM projects";
