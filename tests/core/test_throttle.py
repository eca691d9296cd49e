"""skillup.core.throttle: limits from settings, counted per subject, in a fixed window."""

import pytest

from skillup.core import throttle


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.THROTTLES = {**settings.THROTTLES, "t": (3, 60)}


def test_the_limit_holds_per_subject_and_says_when_to_come_back():
    for _ in range(3):
        throttle.check("t", "1.2.3.4")
        throttle.hit("t", "1.2.3.4")
    with pytest.raises(throttle.Throttled) as exc:
        throttle.check("t", "1.2.3.4")
    assert "1 分钟后再试" in str(exc.value) and 0 < exc.value.retry_after <= 60
    throttle.check("t", "5.6.7.8")  # another subject is not affected
    assert throttle.remaining("t", "5.6.7.8") == 3 and throttle.remaining("t", "1.2.3.4") == 0


def test_any_used_up_subject_stops_the_attempt_and_clear_resets():
    throttle.hit("t", "a", "b")
    throttle.hit("t", "a")
    throttle.hit("t", "a")
    with pytest.raises(throttle.Throttled):
        throttle.check("t", "fresh", "a")
    throttle.clear("t", "a")
    throttle.check("t", "fresh", "a")


def test_the_window_expires(monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(throttle.time, "time", lambda: now[0])
    for _ in range(3):
        throttle.hit("t", "x")
    with pytest.raises(throttle.Throttled):
        throttle.check("t", "x")
    now[0] += 61
    throttle.check("t", "x")
    throttle.hit("t", "x")
    assert throttle.remaining("t", "x") == 2


def test_an_unknown_scope_is_a_programming_error():
    with pytest.raises(KeyError, match="THROTTLES"):
        throttle.check("nope", "x")


def test_keys_hold_no_subject_in_clear():
    assert "330604" not in throttle._key("signup_person", "330604199001011234")
