"""A small HTTP client for the load test: one keep-alive connection per simulated user, its own cookies,
the CSRF dance of Django's login form, and what a TLS-terminating proxy would add (X-Forwarded-Proto).
Only the standard library: http.client, no third-party load tool to pin."""

from __future__ import annotations

import http.client
import re
import secrets
import statistics
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

IDLE_SECONDS = 5.0
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes
    seconds: float

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    @property
    def location(self) -> str:
        return self.headers.get("location", "")


class Client:
    """One user's browser (cookies) or API client (bearer token) over one keep-alive connection."""

    def __init__(self, port: int, *, token: str | None = None, timeout: float = 60):
        self.port = port
        self.host = f"127.0.0.1:{port}"
        self.token = token
        self.timeout = timeout
        self.cookies: dict[str, str] = {}
        self.conn: http.client.HTTPConnection | None = None
        self.last_used = 0.0

    def _connection(self) -> http.client.HTTPConnection:
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        return self.conn

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def request(
        self, method: str, path: str, body: bytes | None = None, headers: dict | None = None
    ) -> Response:
        h = {"Host": self.host, "X-Forwarded-Proto": "https", "User-Agent": "skillup-loadtest"}
        if self.cookies:
            h["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if self.token:
            h["Authorization"] = f"Bearer {self.token}"
        if method != "GET":
            # What a browser sends over HTTPS: Django's CSRF check compares the Origin with the host.
            h["Origin"] = f"https://{self.host}"
            h["Referer"] = f"https://{self.host}{path}"
            if "csrftoken" in self.cookies:
                h["X-CSRFToken"] = self.cookies["csrftoken"]
        h.update(headers or {})
        # A server closes an idle keep-alive connection (gunicorn after --keep-alive seconds): like a
        # browser, open a new one rather than send on one that may be gone; a GET that still meets a
        # connection closed under it is sent once more on a fresh one (never a POST: it may have arrived).
        if self.conn is not None and time.monotonic() - self.last_used > IDLE_SECONDS:
            self.close()
        for attempt in (1, 2):
            reused = self.conn is not None
            start = time.perf_counter()
            try:
                conn = self._connection()
                conn.request(method, path, body=body, headers=h)
                raw = conn.getresponse()
                data = raw.read()
                break
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                self.close()
                if not (reused and method == "GET" and attempt == 1):
                    raise
            except (OSError, http.client.HTTPException):
                self.close()
                raise
        seconds = time.perf_counter() - start
        self.last_used = time.monotonic()
        if raw.getheader("connection", "").lower() == "close":
            self.close()
        headers_out = {k.lower(): v for k, v in raw.getheaders() if k.lower() != "set-cookie"}
        for value in raw.headers.get_all("Set-Cookie") or []:
            jar = SimpleCookie()
            jar.load(value)
            for name, morsel in jar.items():
                if morsel.value == "" or morsel["max-age"] == "0":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return Response(raw.status, headers_out, data, seconds)

    def get(self, path: str, headers: dict | None = None) -> Response:
        return self.request("GET", path, headers=headers)

    def follow(self, response: Response) -> Response:
        """The page a redirect leads to (same host)."""
        target = urlsplit(response.location)
        return self.get(target.path + (f"?{target.query}" if target.query else ""))

    def post_form(self, path: str, fields: dict) -> Response:
        fields = {"csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), **fields}
        return self.request(
            "POST",
            path,
            body=urlencode(fields).encode(),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )

    def post_multipart(self, path: str, fields: dict, files: dict[str, tuple[str, bytes, str]]) -> Response:
        boundary = f"----skillup{uuid.uuid4().hex}"
        parts = []
        fields = {"csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), **fields}
        for name, value in fields.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
            )
        for name, (filename, content, content_type) in files.items():
            parts.append(
                (
                    f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                    f"Content-Type: {content_type}\r\n\r\n"
                ).encode()
                + content
                + b"\r\n"
            )
        parts.append(f"--{boundary}--\r\n".encode())
        return self.request(
            "POST",
            path,
            body=b"".join(parts),
            headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
        )

    def post_json(self, path: str, payload: bytes) -> Response:
        return self.request("POST", path, body=payload, headers={"Content-Type": "application/json"})

    def login(self, username: str, password: str) -> None:
        page = self.get("/accounts/login/")
        match = CSRF_INPUT.search(page.text)
        if page.status != 200 or not match:
            raise RuntimeError(f"login page: {page.status} {page.text[:200]}")
        answer = self.post_form(
            "/accounts/login/",
            {"username": username, "password": password, "csrfmiddlewaretoken": match.group(1)},
        )
        if answer.status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"login as {username}: {answer.status} {answer.text[:300]}")


# --- measurement -------------------------------------------------------------------------------------


@dataclass
class Endpoint:
    name: str
    path: str
    make_client: object  # (thread index) -> Client, called once per simulated user
    expect: bytes = b""  # a marker the answer must contain (the page really rendered)
    list_page: bool = False


@dataclass
class Figures:
    seconds: list[float] = field(default_factory=list)
    wall: float = 0.0
    errors: int = 0
    first_error: str = ""

    def add(self, other: Figures) -> None:
        self.seconds += other.seconds
        self.wall += other.wall
        self.errors += other.errors
        self.first_error = self.first_error or other.first_error

    def rps(self) -> float:
        return len(self.seconds) / self.wall if self.wall else 0.0

    def pct(self, p: int) -> float:
        if len(self.seconds) < 2:
            return self.seconds[0] if self.seconds else float("nan")
        return statistics.quantiles(self.seconds, n=100, method="inclusive")[p - 1]


def run_block(clients: list[Client], endpoint: Endpoint, per_client: int) -> Figures:
    """Every simulated user sends `per_client` requests to the endpoint, one after the other, all users at
    once (started together by a barrier); the block's requests/s is its requests over its wall time."""
    out = Figures()
    lock = threading.Lock()
    barrier = threading.Barrier(len(clients) + 1)
    ends: list[float] = []

    def user(client: Client) -> None:
        mine: list[float] = []
        errors, first = 0, ""
        barrier.wait()
        for _ in range(per_client):
            try:
                r = client.get(endpoint.path)
            except (OSError, http.client.HTTPException) as exc:
                errors, first = errors + 1, first or f"{type(exc).__name__}: {exc}"
                continue
            mine.append(r.seconds)
            if r.status != 200 or (endpoint.expect and endpoint.expect not in r.body):
                errors, first = errors + 1, first or f"{r.status} {r.location or r.text[:200]}"
        with lock:
            out.seconds += mine
            out.errors += errors
            out.first_error = out.first_error or first
            ends.append(time.perf_counter())

    threads = [threading.Thread(target=user, args=(c,), daemon=True) for c in clients]
    for t in threads:
        t.start()
    barrier.wait()
    start = time.perf_counter()
    for t in threads:
        t.join()
    out.wall = max(ends) - start
    return out


def token_hex() -> str:
    return secrets.token_hex(8)
