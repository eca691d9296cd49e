"""The processes of the load test and the scale-out drill (issue 16 items 2 and 4), all on loopback.

Every process is started in a session of its own, so that one app node can be killed with all its workers
(SIGKILL to the process group, as when a machine is lost) and so that `Stack.stop_all()` — called from a
`finally`, also on Ctrl-C — leaves nothing running. Configuration files, logs, pid files, media and
collected static files live in the run's temporary directory; nothing system-wide is read or written.
"""

from __future__ import annotations

import base64
import contextlib
import http.client
import os
import pwd
import secrets
import signal
import socket
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def production_env(work: Path, *, database_url: str, cache_url: str, redis_url: str) -> dict[str, str]:
    """The environment of docs/operations.md with DEBUG off and keys made for this run only (as
    scripts/prod-smoke does); media and static files in the run's directory, shared by every process."""
    from cryptography.fernet import Fernet

    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        FIELD_ENCRYPTION_KEY=Fernet.generate_key().decode(),
        LOOKUP_HASH_KEY=secrets.token_urlsafe(40),
        AUDIT_SIGNING_KEY=base64.b64encode(secrets.token_bytes(32)).decode(),
        SMS_BACKEND="skillup.accounts.sms.HttpBackend",
        SMS_GATEWAY_URL="https://sms.invalid/send",
        SMS_GATEWAY_TOKEN="loadtest-token",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        TRUSTED_PROXIES="127.0.0.1",
        DATABASE_URL=database_url,
        DB_CONN_MAX_AGE="60",
        CACHE_URL=cache_url,
        REDIS_URL=redis_url,
        SKILLUP_VAR_DIR=str(work / "var"),
        MEDIA_ROOT=str(work / "var" / "media"),
        STATIC_ROOT=str(work / "var" / "static"),
        # The demo district lives in 2021: its classes, budgets and review dates need that business date.
        SKILLUP_TODAY="2021-06-15",
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT / "src")
        + (os.pathsep + os.environ["PYTHONPATH"] if os.environ.get("PYTHONPATH") else ""),
    )
    (work / "var" / "media").mkdir(parents=True, exist_ok=True)
    return env


class Stack:
    """Named child processes, each in its own process group; stop_all() ends every one of them."""

    def __init__(self, work: Path, env: dict[str, str]):
        self.work = work
        self.env = env
        self.procs: dict[str, subprocess.Popen] = {}
        self.logs = work / "logs"
        self.logs.mkdir(parents=True, exist_ok=True)

    def start(self, name: str, argv: list[str], env: dict[str, str] | None = None) -> subprocess.Popen:
        log = open(self.logs / f"{name}.log", "ab")  # noqa: SIM115 — the child keeps it open
        proc = subprocess.Popen(
            argv,
            env=env or self.env,
            cwd=self.work,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        log.close()
        self.procs[name] = proc
        return proc

    def gunicorn(self, name: str, python: str, port: int, *, workers: int, threads: int) -> subprocess.Popen:
        argv = [
            python,
            "-m",
            "gunicorn",
            "skillup.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--worker-class",
            "gthread",
            "--threads",
            str(threads),
            "--timeout",
            "60",
            "--keep-alive",
            "30",
            "--error-logfile",
            "-",
        ]
        proc = self.start(name, argv)
        wait_http(port, "/livez", proc, name=name, log=self.logs / f"{name}.log")
        return proc

    def kill(self, name: str, sig: int = signal.SIGKILL) -> None:
        """The whole process group (a gunicorn master with its workers) at once."""
        proc = self.procs[name]
        signal_group(proc.pid, sig)
        proc.wait(timeout=30)

    def alive(self, name: str) -> bool:
        return name in self.procs and self.procs[name].poll() is None

    def stop_all(self) -> None:
        for proc in self.procs.values():
            if proc.poll() is None:
                signal_group(proc.pid, signal.SIGTERM)
        deadline = time.monotonic() + 15
        for proc in self.procs.values():
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                signal_group(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)
        # A worker that outlived its master still belongs to the group: make sure none is left.
        for proc in self.procs.values():
            signal_group(proc.pid, signal.SIGKILL)
        self.procs.clear()


def signal_group(pid: int, sig: int) -> None:
    """`sig` to the process group led by `pid` (our child started it with start_new_session)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, sig)


def wait_http(
    port: int, path: str, proc: subprocess.Popen | None, *, name: str, log: Path, timeout: float = 90
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(
                f"{name} exited ({proc.returncode}):\n{log.read_text(errors='replace')[-3000:]}"
            )
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", path, headers={"X-Forwarded-Proto": "https"})
            if conn.getresponse().status == 200:
                conn.close()
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{name} did not answer {path} on port {port} within {timeout:.0f} s")


NGINX_CONF = """\
daemon off;
{user}
worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/logs/nginx-error.log warn;
events {{ worker_connections 512; }}
http {{
    access_log {work}/logs/nginx-access.log;
    client_body_temp_path {work}/nginx-body;
    proxy_temp_path {work}/nginx-proxy;
    fastcgi_temp_path {work}/nginx-fastcgi;
    uwsgi_temp_path {work}/nginx-uwsgi;
    scgi_temp_path {work}/nginx-scgi;
    upstream skillup {{
        # A node that refuses or drops a connection is left out for 10 s; GETs go to the other node at
        # once (nginx never retries a POST: the client sees the failure and decides).
{servers}
        keepalive 16;
    }}
    server {{
        listen 127.0.0.1:{port};
        client_max_body_size 25m;
        location / {{
            proxy_pass http://skillup;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host              $http_host;
            proxy_set_header X-Forwarded-Proto https;
            proxy_set_header X-Forwarded-For   $remote_addr;
            proxy_set_header X-Request-ID      $request_id;
            proxy_next_upstream error timeout http_502;
            proxy_connect_timeout 2s;
            proxy_read_timeout 60s;
            add_header X-Upstream $upstream_addr always;
        }}
    }}
}}
"""


def nginx_binary() -> str | None:
    for candidate in ("/usr/sbin/nginx", "/usr/bin/nginx"):
        if os.access(candidate, os.X_OK):
            return candidate
    return None


def start_nginx(stack: Stack, port: int, upstream_ports: list[int]) -> subprocess.Popen:
    binary = nginx_binary()
    if binary is None:
        raise RuntimeError("nginx is not installed: apt-get install -y nginx")
    servers = "\n".join(f"        server 127.0.0.1:{p} max_fails=1 fail_timeout=10s;" for p in upstream_ports)
    conf = stack.work / "nginx.conf"
    # Run as root (this sandbox), the workers would drop to `nobody` and lose the 0700 run directory.
    user = f"user {pwd.getpwuid(os.geteuid()).pw_name};" if os.geteuid() == 0 else ""
    conf.write_text(NGINX_CONF.format(work=stack.work, port=port, servers=servers, user=user))
    proc = stack.start(
        "nginx", [binary, "-p", str(stack.work), "-c", str(conf), "-e", str(stack.logs / "nginx-error.log")]
    )
    wait_http(port, "/livez", proc, name="nginx", log=stack.logs / "nginx-error.log")
    return proc
