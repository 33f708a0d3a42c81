"""The names the library's choices take, in one light module: the formats a report is
written in, the engines the suite runs on, a number's coverage status, a decision's actions.
The command line builds its options from these (and `tekser --help` stays fast)."""

from __future__ import annotations

# `tekser validate --format`: for people (text), machines (json, junit, github), the page (html)
REPORT_FORMATS = ("text", "json", "junit", "github", "html")
# `tekser scan` and `tekser draft --format`
LISTING_FORMATS = ("text", "json")
# the engines the consistency suite runs on
ENGINES = ("sqlite", "spark")
# what a number of a seed is: captured by a quote, excluded by an exclusion, or neither
CAPTURED, EXCLUDED, UNACCOUNTED = "captured", "excluded", "unaccounted"
NUMBER_STATUSES = (CAPTURED, EXCLUDED, UNACCOUNTED)
# what a curator may do with a finding; `retract` withdraws the decision in force
DECISION_ACTIONS = ("confirm", "correct", "dismiss", "retract")
