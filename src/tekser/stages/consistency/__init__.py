"""The consistency suite: its rules as data, the engines it runs on (SQLite, Spark), and the run
through Great Expectations."""
