"""The demand board (第17条, issue 13 item 4): where training is missing — people waiting in open wishes
and in groups still below their minimum, by occupation × town, for institutions and HR (heatmap and xlsx)."""

from django.db.models import Count, F, Sum

from skillup.market import towns
from skillup.market.models import Group

HEADERS = ["职业（工种）", "乡镇（街道）", "心愿数", "未成团拼团数", "等待人数", "尚差人数"]


def demand_rows() -> list[dict]:
    """One row per occupation × town with waiting people, the most people first."""
    rows: dict[tuple[str, str], dict] = {}
    open_groups = Group.objects.filter(status=Group.Status.OPEN)
    for item in open_groups.values("occupation", "town", "offer").annotate(
        n=Count("id"), people=Sum("joined"), short=Sum(F("minimum") - F("joined"))
    ):
        key = (item["occupation"], item["town"])
        row = rows.setdefault(
            key,
            {
                "occupation": key[0],
                "town": key[1],
                "town_name": towns.name(key[1]),
                "wishes": 0,
                "groups": 0,
                "people": 0,
                "short": 0,
            },
        )
        row["wishes" if item["offer"] is None else "groups"] += item["n"]
        row["people"] += item["people"] or 0
        row["short"] += max(item["short"] or 0, 0)
    return sorted(rows.values(), key=lambda r: (-r["people"], r["occupation"], r["town"]))


def heatmap(rows: list[dict]) -> dict:
    """ECharts heatmap data: x the towns that have demand (the district's order), y the occupations."""
    town_codes = [code for code in towns.TOWNS if any(r["town"] == code for r in rows)]
    occupations = sorted({r["occupation"] for r in rows})
    data = [[town_codes.index(r["town"]), occupations.index(r["occupation"]), r["people"]] for r in rows]
    return {
        "x": [towns.name(c) for c in town_codes],
        "y": occupations,
        "data": data,
        "max": max((r["people"] for r in rows), default=0),
    }


def export_rows(rows: list[dict]) -> list[list]:
    return [
        [r["occupation"], r["town_name"], r["wishes"], r["groups"], r["people"], r["short"]] for r in rows
    ]
