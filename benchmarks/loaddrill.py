"""The scale-out drill (issue 16 item 4), run by benchmarks/loadtest.py (`make loadtest`, `make drill`).

Two gunicorn app nodes on their own ports behind one nginx (run in the foreground from a config written
into the run's directory), one PostgreSQL database (a copy of the freshly seeded demo district), Redis
(cache and broker), one Celery worker and one beat — all on loopback, sharing one MEDIA_ROOT.

Through the proxy, while readers load the dashboard and the claims list: officers push every claim under
review through the department, HR and Finance steps (API with bearer tokens, and the web form with
sessions), a quarter of the steps raced by two clients at once; HR uploads certificate scans; HR starts a
background export (the Celery worker writes it into the shared media). Node A is SIGKILLed, workers and
all, when 40% of the reviews are done. Clients retry what failed, as a person would (after reading the
claim's status again). Afterwards every check prints PASS or FAIL.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import os
import random
import signal
import statistics
import sys
import threading
import time
from dataclasses import dataclass, field

from loadclient import Client, Response
from loadstack import Stack, free_port, start_nginx

RETRYABLE = {502, 503, 504}
REJECT_SHARE = 0.08
RACE_SHARE = 0.25


@dataclass
class Journal:
    """What the clients saw, for the checks."""

    reviews_ok: list[tuple[int, str, str]] = field(default_factory=list)
    races: list[dict] = field(default_factory=list)
    uploads_ok: list[str] = field(default_factory=list)
    upload_nodes: dict[str, str] = field(default_factory=dict)
    conflicts: int = 0
    failures: list[str] = field(default_factory=list)  # 5xx / connection errors the clients saw
    write_seconds: list[float] = field(default_factory=list)
    read_seconds: list[float] = field(default_factory=list)
    read_errors: list[str] = field(default_factory=list)
    lost_sessions: int = 0
    inflight: int = 0  # writes sent and not yet answered (the kill waits for some)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def as_json(self) -> str:
        return json.dumps(
            {"reviews_ok": self.reviews_ok, "races": self.races, "uploads_ok": self.uploads_ok},
            ensure_ascii=False,
        )


class Officers:
    """One API client (bearer) and one signed-in browser per officer, per writer thread."""

    def __init__(self, port: int, tokens: dict[str, str], password: str):
        self.port, self.tokens, self.password = port, tokens, password
        self.api: dict[str, Client] = {}
        self.web: dict[str, Client] = {}

    def api_client(self, who: str) -> Client:
        if who not in self.api:
            self.api[who] = Client(self.port, token=self.tokens[who])
        return self.api[who]

    def web_client(self, who: str) -> Client:
        if who not in self.web:
            c = Client(self.port)
            _retry(lambda: c.login(who, self.password))
            self.web[who] = c
        return self.web[who]

    def close(self) -> None:
        for c in (*self.api.values(), *self.web.values()):
            c.close()


def _retry(fn, attempts: int = 20):
    for i in range(attempts):
        try:
            return fn()
        except (OSError, http.client.HTTPException, RuntimeError):
            if i == attempts - 1:
                raise
            time.sleep(0.5)


NEXT_STEP = {"checked": "dept", "dept_approved": "hr", "hr_approved": "finance"}


def _review(
    officers: Officers, claim: int, step: str, who: str, decision: str, via_web: bool
) -> tuple[str, Response | None]:
    """One review request: 'ok', 'conflict' (409 or a refusal on the page) or 'failed' (5xx, no answer)."""
    body = {"decision": decision, "reason": "负载演练退回" if decision == "reject" else ""}
    try:
        if via_web:
            c = officers.web_client(who)
            r = c.post_form(f"/subsidies/claims/{claim}/review/", body)
            if r.status in RETRYABLE or r.status >= 500:
                return "failed", r
            if r.status != 302:
                return "conflict", r
            page = c.follow(r)
            if page.status in RETRYABLE:
                # The review was answered; only the page after it failed. Its outcome is read again.
                return "unknown", r
            word = "通过" if decision == "approve" else "退回"
            return ("ok" if f"申领 #{claim} 已{word}" in page.text else "conflict"), r
        r = officers.api_client(who).post_json(f"/api/v1/claims/{claim}/review", json.dumps(body).encode())
    except (OSError, http.client.HTTPException):
        return "failed", None
    if r.status == 200:
        return "ok", r
    if r.status in RETRYABLE or r.status >= 500:
        return "failed", r
    return "conflict", r


def _status(officers: Officers, claim: int, who: str) -> str | None:
    def read():
        r = officers.api_client(who).get(f"/api/v1/claims/{claim}")
        if r.status in RETRYABLE:
            raise OSError(f"{r.status}")
        return json.loads(r.body)["status"] if r.status == 200 else None

    return _retry(read)


def writer(
    rows: list[dict],
    officers: Officers,
    journal: Journal,
    progress: list[int],
    rng: random.Random,
    stop: threading.Event,
) -> None:
    for row in rows:
        status = row["status"]
        while status in NEXT_STEP and not stop.is_set():
            step = NEXT_STEP[status]
            who = row[step]
            decision = "reject" if rng.random() < REJECT_SHARE else "approve"
            via_web = rng.random() < 0.33
            if rng.random() < RACE_SHARE:
                outcomes = _race(officers, row["id"], step, who, decision, journal)
            else:
                t = time.perf_counter()
                with journal.lock:
                    journal.inflight += 1
                outcome, _r = _review(officers, row["id"], step, who, decision, via_web)
                with journal.lock:
                    journal.inflight -= 1
                with journal.lock:
                    journal.write_seconds.append(time.perf_counter() - t)
                outcomes = [outcome]
            with journal.lock:
                progress[0] += 1
                if "ok" in outcomes:
                    journal.reviews_ok.append((row["id"], step, decision))
                journal.conflicts += outcomes.count("conflict")
                journal.failures += [f"{row['id']}:{step}" for o in outcomes if o == "failed"]
            if "ok" in outcomes:
                status = (
                    "rejected"
                    if decision == "reject"
                    else {"dept": "dept_approved", "hr": "hr_approved"}.get(step, "finance_approved")
                )
                continue
            if "failed" in outcomes or "unknown" in outcomes:
                time.sleep(0.5)  # the node is gone: read where the claim stands, then go on from there
            new = _status(officers, row["id"], "hr")
            if new == status and "conflict" in outcomes and "failed" not in outcomes:
                break  # refused for a reason of its own (a check, the budget): a person would stop here
            status = new or "gone"


def _race(officers: Officers, claim: int, step: str, who: str, decision: str, journal: Journal) -> list[str]:
    """The same review sent by two clients of the officer at the same moment (two tabs, two devices)."""
    second = Officers(officers.port, officers.tokens, officers.password)
    results: list[str] = ["", ""]
    barrier = threading.Barrier(2)

    def send(i: int, o: Officers) -> None:
        barrier.wait()
        results[i] = _review(o, claim, step, who, decision, via_web=False)[0]

    t = threading.Thread(target=send, args=(1, second))
    t.start()
    send(0, officers)
    t.join()
    second.close()
    with journal.lock:
        journal.races.append({"claim": claim, "step": step, "ok": results.count("ok"), "outcomes": results})
    return results


def reader(client: Client, paths: list[str], journal: Journal, stop: threading.Event) -> None:
    i = 0
    while not stop.is_set():
        path = paths[i % len(paths)]
        i += 1
        try:
            r = client.get(path)
        except (OSError, http.client.HTTPException) as exc:
            with journal.lock:
                journal.read_errors.append(f"{path}: {type(exc).__name__}")
            time.sleep(0.2)
            continue
        with journal.lock:
            if r.status == 200:
                journal.read_seconds.append(r.seconds)
            elif r.status == 302 and "/accounts/login/" in r.location:
                journal.lost_sessions += 1
            else:
                journal.read_errors.append(f"{path}: {r.status}")


def uploader(client: Client, claim: int, journal: Journal, stop: threading.Event, rng: random.Random) -> None:
    while not stop.is_set():
        content = b"\x89PNG\r\n\x1a\n" + rng.randbytes(2048)
        digest = hashlib.sha256(content).hexdigest()
        try:
            r = client.post_multipart(
                f"/certificates/claims/{claim}/evidence/",
                {},
                {"evidence": ("scan.png", content, "image/png")},
            )
            if r.status == 302:
                page = client.follow(r)
                if page.status == 200 and "扫描件已上传" in page.text:
                    with journal.lock:
                        journal.uploads_ok.append(digest)
                        journal.upload_nodes[digest] = r.headers.get("x-upstream", "")
        except (OSError, http.client.HTTPException):
            pass
        stop.wait(1.5)


def _pct(values: list[float], p: int) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


def drill(args, stack: Stack, env: dict, password: str, machine_load) -> bool:
    import subprocess

    from loadtest import loaddata, manage

    stack.env = env
    print(f"\n== scale-out drill — {machine_load()}")
    plan = loaddata(env, "drill-plan")
    tokens = loaddata(env, "prepare", "--password", password, "--tokens", ",".join(plan["actors"]))["tokens"]
    ports = {"node-a": free_port(), "node-b": free_port()}
    for name, port in ports.items():
        stack.gunicorn(name, sys.executable, port, workers=2, threads=3)
    work = stack.work
    stack.start(
        "celery-worker",
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "skillup",
            "worker",
            "-l",
            "warning",
            "-c",
            "1",
            "-n",
            f"drill-{os.getpid()}@localhost",
            "--without-gossip",
            "--without-mingle",
        ],
    )
    stack.start(
        "celery-beat",
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "skillup",
            "beat",
            "-l",
            "warning",
            "--schedule",
            str(work / "celerybeat-schedule"),
            "--pidfile",
            str(work / "beat.pid"),
        ],
    )
    proxy = free_port()
    start_nginx(stack, proxy, list(ports.values()))
    print(
        f"-- nginx :{proxy} → node A :{ports['node-a']}, node B :{ports['node-b']} (2 gthread workers × 3 each); "
        f"Celery worker and beat; {len(plan['claims'])} claims under review, scans for claim {plan['cert_pending']}"
    )
    checks: list[tuple[str, bool, str]] = []

    # Sessions are in the database: a login on one node is a login on the other.
    a, b = Client(ports["node-a"]), Client(ports["node-b"])
    a.login("hr", password)
    b.cookies = dict(a.cookies)
    shared = b.get("/")
    checks.append(
        (
            "a session opened on node A works on node B",
            shared.status == 200 and "个人设置" in shared.text,
            f"{shared.status}",
        )
    )
    survivor = Client(ports["node-a"])  # used through the proxy after node A is gone
    survivor.login("dept", password)

    # Throttles count in the shared cache: bad tokens alternately on both nodes trip the one limit.
    statuses = []
    for i in range(22):
        c = Client(ports["node-a" if i % 2 else "node-b"], token="su_not-a-real-token")
        statuses.append(c.get("/api/v1/me", headers={"X-Forwarded-For": "203.0.113.77"}).status)
        c.close()
    limit = 20
    checks.append(
        (
            "bad-token throttle shared by both nodes (Redis cache)",
            statuses[:limit] == [401] * limit and 429 in statuses[limit:],
            f"answers {statuses[limit - 2 :]}",
        )
    )

    journal = Journal()
    stop_writers, stop_rest = threading.Event(), threading.Event()
    rng = random.Random(16)
    rows = plan["claims"]
    lanes = [rows[i::6] for i in range(6)]
    progress = [0]
    expected = sum({"checked": 3, "dept_approved": 2, "hr_approved": 1}[r["status"]] for r in rows)
    officers = [Officers(proxy, tokens, password) for _ in lanes]
    threads = [
        threading.Thread(target=writer, args=(lane, o, journal, progress, random.Random(i), stop_writers))
        for i, (lane, o) in enumerate(zip(lanes, officers, strict=True))
    ]
    readers = []
    for who, paths in (
        ("hr", ["/planning/dashboard/", "/subsidies/claims/"]),
        ("dept", ["/subsidies/claims/", "/"]),
    ):
        c = Client(proxy)
        c.login(who, password)
        readers.append(threading.Thread(target=reader, args=(c, paths, journal, stop_rest)))
    up = Client(proxy)
    up.login("hr", password)
    others = [*readers]
    if plan["cert_pending"]:
        others.append(
            threading.Thread(target=uploader, args=(up, plan["cert_pending"][0], journal, stop_rest, rng))
        )

    # A background export: the web node queues it, the Celery worker writes it into the shared media.
    exporter = Client(proxy)
    exporter.login("hr", password)
    started = exporter.get("/subsidies/claims/?format=xlsx")
    export_page = started.location if started.status == 302 else ""

    t0 = time.monotonic()
    for t in (*threads, *others):
        t.start()
    killed_at = None
    while any(t.is_alive() for t in threads):
        due = progress[0] >= 0.4 * expected or time.monotonic() - t0 > args.drill_seconds * 0.5
        # Midway, at a moment when most writers wait for an answer (so that some die with node A).
        if (
            killed_at is None
            and due
            and (journal.inflight >= 4 or time.monotonic() - t0 > args.drill_seconds)
        ):
            in_flight = journal.inflight
            stack.kill("node-a", signal.SIGKILL)
            killed_at = time.monotonic() - t0
            print(
                f"-- SIGKILL node A (master and workers) at {killed_at:.1f} s, {progress[0]}/{expected} reviews "
                f"done, {in_flight} writes in flight"
            )
        if time.monotonic() - t0 > args.drill_seconds * 3:
            stop_writers.set()
        time.sleep(0.02)
    wall = time.monotonic() - t0
    stop_rest.set()
    for t in others:
        t.join()
    if killed_at is None:
        stack.kill("node-a", signal.SIGKILL)
        killed_at = wall
    for o in officers:
        o.close()

    # After the kill: the survivor serves the session made on node A, and every scan (whichever node took it).
    after = Client(proxy)
    after.cookies = dict(survivor.cookies)
    page = _retry(lambda: after.get("/subsidies/claims/"))
    checks.append(
        (
            "a session opened on the killed node works on the survivor",
            page.status == 200 and "个人设置" in page.text,
            f"{page.status}",
        )
    )
    ids = loaddata(env, "evidence-ids", *journal.uploads_ok) if journal.uploads_ok else {}
    served, from_a = 0, 0
    for digest, pk in ids.items():
        r = _retry(lambda pk=pk: up.get(f"/certificates/evidence/{pk}/"))
        if r.status == 200 and hashlib.sha256(r.body).hexdigest() == digest:
            served += 1
            from_a += journal.upload_nodes.get(digest, "").endswith(f":{ports['node-a']}")
    checks.append(
        (
            "every accepted scan is served by the survivor, byte for byte (shared MEDIA_ROOT)",
            bool(ids) and served == len(journal.uploads_ok),
            f"{served}/{len(journal.uploads_ok)} served, {from_a} uploaded through node A",
        )
    )
    export_ok, export_detail = False, "no background export was started"
    if export_page:
        pk = export_page.rstrip("/").rsplit("/", 1)[-1]
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            r = _retry(lambda: exporter.get(f"/exports/{pk}/download/"))
            if r.status == 200:
                export_ok, export_detail = r.body[:2] == b"PK", f"job {pk}: {len(r.body)} bytes of .xlsx"
                break
            time.sleep(1)
        else:
            export_detail = f"job {pk} not done in 120 s"
    checks.append(
        (
            "background export written by the Celery worker, downloaded from the survivor",
            export_ok,
            export_detail,
        )
    )
    schedule = any(work.glob("celerybeat-schedule*"))
    running = stack.alive("celery-beat") and stack.alive("celery-worker")
    checks.append(
        (
            "Celery worker and one beat running, the beat's schedule in the run directory",
            running and schedule,
            "",
        )
    )

    (work / "drill-plan.json").write_text(json.dumps(plan))
    (work / "drill-journal.json").write_text(journal.as_json())
    for row in loaddata(
        env, "verify", "--plan", str(work / "drill-plan.json"), "--journal", str(work / "drill-journal.json")
    ):
        checks.append((row["check"], row["ok"], row["detail"]))
    try:
        manage(env, "audit-verify", capture=True)
        checks.append(("audit chain whole after concurrent writes from two nodes (audit-verify)", True, ""))
    except subprocess.CalledProcessError as exc:
        checks.append(
            (
                "audit chain whole after concurrent writes from two nodes (audit-verify)",
                False,
                (exc.stdout or "")[-300:],
            )
        )

    n_writes = len(journal.write_seconds)
    print(f"\n-- drill figures ({wall:.1f} s of writes, {machine_load()}):")
    print(
        f"   reviews: {len(journal.reviews_ok)} succeeded, {journal.conflicts} refused (409 / not at that step), "
        f"{len(journal.failures)} failed in flight when node A died (retried after reading the claim again)"
    )
    print(
        f"   races: {len(journal.races)} (two clients, one review), {sum(r['ok'] == 1 for r in journal.races)} with exactly one winner"
    )
    print(
        f"   single reviews through the proxy: {n_writes} requests, {n_writes / wall:.1f}/s, "
        f"p50 {_pct(journal.write_seconds, 50) * 1000:.0f} ms, p95 {_pct(journal.write_seconds, 95) * 1000:.0f} ms, "
        f"p99 {_pct(journal.write_seconds, 99) * 1000:.0f} ms"
    )
    reads = journal.read_seconds
    print(
        f"   reads beside them: {len(reads)} pages, {len(reads) / wall:.1f}/s, p50 {_pct(reads, 50) * 1000:.0f} ms, "
        f"p95 {_pct(reads, 95) * 1000:.0f} ms; {len(journal.read_errors)} failed {journal.read_errors[:3]}, "
        f"{journal.lost_sessions} sent back to the login page"
    )
    print(f"   scans: {len(journal.uploads_ok)} accepted")
    checks.append(
        (
            "no reader was sent back to the login page (sessions survive the kill)",
            journal.lost_sessions == 0,
            "",
        )
    )
    print("\n== drill checks")
    for name, ok, detail in checks:
        print(f"  {'PASS' if ok else 'FAIL'}  {name}{'  — ' + detail if detail else ''}")
    return all(ok for _n, ok, _d in checks)
