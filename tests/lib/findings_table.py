# SPDX-License-Identifier: MIT
"""The finding codes, read from the one table the binary is built from
(include/preflight/findings.def), for the Python checkers: no copy of the
list lives in a test."""
import os
import re

TABLE = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                     "include", "preflight", "findings.def")
_ROW = re.compile(r"^PF_FINDING\(([A-Z0-9_]+), (BLOCKER|WARNING|STRICT),", re.M)


def kinds():
    """{code: "BLOCKER" | "WARNING" | "STRICT"} (STRICT: a warning that
    --strict makes a blocker)."""
    with open(TABLE, encoding="utf-8") as fh:
        rows = dict(_ROW.findall(fh.read()))
    if not rows:
        raise ValueError(f"no PF_FINDING rows in {TABLE}")
    return rows


def blocker_codes():
    return {c for c, k in kinds().items() if k != "WARNING"}


def warning_codes():
    return {c for c, k in kinds().items() if k != "BLOCKER"}
