"""Whether a login is proven to belong to its person (issue 10 item 1) — the one rule, used by the full-ID
reveal, the QR check-in, the trainee's own payee card and phone, and the pages that offer them.

A binding is proven by a one-time code sent to the phone on record, by an HR officer who saw the ID card
in person, or by staff who opened the login for that person; a self-registered new person proves the
phone they gave. The proof names the person it was for, so a login re-pointed to someone else by any
other path (the admin) counts as unproven.
"""

from django.utils import timezone


def binding_verified(user) -> bool:
    return bool(
        getattr(user, "person_id", None)
        and user.person_verified_at is not None
        and user.person_verified_for == user.person_id
    )


def mark_verified(user, *, via: str) -> list[str]:
    """Sets the proof on the (unsaved) user for its current person; returns the fields to save."""
    user.person_verified_via = via
    user.person_verified_at = timezone.now()
    user.person_verified_for = user.person_id
    return ["person_verified_via", "person_verified_at", "person_verified_for"]
