"""Writes of the what-if screen: drafts and their changes (HR's policy office), comparison runs.

A draft never changes the catalogue: applying it is a reviewed release of the catalogue data
(`src/skillup/policy/catalogue/*.yaml`), so there is no apply here. Every write is one transaction with
its audit row; a bad value is refused with a message naming the field and nothing is saved.
"""

import time

from django.db import transaction
from django.utils import timezone

from skillup.accounts import audit
from skillup.accounts.roles import Role
from skillup.core.clock import today
from skillup.core.errors import RuleViolation, StateConflict
from skillup.core.permissions import require
from skillup.whatif import overlay
from skillup.whatif.models import Draft, Run
from skillup.whatif.permissions import WRITERS, can_write_draft

READERS = WRITERS | {Role.FINANCE, Role.AUDITOR}
YEARS = range(2019, 2031)


def _writer(actor) -> None:
    require(can_write_draft(actor))


def _overlay_for(draft: Draft, changes: list[dict]) -> str:
    text = overlay.overlay_yaml(changes, name=draft.name, author=draft.author.username, on=today())
    overlay.load(text)  # the CLI's loader must accept it, or nothing is saved
    return text


def draft_create(*, actor, name: str, note: str = "") -> Draft:
    _writer(actor)
    name = (name or "").strip()
    if not name:
        raise RuleViolation("请填写草案名称", field="name")
    if len(name) > 100:
        raise RuleViolation("草案名称最多100个字", field="name")
    note = (note or "").strip()[:500]
    with transaction.atomic():
        if Draft.objects.filter(name=name).exists():
            raise RuleViolation(f"已有名为“{name}”的草案", field="name")
        draft = Draft(name=name, note=note, author=actor, changes=[])
        draft.overlay = _overlay_for(draft, [])
        draft.save()
        audit.record(
            actor=actor, action="whatif.draft_create", obj=draft, summary=f"新建政策测算草案“{name}”"
        )
    return draft


def draft_change_set(*, actor, draft: Draft, entry: str, field: str, value) -> Draft:
    """Sets one field of one catalogue entry in the draft (replacing an earlier change of the same field)."""
    _writer(actor)
    catalogue_entry, parsed = overlay.check_change(entry, field, value)
    with transaction.atomic():
        draft = Draft.objects.select_for_update().get(pk=draft.pk)
        changes = [c for c in draft.changes if (c["entry"], c["field"]) != (entry, field)]
        changes.append({"entry": entry, "field": field, "value": parsed})
        overlay.check_windows(changes)
        draft.overlay = _overlay_for(draft, changes)
        draft.changes = changes
        draft.save(update_fields=["changes", "overlay", "updated_at"])
        audit.record(
            actor=actor,
            action="whatif.draft_change",
            obj=draft,
            changes={"entry": entry, "field": field, "from": catalogue_entry.value(field), "to": parsed},
            summary=f"草案“{draft.name}”：{catalogue_entry.group} {catalogue_entry.label} "
            f"{overlay.FIELD_LABELS[field]} 改为 {parsed}",
        )
    return draft


def draft_change_remove(*, actor, draft: Draft, position: int) -> Draft:
    _writer(actor)
    with transaction.atomic():
        draft = Draft.objects.select_for_update().get(pk=draft.pk)
        if not 0 <= position < len(draft.changes):
            raise StateConflict("该修改项已不存在，请刷新页面")
        removed = draft.changes[position]
        changes = draft.changes[:position] + draft.changes[position + 1 :]
        overlay.check_windows(changes)
        draft.overlay = _overlay_for(draft, changes)
        draft.changes = changes
        draft.save(update_fields=["changes", "overlay", "updated_at"])
        audit.record(
            actor=actor,
            action="whatif.draft_change_remove",
            obj=draft,
            changes=removed,
            summary=f"草案“{draft.name}”删除一项修改",
        )
    return draft


def run_start(*, actor, draft: Draft, year) -> Run:
    """Queues the comparison of the draft with today's rules over the year's claims (a Celery task;
    in-process without a broker)."""
    _writer(actor)
    try:
        year = int(str(year).strip())
    except ValueError:
        raise RuleViolation("年度应为数字，如 2021", field="year") from None
    if year not in YEARS:
        raise RuleViolation(f"年度应在 {YEARS[0]}–{YEARS[-1]} 之间", field="year")
    with transaction.atomic():
        run = Run.objects.create(draft=draft, year=year, overlay=draft.overlay, requested_by=actor)
        audit.record(
            actor=actor,
            action="whatif.run_start",
            obj=run,
            changes={"draft": draft.pk, "year": year},
            summary=f"草案“{draft.name}”{year}年度测算",
        )
        from skillup.whatif.tasks import run_compare

        transaction.on_commit(lambda: run_compare.delay(run.pk))
    return run


def run_execute(run_id: int) -> None:
    """The task's body: computes and stores the result on the run, with progress as it goes. A failure is
    stored on the run with its message (the page shows it), never raised to the caller."""
    from skillup.whatif.compare import compare

    run = Run.objects.select_related("requested_by").get(pk=run_id)
    if run.finished:
        return
    Run.objects.filter(pk=run.pk).update(status=Run.Status.RUNNING, started_at=timezone.now())
    started = time.monotonic()

    def progress(done: int, total: int) -> None:
        Run.objects.filter(pk=run.pk).update(done=done, total=total)

    try:
        result = compare(run.requested_by, run.year, run.overlay, progress)
    except RuleViolation as exc:
        status, result, error = Run.Status.FAILED, {}, str(exc)[:500]
    except Exception as exc:  # the page shows what went wrong; the run is never left spinning
        status, result, error = Run.Status.FAILED, {}, f"测算失败：{type(exc).__name__}: {exc}"[:500]
    else:
        status, error = Run.Status.DONE, ""
    Run.objects.filter(pk=run.pk).update(
        status=status,
        result=result,
        error=error,
        finished_at=timezone.now(),
        elapsed_ms=int((time.monotonic() - started) * 1000),
    )
