"""第20条 citizen card: a person is paid by identity number when no card number is stored; the
disbursement file carries the full ID only in finance's download (an audited read); a failed payment is
corrected (trainee in 我的信息, or HR on the person page) and reissued to the card the person has now."""

import csv
import io

import pytest
from django.urls import reverse

from skillup.accounts.models import AuditEntry
from skillup.fund import payments
from skillup.fund.models import PaymentLine
from skillup.registry import crypto
from skillup.subsidies.models import Claim
from tests.factories import PersonFactory
from tests.subsidies.factories import advance, claims_for_class, paid_batch

pytestmark = pytest.mark.django_db
S = Claim.Status


def _rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


@pytest.fixture
def roster_person():
    """A person as a roster brings them: no citizen card number stored."""
    return PersonFactory(citizen_card="", name="陈新人")


def test_a_roster_person_without_a_card_is_paid_by_identity_number(cast, roster_person):
    (claim,) = advance(cast, claims_for_class(cast, people=[roster_person]))
    assert claim.status == S.FINANCE_APPROVED and claim.payee_account == "按身份证号"
    assert claim.payee_account_display == "市民卡（按身份证号发放）"
    batch = paid_batch(cast, [claim])
    claim.refresh_from_db()
    assert claim.status == S.PAID and batch.lines.get().payee_account == "按身份证号"


def test_the_file_carries_kind_name_masked_and_full_id_after_the_api_columns(cast, roster_person):
    (claim,) = advance(cast, claims_for_class(cast, people=[roster_person]))
    batch = payments.payment_batch_create(actor=cast.finance, claim_ids=[claim.pk])
    before = AuditEntry.objects.filter(action="payment_batch.file").count()
    data = payments.disbursement_file(actor=cast.finance, batch=batch)
    assert data.startswith("\ufeff".encode())
    text = data.decode("utf-8-sig")
    assert text.splitlines()[0].split(",")[:5] == ["key", "payee", "account", "amount", "claim"]
    (row,) = _rows(text)
    full = crypto.decrypt(roster_person.id_cipher)
    assert row["payee_kind"] == "person" and row["name"] == "陈新人" and row["payee"] == "陈新人"
    assert row["account"] == "按身份证号" and row["amount"] == "3500.00" and row["claim"] == str(claim.pk)
    assert row["id_masked"] == roster_person.id_masked and row["id_number"] == full and "*" not in full
    entry = AuditEntry.objects.filter(action="payment_batch.file").latest("seq")
    assert AuditEntry.objects.filter(action="payment_batch.file").count() == before + 1
    assert entry.object_id == str(batch.pk) and entry.changes["full_id_numbers"] == 1
    assert entry.actor_id == cast.finance.pk and "完整身份证号" in entry.summary


def test_only_finance_downloads_the_file(cast, roster_person):
    from django.core.exceptions import PermissionDenied

    (claim,) = advance(cast, claims_for_class(cast, people=[roster_person]))
    batch = payments.payment_batch_create(actor=cast.finance, claim_ids=[claim.pk])
    with pytest.raises(PermissionDenied):
        payments.disbursement_file(actor=cast.hr, batch=batch)
    assert not AuditEntry.objects.filter(action="payment_batch.file").exists()


def test_the_batch_page_shows_masked_ids_only_and_the_download_is_audited(cast, login, roster_person):
    (claim,) = advance(cast, claims_for_class(cast, people=[roster_person]))
    batch = payments.payment_batch_create(actor=cast.finance, claim_ids=[claim.pk])
    full = crypto.decrypt(roster_person.id_cipher)
    client = login(cast.finance)
    page = client.get(reverse("batch_detail", args=[batch.pk])).content.decode()
    assert roster_person.id_masked in page and full not in page
    assert "市民卡（按身份证号发放）" in page
    r = client.get(reverse("batch_file", args=[batch.pk]))
    assert r.status_code == 200 and full in r.content.decode("utf-8-sig")
    assert AuditEntry.objects.filter(action="payment_batch.file", object_id=str(batch.pk)).count() == 1
    # HR reads the batch page but may not download the file with full numbers.
    hr = login(cast.hr)
    assert hr.get(reverse("batch_file", args=[batch.pk])).status_code == 403
    assert full not in hr.get(reverse("batch_detail", args=[batch.pk])).content.decode()


def _failed(cast, person):
    (claim,) = advance(cast, claims_for_class(cast, people=[person]))
    paid_batch(cast, [claim], statuses=["failed"])
    claim.refresh_from_db()
    assert claim.status == S.PAYMENT_FAILED
    return claim


def test_the_trainee_corrects_the_card_in_my_info_and_the_reissue_uses_it(cast, login):
    person = cast.trainee_person
    person.citizen_card = "330600001111"
    person.save()
    claim = _failed(cast, person)
    client = login(cast.trainee)
    page = client.get(reverse("my_profile")).content.decode()
    assert "市民卡 3306****1111" in page
    r = client.post(reverse("my_profile"), {"citizen_card": "12ab", "phone": "13800001111"})
    assert "市民卡号应为8至20位数字" in r.content.decode()
    person.refresh_from_db()
    assert person.citizen_card == "330600001111"

    r = client.post(reverse("my_profile"), {"citizen_card": "3306 0000 2222 9", "phone": "13800001111"})
    assert r.status_code == 302
    person.refresh_from_db()
    assert person.citizen_card == "3306000022229"
    entry = AuditEntry.objects.filter(action="person.card_update").latest("seq")
    assert entry.actor_id == cast.trainee.pk and entry.object_id == str(person.pk)
    assert entry.changes["citizen_card"] == ["3306****1111", "3306*****2229"]
    assert "330600001111" not in str(entry.changes) and "3306000022229" not in str(entry.changes)

    # The failed-payment list says the card was corrected since the failure.
    fin = login(cast.finance)
    page = fin.get(reverse("failed_payments")).content.decode()
    assert "已更正" in page and "市民卡 3306*****2229" in page
    assert payments.payment_reissue(actor=cast.finance, claim_ids=[claim.pk]) == 1
    claim.refresh_from_db()
    assert claim.status == S.FINANCE_APPROVED and claim.payee_account == "3306000022229"
    reissue = AuditEntry.objects.filter(action="payment.reissue").latest("seq")
    assert reissue.changes["payee_account"] == ["3306****1111", "3306*****2229"]
    batch = paid_batch(cast, [claim])
    line = batch.lines.get()
    assert (line.attempt, line.payee_account, line.status) == (2, "3306000022229", "paid")
    claim.refresh_from_db()
    assert claim.status == S.PAID


def test_hr_records_a_new_card_on_the_person_page(cast, login, roster_person):
    claim = _failed(cast, roster_person)
    hr = login(cast.hr)
    page = hr.get(reverse("failed_payments")).content.decode()
    assert "未更正" in page and "卡号错误" in page and roster_person.id_masked in page
    r = hr.post(reverse("person_card", args=[roster_person.pk]), {"citizen_card": "x"})
    assert r.status_code == 400 and "市民卡号应为8至20位数字" in r.content.decode()
    r = hr.post(reverse("person_card", args=[roster_person.pk]), {"citizen_card": "330699990001"})
    assert r.status_code == 302
    roster_person.refresh_from_db()
    assert roster_person.citizen_card == "330699990001"
    entry = AuditEntry.objects.filter(action="person.card_update").latest("seq")
    assert entry.actor_id == cast.hr.pk and entry.changes["citizen_card"] == ["", "3306****0001"]
    lines = payments.selectors.with_corrections(list(payments.selectors.failed_payments_visible_to(cast.hr)))
    assert [(x.claim_id, x.corrected, x.correction.actor_name) for x in lines] == [(claim.pk, True, "hr")]
    # An institution may neither record a card nor see the failed-payment list.
    inst = login(cast.institution)
    assert inst.post(
        reverse("person_card", args=[roster_person.pk]), {"citizen_card": "330611112222"}
    ).status_code in (403, 404)
    assert inst.get(reverse("failed_payments")).status_code == 403
    roster_person.refresh_from_db()
    assert roster_person.citizen_card == "330699990001"


def test_an_uncorrected_failure_is_reissued_to_the_same_account(cast, roster_person):
    claim = _failed(cast, roster_person)
    (line,) = payments.selectors.with_corrections(
        list(payments.selectors.failed_payments_visible_to(cast.hr))
    )
    assert line.corrected is False and line.correction is None
    assert line.current_display == "市民卡（按身份证号发放）"
    payments.payment_reissue(actor=cast.finance, claim_ids=[claim.pk])
    claim.refresh_from_db()
    assert claim.payee_account == "按身份证号"
    assert "按原账号重新发放" in claim.reviews.filter(decision="reissue").get().reason


def test_a_trainee_cannot_change_another_persons_card(cast):
    from django.core.exceptions import PermissionDenied

    from skillup.registry.services_accounts import person_card_update

    with pytest.raises(PermissionDenied):
        person_card_update(actor=cast.trainee, person=cast.other_person, citizen_card="330612345678")
    with pytest.raises(PermissionDenied):
        person_card_update(actor=cast.finance, person=cast.other_person, citizen_card="330612345678")
    assert not PaymentLine.objects.exists()


def test_home_pages_point_to_the_correction_and_the_list_exports(cast, login):
    from openpyxl import load_workbook

    person = cast.trainee_person
    person.citizen_card = "330600007777"
    person.save()
    claim = _failed(cast, person)
    home = login(cast.trainee).get(reverse("home")).content.decode()
    assert "补贴支付失败" in home and "卡号错误" in home and reverse("my_profile") in home
    home = login(cast.hr).get(reverse("home")).content.decode()
    assert "支付失败待更正账号" in home
    r = login(cast.finance).get(reverse("failed_payments") + "?format=xlsx&corrected=no")
    ws = load_workbook(io.BytesIO(r.content)).active
    values = [[c for c in row] for row in ws.iter_rows(values_only=True)]
    row = next(v for v in values if v and v[0] == claim.pk)
    assert row[1] == person.name and row[2] == person.id_masked and row[3] == "市民卡 3306****7777"
    assert row[6] == "卡号错误" and row[7] == "未更正"
    assert crypto.decrypt(person.id_cipher) not in str(values)
    r = login(cast.finance).get(reverse("failed_payments") + "?format=xlsx&corrected=yes")
    assert not any(
        v and v[0] == claim.pk
        for v in load_workbook(io.BytesIO(r.content)).active.iter_rows(values_only=True)
    )
