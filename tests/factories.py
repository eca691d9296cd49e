"""factory_boy factories for the registry and accounts; valid identity numbers and credit codes."""

import datetime as dt

import factory
from django.utils import timezone

from skillup.accounts.models import User
from skillup.accounts.roles import Role
from skillup.registry import crypto
from skillup.registry import groups as group_codes
from skillup.registry.models import Employment, Enterprise, Institution, Organisation, OrgKind, Person
from skillup.registry.validators import id_birth_date, id_sex, make_id_number, make_uscc, mask_id_number

CAST_PASSWORD = "Cast-password-2021"


def id_number_for(
    n: int, *, birth: dt.date | None = None, sex: str | None = None, region: str = "330604"
) -> str:
    """A valid number for a test to type in; factories draw theirs from another region, so a number a
    test names can never belong to a person a factory made earlier in the run."""
    birth = birth or dt.date(1970, 1, 1) + dt.timedelta(days=(n * 37) % 12000)
    sex = sex or ("男" if n % 2 else "女")
    return make_id_number(region, birth, n % 500, sex)


FACTORY_REGION = "330602"


def uscc_for(n: int, kind: str = "91") -> str:
    return make_uscc("330604", f"{n:08d}1", kind)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    kind = OrgKind.DEPARTMENT
    code = factory.Sequence(lambda n: f"org{n}")
    name = factory.Sequence(lambda n: f"单位{n}")


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institution

    organisation = factory.SubFactory(
        OrganisationFactory,
        kind=OrgKind.INSTITUTION,
        code=factory.Sequence(lambda n: uscc_for(n + 1000, "52")),
        uscc=factory.SelfAttribute("code"),
        name=factory.Sequence(lambda n: f"上虞区第{n}职业技能培训学校"),
    )


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise

    organisation = factory.SubFactory(
        OrganisationFactory,
        kind=OrgKind.ENTERPRISE,
        code=factory.Sequence(lambda n: uscc_for(n + 5000)),
        uscc=factory.SelfAttribute("code"),
        name=factory.Sequence(lambda n: f"浙江上虞第{n}机械有限公司"),
    )
    industry = "机械制造"


class PersonFactory(factory.django.DjangoModelFactory):
    class Params:
        number = factory.Sequence(lambda n: id_number_for(n + 1, region=FACTORY_REGION))

    id_cipher = factory.LazyAttribute(lambda o: crypto.encrypt(o.number))
    id_hash = factory.LazyAttribute(lambda o: crypto.lookup_hash(o.number))
    id_masked = factory.LazyAttribute(lambda o: mask_id_number(o.number))
    sex = factory.LazyAttribute(lambda o: id_sex(o.number))
    birth_date = factory.LazyAttribute(lambda o: id_birth_date(o.number))
    name = factory.Sequence(lambda n: f"张{'一二三四五六七八九十'[n % 10]}{n}")
    phone = factory.Sequence(lambda n: f"138{n:08d}")
    groups = group_codes.encode(["employee"])

    class Meta:
        model = Person
        skip_postgeneration_save = True

    @factory.post_generation
    def employment(obj, create, extracted, **kwargs):
        """A person made with an employer is that enterprise's employee (employment register) since
        2015-01-01, unless `employment=False`."""
        if create and obj.employer_id and extracted is not False:
            Employment.objects.create(
                person=obj, enterprise_id=obj.employer_id, start=dt.date(2015, 1, 1), source="hr"
            )


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.TRAINEE
    person = None
    password = factory.PostGenerationMethodCall("set_password", CAST_PASSWORD)
    # A login made for a person by staff (the cast, the admin) is a verified binding (accounts.binding).
    person_verified_via = factory.LazyAttribute(lambda o: User.Verification.STAFF if o.person else "")
    person_verified_at = factory.LazyAttribute(lambda o: timezone.now() if o.person else None)
    person_verified_for = factory.LazyAttribute(lambda o: o.person.pk if o.person else None)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()
