"""Pages of the training supermarket (第17条) and the policy calculator (第21条): public search and offer
pages (no login, phone-first), the institution's offers (draft, publish, close, photos), HR's take-down."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from skillup.core import uploads
from skillup.core.errors import NotAllowed, RuleViolation, StateConflict
from skillup.core.web import paginate, show_error
from skillup.market import cache as market_cache
from skillup.market import calculator, permissions, pricing, selectors, selectors_groups, services, towns
from skillup.market.forms import CalculatorForm, OfferForm, PhotoForm, ReasonForm
from skillup.market.models import Offer, OfferPhoto
from skillup.policy import catalogue
from skillup.policy.model import LEVELS

ERRORS = (RuleViolation, StateConflict, NotAllowed)
PER_PAGE = 20


def _prices(request, offers) -> dict:
    """Each offer's price after subsidy: the trainee's own figure when a trainee is signed in."""
    person, history = selectors.person_history(request.user)
    if person is not None:
        return pricing.personal_prices(offers, person, history)
    return pricing.standard_prices(offers)


def search(request):
    """Public: search offers by text, occupation, level, town, dates and price (a visitor's page is cached:
    market/cache.py)."""
    if market_cache.usable(request):
        return market_cache.serve(request, lambda extra: _search(request, extra))
    return _search(request)


def _search(request, extra: dict | None = None):
    s = selectors.search_from(request.GET)
    page = paginate(request, selectors.offer_search(s), per_page=PER_PAGE)
    offers = list(page.object_list)
    prices = _prices(request, offers)
    context = {
        "page_obj": page,
        "rows": [(o, prices[o.pk]) for o in offers],
        "s": s,
        "towns": towns.CHOICES,
        "levels": LEVELS,
        "personal": selectors.person_history(request.user)[0] is not None,
        **(extra or {}),
    }
    return render(request, "market/search.html", context)


def _offer(request, pk: int) -> Offer:
    try:
        return selectors.offer_for(request.user, pk)
    except Offer.DoesNotExist:
        raise Http404("未找到该课程") from None


def offer_detail(request, pk: int):
    offer = _offer(request, pk)
    standard = pricing.standard_prices([offer])[offer.pk]
    person, history = selectors.person_history(request.user)
    own = pricing.personal_price(offer, person, history) if person is not None else None
    user = request.user
    context = {
        "offer": offer,
        "standard": standard,
        "own": own,
        "record": selectors.institution_record(user, offer.institution),
        "groups": list(selectors_groups.open_groups().filter(offer=offer).order_by("deadline")[:5])
        if offer.status == Offer.Status.PUBLISHED
        else [],
        "scheme_name": catalogue.scheme_names().get(offer.scheme, offer.scheme),
        "reason_form": ReasonForm(),
        "photo_form": PhotoForm(),
    }
    if user.is_authenticated:
        context |= {
            "allow_edit": permissions.can_edit_offer(user, offer),
            "allow_publish": permissions.can_publish_offer(user, offer),
            "allow_close": permissions.can_close_offer(user, offer),
            "allow_unpublish": permissions.can_unpublish_offer(user, offer),
        }
    return render(request, "market/offer_detail.html", context)


def photo(request, pk: int):
    """A photo, read back only for an offer the user may see (a published offer's photos are public)."""
    found = OfferPhoto.objects.filter(pk=pk).first()
    if found is None:
        raise Http404
    offer = _offer(request, found.offer_id)
    path = uploads.path_of(services.PHOTO_FOLDER, found.path)
    if not path.exists():
        raise Http404
    ext = found.path.rsplit(".", 1)[-1]
    return uploads.file_response(path, found.content_type, f"offer-{offer.pk}-{found.pk}.{ext}", inline=True)


def _require_manager(request):
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    if not permissions.can_manage_offers(request.user):
        raise NotAllowed(permissions.can_manage_offers(request.user).reason)
    return None


def manage(request):
    """The institution's offers in every state (HR: every institution's)."""
    if (answer := _require_manager(request)) is not None:
        return answer
    s = selectors.search_from(request.GET)
    page = paginate(request, selectors.offers_managed(request.user, s), per_page=PER_PAGE)
    context = {
        "page_obj": page,
        "s": s,
        "statuses": Offer.Status.choices,
        "allow_create": permissions.can_create_offer(request.user),
    }
    return render(request, "market/manage.html", context)


def _form(request, offer=None):
    filed = selectors.filing_choices(request.user)
    venues = services.venues_for(request.user.organisation_id) if request.user.organisation_id else []
    initial = None
    if offer is not None:
        initial = {
            f: getattr(offer, f) for f in services.FIELDS if f not in ("scheme", "occupation", "level")
        }
        initial["venue"] = str(offer.venue_id or "")
        initial["filed"] = f"{offer.scheme}|{offer.occupation}|{offer.level}"
    return OfferForm(request.POST or None, initial=initial, filed=filed, venues=venues)


def offer_add(request):
    if (answer := _require_manager(request)) is not None:
        return answer
    verdict = permissions.can_create_offer(request.user)
    if not verdict:
        raise NotAllowed(verdict.reason)
    form = _form(request)
    if request.method == "POST" and form.is_valid():
        try:
            offer = services.offer_create(actor=request.user, data=form.service_data())
        except ERRORS as exc:
            show_error(request, exc, form)
        else:
            messages.success(request, f"已保存草稿「{offer.title}」，确认无误后请上架。")
            return redirect("market:offer", offer.pk)
    return render(request, "market/offer_form.html", {"form": form, "offer": None})


def offer_edit(request, pk: int):
    if (answer := _require_manager(request)) is not None:
        return answer
    offer = _offer(request, pk)
    verdict = permissions.can_edit_offer(request.user, offer)
    if not verdict:
        messages.error(request, verdict.reason)
        return redirect("market:offer", offer.pk)
    form = _form(request, offer)
    if request.method == "POST" and form.is_valid():
        try:
            services.offer_update(actor=request.user, offer=offer, data=form.service_data())
        except ERRORS as exc:
            show_error(request, exc, form)
        else:
            messages.success(request, "已保存修改。")
            return redirect("market:offer", offer.pk)
    return render(request, "market/offer_form.html", {"form": form, "offer": offer})


@require_POST
def offer_change(request, pk: int, action: str):
    """publish, close, unpublish (HR, with a reason) or add a photo."""
    if (answer := _require_manager(request)) is not None:
        return answer
    offer = _offer(request, pk)
    try:
        if action == "publish":
            services.offer_publish(actor=request.user, offer=offer)
            messages.success(request, "课程已上架，市民可在培训超市搜索到。")
        elif action == "close":
            services.offer_close(actor=request.user, offer=offer)
            messages.success(request, "课程已结束报名。")
        elif action == "unpublish":
            services.offer_unpublish(actor=request.user, offer=offer, reason=request.POST.get("reason", ""))
            messages.success(request, "课程已下架，机构可看到下架原因。")
        elif action == "photo":
            upload = request.FILES.get("photo")
            if upload is None:
                raise RuleViolation("请选择要上传的照片", field="photo")
            services.offer_photo_add(actor=request.user, offer=offer, upload=upload)
            messages.success(request, "照片已上传。")
        else:
            raise Http404
    except ERRORS as exc:
        show_error(request, exc)
    return redirect("market:offer", offer.pk)


def calculator_page(request):
    """Public: a few plain questions → every subsidy the plan offers the person, from the engine."""
    form = CalculatorForm(request.GET or None, situations=calculator.situations())
    answers, problems, question = None, [], None
    if request.GET and form.is_valid():
        data = form.cleaned_data
        held, problems = calculator.parse_held(data.get("held") or "")
        if not problems:
            question = calculator.Question(
                age=data.get("age"),
                situations=tuple(data.get("situations") or ()),
                held=held,
                occupation=(data.get("occupation") or "").strip(),
                level=data.get("level") or "",
            )
            answers = calculator.answer(question)
    context = {"form": form, "answers": answers, "problems": problems, "question": question}
    return render(request, "market/calculator.html", context)
