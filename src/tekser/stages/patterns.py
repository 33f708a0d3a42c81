"""Which regular expressions mean the same to pyarrow's RE2 as to Python's `re`: the patterns
of a Table Schema that the columnar check may run itself (`stages/columnar.py`)."""

from __future__ import annotations

import re
import warnings

# the syntax both engines read alike: no shorthand class, flag, look-around or back reference,
# no leading `]`, nested `[` or POSIX class in a class, no quantifier `{,n}` or possessive
_ESCAPE = r"\\[\\.^$*+?{}\[\]()|/-]"
_MEMBER = rf"(?:[^\\\[\]-]-[^\\\[\]-]|[^\\\[\]-]|{_ESCAPE})"
_ATOM = rf"(?:[^\\\[\]{{}}()*+?|^$.]|{_ESCAPE}|\[\^?-?{_MEMBER}+-?\]|\.|\))"
_QUANTIFIER = r"(?:[*+?]|\{[0-9]{1,3}(?:,[0-9]{0,3})?\})\??"
_PORTABLE = re.compile(rf"(?:{_ATOM}(?:{_QUANTIFIER})?|[|^$]|\((?:\?:)?)*")


def portable(pattern: str) -> bool:
    """Whether a pattern means to pyarrow's RE2 what it means to Python's `re` (RE2's `$` ends
    the cell only: stricter): literal characters and escaped punctuation, classes of them and
    of ranges between literals, `.`, groups, alternatives and bounded quantifiers."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # Python's warnings of what it may read otherwise
            re.compile(f"^{pattern}$")
    except re.error:
        return False
    return _PORTABLE.fullmatch(pattern) is not None
