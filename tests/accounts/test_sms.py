"""The SMS adapter (issue 10 item 1): the HTTP gateway backend against a real local HTTP server, the log
backend's outbox, and the deploy check that catches a production without a gateway."""

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from skillup.accounts import sms


class Gateway:
    """A local HTTP server thread standing in for the district's SMS platform."""

    def __init__(self, status=200):
        self.received = []
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers["Content-Length"])
                gateway.received.append(
                    {
                        "path": self.path,
                        "authorization": self.headers.get("Authorization"),
                        "content_type": self.headers.get("Content-Type"),
                        "body": json.loads(self.rfile.read(length)),
                    }
                )
                self.send_response(gateway.status)
                self.end_headers()
                self.wfile.write(b'{"ok": true}')

            def log_message(self, *args):
                pass

        self.status = status
        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/sms/send"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def http_backend(settings):
    settings.SMS_BACKEND = "skillup.accounts.sms.HttpBackend"
    settings.SMS_GATEWAY_TOKEN = "gateway-token-1"
    settings.SMS_GATEWAY_TIMEOUT = 2
    return settings


def test_the_http_backend_posts_json_with_the_token(http_backend):
    with Gateway() as gateway:
        http_backend.SMS_GATEWAY_URL = gateway.url
        sms.send("13700000001", "验证码 123456")
    [call] = gateway.received
    assert call["path"] == "/sms/send"
    assert call["authorization"] == "Bearer gateway-token-1"
    assert call["content_type"].startswith("application/json")
    assert call["body"] == {"phone": "13700000001", "message": "【技能提升行动】验证码 123456"}


def test_a_gateway_error_or_silence_is_an_sms_error(http_backend):
    with Gateway(status=503) as gateway:
        http_backend.SMS_GATEWAY_URL = gateway.url
        with pytest.raises(sms.SmsError, match="503"):
            sms.send("13700000001", "x")
    http_backend.SMS_GATEWAY_URL = gateway.url  # the server is gone now
    with pytest.raises(sms.SmsError, match="无响应"):
        sms.send("13700000001", "x")
    http_backend.SMS_GATEWAY_URL = ""
    with pytest.raises(sms.SmsError):
        sms.send("13700000001", "x")


def test_a_signup_code_goes_through_the_gateway(http_backend, cast, client):
    from django.urls import reverse

    from skillup.registry import crypto
    from tests.factories import PersonFactory

    person = PersonFactory(name="冯学员", phone="13700000003")
    with Gateway() as gateway:
        http_backend.SMS_GATEWAY_URL = gateway.url
        r = client.post(
            reverse("training_signup"),
            {
                "id_number": crypto.decrypt(person.id_cipher),
                "name": person.name,
                "phone": "13500000001",
                "password": "a-Strong-pass-21",
                "password2": "a-Strong-pass-21",
            },
        )
    assert r.status_code == 302
    [call] = gateway.received
    assert call["body"]["phone"] == person.phone and "验证码" in call["body"]["message"]


def test_the_log_backend_keeps_an_outbox_with_debug_on(settings):
    settings.DEBUG = True
    settings.SMS_BACKEND = "skillup.accounts.sms.LogBackend"
    sms.send("13700000002", "hello")
    assert sms.outbox()[0]["phone"] == "13700000002" and "hello" in sms.outbox()[0]["message"]


def test_the_deploy_check_warns_without_a_gateway(settings):
    from skillup.accounts.checks import sms_gateway_configured

    settings.SMS_BACKEND = "skillup.accounts.sms.LogBackend"
    assert [w.id for w in sms_gateway_configured(None)] == ["skillup.W001"]
    settings.SMS_BACKEND = "skillup.accounts.sms.HttpBackend"
    settings.SMS_GATEWAY_URL = ""
    assert [w.id for w in sms_gateway_configured(None)] == ["skillup.W002"]
    settings.SMS_GATEWAY_URL = "https://sms.example.gov.cn/send"
    assert sms_gateway_configured(None) == []
