from skillup.core.registry import NavItem
from skillup.whatif.services import READERS

NAV = [NavItem("政策测算", "whatif:draft_list", READERS, order=245, group="政策")]
