"""Property tests: any overlay text yields an applied overlay or one OverlayError, nothing else."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eolscan.lifecycles.overlay import OverlayError, load_overlay
from eolscan.lifecycles.overlay_apply import with_overlay_rules
from eolscan.lifecycles.store import LifecycleDB
from eolscan.matching import Matcher
from eolscan.matching.rules import compile_rules
from tests.lifecycles.helpers import small_document

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 3000),
    st.floats(allow_nan=False, allow_infinity=False),
    st.dates().map(str),
    st.text(max_size=12),
    st.sampled_from(
        ["windows-server", "2012-r2", "php", "7.4", "acme", "^acme", "(", "2026-02-30"]
    ),
)
KEYS = st.sampled_from(
    [
        "products",
        "rules",
        "contracts",
        "names",
        "cycles",
        "id",
        "eol",
        "release",
        "extended",
        "product",
        "cycle",
        "until",
        "pattern",
        "scheme",
        "client",
        "host",
        "label",
        "php",
        "acme",
    ]
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=4),
    max_leaves=20,
)
DOCUMENTS = st.dictionaries(
    st.sampled_from(["products", "rules", "contracts", "names", "version"]), VALUES, max_size=4
)


def _check(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    db = LifecycleDB(small_document(), "fixture")
    try:
        overlay = load_overlay(path, db)
    except OverlayError as exc:
        assert str(exc).startswith(f"{path}:")
        assert "\n" not in str(exc)
        return
    for product_id in list(db.ids()):
        db.product(product_id)
    matcher = Matcher(db, with_overlay_rules(compile_rules({"rules": []}, "base"), overlay))
    matcher.match("software", "acme 1.0", "1.0")


FUZZ = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@FUZZ
@given(document=DOCUMENTS)
def test_structured_overlays_never_crash(tmp_path: Path, document: dict[str, Any]) -> None:
    _check(tmp_path / "overlay.yaml", yaml.safe_dump(document))


@FUZZ
@given(text=st.text(max_size=200))
def test_arbitrary_text_never_crashes(tmp_path: Path, text: str) -> None:
    _check(tmp_path / "overlay.yaml", text)
