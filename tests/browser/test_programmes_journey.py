"""A skill-master studio in a real browser (issue 15 item 2): the enterprise applies, HR names it, the
enterprise reports its year from a 390 px phone, HR rates it 优秀, and anyone sees it on the public list."""

from skillup.programmes.models import Studio, StudioReview
from tests.browser.checks import looks_right, no_sideways_scroll
from tests.browser.conftest import PHONE
from tests.factories import PersonFactory, id_number_for


def test_apply_name_report_rate_and_publish(cast, page_as, shot, browser, live_server):
    number = id_number_for(4301)
    PersonFactory(number=number, name="陈大师", employer=cast.enterprise_org)

    ent = page_as(cast.enterprise)
    ent.click("aside >> text=技能大师工作室")
    looks_right(ent)
    ent.click("text=申报工作室")
    ent.fill("#id_name", "陈大师数控技能工作室")
    ent.fill("#id_id_number", number)
    ent.fill("#id_master_title", "高级技师")
    ent.fill("#id_occupation", "数控车工")
    ent.fill("#id_plan", "每年带徒 10 人")
    shot(ent, "studio-01-apply")
    ent.click("button:has-text('提交申报')")
    main = looks_right(ent)
    assert "已提交申报" in main and "待评审" in main

    hr = page_as(cast.hr)
    assert "技能大师工作室待评审" in looks_right(hr)
    hr.locator(".su-card", has_text="技能大师工作室待评审").locator("a").first.click()
    hr.click("text=陈大师数控技能工作室")
    hr.fill("#id_document", "虞人社〔2021〕12号")
    hr.click("button:has-text('命名')")
    assert "已命名" in looks_right(hr)
    assert Studio.objects.get().status == "named"

    phone = page_as(cast.enterprise, viewport=PHONE)
    phone.goto(f"{phone.base}/programmes/studios/{Studio.objects.get().pk}/")
    looks_right(phone)
    no_sideways_scroll(phone)
    phone.fill("#id_year", "2021")
    phone.fill("#id_trainees_taught", "12")
    phone.fill("#id_certified", "20")
    phone.fill("#id_results", "攻关 2 项")
    phone.click("button:has-text('提交')")
    assert "不能多于带徒传技人数" in looks_right(phone)  # nothing saved; the field is named
    assert not StudioReview.objects.exists()
    phone.fill("#id_year", "2021")
    phone.fill("#id_trainees_taught", "12")
    phone.fill("#id_certified", "8")
    phone.fill("#id_results", "攻关 2 项")
    phone.click("button:has-text('提交')")
    assert "年度考核材料已提交" in looks_right(phone)
    shot(phone, "studio-02-report-390")

    hr.reload()
    hr.select_option("select[name=rating]", "excellent")
    hr.click("button:has-text('评定')")
    assert "考核等次已评定" in looks_right(hr)

    public = browser.new_context(viewport=PHONE, locale="zh-CN").new_page()
    public.goto(f"{live_server.url}/programmes/public/studios/")
    main = looks_right(public)
    no_sideways_scroll(public)
    assert "陈大师数控技能工作室" in main and "2021 年度考核优秀" in main and number not in main
    shot(public, "studio-03-public-390")
    public.context.close()


def test_a_base_place_is_booked_and_counted(cast, page_as, shot):
    import datetime as dt

    from skillup.registry import services_facts as facts
    from skillup.training import services as training
    from skillup.training.models import BaseBooking, Enrolment
    from tests.subsidies.factories import filing_for
    from tests.training.helpers import make_class

    base = facts.venue_register(
        actor=cast.hr,
        name="上虞区公共实训基地",
        address="曹娥街道",
        base_from=dt.date(2019, 10, 29),
        base_document="认定文件",
    )
    filing_for(cast.institution_org, "vocational_certificate", "焊工")
    klass = make_class(
        cast.institution_org, cast.department, start=dt.date(2021, 6, 15), end=dt.date(2021, 7, 5)
    )
    for _ in range(4):
        Enrolment.objects.create(klass=klass, person=PersonFactory(), source=Enrolment.Source.FORM)
    training.session_create(
        actor=cast.institution,
        klass=klass,
        date=dt.date(2021, 6, 22),
        starts_at=dt.time(8, 30),
        ends_at=dt.time(16, 30),
        hours="8",
        practical=True,
    )

    hr = page_as(cast.hr)
    hr.click("aside >> text=公共实训基地")
    looks_right(hr)
    hr.click("text=上虞区公共实训基地")
    hr.fill("#p-name", "焊接实训室")
    hr.fill("#p-capacity", "10")
    hr.click("button:has-text('登记')")
    assert "实训场所已登记" in looks_right(hr)

    inst = page_as(cast.institution)
    inst.goto(f"{inst.base}/programmes/bases/{base.pk}/")
    looks_right(inst)
    inst.fill("#b-seats", "11")
    inst.click("button:has-text('预约')")
    assert "剩余工位 10 个，不足 11 个" in looks_right(inst)
    inst.fill("#b-seats", "")
    inst.click("button:has-text('预约')")
    main = looks_right(inst)
    assert "已预约 焊接实训室 2021-06-22 08:30 的 4 个工位" in main
    assert BaseBooking.objects.get().seats == 4
    shot(inst, "bases-01-booked")

    hr.goto(f"{hr.base}/programmes/bases/")
    main = looks_right(hr)
    assert "2021-06" in main and "（32.0 工位时）" in main
    hr.wait_for_selector("#chart-bases canvas")
    shot(hr, "bases-02-utilisation")


def test_a_department_records_a_farmer_programme(cast, page_as, shot):
    """第5条: the department records its programme, pastes its people (a bad line names itself and adds
    nobody), ticks their outcomes, and reads it from a 390 px phone."""
    from skillup.programmes.models_projects import ProjectParticipant

    numbers = [id_number_for(4401 + i) for i in range(2)]
    for i, n in enumerate(numbers):
        PersonFactory(number=n, name=f"农民{'甲乙'[i]}")

    dept = page_as(cast.dept)
    dept.click("aside >> text=领航计划与农民培训")
    looks_right(dept)
    dept.select_option("#p-kind", "hq_farmer")
    dept.fill("#p-name", "2021年高素质农民培育班")
    dept.fill("#p-start", "2021-03-01")
    dept.fill("#p-end", "2021-11-30")
    dept.fill("#p-planned", "40")
    dept.click("button:has-text('登记')")
    assert "已登记，可添加参加人员" in looks_right(dept)

    dept.fill("#a-lines", f"{numbers[0]} 农民甲\n330602199001011234")
    dept.click("button:has-text('添加')")
    assert "第2行 身份证号：身份证号校验码错误" in looks_right(dept)
    assert not ProjectParticipant.objects.exists()
    dept.fill("#a-lines", "\n".join(numbers))
    dept.click("button:has-text('添加')")
    assert "已添加 2 人" in looks_right(dept)
    dept.check("input[aria-label='选择农民甲']")
    dept.select_option("#o-outcome", "certified")
    dept.click("button:has-text('登记结果')")
    assert "已登记 1 人的结果" in looks_right(dept)
    shot(dept, "projects-01-detail")

    phone = page_as(cast.dept, viewport=PHONE)
    phone.goto(f"{phone.base}/programmes/projects/")
    assert "2021年高素质农民培育班" in looks_right(phone)
    no_sideways_scroll(phone)
    shot(phone, "projects-02-list-390")


def test_an_elite_round_from_nomination_to_the_claim(cast, page_as, shot):
    """第8条: HR opens a 巧匠班 round; the enterprise nominates from a 390 px phone (an intermediate worker is
    refused with the reason, a senior worker goes in); HR shortlists, approves and forms a cohort; the partner
    institution records attendance and completion, and the member's claim shows the engine's amount."""
    import datetime as dt

    from skillup.certificates.models import Certificate, Family
    from skillup.programmes.models_elite import EliteMember
    from skillup.registry.models import Organisation
    from tests.training.helpers import file_for

    file_for(cast.institution_org, ("elite_training", "", ""))
    Organisation.objects.filter(pk=cast.institution_org.pk).update(bank_account="6222000011112222")
    numbers = {}
    for i, (name, level) in enumerate((("高级甲", "高级"), ("中级乙", "中级"))):
        numbers[name] = id_number_for(4501 + i)
        person = PersonFactory(number=numbers[name], name=name, employer=cast.enterprise_org)
        Certificate.objects.create(person=person, family=Family.QUALIFICATION, occupation="焊工", level=level,
                                   number=f"Z450{i}", issuer_name="浙江省职业技能鉴定中心",
                                   issued_on=dt.date(2019, 5, 10), source="provincial")  # fmt: skip

    hr = page_as(cast.hr)
    hr.click("aside >> text=精英提升培训")
    looks_right(hr)
    hr.select_option("#r-kind", "巧匠班")
    hr.fill("#r-quota", "5")
    hr.fill("#r-from", "2021-06-01")
    hr.fill("#r-to", "2021-06-30")
    hr.click("button:has-text('发布')")
    assert "2021年巧匠班已发布" in looks_right(hr)
    round_url = hr.url

    phone = page_as(cast.enterprise, viewport=PHONE)
    phone.goto(round_url)
    looks_right(phone)
    no_sideways_scroll(phone)
    phone.fill("#n-id", numbers["中级乙"])
    phone.fill("#n-merits", "焊接班组长")
    phone.click("button:has-text('推荐')")
    assert "最高等级为中级" in looks_right(phone)
    phone.fill("#n-id", numbers["高级甲"])
    phone.fill("#n-merits", "焊接攻关能手")
    phone.click("button:has-text('推荐')")
    assert "已推荐高级甲（高级）" in looks_right(phone)
    shot(phone, "elite-01-nominate-390")

    hr.goto(round_url)
    for decision in ("shortlist", "approve"):
        hr.check("input[aria-label='选择高级甲']")
        hr.select_option("#d-decision", decision)
        hr.click("button:has-text('提交评审')")
        assert "已评审 1 人" in looks_right(hr)
    hr.fill("#c-name", "2021年巧匠班（焊接）")
    hr.select_option("#c-inst", str(cast.institution_org.pk))
    hr.fill("#c-start", "2021-06-01")
    hr.fill("#c-end", "2021-06-10")
    hr.fill("#c-days", "10")
    hr.fill("#c-cost", "12800")
    hr.click("button:has-text('组建')")
    assert "已组建" in looks_right(hr)
    hr.click("button:has-text('编入')")
    assert "已编入 1 人" in looks_right(hr)
    cohort_url = hr.url

    inst = page_as(cast.institution)
    inst.goto(cohort_url)
    inst.check("input[aria-label='选择高级甲']")
    inst.fill("#a-days", "10")
    inst.click("button:has-text('登记出勤')")
    assert "已登记 1 人的出勤" in looks_right(inst)
    inst.check("input[aria-label='选择高级甲']")
    inst.select_option("#o-outcome", "completed")
    inst.click("button:has-text('登记结果')")
    main = looks_right(inst)
    claim = EliteMember.objects.get().claim
    assert "补贴申领已生成" in main and f"{claim.amount} 元" in main
    shot(inst, "elite-02-cohort")


def test_an_honour_entry_from_draft_to_the_public_phone_page(cast, page_as, shot, browser, live_server):
    """Publicity (issue 15 item 8, 第21条): HR writes an honour-roll entry — refused until the person's consent
    is recorded —, a second officer approves and publishes it, and a visitor reads it and the policy
    explanations on a 390 px phone; the identity number never shows."""
    from skillup.programmes.models_publicity import Article

    number = id_number_for(4391)
    PersonFactory(number=number, name="沈巧匠", employer=cast.enterprise_org)
    hr = page_as(cast.hr)
    hr.click("aside >> text=政策宣传")
    looks_right(hr)
    hr.click("text=撰写文章")
    hr.select_option("#id_kind", "honour")
    hr.fill("#id_title", "沈巧匠：焊花里的匠心")
    hr.fill("#id_body", "从学徒到高级技师。\n\n带徒 20 人。")
    hr.fill("#id_honour_title", "高级技师")
    hr.fill("#id_id_number", number)
    hr.click("button:has-text('保存')")
    assert "须经本人同意" in looks_right(hr)  # named on the field, nothing saved
    assert not Article.objects.exists()
    hr.fill("#id_consent_on", "2021-06-10")
    hr.fill("#id_consent_note", "书面同意书")
    hr.click("button:has-text('保存')")
    assert "已保存为草稿" in looks_right(hr)
    hr.click("button:has-text('提交审核')")
    assert "撰稿人不能审核自己的文章" in looks_right(hr)

    admin = page_as(cast.hradmin)
    admin.goto(f"{admin.base}/programmes/articles/{Article.objects.get().pk}/")
    admin.click("button:has-text('审核通过')")
    admin.click("button:has-text('发布')")
    assert "已发布" in looks_right(admin)

    public = browser.new_context(viewport=PHONE, locale="zh-CN").new_page()
    public.goto(f"{live_server.url}/programmes/public/")
    looks_right(public)
    no_sideways_scroll(public)
    public.click("main >> text=沈巧匠：焊花里的匠心")
    main = looks_right(public)
    no_sideways_scroll(public)
    assert "沈巧匠" in main and "浙江上虞甲机械有限公司" in main and number not in main
    shot(public, "publicity-01-honour-390")
    public.click("nav >> text=政策解读")
    main = looks_right(public)
    no_sideways_scroll(public)
    assert "职业证书培训" in main and "补贴 3,500 元" in main
    shot(public, "publicity-02-policies-390")
    public.context.close()


def test_a_drill_from_registration_to_public_results_and_the_claim(cast, page_as, shot):
    """第12条: the enterprise publishes a drill, registers its employees (another firm's worker is refused
    with the row), records scores and publishes from a 390 px phone, claims the subsidy (the engine's capped
    amount), and anyone reads the ranking on the public page with the names masked."""
    from skillup.programmes.models_competitions import CompetitionEvent
    from skillup.registry.models import Organisation

    Organisation.objects.filter(pk=cast.enterprise_org.pk).update(bank_account="6222000011112222")
    numbers = {}
    for i, (name, employer) in enumerate(
        (
            ("焊工甲一", cast.enterprise_org),
            ("焊工乙二", cast.enterprise_org),
            ("外企丙", cast.other_enterprise_org),
        )
    ):
        numbers[name] = id_number_for(4601 + i)
        PersonFactory(number=numbers[name], name=name, employer=employer)

    ent = page_as(cast.enterprise)
    ent.click("aside >> text=技能竞赛与岗位练兵")
    looks_right(ent)
    ent.fill("#c-name", "2021年焊工岗位练兵")
    ent.fill("#c-occupation", "焊工")
    ent.fill("#c-date", "2021-06-10")
    ent.fill("#c-venue", "一车间")
    ent.fill("#c-rules", "理论30%，实操70%")
    ent.click("button:has-text('发布')")
    assert "已发布" in looks_right(ent)
    ent.fill("#a-lines", "\n".join([numbers["焊工甲一"], numbers["外企丙"]]))
    ent.click("button:has-text('报名')")
    assert "不是本企业职工" in looks_right(ent)  # nobody registered
    ent.fill("#a-lines", "\n".join([numbers["焊工甲一"], numbers["焊工乙二"]]))
    ent.click("button:has-text('报名')")
    assert "已报名 2 人" in looks_right(ent)
    event_url = ent.url

    phone = page_as(cast.enterprise, viewport=PHONE)
    phone.goto(event_url)
    phone.fill("#s-lines", f"{numbers['焊工甲一']} 88\n{numbers['焊工乙二']} 93.5")
    phone.click("button:has-text('录入')")
    assert "已录入 2 人的成绩" in looks_right(phone)
    no_sideways_scroll(phone)
    phone.click("button:has-text('公布成绩')")
    assert "成绩已公布" in looks_right(phone)
    phone.fill("#k-cost", "45000")
    phone.click("button:has-text('申领')")
    main = looks_right(phone)
    claim = CompetitionEvent.objects.get().claim
    assert claim is not None and f"核定 {claim.amount} 元" in main
    shot(phone, "competition-01-event-390")

    public = page_as(cast.outsider, viewport=PHONE)
    public.goto(f"{public.base}/programmes/public/competitions/")
    public.click("text=2021年焊工岗位练兵")
    main = looks_right(public)
    assert "焊**二" in main and "一等奖" in main and "焊工乙二" not in main
    no_sideways_scroll(public)
    shot(public, "competition-02-public-390")
