from skillup.market.nav_groups import NAV as GROUP_NAV

NAV = [*GROUP_NAV]
