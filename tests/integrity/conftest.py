"""Integrity engine tests need neither Django nor a database."""

from __future__ import annotations

import json
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SRC = REPO / "src"
SHARED = REPO / ".." / "shared"
EXAMPLE = SHARED / "integrity-example.jsonl.gz"
KEY = SHARED / "integrity-example-key.json"
SCORER = SHARED / "integrity-score.py"


def feed(*records) -> list[str]:
    return [json.dumps(r, ensure_ascii=False) for r in records]


def person(pid, phone=None, birth="1985-05-05", pension=False):
    return {
        "type": "person",
        "id": pid,
        "birth_date": birth,
        "sex": "男",
        "phone": phone or f"139{pid[-8:]:0>8}",
        "groups": ["employee"],
        "pension": pension,
    }


def klass(cid, inst="I001", occupation="电子商务师", start="2021-03-01", end="2021-03-05", venue=None):
    return {
        "type": "class",
        "id": cid,
        "institution": inst,
        "scheme": "vocational_certificate",
        "occupation": occupation,
        "level": "初级",
        "hours": 40,
        "start_date": start,
        "end_date": end,
        "capacity": 50,
        "venue": venue or f"{cid}教室",
    }


def enrol(cid, pid):
    return {"type": "enrolment", "class": cid, "person": pid}


def att(cid, pid, at, method="qr", device=None, ip="10.0.0.1", recorded_at=None, hours=8):
    return {
        "type": "attendance",
        "class": cid,
        "person": pid,
        "at": at,
        "hours": hours,
        "method": method,
        "device": device if device is not None else (f"ua:{pid}" if method == "qr" else ""),
        "ip": ip,
        "recorded_at": recorded_at or at,
    }


def claim(kid, pid, cid, kind="person", account=None):
    return {
        "type": "claim",
        "id": kid,
        "person": pid,
        "class": cid,
        "scheme": "vocational_certificate",
        "amount": "1000.00",
        "created_at": "2021-04-01T10:00:00",
        "payee_kind": kind,
        "payee_account": account or f"6217{pid}",
    }
