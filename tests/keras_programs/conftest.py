"""The programs are run by test_programs.py, never imported by pytest's module collection."""

collect_ignore = ["programs"]
