"""A lexicon's number words as one regular expression: the pattern `find_numbers`
(`tekser.seeds.printed`) finds words made of number words with, glued or not
("dreihundertfünfzig"), built as a prefix tree so that each letter is tried once."""

from __future__ import annotations

import re

from tekser.seeds.number_lexicons import _Lexicon


def word_pattern(lexicons: tuple[_Lexicon, ...]) -> re.Pattern[str] | None:
    """A pattern for a whole word made of the lexicons' words and phrase parts, glued
    ("dreihundertfünfzig"); letters compare case-insensitively, е matching ё."""
    pieces: set[str] = set()
    for lexicon in lexicons:
        pieces.update(k for k in lexicon.words if k[:1].isalpha())
        pieces.update(p for parts, _, _ in lexicon.phrases for p in parts if p[:1].isalpha())
        pieces.update(lexicon.prefixes)
    pieces.update([k.replace("ss", "ß") for k in pieces if "ss" in k])  # casefold made ß ss
    if not pieces:
        return None
    body = _trie(sorted(pieces))
    return re.compile(rf"(?<![^\W\d_])(?:{body})+(?![^\W\d_])", re.IGNORECASE)


_Tree = dict[str, "_Tree"]
_LETTER = {"е": "[её]"}


def _trie(words: list[str]) -> str:
    """An alternation of `words` as a prefix tree (a regular expression that tries each
    letter once, not each word)."""
    tree: _Tree = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def render(node: _Tree) -> str:
        branches = [_LETTER.get(c, re.escape(c)) + render(child) for c, child in node.items() if c]
        ends = "" in node
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
        return f"(?:{body})?" if ends else body

    return render(tree)
