from skillup.core.registry import NavItem
from skillup.integrity import nav_spot
from skillup.integrity.permissions import READERS

NAV = [NavItem("诚信监管", "integrity:overview", READERS, order=60), *nav_spot.NAV]
