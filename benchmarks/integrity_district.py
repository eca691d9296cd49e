"""A synthetic district with planted fraud and its answer key, for the integrity acceptance check.

The contract (shared/INTEGRITY.md) judges the engine on "a synthetic district with planted cases … larger
and different" from the shared example. This module builds such districts at any size and seed, in the
example's shapes but with parameters of its own, and writes the key in the shape of
shared/integrity-example-key.json, so `python3 shared/integrity-score.py DATA KEY FINDINGS` scores a scan
exactly as the contract does. benchmarks/bench_integrity.py times and scores the contract's size (1,300
classes, ~300,000 attendance, ~28,000 claims); tests/integrity/test_acceptance.py runs small districts.

Honest data carries every innocent look-alike of the contract's table:
- families: couples (now and then a family of three) sharing one phone and often one account, sometimes in
  the same class;
- QR check-ins from each trainee's own phone, some classes behind the venue's Wi-Fi (one IP for all);
  face queues of 4–15 s a person with pauses; evening classes whose trainees are in a day class elsewhere;
- a terminal that broke: one day of a class typed in by hand the same evening (or the next morning);
  single manual records for a forgotten phone;
- claims paid to the institution's or the employer's own account (many people, one account); living
  allowance claims beside the training claim (two claims per class);
- people who train two or three times over the three years, in any trades;
- trainees of 60–72 without a pension in non-physical trades, 16–17-year-old school leavers.

Planted (the key), each in its own class or person among honest data, with sizes drawn per seed:
- `shared_phones`: made-up trainees (a third to a half of a roster) registered with one to three phones;
- `cloned_checkins`: one or two phones scan the QR code for most of a roster; or a face terminal "sees" the
  whole roster one or two seconds apart;
- `backfilled`: nobody checked in; most days typed in by hand, in bulk, days or weeks after the class ended;
- `double_presence`: a class whose trainees (a third to most of it) are checked in at another venue at the
  same hours (the genuine class there is `excluded_classes`);
- `shared_payee`: citizen-card subsidies of 3–12 unrelated people paid into one personal account;
- `serial_trainee`: one person trained and paid six to eight times at four or more institutions, in
  unrelated trades, within the cap of three subsidised trainings a year (第二十条);
- `implausible_age`: a child, a trainee over 75, or over 70 in a physical trade.
Claims of planted classes are `excluded_claims`, as in the example's key.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.util
import io
import json
import random
import re
import sys
from collections import defaultdict
from contextlib import redirect_stdout
from pathlib import Path

HERE = Path(__file__).resolve().parent

# The generator's own idea of trades (not the engine's thresholds): physical trades are building, metal and
# electrical work; the rest are services.
PHYSICAL = [
    "砌筑工",
    "钢筋工",
    "架子工",
    "焊工",
    "电工",
    "钳工",
    "车工",
    "汽车维修工",
    "制冷工",
    "电梯安装维修工",
]
SERVICE = [
    "美容师",
    "美发师",
    "茶艺师",
    "育婴员",
    "保育员",
    "中式烹调师",
    "中式面点师",
    "西式面点师",
    "家政服务员",
    "养老护理员",
    "电子商务师",
    "企业人力资源管理师",
    "保安员",
    "插花员",
]
TRADES = PHYSICAL + SERVICE
# scheme → who is paid: trainees (citizen card), the institution (project training), the employer.
SCHEMES = [("vocational_certificate", "person", 50), ("skill_level_certificate", "person", 20)]
SCHEMES += [("project_training", "institution", 18), ("enterprise_training", "enterprise", 12)]
HOURS = [40, 48, 56, 64, 72, 80, 88, 96, 104, 120]
LEVELS = ["初级", "中级", "高级"]
FIRST_DAY, LAST_DAY = dt.date(2019, 11, 4), dt.date(2021, 12, 10)  # the plan's three years
CLASS_PATTERNS = ("shared_phones", "cloned_qr", "cloned_face", "backfilled", "double_presence")


class District:
    """Builds the records; `build()` returns (records, key)."""

    def __init__(self, n_classes: int, seed: int):
        self.n = n_classes
        self.rnd = random.Random(seed)
        self.seed = seed
        self.people: dict[str, dict] = {}
        self.spans: dict[str, list[tuple[dt.date, dt.date, bool]]] = defaultdict(list)
        self.classes: list[dict] = []
        self.key = {"classes": {}, "claims": {}, "excluded_classes": [], "excluded_claims": []}
        self.claims: list[dict] = []
        self.records: list[dict] = []
        self.reusable: list[str] = []  # honest people under 60 who may train again
        self.reusable_set: set[str] = set()

    # -- people ------------------------------------------------------------------------------------
    def person(self, birth: dt.date, *, phone=None, pension=False, groups=None, employer=None) -> str:
        pid = f"P{len(self.people) + 1:06d}"
        r = self.rnd
        self.people[pid] = {
            "type": "person",
            "id": pid,
            "birth_date": birth.isoformat(),
            "sex": r.choice("男女"),
            "phone": phone or f"1{r.choice('3578')}{r.randrange(10**9):09d}",
            "groups": groups or [r.choice(["employee", "employee", "rural_labour", "unemployed"])],
            "pension": pension,
            "_account": f"6217{r.randrange(10**15):015d}",
            "_living": r.random() < 0.06,  # in a group that is paid a living allowance (第7条)
            "_employer": employer,
        }
        return pid

    def honest_birth(self, start: dt.date, occupation: str) -> tuple[dt.date, bool]:
        r = self.rnd
        x = r.random()
        if x < 0.03:
            age = 16 + r.randrange(2)  # school leavers (两后生)
        elif x < 0.09:  # past retirement age; most without a pension (第14条)
            age = r.randint(60, 66 if occupation in PHYSICAL else 72)
            return start - dt.timedelta(days=int(age * 365.25) + r.randrange(300)), r.random() < 0.3
        else:
            age = r.randint(18, 59)
        return start - dt.timedelta(days=int(age * 365.25) + r.randrange(300)), False

    def free(self, pid: str, first: dt.date, last: dt.date, evening: bool, cap: int = 3) -> bool:
        spans = self.spans[pid]
        return len(spans) < cap and all(e != evening or b < first or last < a for a, b, e in spans)

    # -- classes -----------------------------------------------------------------------------------
    def build(self) -> tuple[list[dict], dict]:
        r = self.rnd
        n_inst = max(6, self.n // 28 + r.randrange(3))
        self.institutions = []
        for i in range(n_inst):
            iid = f"I{i + 1:03d}"
            venues = [f"上虞区第{i + 1}职业培训学校{v + 1}号教室" for v in range(r.randint(2, 5))]
            self.institutions.append(
                {"id": iid, "venues": venues, "account": f"6228{r.randrange(10**15):015d}"}
            )
            self.records.append(
                {"type": "institution", "id": iid, "name": f"上虞区第{i + 1}职业培训学校", "account": ""}
            )
        self.enterprises = [f"6222{r.randrange(10**15):015d}" for _ in range(max(4, self.n // 12))]
        span = (LAST_DAY - FIRST_DAY).days
        weights = [w for _s, _p, w in SCHEMES]
        for _ in range(self.n):
            scheme, payee, _w = r.choices(SCHEMES, weights)[0]
            inst = r.choice(self.institutions)
            evening = r.random() < 0.02
            self.add_class(
                inst,
                scheme=scheme,
                payee=payee,
                occupation=r.choice(TRADES),
                hours=r.choice([24, 30, 36]) if evening else r.choice(HOURS),
                start=FIRST_DAY + dt.timedelta(days=r.randrange(span)),
                evening=evening,
            )
        self.classes.sort(key=lambda k: k["start"])
        for n, k in enumerate(self.classes):
            k["id"] = f"C{n + 1:05d}"
        # Planted classes: a share of each pattern, drawn per seed, among day classes of a fair size.
        day = [k for k in self.classes if not k["evening"]]
        r.shuffle(day)
        for pattern in CLASS_PATTERNS:
            rate = r.uniform(0.004, 0.009)
            for _ in range(max(2, round(self.n * rate))):
                k = day.pop()
                k["mode"] = pattern
                k["method"] = {"cloned_qr": "qr", "cloned_face": "face"}.get(pattern, k["method"])
        honest = [k for k in day if k["mode"] == "honest"]
        for k in self.classes:
            self.roster(k)
        self.double_presence()
        self.serial_trainees(honest)
        self.implausible_ages(honest)
        for k in self.classes:
            self.attendance(k)
            self.results_and_claims(k)
        self.shared_payees()
        self.emit()
        return self.records, self.key

    def add_class(self, inst, *, scheme, payee, occupation, hours, start, evening, venue=None, mode="honest"):
        r = self.rnd
        per_day = 3 if evening else 8
        days, day = [], start
        while len(days) < hours // per_day:
            if day.weekday() != 6:
                days.append(day)
            day += dt.timedelta(days=1)
        k = {
            "id": "",
            "inst": inst,
            "scheme": scheme,
            "payee": payee,
            "occupation": occupation,
            "level": r.choice(LEVELS),
            "hours": hours,
            "per_day": per_day,
            "start": days[0],
            "end": days[-1],
            "days": days,
            "venue": venue or r.choice(inst["venues"]),
            "capacity": r.choice([30, 40, 50]),
            "evening": evening,
            "mode": mode,
            "method": r.choices(["face", "qr", "mixed"], [55, 35, 10])[0],
            "wifi": r.random() < 0.25,  # every phone behind the venue's Wi-Fi: one IP for the class
            "terminal": f"FACE-{inst['id']}-{inst['venues'].index(venue) + 1 if venue else r.randint(1, 3)}",
            "roster": [],
            "employer": r.choice(self.enterprises) if payee == "enterprise" else None,
        }
        self.classes.append(k)
        return k

    def roster(self, k) -> None:
        r = self.rnd
        size = min(k["capacity"], max(8, int(r.triangular(8, 46, 25))))
        roster = k["roster"]
        if k["mode"] == "shared_phones":
            # a third to a half of the roster made up, registered with one to three phone numbers
            fakes = max(3, round(size * r.uniform(0.33, 0.5)))
            phones = [f"13{r.randrange(10**9):09d}" for _ in range(min(3, max(1, fakes // 4)))]
            for i in range(fakes):
                birth, _ = self.honest_birth(k["start"], k["occupation"])
                roster.append(self.person(birth, phone=phones[i % len(phones)]))
            k["method"] = "face"
        # Some trainees trained before (two or three times over the plan at most, never two day classes at
        # once); evening classes take people from day classes too.
        reuse = len(roster) + round(
            size * r.uniform(0.6, 0.9) if k["evening"] else size * r.uniform(0.15, 0.45)
        )
        known = self.reusable if len(self.reusable) < 300 else r.sample(self.reusable, 300)
        if k["evening"]:  # after a day class elsewhere on the same days
            known = [
                p
                for c in self.classes
                if c["roster"] and not c["evening"] and c["start"] <= k["end"] and k["start"] <= c["end"]
                for p in c["roster"]
                if p in self.reusable_set
            ] + known
        for pid in known:
            if len(roster) >= reuse:
                break
            p = self.people[pid]
            if (
                pid not in roster
                and self.free(pid, k["start"], k["end"], k["evening"])
                and p["_employer"] == k["employer"]
            ):
                roster.append(pid)
        family = None  # (phone, members) of a family training together
        while len(roster) < size:
            birth, pension = self.honest_birth(k["start"], k["occupation"])
            phone = None
            if family and r.random() < 0.5:  # a couple in the same class, one phone between them
                phone, family = family[0], (family[0], family[1] + 1)
            pid = self.person(birth, phone=phone, pension=pension, employer=k["employer"])
            members = family[1] if phone else 1
            if phone is None:
                family = (self.people[pid]["phone"], 1) if r.random() < 0.12 else None
            elif members >= 3 or r.random() > 0.02:  # mostly couples; a family of three now and then
                family = None
            if phone and r.random() < 0.5:  # and often one card account for the household
                self.people[pid]["_account"] = next(
                    q["_account"] for q in (self.people[x] for x in roster) if q["phone"] == phone
                )
            if members == 3 and r.random() < 0.9:
                self.people[pid]["_device_key"] = pid  # the grown-up child scans with a phone of their own
            roster.append(pid)
            if (
                not pension
                and self.people[pid]["birth_date"] > (k["start"] - dt.timedelta(days=60 * 365)).isoformat()
            ):
                self.reusable.append(pid)
                self.reusable_set.add(pid)
        # Families at home: a partner (not in this class) registered with the same phone, often the same
        # card account; now and then a family of three.
        for pid in r.sample(roster, max(1, len(roster) // 8)):
            p = self.people[pid]
            birth, _ = self.honest_birth(k["start"], r.choice(TRADES))
            partner = self.person(birth, phone=p["phone"])
            if r.random() < 0.5:
                self.people[partner]["_account"] = p["_account"]
        for pid in roster:
            self.spans[pid].append((k["start"], k["end"], k["evening"]))

    def double_presence(self) -> None:
        """Each planted class borrows trainees of a genuine class at another venue, on the same days."""
        r = self.rnd
        for b in [k for k in self.classes if k["mode"] == "double_presence"]:
            genuine = [
                k
                for k in self.classes
                if k["mode"] == "honest" and not k["evening"] and len(k["roster"]) >= 10
            ]
            a = r.choice(genuine)
            a["mode"] = "genuine"
            inst = r.choice([i for i in self.institutions if i is not a["inst"]])
            b.update(
                inst=inst,
                venue=r.choice(inst["venues"]),
                start=a["start"],
                end=a["end"],
                days=list(a["days"]),
                hours=a["hours"],
                terminal=f"FACE-{inst['id']}-9",
            )
            # real trainees of the genuine class (who have not trained three times already)
            fresh = [p for p in a["roster"] if len(self.spans[p]) < 3] or a["roster"]
            borrowed = r.sample(fresh, min(len(fresh), max(3, round(len(a["roster"]) * r.uniform(0.3, 0.8)))))
            own = [
                self.person(self.honest_birth(b["start"], b["occupation"])[0])
                for _ in range(len(b["roster"]) - len(borrowed))
            ]
            b["roster"] = borrowed + own
            b["method"] = r.choice(["face", "mixed"])
            self.key["excluded_classes"].append(a)

    def serial_trainees(self, honest) -> None:
        r = self.rnd
        for _ in range(max(2, round(self.n * r.uniform(0.003, 0.006)))):
            pid = self.person(dt.date(r.randint(1970, 1998), r.randint(1, 12), r.randint(1, 28)))
            self.people[pid]["_planted"] = "serial_trainee"
            self.people[pid]["_living"] = r.random() < 0.3
            want = r.randint(6, 8)
            trades, institutions, per_year = set(), set(), defaultdict(int)
            for k in r.sample(honest, len(honest)):
                if len(trades) >= want:
                    break
                if (
                    k["occupation"] in trades
                    or (k["inst"]["id"] in institutions and len(institutions) < 4)
                    or per_year[k["start"].year] >= 3
                    or k["payee"] != "person"
                    or not self.free(pid, k["start"], k["end"], False, cap=99)
                    or k["start"] > LAST_DAY - dt.timedelta(days=60)
                ):
                    continue
                k["roster"].append(pid)
                k.setdefault("sure", set()).add(pid)
                trades.add(k["occupation"])
                institutions.add(k["inst"]["id"])
                per_year[k["start"].year] += 1
                self.spans[pid].append((k["start"], k["end"], False))

    def implausible_ages(self, honest) -> None:
        r = self.rnd
        for i in range(max(3, round(self.n * r.uniform(0.004, 0.008)))):
            kind = i % 3
            pool = [
                k for k in honest if k["payee"] == "person" and (kind != 2 or k["occupation"] in PHYSICAL)
            ]
            k = r.choice(pool)
            age = {0: r.randint(8, 14), 1: r.randint(76, 92), 2: r.randint(71, 85)}[kind]
            birth = k["start"] - dt.timedelta(days=int(age * 365.25) + r.randrange(200))
            pid = self.person(birth, pension=kind != 0 and r.random() < 0.5)
            self.people[pid]["_planted"] = "implausible_age"
            k["roster"].append(pid)
            k.setdefault("sure", set()).add(pid)
            self.spans[pid].append((k["start"], k["end"], False))

    # -- attendance --------------------------------------------------------------------------------
    def attendance(self, k) -> None:
        r = self.rnd
        mode = k["mode"]
        ip = f"115.{r.randint(192, 239)}.{r.randrange(256)}.{r.randint(2, 254)}"
        start_time = dt.time(18, 30) if k["evening"] else dt.time(8, 30)
        clone_phones = [f"ua:{k['id']}:{n}" for n in range(r.randint(1, 2))]
        cloned = set(r.sample(k["roster"], max(3, round(len(k["roster"]) * r.uniform(0.4, 1.0)))))
        backfilled_days = set(r.sample(k["days"], max(1, round(len(k["days"]) * r.uniform(0.6, 1.0)))))
        cloned_face_days = set(r.sample(k["days"], max(1, round(len(k["days"]) * r.uniform(0.5, 1.0)))))
        typed_at = dt.datetime.combine(
            k["end"] + dt.timedelta(days=r.randint(3, 40)), dt.time(r.randint(9, 16))
        )
        broken = set()
        if mode == "honest" and r.random() < 0.08:  # a terminal broke: that day typed in by hand
            broken = set(r.sample(k["days"], 1 if len(k["days"]) < 8 else r.randint(1, 2)))
        next_morning = r.random() < 0.3
        k["broken"], k["next_morning"] = broken, next_morning
        for day in k["days"]:
            t0 = dt.datetime.combine(day, start_time)
            present = [p for p in k["roster"] if p in k.get("sure", ()) or r.random() < 0.95]
            r.shuffle(present)
            queue = t0 - dt.timedelta(seconds=r.randint(300, 1800))
            burst = 0
            for p in present:
                method = k["method"] if k["method"] != "mixed" else r.choice(["face", "qr"])
                if mode == "backfilled" and day in backfilled_days:
                    typed_at += dt.timedelta(seconds=r.randint(1, 6))
                    self.att(k, p, t0, "manual", "", "10.0.0.5", typed_at)
                    continue
                if day in broken:
                    typed = dt.datetime.combine(day, dt.time(16, 40)) + dt.timedelta(
                        seconds=r.randint(0, 5400)
                    )
                    if next_morning:
                        typed = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(8, 50))
                        typed += dt.timedelta(seconds=r.randint(0, 3600))
                    self.att(k, p, t0, "manual", "", ip, typed)
                    continue
                if r.random() < 0.01:  # a forgotten phone: the teacher enters the trainee that day
                    self.att(k, p, t0, "manual", "", ip, t0 + dt.timedelta(seconds=r.randint(600, 30000)))
                    continue
                if method == "qr":
                    if mode == "cloned_qr" and p in cloned:
                        queue += dt.timedelta(seconds=r.randint(1, 5))
                        at, device = queue, r.choice(clone_phones)
                    else:
                        at = t0 + dt.timedelta(seconds=r.randint(-1800, 900))
                        device = self.phone_of(p, day)
                    pip = (
                        ip
                        if k["wifi"]
                        else f"223.{r.randint(64, 127)}.{r.randrange(256)}.{r.randint(2, 254)}"
                    )
                    self.att(k, p, at, "qr", device, pip, at + dt.timedelta(seconds=r.randint(0, 6)))
                    continue
                # face: a queue at the session's start
                if mode == "cloned_face" and day in cloned_face_days:
                    queue += dt.timedelta(seconds=r.randint(1, 2))
                else:
                    burst += 1
                    pause = r.random() < 0.08
                    queue += dt.timedelta(seconds=r.randint(30, 400) if pause else r.randint(4, 15))
                self.att(
                    k, p, queue, "face", k["terminal"], ip, queue + dt.timedelta(seconds=r.randint(1, 5))
                )

    def phone_of(self, pid: str, day: dt.date) -> str:
        p = self.people[pid]
        if "_device" not in p:
            # a couple sharing one phone number scan with that phone
            p["_device"] = (
                "ua:"
                + hashlib.blake2b(
                    f"{self.seed}:{p.get('_device_key', p['phone'])}".encode(), digest_size=5
                ).hexdigest()
            )
            if self.rnd.random() < 0.02:
                p["_device2"] = (f"ua:{p['phone']}:{self.rnd.randrange(10**6)}", day)  # a new phone later
        if "_device2" in p and day >= p["_device2"][1]:
            return p["_device2"][0]
        return p["_device"]

    def att(self, k, pid, at, method, device, ip, recorded):
        self.records.append(
            {
                "type": "attendance",
                "class": k["id"],
                "person": pid,
                "at": at.isoformat(timespec="seconds"),
                "hours": k["per_day"],
                "method": method,
                "device": device,
                "ip": ip,
                "recorded_at": recorded.isoformat(timespec="seconds"),
            }
        )

    # -- results and claims ------------------------------------------------------------------------
    def results_and_claims(self, k) -> None:
        r = self.rnd
        planted_class = k["mode"] in CLASS_PATTERNS
        for pid in k["roster"]:
            p = self.people[pid]
            passed = pid in k.get("sure", ()) or planted_class or r.random() < 0.85
            recorded = dt.datetime.combine(
                k["end"] + dt.timedelta(days=r.randint(2, 14)), dt.time(10, r.randrange(60))
            )
            self.records.append(
                {
                    "type": "result",
                    "class": k["id"],
                    "person": pid,
                    "passed": passed,
                    "certificate_no": f"{k['id']}-{pid}" if passed else "",
                    "recorded_at": recorded.isoformat(),
                }
            )
            if not passed:
                continue
            created = recorded + dt.timedelta(days=r.randint(3, 20))
            if k["payee"] == "institution":
                kind, account = "institution", k["inst"]["account"]
            elif k["payee"] == "enterprise":
                kind, account = "enterprise", k["employer"]
            else:
                kind, account = "person", p["_account"]
            self.claim(k, pid, k["scheme"], kind, account, created)
            if p["_living"]:
                self.claim(k, pid, "living_allowance", "person", p["_account"], created)

    def claim(self, k, pid, scheme, kind, account, created):
        cid = f"K{len(self.claims) + 1:07d}"
        c = {
            "type": "claim",
            "id": cid,
            "person": pid,
            "class": k["id"],
            "scheme": scheme,
            "amount": f"{self.rnd.choice([500, 1000, 1500, 2000, 3500]) if scheme != 'living_allowance' else 50 * len(k['days'])}.00",
            "created_at": created.isoformat(timespec="seconds"),
            "payee_kind": kind,
            "payee_account": account,
        }
        self.claims.append(c)
        planted = self.people[pid].get("_planted")
        if k["mode"] in CLASS_PATTERNS:
            self.key["excluded_claims"].append(cid)
        elif planted:
            self.key["claims"][cid] = planted

    def shared_payees(self) -> None:
        """Mule accounts: the citizen-card claims of 3–12 unrelated honest trainees paid into one account."""
        r = self.rnd
        by_person = defaultdict(list)
        for c in self.claims:
            by_person[c["person"]].append(c)
        clean = [
            pid
            for pid, cs in by_person.items()
            if not self.people[pid].get("_planted")
            and all(c["payee_kind"] == "person" and c["id"] not in self.key["excluded_claims"] for c in cs)
        ]
        r.shuffle(clean)
        for _ in range(max(2, round(self.n * r.uniform(0.003, 0.006)))):
            mule = f"6217{r.randrange(10**15):015d}"
            for _ in range(r.randint(3, 12)):
                pid = clean.pop()
                self.people[pid]["_planted"] = "shared_payee"
                for c in by_person[pid]:
                    c["payee_account"] = mule
                    self.key["claims"][c["id"]] = "shared_payee"

    def emit(self) -> None:
        for k in self.classes:
            self.key["classes"].update({k["id"]: _signal(k["mode"])} if k["mode"] in CLASS_PATTERNS else {})
            self.records.append(
                {
                    "type": "class",
                    "id": k["id"],
                    "institution": k["inst"]["id"],
                    "scheme": k["scheme"],
                    "occupation": k["occupation"],
                    "level": k["level"],
                    "hours": k["hours"],
                    "start_date": k["start"].isoformat(),
                    "end_date": k["end"].isoformat(),
                    "capacity": k["capacity"],
                    "venue": k["venue"],
                }
            )
            self.records += [{"type": "enrolment", "class": k["id"], "person": p} for p in k["roster"]]
        self.key["excluded_classes"] = sorted(
            {k["id"] for k in self.key["excluded_classes"]} - set(self.key["classes"])
        )
        self.records += [{k: v for k, v in p.items() if not k.startswith("_")} for p in self.people.values()]
        self.records += self.claims
        self.key["n_classes"] = len(self.classes)
        self.key["n_claims"] = len(self.claims)
        self.rnd.shuffle(self.records)

    def lookalikes(self) -> dict[str, set[str]]:
        """The honest look-alikes in this district, by kind: the subjects (class, claim or person ids) a
        signal must leave alone. Computed from the records, so it says what is really in the data."""
        r_att = [x for x in self.records if x["type"] == "attendance"]
        honest = {k["id"]: k for k in self.classes if k["mode"] == "honest"}
        out: dict[str, set[str]] = defaultdict(set)
        qr_device, days = defaultdict(set), defaultdict(set)
        for a in r_att:
            k = honest.get(a["class"])
            if k is None:
                continue
            days[a["person"]].add((a["class"], k["evening"]))
            if a["method"] == "qr":
                qr_device[(a["class"], a["device"])].add(a["person"])
                if k["wifi"]:
                    out["venue_wifi_class"].add(a["class"])
            elif a["method"] == "face":
                out["face_queue_class"].add(a["class"])
        for (cid, _device), persons in qr_device.items():
            if len(persons) == 2:
                out["family_one_phone_class"].add(cid)
            elif len(persons) >= 3:
                out["family_of_three_one_phone_class"].add(cid)
        for cid, k in honest.items():
            phones = defaultdict(int)
            for pid in k["roster"]:
                phones[self.people[pid]["phone"]] += 1
            if any(v >= 2 for v in phones.values()):
                out["family_phone_class"].add(cid)
            if any(v >= 3 for v in phones.values()):
                out["family_of_three_class"].add(cid)
            if k.get("broken"):
                out["manual_next_morning_class" if k["next_morning"] else "manual_same_day_class"].add(cid)
            if k["evening"]:
                out["evening_class"].add(cid)
        for pid, seen in days.items():
            if {e for _c, e in seen} == {True, False}:
                out["day_and_evening_person"].add(pid)
        planted = set(self.key["claims"]) | set(self.key["excluded_claims"])
        accounts, trainings = defaultdict(set), defaultdict(set)
        for c in self.claims:
            if c["id"] not in planted:
                accounts[(c["payee_kind"], c["payee_account"])].add(c["person"])
                trainings[c["person"]].add(c["class"])
        klass = {k["id"]: k for k in self.classes}
        for c in self.claims:
            if c["id"] in planted:
                continue
            many = len(accounts[(c["payee_kind"], c["payee_account"])])
            if c["payee_kind"] != "person" and many >= 3:
                out["organisation_account_claim"].add(c["id"])
            if c["payee_kind"] == "person" and many == 2:
                out["couple_account_claim"].add(c["id"])
            if c["payee_kind"] == "person" and many == 3:
                out["household_of_three_account_claim"].add(c["id"])
            if 2 <= len(trainings[c["person"]]) <= 3:
                out["repeat_trainee_person"].add(c["person"])
            p, k = self.people[c["person"]], klass[c["class"]]
            age = (k["start"] - dt.date.fromisoformat(p["birth_date"])).days / 365.25
            if age >= 60 and not p["pension"]:
                out["senior_without_pension_claim"].add(c["id"])
            if 16 <= age < 18:
                out["school_leaver_claim"].add(c["id"])
        return dict(out)


def _signal(mode: str) -> str:
    return {"cloned_qr": "cloned_checkins", "cloned_face": "cloned_checkins"}.get(mode, mode)


def generate(n_classes: int = 1300, seed: int = 11) -> District:
    """A built district: `.records`, `.key` (the answer key) and `.lookalikes()`."""
    d = District(n_classes, seed)
    d.build()
    return d


def write(directory: Path, n_classes: int, seed: int, built: District | None = None) -> tuple[Path, Path]:
    """The district as JSON lines and its key, written in `directory`."""
    d = built or generate(n_classes, seed)
    lines, key = [json.dumps(r, ensure_ascii=False) for r in d.records], d.key
    directory.mkdir(parents=True, exist_ok=True)
    data = directory / f"district-{n_classes}-{seed}.jsonl"
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    key_path = directory / f"district-{n_classes}-{seed}-key.json"
    key_path.write_text(json.dumps(key, ensure_ascii=False, indent=1), encoding="utf-8")
    return data, key_path


def scorer_path() -> Path | None:
    """shared/integrity-score.py beside the repository (or a worktree's parents)."""
    for parent in HERE.parents:
        candidate = parent / "shared" / "integrity-score.py"
        if candidate.exists():
            return candidate
    return None


def score(data: Path, key: Path, findings: Path, scorer: Path | None = None) -> dict:
    """Run the shared scorer itself (imported from its file, under its own argv) and read back its
    figures: recall, false flags on clean classes and claims, findings without a Chinese explanation."""
    scorer = scorer or scorer_path()
    if scorer is None:
        raise FileNotFoundError("shared/integrity-score.py not found")
    spec = importlib.util.spec_from_file_location("integrity_score", scorer)
    module = importlib.util.module_from_spec(spec)
    out, argv, code = io.StringIO(), sys.argv, 0
    sys.argv = [str(scorer), str(data), str(key), str(findings)]
    try:
        with redirect_stdout(out):
            spec.loader.exec_module(module)
    except SystemExit as exc:
        code = exc.code or 0
    finally:
        sys.argv = argv
    text = out.getvalue()
    figures = re.search(r"recall ([\d.]+).*classes ([\d.]+), claims ([\d.]+)", text)
    counts = re.search(r"findings (\d+), without a Chinese explanation (\d+)", text)
    patterns = {
        m[1]: (int(m[2]), int(m[3])) for m in re.finditer(r"^\s+(\w+)\s+caught (\d+)/(\d+)", text, re.M)
    }
    return {
        "ok": code == 0,
        "recall": float(figures[1]),
        "false_classes": float(figures[2]),
        "false_claims": float(figures[3]),
        "findings": int(counts[1]),
        "unexplained": int(counts[2]),
        "patterns": patterns,
        "text": text,
    }
