"""Close matches for "did you mean …?", fast on thousands of names.

A small list is searched whole with difflib, as a person would compare. A large
one is searched through indexes of the names with one and two letters deleted
(symmetric deletion): a misspelling within one edit shares an entry with its name,
so each lookup costs a few dictionary probes instead of comparing against every
name; only when nothing is within one edit are two tried. The few names found are
then ranked as difflib would rank them.
"""

from __future__ import annotations

from collections.abc import Iterable
from difflib import SequenceMatcher, get_close_matches
from itertools import combinations

from opsmanual.i18n.messages import _

SMALL = 100  # up to this many names, every name is compared
CUTOFF = 0.6
_MAX_EDITS = 2
_LONGEST_INDEXED = 64  # deletions of longer names would crowd the index; they are compared directly


def _deletions(word: str, edits: int) -> set[str]:
    """`word` with exactly `edits` letters deleted, every way (the word itself for 0)."""
    if edits >= len(word):
        return set()
    return {"".join(kept) for kept in combinations(word, len(word) - edits)}


def did_you_mean(matches: list[str]) -> str:
    if not matches:
        return ""
    either = " " + _("or") + " "
    return _("did you mean {names}?").format(names=either.join(f"'{m}'" for m in matches))


class Suggester:
    """Finds the names closest to a word among a fixed set of names; build once, ask many times."""

    def __init__(self, names: Iterable[str]) -> None:
        self.names = sorted(set(names))
        self._indexes: list[dict[str, list[str]]] = []  # names by their variants with 0, 1, 2 letters deleted
        self._long: list[str] = []

    def _index(self, edits: int) -> dict[str, list[str]]:
        while len(self._indexes) <= edits:
            level, index = len(self._indexes), dict[str, list[str]]()
            for name in self.names:
                if len(name) > _LONGEST_INDEXED:
                    if level == 0:
                        self._long.append(name)
                    continue
                for variant in _deletions(name, level):
                    index.setdefault(variant, []).append(name)
            self._indexes.append(index)
        return self._indexes[edits]

    def _candidates(self, word: str) -> set[str]:
        """Names within one edit of `word`, else within two: they share a variant with it."""
        word = word[: _LONGEST_INDEXED + _MAX_EDITS]
        for most in range(1, _MAX_EDITS + 1):
            found: set[str] = set()
            for mine in range(most + 1):  # deletions from both sides: a substitution is one from each
                for theirs in range(most + 1):
                    index = self._index(theirs)
                    for variant in _deletions(word, mine):
                        found.update(index.get(variant, ()))
            if found:
                return found
        return set()

    def matches(self, word: str, n: int = 2) -> list[str]:
        if len(self.names) <= SMALL:
            return get_close_matches(word, self.names, n=n, cutoff=CUTOFF)
        candidates = self._candidates(word)
        self._index(0)
        candidates.update(self._long)
        scored = []
        matcher = SequenceMatcher()
        matcher.set_seq2(word)
        for candidate in candidates:
            matcher.set_seq1(candidate)
            if matcher.real_quick_ratio() >= CUTOFF and matcher.quick_ratio() >= CUTOFF:
                score = matcher.ratio()
                if score >= CUTOFF:
                    scored.append((-score, candidate))
        return [name for _, name in sorted(scored)[:n]]

    def hint(self, word: str) -> str:
        """ "did you mean 'x'?" for the closest names, or "" when none is close."""
        return did_you_mean(self.matches(word))


def close_matches(word: str, known: Iterable[str]) -> str:
    """ "did you mean 'x'?" among `known`, or "" when none is close (for one-off questions)."""
    return Suggester(known).hint(word)
