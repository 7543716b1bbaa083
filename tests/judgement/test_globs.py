"""Client, host and name globs match as ``fnmatchcase`` does, compiled or not."""

from __future__ import annotations

from fnmatch import fnmatchcase

from hypothesis import given, settings
from hypothesis import strategies as st

from eolscan.support.globs import glob_matcher, glob_matches, matches_one_of


@settings(max_examples=1500, deadline=None)
@given(
    st.text(alphabet="aB*?[]!-. 0\u0130", max_size=6),
    st.text(alphabet="aB*?[]!-. 0\u0130i\u0307", max_size=6),
)
def test_a_glob_matches_as_fnmatchcase_does_with_or_without_wildcards(
    pattern: str, text: str
) -> None:
    """A pattern without wildcards is compared, not compiled: the same answers."""
    assert glob_matches(text, pattern) == fnmatchcase(text, pattern)
    made_once = glob_matcher(pattern)
    expected = fnmatchcase(text.lower(), pattern.lower())
    assert (made_once is None or bool(made_once(text.lower()))) == expected


@settings(max_examples=1000, deadline=None)
@given(
    st.text(alphabet="aB*?[]!-. 0\u0130", max_size=6),
    st.frozensets(st.text(alphabet="ab*?[]!-. 0i\u0307", max_size=6), max_size=4),
)
def test_one_of_many_names_matches_as_fnmatchcase_does(pattern: str, names: frozenset[str]) -> None:
    """A pattern without wildcards is looked up among the (lower-cased) names."""
    expected = any(fnmatchcase(name, pattern.lower()) for name in names)
    assert matches_one_of(pattern, names) == expected
