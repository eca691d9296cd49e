"""Numbered codes that stay distinct and consecutive under concurrency (issue 10 item 6).

`next_number(series)` bumps one counter row in the caller's transaction: the UPDATE (or the upsert that
creates the row) locks it until commit, so concurrent writers take turns, and a rolled-back writer gives its
number back, so codes have no gaps. "count() + 1" or "max + 1" read before writing hand two concurrent
writers the same number; every numbered code in SkillUp comes from here instead.
"""

from collections.abc import Callable

from django.db import connection, transaction

# The table of skillup.core.models.Counter.
BUMP = "UPDATE core_counter SET value = value + 1 WHERE name = %s RETURNING value"
CREATE = (
    "INSERT INTO core_counter (name, value) VALUES (%s, %s) "
    "ON CONFLICT (name) DO UPDATE SET value = core_counter.value + 1 RETURNING value"
)


def next_number(series: str, *, floor: Callable[[], int] = lambda: 0) -> int:
    """The next number of `series` (1, 2, …). `floor()` gives the highest number already used by codes
    made before the series had a counter; it is asked only when the counter row is first created."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_number must run inside the transaction that writes the code")
    with connection.cursor() as cursor:
        cursor.execute(BUMP, [series])
        row = cursor.fetchone()
        if row is None:
            # First use: two writers may both get here; the loser of the INSERT bumps the winner's row.
            cursor.execute(CREATE, [series, floor() + 1])
            row = cursor.fetchone()
    return int(row[0])
