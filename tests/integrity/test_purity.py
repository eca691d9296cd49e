"""The integrity engine keeps its thresholds in one versioned module (purity: tests/test_pure_packages.py)."""

from __future__ import annotations

from .conftest import SRC

ENGINE = SRC / "skillup" / "integrity" / "engine"


def test_thresholds_live_in_one_module_with_a_version():
    from skillup.integrity.engine import thresholds

    assert thresholds.VERSION
    signals = (ENGINE / "signals.py").read_text(encoding="utf-8")
    assert "from . import thresholds as T" in signals
