"""The integrity app's spreadsheets (skillup.exports registers what these modules declare)."""

from skillup.integrity import exports_spot  # noqa: F401 — registers integrity.spot_checks
