from skillup.records.nav_credentials import NAV as CREDENTIALS_NAV

NAV = [*CREDENTIALS_NAV]
