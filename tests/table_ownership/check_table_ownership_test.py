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

    def test_own_tables_and_known_crossings_pass(self):
        run = check("clean")
        self.assertEqual(run.returncode, 0, run.stdout + run.stderr)
        self.assertIn("table ownership: ok", run.stdout)

    def test_a_known_crossing_that_is_gone_must_be_deleted(self):
        listing = HERE / "clean" / "src" / "table_crossings.txt"
        original = listing.read_text()
        try:
            listing.write_text(original + "deploy/spec.cc teams\n")
            run = check("clean")
        finally:
            listing.write_text(original)
        self.assertEqual(run.returncode, 1)
        self.assertIn("deploy/spec.cc no longer names 'teams': delete the line", run.stdout)


if __name__ == "__main__":
    unittest.main()
