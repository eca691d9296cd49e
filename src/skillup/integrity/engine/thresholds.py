"""Every threshold of the integrity signals, in one place (docs/integrity.md explains each)."""

VERSION = "2026.12-2"

FLAG = 0.5  # a score at or above this is a flag a case officer should see

# shared phones: within one roster, trainees registered with one phone number
# One household: the most people an honest family puts on one phone or one scanning phone. A number or a
# QR phone shared by more than a household is never a family; one of exactly a household only counts
# when several such groups stand in one roster.
HOUSEHOLD = 3
PHONE_GROUP = HOUSEHOLD  # a number shared by this many trainees of one class counts towards PHONE_TRAINEES
PHONE_TRAINEES = 6  # flag when this many trainees of a class sit in such groups
PHONE_ALONE = HOUSEHOLD + 1  # …or when one number alone is shared by this many (more than a household)

# cloned check-ins
QR_DEVICE_TRAINEES = (
    HOUSEHOLD + 1
)  # one phone (QR scanner fingerprint) checking in this many trainees of a class
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


# Monthly spot checks (第二十一条 第三方评估; docs/integrity.md "Spot checks"). Not signal thresholds:
# a draw records these with itself, a scan run does not (see `snapshot`).
SPOT_METHOD = "strata-pps-es-1"  # the sampling method's name and version, recorded with each draw
SPOT_RATE = "0.05"  # default sample: 5 % of the month's classes (rounded up) …
SPOT_MIN_PER_DEPARTMENT = 1  # … and at least one class of every competent department that had classes
SPOT_FLOOR_WEIGHT = "1.00"  # every class's weight starts here, so a class without findings can be drawn
SPOT_CLASS_RISK_CAP = "3.00"  # the class's own open findings add their scores, up to this
SPOT_INSTITUTION_FACTOR = "0.50"  # the institution's other open findings add this share of their scores …
SPOT_INSTITUTION_RISK_CAP = "2.00"  # … of at most this much
SPOT_SCORE_BASE = "0.50"  # a "problem found" check is a flag (holds the money) …
SPOT_SCORE_SPAN = "0.49"  # … rising with the worst failed share of the answers, up to 0.99

# Institution credit levels (docs/integrity.md "Institution credit"); counted over the whole programme.
CREDIT_D_CONFIRMED_CASES = 2  # D: this many confirmed cases
CREDIT_C_CONFIRMED_CASES = 1  # C: a confirmed case, …
CREDIT_C_OPEN_FLAGS = 3  # … or this many open flagged findings (score ≥ FLAG) on its classes and claims, …
CREDIT_C_SPOT_PROBLEMS = 2  # … or this many spot checks that found a problem (not cleared since)
CREDIT_B_OPEN_FLAGS = 1  # B: at least one open flagged finding, …
CREDIT_B_SPOT_PROBLEMS = 1  # … or one spot-check problem; A: none of these

RULE_PREFIXES = ("SPOT_", "CREDIT_")


def snapshot() -> dict:
    """Every signal threshold by name, as stored with each scan run (so a finding can be traced to its
    rules). The spot-check and credit rules are recorded where they are used, not here."""
    return {
        name: sorted(value) if isinstance(value, frozenset) else value
        for name, value in globals().items()
        if name.isupper() and not name.startswith(RULE_PREFIXES) and name != "RULE_PREFIXES"
    }


def spot_parameters() -> dict:
    """The spot-check constants by name, as recorded with each draw."""
    return {name: value for name, value in globals().items() if name.startswith("SPOT_")}
