from skillup.integrity import nav_spot

NAV = [*nav_spot.NAV]
