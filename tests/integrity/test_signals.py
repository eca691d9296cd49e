"""Each signal on a tiny planted case, and its honest look-alike left unflagged."""

from __future__ import annotations

import re

from skillup.integrity.engine import read, scan

from .conftest import att, claim, enrol, feed, klass, person


def _flags(*records):
    found = scan(read(feed(*records)))
    for f in found:
        assert re.search(r"[\u4e00-\u9fff]", f["detail"]) and re.search(r"\d", f["detail"])
    return {(f["subject"]["type"], f["subject"]["id"], f["signal"]) for f in found if f["score"] >= 0.5}


def _roster(cid, n, phone=lambda i: None, **kw):
    out = [klass(cid, **kw)]
    for i in range(n):
        pid = f"{cid}P{i:03d}"
        out += [person(pid, phone=phone(i)), enrol(cid, pid)]
    return out


def test_shared_phones_flags_a_roster_of_made_up_trainees_on_few_numbers():
    recs = _roster("C1", 20, phone=lambda i: f"1390000000{i % 2}" if i < 12 else None)
    assert ("class", "C1", "shared_phones") in _flags(*recs)


def test_families_sharing_a_phone_are_not_flagged():
    recs = _roster("C1", 20, phone=lambda i: f"13900000{i // 2:03d}")  # pairs: spouses on one phone
    assert not _flags(*recs)


def _checkins(cid, n, start, step_seconds, method, device=None, ip=None):
    from datetime import datetime, timedelta

    t0 = datetime.fromisoformat(start)
    return [
        att(
            cid,
            f"{cid}P{i:03d}",
            (t0 + timedelta(seconds=i * step_seconds)).isoformat(),
            method=method,
            device=device if device is not None else (f"ua:{i}" if method == "qr" else "FACE-1"),
            ip=ip or f"10.0.{i}.1",
        )
        for i in range(n)
    ]


def test_one_phone_scanning_the_qr_code_for_many_trainees_is_flagged():
    recs = _roster("C1", 15) + _checkins("C1", 15, "2021-03-01T08:00:00", 30, "qr", device="ua:one-phone")
    assert ("class", "C1", "cloned_checkins") in _flags(*recs)


def test_venue_wifi_behind_one_ip_is_not_flagged():
    recs = _roster("C1", 15) + _checkins("C1", 15, "2021-03-01T08:00:00", 30, "qr", ip="115.1.1.1")
    assert not _flags(*recs)


def test_a_face_terminal_seeing_a_roster_seconds_apart_is_flagged():
    recs = _roster("C1", 23) + _checkins("C1", 23, "2021-03-01T08:12:05", 0.5, "face")
    assert ("class", "C1", "cloned_checkins") in _flags(*recs)


def test_a_real_face_queue_of_a_few_seconds_a_person_is_not_flagged():
    recs = _roster("C1", 23) + _checkins("C1", 23, "2021-03-01T08:12:05", 4, "face")
    assert not _flags(*recs)


def _manual(cid, n, recorded):
    return [
        att(cid, f"{cid}P{i:03d}", f"2021-03-0{d}T08:30:00", method="manual", recorded_at=recorded(d))
        for i in range(n)
        for d in range(1, 6)
    ]


def test_attendance_typed_in_after_the_class_ended_is_flagged():
    recs = _roster("C1", 12) + _manual("C1", 12, lambda d: "2021-03-20T16:00:00")
    assert ("class", "C1", "backfilled") in _flags(*recs)


def test_a_day_entered_by_hand_the_same_day_is_not_flagged():
    recs = _roster("C1", 12) + _manual("C1", 12, lambda d: f"2021-03-0{d}T17:30:00")
    assert not _flags(*recs)


def test_trainees_checked_in_at_two_venues_at_once_flag_both_classes():
    recs = _roster("C1", 8) + _roster("C2", 0, venue="别处教室")
    recs += [enrol("C2", f"C1P{i:03d}") for i in range(8)]
    recs += _checkins("C1", 8, "2021-03-01T08:00:00", 30, "qr")
    recs += [
        att("C2", f"C1P{i:03d}", f"2021-03-01T09:{i:02d}:00", method="qr", device=f"ua:x{i}")
        for i in range(8)
    ]
    flags = _flags(*recs)
    assert ("class", "C1", "double_presence") in flags and ("class", "C2", "double_presence") in flags


def test_the_same_trainees_in_two_classes_on_different_days_are_not_flagged():
    recs = _roster("C1", 8) + _roster("C2", 0, venue="别处教室", start="2021-04-01", end="2021-04-05")
    recs += _checkins("C1", 8, "2021-03-01T08:00:00", 30, "qr")
    recs += [
        att("C2", f"C1P{i:03d}", f"2021-04-01T09:{i:02d}:00", method="qr", device=f"ua:x{i}")
        for i in range(8)
    ]
    assert not _flags(*recs)


def test_subsidies_of_unrelated_people_paid_into_one_personal_account_are_flagged():
    recs = _roster("C1", 6) + [claim(f"K{i}", f"C1P{i:03d}", "C1", account="6217-mule") for i in range(4)]
    flags = _flags(*recs)
    assert {("claim", f"K{i}", "shared_payee") for i in range(4)} <= flags


def test_claims_paid_to_an_institutions_own_account_are_not_flagged():
    recs = _roster("C1", 6) + [
        claim(f"K{i}", f"C1P{i:03d}", "C1", kind="institution", account="6217-school") for i in range(6)
    ]
    assert not _flags(*recs)


def _trainings(pid, n):
    trades = ["电工", "焊工", "美容师", "茶艺师", "育婴员", "保安员", "钳工"]
    out = [person(pid)]
    for i in range(n):
        cid = f"C{pid}{i}"
        out += [
            klass(cid, inst=f"I{i % 4}", occupation=trades[i]),
            enrol(cid, pid),
            claim(f"K{pid}{i}", pid, cid),
        ]
    return out


def test_a_person_trained_and_paid_again_and_again_in_unrelated_trades_is_flagged():
    assert ("person", "P1", "serial_trainee") in _flags(*_trainings("P1", 6))


def test_two_or_three_trainings_over_three_years_are_not_flagged():
    assert not _flags(*_trainings("P1", 3))


def test_a_trainee_far_past_working_age_in_a_physical_trade_or_a_child_is_flagged():
    recs = [
        klass("C1", occupation="砌筑工", start="2021-03-01"),
        person("P1", birth="1931-11-05"),
        person("P2", birth="2009-01-01"),
        claim("K1", "P1", "C1"),
        claim("K2", "P2", "C1"),
    ]
    flags = _flags(*recs)
    assert ("claim", "K1", "implausible_age") in flags and ("claim", "K2", "implausible_age") in flags


def test_over_retirement_age_without_a_pension_is_not_flagged():
    recs = [
        klass("C1", occupation="养老护理员", start="2021-03-01"),
        person("P1", birth="1955-02-01"),
        klass("C2", occupation="钢筋工", start="2021-03-01"),
        person("P2", birth="1957-06-01"),
        claim("K1", "P1", "C1"),
        claim("K2", "P2", "C2"),
    ]
    assert not _flags(*recs)
