#!/usr/bin/env python3
"""Runs scripts/check-table-ownership on small trees: one with crossings, one clean."""

import pathlib
import subprocess
import sys
import unittest

HERE = pathlib.Path(__file__).resolve().parent
SCRIPT = HERE.parent.parent / "scripts" / "check-table-ownership"


def check(tree):
    return subprocess.run([sys.executable, str(SCRIPT), str(HERE / tree / "src")],
                          capture_output=True, text=True)


class CheckTableOwnershipTest(unittest.TestCase):
    def test_cross_domain_sql_fails_naming_file_line_and_owner(self):
        run = check("broken")
        self.assertEqual(run.returncode, 1, run.stdout)
        out = run.stdout
        self.assertIn("deploy/spec/spec_store.cc:4: table 'projects' belongs to catalog", out)
        self.assertIn("deploy/spec/spec_store.cc:8: table 'teams' belongs to catalog", out)
        self.assertIn("server/bootstrap.cc:1: table 'teams' belongs to catalog", out)
        self.assertIn("table 'orphans' is listed in no src/<domain>/tables.txt", out)
        self.assertNotIn("spec_versions", out)
        self.assertNotIn("_test.cc", out)
        self.assertEqual(len(out.strip().splitlines()), 4, out)

    def test_own_tables_pass(self):
        run = check("clean")
        self.assertEqual(run.returncode, 0, run.stdout + run.stderr)
        self.assertIn("table ownership: ok", run.stdout)

    def test_no_list_excuses_a_crossing(self):
        # The check once read a list of known crossings from src/table_crossings.txt; such a
        # file, or any other, must excuse nothing.
        listing = HERE / "broken" / "src" / "table_crossings.txt"
        listing.write_text("deploy/spec/spec_store.cc projects\n"
                           "deploy/spec/spec_store.cc teams\n"
                           "server/bootstrap.cc teams\n")
        try:
            run = check("broken")
        finally:
            listing.unlink()
        self.assertEqual(run.returncode, 1, run.stdout)
        self.assertIn("deploy/spec/spec_store.cc:4: table 'projects' belongs to catalog", run.stdout)
        self.assertIn("server/bootstrap.cc:1: table 'teams' belongs to catalog", run.stdout)
        self.assertEqual(len(run.stdout.strip().splitlines()), 4, run.stdout)


if __name__ == "__main__":
    unittest.main()
