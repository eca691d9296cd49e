"""Demo district, what-if part: one draft of HR's policy office (A/高级 raised to 4000, the trade-friction
uplift at 20 %) with its comparison over the current year's claims already run, so the screen opens with
figures, a chart and exports."""

from skillup.accounts.models import User
from skillup.accounts.roles import Role
from skillup.core.clock import today
from skillup.whatif import services

CHANGES = [
    ("schemes/vocational_certificate/standards/A/高级#0", "amount", "4000"),
    ("uplifts/trade_friction/rates#0", "rate", "0.20"),
]


def seed(ctx) -> None:
    hr = User.objects.filter(role=Role.HR).order_by("id").first()
    if hr is None:
        return
    draft = services.draft_create(
        actor=hr, name="A类高级提标至4000、经贸摩擦上浮20%", note="演示：测算提标与下调上浮对本年度资金的影响"
    )
    for entry, field, value in CHANGES:
        draft = services.draft_change_set(actor=hr, draft=draft, entry=entry, field=field, value=value)
    # Queued on commit; the comparison runs once the district's claims are committed (in-process without a broker).
    run = services.run_start(actor=hr, draft=draft, year=today().year)
    ctx.say(f"政策测算：演示草案“{draft.name}”，{run.year}年度测算已排队。")
