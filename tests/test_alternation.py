import re

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.alternation import word_alternation


def _alternated(words: list[str], between: str) -> str:
    """The words' alternation, longest first, ``between`` between their characters."""
    return "|".join(between.join(map(re.escape, w)) for w in sorted(set(words), key=len, reverse=True)) or r"(?!x)x"


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.text(alphabet="ab北京市.", min_size=1, max_size=4), max_size=8), st.text(alphabet="ab北京市. ", max_size=30),
       st.sampled_from(["", " *", "[ .]*"]))
def test_the_tree_matches_as_the_alternation_longest_first(words: list[str], text: str, between: str) -> None:
    """Searched, matched whole, and followed by more pattern (a backtrack into the words), the
    tree of the words' prefixes matches as their alternation sorted longest first."""
    tree, alternated = word_alternation(words, between=between), _alternated(words, between)
    assert [m.span() for m in re.finditer(tree, text)] == [m.span() for m in re.finditer(alternated, text)]
    assert bool(re.fullmatch(tree, text)) == bool(re.fullmatch(alternated, text))
    follow = [(m.span(), m.span(1)) for m in re.finditer(f"((?:{tree}))市", text)]
    assert follow == [(m.span(), m.span(1)) for m in re.finditer(f"((?:{alternated}))市", text)]


def test_the_extractors_read_the_same_function() -> None:
    from kg.extract import regexes

    assert regexes.word_alternation is word_alternation
