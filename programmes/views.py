"""Programme pages: a school's work in its cohort (self-assessment, action plan, training,
parent carer group), and the cohort page for its leads. The school pages take an enrolment's
id (the school's place in one cohort). Every object is fetched through programmes.permissions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from accounts.types import AuthenticatedRequest
from core.forms import add_service_errors
from programmes import selectors, services
from programmes.forms import (
    ActionForm,
    AreaForm,
    AssessmentForm,
    FamilySurveyForm,
    FrameworkForm,
    GroupMeetingForm,
    MeetingForm,
    QuoteForm,
    StandardForm,
    TrainingForm,
    level_field,
)
from programmes.models import (
    ActionItem,
    Area,
    AssessmentRound,
    Cohort,
    Enrolment,
    Framework,
    ProgrammeKind,
    RoundKind,
    Standard,
    TrainingModule,
)
from programmes.permissions import (
    get_action_for_contact,
    get_cohort_for_lead,
    get_enrolment_for_contact,
    get_enrolment_for_recorder,
    get_enrolment_for_viewer,
    get_framework_for_builder,
    get_group_cohort_for_lead,
    get_group_meeting_for_lead,
    is_cohort_lead,
    is_school_contact,
    may_build_frameworks,
    may_change_framework,
    may_record_meetings,
    takes_part,
)


@login_required
@require_safe
def home(request: AuthenticatedRequest) -> HttpResponse:
    if not takes_part(request.user):
        raise PermissionDenied("This is for schools and programme leads in a programme.")
    user = request.user
    schools = (
        Enrolment.objects.filter(school__contacts__user=user)
        .select_related("school", "cohort", "cohort__programme")
        .order_by("school__name", "-cohort__starts_on")
    )
    cohorts = Cohort.objects.select_related("programme").order_by("-starts_on", "name")
    if not user.is_staff:
        cohorts = cohorts.led_by(user.pk)
    builds = may_build_frameworks(user)
    return render(
        request,
        "programmes/home.html",
        {
            "schools": list(schools),
            "cohorts": list(cohorts),
            "frameworks": list(Framework.objects.all()) if builds else [],
            "may_build": builds,
        },
    )


def _rounds(enrolment: Enrolment) -> dict[str, AssessmentRound]:
    return {r.kind: r for r in AssessmentRound.objects.filter(enrolment=enrolment)}


@login_required
@require_safe
def school(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    enrolment = get_enrolment_for_viewer(request.user, pk)
    rounds = _rounds(enrolment)
    progress = selectors.school_progress(enrolment)
    records = {r.module_id: r.staff_completed for r in enrolment.training.all()}
    return render(
        request,
        "programmes/school.html",
        {
            "enrolment": enrolment,
            "school": enrolment.school,
            "cohort": enrolment.cohort,
            "progress": progress,
            "rounds": [
                {
                    "kind": kind,
                    "round": rounds.get(kind.value),
                    "refusal": services.round_kind_refusal(enrolment, kind.value),
                }
                for kind in RoundKind
            ],
            "milestones": enrolment.milestones.all(),
            "today": timezone.localdate(),
            "actions": ActionItem.objects.filter(enrolment=enrolment).select_related("standard"),
            "training": [
                (module, records.get(module.pk, 0))
                for module in TrainingModule.objects.filter(
                    programme_id=enrolment.cohort.programme_id
                )
            ],
            "meetings": enrolment.parent_meetings.all(),
            "is_contact": is_school_contact(request.user, enrolment.school_id),
            "is_lead": is_cohort_lead(request.user, enrolment.cohort),
            "may_record": may_record_meetings(request.user, enrolment),
        },
    )


@login_required
def assessment(request: AuthenticatedRequest, pk: int, kind: str) -> HttpResponse:
    """A self-assessment round: the school's contacts rate each standard, save a draft and
    come back, then submit. A submitted round is shown read-only to everyone who can see it."""
    enrolment = get_enrolment_for_viewer(request.user, pk)
    if kind not in RoundKind.values:
        raise Http404("No such self-assessment.")
    round_ = AssessmentRound.objects.filter(enrolment=enrolment, kind=kind).first()
    is_contact = is_school_contact(request.user, enrolment.school_id)
    if request.method == "POST" and not is_contact:
        raise PermissionDenied("Only the school's own contacts can change its self-assessment.")
    framework_id = enrolment.cohort.programme.framework_id
    standards = Standard.objects.in_framework(framework_id).select_related("area")
    form = AssessmentForm(
        request.POST if request.method == "POST" else None, standards=standards, round_=round_
    )
    if request.method == "POST" and form.is_valid():
        submitting = form.submitting()
        try:
            services.round_save(
                enrolment=enrolment,
                kind=kind,
                saved_by=request.user,
                ratings=form.ratings(),
                submit=submitting,
            )
        except services.RoundIncomplete as incomplete:
            # Each missing level is shown at its standard, and linked from the summary.
            for standard_id, message in incomplete.missing.items():
                form.add_error(level_field(standard_id), message)
            round_ = incomplete.round
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                "Your self-assessment is submitted. Thank you."
                if submitting
                else "Your draft is saved. You can come back and finish it at any time.",
            )
            return redirect("programmes:school", pk=enrolment.pk)
    refusal = services.round_kind_refusal(enrolment, kind) if round_ is None else None
    areas = list(Area.objects.in_framework(framework_id))
    ratings = {r.standard_id: r for r in round_.ratings.all()} if round_ else {}
    locked = bool(round_ and round_.is_submitted)
    return render(
        request,
        "programmes/assessment.html",
        {
            "enrolment": enrolment,
            "kind": RoundKind(kind),
            "round": round_,
            "form": form,
            "areas": [(area, form.pairs(area.pk)) for area in areas],
            # A refused change to a submitted round shows what was typed, without buttons.
            "editable": is_contact and not refusal and (not locked or request.method == "POST"),
            "refusal": refusal,
            "locked": locked,
            "read_only": [
                (area, [(s, ratings.get(s.pk)) for s in standards if s.area_id == area.pk])
                for area in areas
            ],
        },
    )


def _action_page(
    request: AuthenticatedRequest,
    enrolment: Enrolment,
    form: ActionForm,
    item: ActionItem | None = None,
) -> HttpResponse:
    return render(
        request,
        "programmes/action_form.html",
        {"enrolment": enrolment, "form": form, "item": item},
    )


@login_required
def action_new(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    enrolment = get_enrolment_for_contact(request.user, pk)
    framework_id = enrolment.cohort.programme.framework_id
    form = ActionForm(request.POST if request.method == "POST" else None, framework_id=framework_id)
    if request.method == "POST" and form.is_valid():
        try:
            services.action_create(
                enrolment=enrolment, created_by=request.user, details=form.details()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The action is added to your plan.")
            return redirect("programmes:school", pk=enrolment.pk)
    return _action_page(request, enrolment, form)


@login_required
def action_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    item = get_action_for_contact(request.user, pk)
    enrolment = item.enrolment
    form = ActionForm(
        request.POST if request.method == "POST" else None,
        framework_id=enrolment.cohort.programme.framework_id,
        initial={
            "standard": item.standard_id,
            "action": item.action,
            "owner": item.owner,
            "due_on": item.due_on,
            "status": item.status,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.action_update(item=item, edited_by=request.user, details=form.details())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The action is updated.")
            return redirect("programmes:school", pk=enrolment.pk)
    return _action_page(request, enrolment, form, item)


@login_required
def training(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    enrolment = get_enrolment_for_recorder(request.user, pk)
    form = TrainingForm(
        request.POST if request.method == "POST" else None,
        modules=TrainingModule.objects.filter(programme_id=enrolment.cohort.programme_id),
        records=enrolment.training.all(),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.training_save(
                enrolment=enrolment, recorded_by=request.user, counts=form.counts()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Training numbers are saved.")
            return redirect("programmes:school", pk=enrolment.pk)
    return render(request, "programmes/training.html", {"enrolment": enrolment, "form": form})


@login_required
def meeting_new(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    enrolment = get_enrolment_for_recorder(request.user, pk)
    form = MeetingForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_record(
                enrolment=enrolment,
                recorded_by=request.user,
                held_on=form.cleaned_data["held_on"],
                attendance=form.cleaned_data["attendance"],
                themes=form.cleaned_data["themes"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The meeting is recorded.")
            return redirect("programmes:school", pk=enrolment.pk)
    return render(request, "programmes/meeting_form.html", {"enrolment": enrolment, "form": form})


@login_required
def family_survey(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    enrolment = get_enrolment_for_viewer(request.user, pk)
    if not is_cohort_lead(request.user, enrolment.cohort):
        raise PermissionDenied("Only the cohort's leads can record the family survey.")
    form = FamilySurveyForm(
        request.POST if request.method == "POST" else None,
        initial={"held_on": enrolment.family_survey_held_on},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.family_survey_record(
                enrolment=enrolment, recorded_by=request.user, held_on=form.cleaned_data["held_on"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The family survey date is recorded.")
            return redirect("programmes:school", pk=enrolment.pk)
    return render(request, "programmes/family_survey.html", {"enrolment": enrolment, "form": form})


@login_required
@require_safe
def cohort(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    found = get_cohort_for_lead(request.user, pk)
    if found.programme.kind == ProgrammeKind.YOUNG_PEOPLE:
        return redirect("programmes:group", pk=found.pk)
    overview = selectors.cohort_overview(found, timezone.localdate())
    return render(request, "programmes/cohort.html", {"cohort": found, "overview": overview})


@login_required
@require_POST
def cohort_export(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    found = get_cohort_for_lead(request.user, pk)
    content = services.cohort_export_csv(cohort=found, exported_by=request.user)
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    filename = f"cohort-{found.pk}-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_safe
def group(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A young people's group, for its leads: meetings, counts by age band, themes, quotes."""
    found = get_group_cohort_for_lead(request.user, pk)
    return render(
        request,
        "programmes/group.html",
        {"cohort": found, "summary": selectors.group_summary(found)},
    )


@login_required
def group_meeting_new(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    found = get_group_cohort_for_lead(request.user, pk)
    form = GroupMeetingForm(request.POST if request.method == "POST" else None, cohort=found)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.group_meeting_record(
                cohort=found,
                recorded_by=request.user,
                held_on=data["held_on"],
                place=data["place"],
                council_area=data["council_area"],
                counts=form.counts(),
                theme_ids=[theme.pk for theme in data["themes"]],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The meeting is recorded.")
            return redirect("programmes:group", pk=found.pk)
    return render(request, "programmes/group_meeting_form.html", {"cohort": found, "form": form})


@login_required
def quote_new(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = get_group_meeting_for_lead(request.user, pk)
    form = QuoteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.quote_record(
                meeting=meeting,
                recorded_by=request.user,
                text=data["text"],
                age_band=data["age_band"],
                young_person_agreed=data["young_person_agreed"],
                parent_carer_agreed=data["parent_carer_agreed"],
                consent_how=data["consent_how"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Their words are kept, with the record of their agreement.")
            return redirect("programmes:group", pk=meeting.cohort_id)
    return render(request, "programmes/quote_form.html", {"meeting": meeting, "form": form})


@login_required
def framework_new(request: AuthenticatedRequest) -> HttpResponse:
    if not may_build_frameworks(request.user):
        raise PermissionDenied("Frameworks are for programme leads.")
    form = FrameworkForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            framework = services.framework_create(
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
                created_by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The framework is created. Now add its areas.")
            return redirect("programmes:framework", pk=framework.pk)
    return render(request, "programmes/framework_new.html", {"form": form})


def _framework_page(
    request: AuthenticatedRequest,
    framework: Framework,
    area_form: AreaForm | None = None,
    standard_form: StandardForm | None = None,
) -> HttpResponse:
    in_use = framework.programmes.exists()
    return render(
        request,
        "programmes/framework.html",
        {
            "framework": framework,
            "areas": framework.areas.prefetch_related("standards"),
            "may_change": may_change_framework(request.user, framework) and not in_use,
            "in_use": in_use,
            "area_form": area_form or AreaForm(),
            "standard_form": standard_form or StandardForm(framework_id=framework.pk),
        },
    )


@login_required
def framework(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A framework's areas and standards; its maker adds to them here until a programme uses
    it. The page's two forms post here, told apart by the button pressed."""
    found = get_framework_for_builder(request.user, pk)
    if request.method != "POST":
        return _framework_page(request, found)
    if "add_area" in request.POST:
        area_form = AreaForm(request.POST)
        if area_form.is_valid():
            try:
                services.area_add(
                    framework=found, added_by=request.user, name=area_form.cleaned_data["name"]
                )
            except ValidationError as error:
                add_service_errors(area_form, error)
            else:
                messages.success(request, "The area is added.")
                return redirect("programmes:framework", pk=found.pk)
        return _framework_page(request, found, area_form=area_form)
    standard_form = StandardForm(request.POST, framework_id=found.pk)
    if standard_form.is_valid():
        data = standard_form.cleaned_data
        try:
            services.standard_add(
                area=data["area"],
                added_by=request.user,
                title=data["title"],
                descriptor=data["descriptor"],
            )
        except ValidationError as error:
            add_service_errors(standard_form, error)
        else:
            messages.success(request, "The standard is added.")
            return redirect("programmes:framework", pk=found.pk)
    return _framework_page(request, found, standard_form=standard_form)
