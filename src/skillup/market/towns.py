"""The district's towns and streets (乡镇、街道) where offers are given and wishes are made: data, not code.

Shangyu District (上虞区) administers 7 streets, 11 towns and 2 townships. An offer's town and a wish's town
are one of these codes; pages show the name.
"""

TOWNS: dict[str, str] = {
    "baiguan": "百官街道",
    "cao_e": "曹娥街道",
    "dongguan": "东关街道",
    "daoxu": "道墟街道",
    "lianghu": "梁湖街道",
    "xiaoyue": "小越街道",
    "songxia": "崧厦街道",
    "fenghui": "丰惠镇",
    "yonghe": "永和镇",
    "yiting": "驿亭镇",
    "changtang": "长塘镇",
    "tangpu": "汤浦镇",
    "zhangzhen": "章镇镇",
    "xiaguan": "下管镇",
    "xietang": "谢塘镇",
    "gaibei": "盖北镇",
    "lihai": "沥海镇",
    "shangpu": "上浦镇",
    "lingnan": "岭南乡",
    "chenxi": "陈溪乡",
}
CHOICES = list(TOWNS.items())


def name(code: str) -> str:
    return TOWNS.get(code, code)
