"""The demo district: `skillup seed-demo` runs each app's `demo.seed(ctx)` in dependency order."""

import random
from dataclasses import dataclass, field
from importlib import import_module

from django.db import transaction

# Dependency order: later apps build on what earlier ones made. An entry "module:step" runs another step
# of a module than its `seed` (integrity plants before claims are made and scans at the end).
DEMO_MODULES = [
    "skillup.registry.demo",
    "skillup.accounts.demo",
    "skillup.directory.demo",
    "skillup.training.demo",
    "skillup.integrity.demo:plant",  # frauds and look-alikes among the classes, before they are claimed
    "skillup.certificates.demo",
    "skillup.subsidies.demo",
    "skillup.fund.demo",
    "skillup.planning.demo",
    "skillup.planning.demo_meetings",  # coordination meetings, their tasks, the 2020 annual reports (第19条)
    "skillup.whatif.demo",
    "skillup.integrity.demo",  # the nightly scan over the finished district
    "skillup.records.demo",  # history imported from the earlier system, a share link
    "skillup.programmes.demo",  # skill-master studios (第18条)
    "skillup.programmes.demo_publicity",  # cases, honour roll and news (第21条)
    "skillup.market.demo",  # training supermarket offers (第17条)
    "skillup.market.demo_groups",  # group-buys and wishes on those offers
    "skillup.records.demo_credentials",  # last: credentials of every certificate, the programmes' too
]


@dataclass
class DemoContext:
    seed: int
    rng: random.Random
    data: dict = field(default_factory=dict)
    log: list[str] = field(default_factory=list)

    def say(self, line: str) -> None:
        self.log.append(line)


def run(seed: int = 2021, *, echo=print) -> DemoContext:
    ctx = DemoContext(seed=seed, rng=random.Random(seed))
    for entry in DEMO_MODULES:
        path, _, step = entry.partition(":")  # "module" runs module.seed; "module:step" runs module.step
        module = import_module(path)
        with transaction.atomic():
            getattr(module, step or "seed")(ctx)
        for line in ctx.log:
            echo(line)
        ctx.log.clear()
    return ctx
