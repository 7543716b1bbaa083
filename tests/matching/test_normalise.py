"""normalise_name's shortcut for names no substitution can change gives what the
substitutions give, for any text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from eolscan.matching import normalise
from eolscan.matching.normalise import normalise_name

PIECES = [
    " ",
    "  ",
    "\t",
    "\u00a0",
    "\u2003",
    "_",
    "@",
    "@1",
    "-",
    ",",
    ";",
    ":",
    ".",
    "(",
    ")",
    "(r)",
    "(TM)",
    "(c)",
    "\u2122",
    "\u00ae",
    "\u00a9",
    "64-bit",
    "32 Bits",
    "(64-bit)",
    "x64",
    "X86",
    "x86_64",
    "AMD64",
    "arm64",
    "(i686)",
    ".app",
    ".APP",
    ":amd64",
    ".all",
    ".noarch",
    ".i386",
    "Google Chrome",
    "zoom.us",
    "Pop!",
    "OS",
    "bit",
    "\u0131",
    "K",
    "7",
]


def _substituted(raw: str) -> str:
    """Every substitution applied, as normalise_name does for names that need them."""
    text = normalise._APP_BUNDLE.sub("", raw.strip())
    text = normalise._MARKS.sub(" ", normalise._PACKAGE_ARCH.sub("", text))
    text = normalise._ARCH.sub(" ", text)
    text = normalise._BREW_PIN.sub(" ", text.replace("_", " ").replace("\u00a0", " "))
    return normalise._SPACE.sub(" ", text).strip().lower().strip(" -,;:")


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(PIECES) | st.text(max_size=3), max_size=8).map("".join))
def test_the_shortcut_gives_what_the_substitutions_give(raw: str) -> None:
    assert normalise_name(raw) == _substituted(raw)


def test_names_that_need_substitutions_still_get_them() -> None:
    assert normalise_name("Intel(R) Chipset  Device_Software (64-bit)") == (
        "intel chipset device software"
    )
    assert normalise_name("Google Chrome.app") == "google chrome"
    assert normalise_name("openssl:amd64") == "openssl"
    assert normalise_name(" Firefox ESR, ") == "firefox esr"
