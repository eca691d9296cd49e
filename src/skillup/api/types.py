"""Bounded input types for the API (issue 10 item 5). A bare `int` accepts 10**30, which no database
column holds (an OverflowError on SQLite, "out of range" on PostgreSQL) and no date can carry; a bare
`float` accepts "NaN". Every number the API takes is one of these, so out-of-range values are a 422
naming the field; the business range (hours > 0, capacity ≥ 1 …) stays with the services and their
Chinese messages. `tests/api/test_openapi_bounds.py` fails on an unbounded number in the schema.
"""

from typing import Annotated

from pydantic import Field

INT64_MAX = 2**63 - 1
INT32_MAX = 2**31 - 1

Id = Annotated[int, Field(ge=1, le=INT64_MAX)]  # a primary key
Int = Annotated[int, Field(ge=-INT32_MAX, le=INT32_MAX)]  # hours, capacity, months, days
Limit = Annotated[int, Field(ge=-INT32_MAX, le=INT32_MAX)]  # clamped to 1..1000 by each list
Offset = Annotated[int, Field(ge=0, le=INT32_MAX)]
Year = Annotated[int, Field(ge=1900, le=2999)]
Number = Annotated[float, Field(ge=-1e9, le=1e9, allow_inf_nan=False)]  # finite: never NaN or ∞
