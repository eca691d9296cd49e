"""Every threshold of the integrity signals, in one place (docs/integrity.md explains each)."""

VERSION = "2026.12-1"

FLAG = 0.5  # a score at or above this is a flag a case officer should see

# shared phones: within one roster, trainees registered with one phone number
PHONE_GROUP = 3  # a number shared by this many trainees of one class counts (families are 2–3)
PHONE_TRAINEES = 6  # flag when this many trainees of a class sit in such groups

# cloned check-ins
QR_DEVICE_TRAINEES = 3  # one phone (QR scanner fingerprint) checking in this many trainees of a class
FACE_GAP_SECONDS = 3.0  # a face terminal does not check real people in faster than this (real queues: 4 s+)
FACE_RUN = 6  # this many consecutive check-ins each closer than FACE_GAP_SECONDS

# back-filled attendance: manual entries typed in on a later day than the attendance
BACKFILL_RECORDS = 10
BACKFILL_SHARE = 0.3  # of the class's attendance records

# double presence: trainees checked in at two venues at overlapping hours
DOUBLE_TRAINEES = 3

# shared payee: personal accounts receiving subsidies of this many different people
PAYEE_PERSONS = 3

# serial trainee
SERIAL_CLAIMS = 6
SERIAL_OCCUPATIONS = 4

# implausible age at the start of the class
MIN_AGE = 16
MAX_AGE = 75
MAX_AGE_PHYSICAL = 70
PHYSICAL_TRADES = frozenset(
    {
        "砌筑工",
        "钢筋工",
        "架子工",
        "焊工",
        "钳工",
        "铣工",
        "车工",
        "电工",
        "电梯安装维修工",
        "制冷工",
        "汽车维修工",
    }
)


def snapshot() -> dict:
    """Every threshold by name, as stored with each scan run (so a finding can be traced to its rules)."""
    return {
        name: sorted(value) if isinstance(value, frozenset) else value
        for name, value in globals().items()
        if name.isupper()
    }
