"""Demo district, registry part: the 17 organisations, institutions, enterprises and people of Shangyu."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import yaml
from faker import Faker

from skillup.accounts import audit
from skillup.policy.catalogue import default_catalogue
from skillup.registry import crypto
from skillup.registry import groups as group_codes
from skillup.registry.models import Enterprise, GroupRecognition, Institution, Organisation, OrgKind, Person
from skillup.registry.validators import USCC_CHARS, make_id_number, make_uscc, mask_id_number

REGION = "330604"  # 绍兴市上虞区
DATA = Path(__file__).parent / "data" / "organisations.yaml"
INSTITUTIONS = 42
ENTERPRISES = 320
PEOPLE = 5200
INDUSTRIES = [
    "机械制造",
    "化工",
    "纺织服装",
    "电子信息",
    "建筑",
    "食品加工",
    "汽车零部件",
    "医药",
    "新材料",
    "物流",
    "电子商务",
    "养老服务",
    "餐饮",
    "外贸",
]
TOWNS = [
    "百官",
    "曹娥",
    "东关",
    "道墟",
    "章镇",
    "上浦",
    "汤浦",
    "小越",
    "驿亭",
    "梁湖",
    "崧厦",
    "丰惠",
    "永和",
    "盖北",
    "谢塘",
    "长塘",
    "岭南",
    "丁宅",
    "下管",
    "陈溪",
]
NOUNS = {
    "机械制造": ["机械", "精密机械", "装备制造"],
    "化工": ["化工", "精细化工", "化学"],
    "纺织服装": ["纺织", "服饰", "针织"],
    "电子信息": ["电子", "微电子", "光电科技"],
    "建筑": ["建设", "建筑工程", "建工"],
    "食品加工": ["食品", "农产品"],
    "汽车零部件": ["汽车部件", "汽配"],
    "医药": ["医药", "药业", "生物医药"],
    "新材料": ["新材料", "材料科技"],
    "物流": ["物流", "供应链"],
    "电子商务": ["电子商务", "网络科技"],
    "养老服务": ["养老服务", "康养"],
    "餐饮": ["餐饮管理", "餐饮"],
    "外贸": ["进出口", "国际贸易"],
}
# Group mixes with rough weights, so every target group of the plan is represented.
GROUP_MIXES = [
    (["employee"], 40),
    (["employee", "rural_migrant"], 8),
    (["unemployed"], 8),
    (["veteran"], 4),
    (["employment_difficulty"], 3),
    (["employment_difficulty", "disabled"], 2),
    (["graduate"], 6),
    (["two_after"], 2),
    (["two_after_rural"], 2),
    (["farmer"], 5),
    (["low_income_rural"], 3),
    (["zero_employment_family"], 1),
    (["urban_dibao"], 2),
    (["student"], 4),
    (["rural_migrant"], 6),
    (["unemployed", "veteran"], 1),
    (["farmer", "low_income_rural"], 2),
]


def organisations_data() -> list[dict]:
    return yaml.safe_load(DATA.read_text(encoding="utf-8"))


def _uscc(rng, kind: str) -> str:
    body = "".join(rng.choice(USCC_CHARS[:10]) for _ in range(8)) + rng.choice(USCC_CHARS)
    return make_uscc(REGION, body, kind)


def seed(ctx) -> None:
    fake = Faker("zh_CN")
    fake.seed_instance(ctx.seed)
    rng = ctx.rng
    for row in organisations_data():
        Organisation.objects.get_or_create(
            code=row["code"],
            defaults={
                "kind": row["kind"],
                "name": row["name"],
                "short_name": row["short"],
                "sector": row["sector"],
            },
        )

    used: set[str] = set()

    def unique_uscc(kind: str) -> str:
        while True:
            code = _uscc(rng, kind)
            if code not in used:
                used.add(code)
                return code

    institutions = []
    kinds = list(Institution.Kind)
    taken: set[str] = set()
    for i in range(INSTITUTIONS):
        kind = kinds[i % len(kinds)]
        suffix = {
            "school": "职业技术学校",
            "private": "职业技能培训学校",
            "enterprise": "职工培训中心",
            "public_base": "公共实训基地",
        }[kind]
        name = "上虞区众鑫职业技能培训学校" if i == 0 else ""
        while not name or name in taken:
            name = (
                "上虞区" + rng.choice(TOWNS) + rng.choice(["", "华", "东", "振", "兴", "明", "新"]) + suffix
            )
        taken.add(name)
        org = Organisation.objects.create(
            kind=OrgKind.INSTITUTION,
            code=unique_uscc("52"),
            name=name,
            address=f"浙江省绍兴市上虞区{fake.street_name()}{rng.randint(1, 300)}号",
            contact_name=fake.name(),
            contact_phone=fake.phone_number(),
            bank_account=f"6228{rng.randint(10**14, 10**15 - 1)}",
        )
        org.uscc = org.code
        org.save(update_fields=["uscc"])
        institutions.append(
            Institution(organisation=org, kind=kind, public_training_base=kind == "public_base")
        )
    Institution.objects.bulk_create(institutions)

    enterprises = []
    names: set[str] = set()
    for i in range(ENTERPRISES):
        industry = INDUSTRIES[i % len(INDUSTRIES)]
        name = ""
        while not name or name in names:
            name = (
                rng.choice(["浙江", "绍兴", "浙江上虞", "上虞"])
                + fake.company_prefix()
                + rng.choice(NOUNS[industry])
                + rng.choice(["有限公司", "股份有限公司", "有限公司", "集团有限公司"])
            )
        names.add(name)
        org = Organisation.objects.create(
            kind=OrgKind.ENTERPRISE,
            code=unique_uscc("91"),
            name=name,
            address=f"浙江省绍兴市上虞区{fake.street_name()}{rng.randint(1, 500)}号",
            contact_name=fake.name(),
            contact_phone=fake.phone_number(),
            bank_account=f"6217{rng.randint(10**14, 10**15 - 1)}",
        )
        org.uscc = org.code
        org.save(update_fields=["uscc"])
        enterprises.append(
            Enterprise(
                organisation=org,
                industry=industry,
                listed=i % 23 == 0,
                chemical=industry == "化工" or i % 17 == 0,
                in_difficulty=i % 13 == 0,
                trade_friction=i % 9 == 0,
                high_skill_demo=i % 29 == 0,
                state_owned=i % 31 == 0,
                # 附件1 rows 10, 14, 15: kinds of employer whose staff a department trains (no rng: the
                # demo's random stream stays as it was).
                kind=Enterprise.Kind.FOREIGN_TRADE
                if industry == "外贸"
                else Enterprise.Kind.COOP
                if i % 37 == 5
                else Enterprise.Kind.SMALL_MICRO
                if i % 5 == 2
                else Enterprise.Kind.GENERAL,
                employees=rng.randint(20, 3000),
                ui_premiums_last_year=Decimal(rng.randint(20_000, 2_000_000)) / 100 * 10,
            )
        )
    Enterprise.objects.bulk_create(enterprises)
    enterprise_orgs = [e.organisation for e in enterprises]

    mixes = [m for m, w in GROUP_MIXES for _ in range(w)]
    seen: set[str] = set()
    people = []
    while len(people) < PEOPLE:
        sex = rng.choice(["男", "女"])
        birth = dt.date(1958, 1, 1) + dt.timedelta(days=rng.randint(0, 45 * 365))
        number = make_id_number(REGION, birth, rng.randint(0, 499), sex)
        if number in seen:
            continue
        seen.add(number)
        codes = list(rng.choice(mixes))
        age_2021 = 2021 - birth.year
        pension = age_2021 >= 60 and rng.random() < 0.6
        employer = rng.choice(enterprise_orgs) if "employee" in codes else None
        name = fake.name_male() if sex == "男" else fake.name_female()
        people.append(
            Person(
                id_cipher=crypto.encrypt(number),
                id_hash=crypto.lookup_hash(number),
                id_masked=mask_id_number(number),
                name=name,
                sex=sex,
                birth_date=birth,
                phone=fake.phone_number() if rng.random() < 0.9 else "",
                groups=group_codes.encode(codes),
                employer=employer,
                pension=pension,
                citizen_card=f"3306{rng.randint(10**11, 10**12 - 1)}",
            )
        )
    Person.objects.bulk_create(people, batch_size=1000)
    # 第7条: dated recognitions (认定) of the living-allowance groups for every third person holding one;
    # some only from mid-2020, so a class before that pays none of their days (no rng, as above).
    listed = set(default_catalogue().scheme("living_allowance").groups_required)
    sources = {
        "low_income_rural": "农业农村局建档立卡低收入农户名册",
        "employment_difficulty": "人社局就业困难人员认定",
        "zero_employment_family": "人社局零就业家庭认定",
        "two_after_rural": "教体局农村两后生登记",
        "urban_dibao": "民政局城镇低保家庭名册",
    }
    recognitions = [
        GroupRecognition(
            person=person,
            group=code,
            valid_from=dt.date(2020, 7, 1) if n % 2 else dt.date(2019, 1, 1),
            source=sources[code],
        )
        for n, (person, code) in enumerate(
            (p, c)
            for i, p in enumerate(people)
            if i % 3 == 0
            for c in group_codes.decode(p.groups)
            if c in listed
        )
    ]
    GroupRecognition.objects.bulk_create(recognitions, batch_size=1000)
    facts = _facts(enterprises, institutions)
    audit.record(
        actor=None,
        action="demo.seed_registry",
        object_type="demo",
        object_id=str(ctx.seed),
        summary=f"演示数据：{len(institutions)} 家培训机构、{len(enterprises)} 家企业、{len(people)} 名人员",
    )
    ctx.say(
        f"  劳动关系 {facts['employments']} 条，企业资格认定 {facts['recognitions']} 条，"
        f"首席技师 {facts['chiefs']} 名，培训场地 {facts['venues']} 处（公共实训基地 {facts['bases']} 处）"
    )
    ctx.say(
        f"  单位 17 个，培训机构 {len(institutions)} 家，企业 {len(enterprises)} 家，人员 {len(people)} 名"
    )


def _facts(enterprises, institutions) -> dict:
    """Dated facts behind claims, derived deterministically from the flags above (no draws from the
    shared random stream, so the rest of the demo is unchanged): every employee's employment, the
    enterprises' recognitions with periods, a chief technician for each demonstration enterprise, and a
    registered venue per institution (the public bases recognised as 公共实训基地)."""
    from skillup.registry.models import ChiefTechnician, Employment, Recognition, Venue

    plan = dt.date(2019, 10, 29)
    employments = []
    first_employee: dict[int, int] = {}
    for n, (pid, eid) in enumerate(
        Person.objects.filter(employer__isnull=False).order_by("id").values_list("id", "employer_id")
    ):
        # Most started years ago; every 25th joined during the plan (2020), so earlier claims are not theirs.
        start = (
            dt.date(2020, 1 + n % 12, 1)
            if n % 25 == 7
            else dt.date(2008, 1, 1) + dt.timedelta(days=n * 37 % 4000)
        )
        employments.append(
            Employment(person_id=pid, enterprise_id=eid, start=start, source=Employment.Source.HR)
        )
        if start < plan:
            first_employee.setdefault(eid, pid)
    Employment.objects.bulk_create(employments, batch_size=2000)
    recognitions, chiefs = [], []
    for i, e in enumerate(enterprises):
        org_id = e.organisation_id
        if e.trade_friction:
            recognitions.append(
                Recognition(
                    enterprise_id=org_id,
                    kind=Recognition.Kind.TRADE_FRICTION,
                    valid_from=dt.date(2019, 11, 1) if i % 2 == 0 else dt.date(2020, 3, 1),
                    valid_until=dt.date(2021, 12, 31),
                    document=f"上虞区受经贸摩擦影响企业名单（第{1 + i % 2}批）",
                )
            )
        if e.in_difficulty:
            for year in (2020, 2021):
                recognitions.append(
                    Recognition(
                        enterprise_id=org_id,
                        kind=Recognition.Kind.DIFFICULTY,
                        year=year,
                        valid_from=dt.date(year, 1, 1),
                        valid_until=dt.date(year, 12, 31),
                        ui_premiums_last_year=e.ui_premiums_last_year,
                        document=f"上虞区{year}年度困难企业认定名单",
                    )
                )
        if e.high_skill_demo:
            recognitions.append(
                Recognition(
                    enterprise_id=org_id,
                    kind=Recognition.Kind.HIGH_SKILL_DEMO,
                    valid_from=plan,
                    document="绍兴市高技能人才集聚示范企业名单",
                )
            )
            if org_id in first_employee:
                chiefs.append(
                    ChiefTechnician(
                        enterprise_id=org_id,
                        person_id=first_employee[org_id],
                        valid_from=dt.date(2020, 1, 1),
                        valid_until=dt.date(2022, 12, 31),
                        document="区人社局首席技师备案〔2020〕号",
                    )
                )
        if i % 41 == 0 and i:
            recognitions.append(
                Recognition(
                    enterprise_id=org_id,
                    kind=Recognition.Kind.PILOT,
                    year=2020,
                    valid_from=dt.date(2020, 1, 1),
                    document="浙江省职业技能等级认定试点企业（2020年新增）",
                )
            )
    Recognition.objects.bulk_create(recognitions)
    ChiefTechnician.objects.bulk_create(chiefs)
    venues = []
    for inst in institutions:
        org = inst.organisation
        base = inst.kind == "public_base"
        venues.append(
            Venue(
                name=f"{org.name}实训场地" if not base else f"{org.name}（公共实训基地）",
                address=org.address,
                owner=org,
                base_from=plan if base else None,
                base_document="绍兴市公共实训基地认定文件" if base else "",
            )
        )
    Venue.objects.bulk_create(venues)
    return {
        "employments": len(employments),
        "recognitions": len(recognitions),
        "chiefs": len(chiefs),
        "venues": len(venues),
        "bases": sum(1 for v in venues if v.base_from),
    }
