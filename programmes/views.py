"""Programme pages: a school's work in its cohort (self-assessment, action plan, training,
parent carer group), and the cohort page for its leads. The school pages take an enrolment's
id (the school's place in one cohort). Every object is fetched through programmes.permissions."""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from accounts.types import AuthenticatedRequest
from consultations.models import Consultation
from consultations.services import ConsultationClosed
from core.dates import gov_time
from core.forms import add_service_errors
from core.limits import rate_limit_hit
from core.models import AccessWhat
from programmes import selectors, services
from programmes.forms import (
    FORM_KEY,
    ActionForm,
    AreaForm,
    AssessmentForm,
    CohortForm,
    CohortNewForm,
    ContactForm,
    EnrolForm,
    FamilySurveyForm,
    FamilySurveyLinkForm,
    FamilySurveyNewForm,
    FeedbackAnswersForm,
    FeedbackTimesForm,
    FrameworkForm,
    GroupMeetingForm,
    MeetingForm,
    QuoteForm,
    SchoolForm,
    StandardForm,
    TrainingForm,
    feedback_field,
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
    School,
    Standard,
    TrainingModule,
)
from programmes.permissions import (
    get_action_for_contact,
    get_cohort_for_lead,
    get_contact_for_editor,
    get_enrolment_for_contact,
    get_enrolment_for_recorder,
    get_enrolment_for_viewer,
    get_feedback_form,
    get_framework_for_builder,
    get_group_cohort_for_lead,
    get_group_meeting_for_lead,
    get_school_for_editor,
    is_cohort_lead,
    is_programme_lead,
    is_school_contact,
    may_build_frameworks,
    may_change_framework,
    may_edit_school,
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
            "survey": selectors.family_survey_status(enrolment),
            "may_edit_school": may_edit_school(request.user, enrolment.school),
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


def _family_survey_page(
    request: AuthenticatedRequest,
    enrolment: Enrolment,
    *,
    form: FamilySurveyForm | None = None,
    link_form: FamilySurveyLinkForm | None = None,
    new_form: FamilySurveyNewForm | None = None,
) -> HttpResponse:
    user = request.user
    return render(
        request,
        "programmes/family_survey.html",
        {
            "enrolment": enrolment,
            "survey": selectors.family_survey_status(enrolment),
            "form": form or FamilySurveyForm(initial={"held_on": enrolment.family_survey_held_on}),
            "link_form": link_form or FamilySurveyLinkForm(user=user),
            "new_form": new_form or FamilySurveyNewForm(user=user),
            "opens_on": services.family_survey_opens_on(enrolment.cohort),
        },
        status=400 if any(f is not None and f.errors for f in (form, link_form, new_form)) else 200,
    )


@login_required
def family_survey(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The school's family survey, for the cohort's leads: link a consultation a forum they lead
    runs, make a new one for the school, or record the date it ran. The page's three forms post
    here, told apart by the button pressed."""
    enrolment = get_enrolment_for_viewer(request.user, pk)
    if not is_cohort_lead(request.user, enrolment.cohort):
        raise PermissionDenied("Only the cohort's leads can record the family survey.")
    if request.method != "POST":
        return _family_survey_page(request, enrolment)
    if "link" in request.POST:
        link_form = FamilySurveyLinkForm(request.POST, user=request.user)
        if link_form.is_valid():
            try:
                services.family_survey_link(
                    enrolment=enrolment,
                    linked_by=request.user,
                    consultation=link_form.cleaned_data["consultation"],
                )
            except ValidationError as error:
                add_service_errors(link_form, error)
            else:
                messages.success(request, "The family survey is linked.")
                return redirect("programmes:school", pk=enrolment.pk)
        return _family_survey_page(request, enrolment, link_form=link_form)
    if "create" in request.POST:
        new_form = FamilySurveyNewForm(request.POST, user=request.user)
        if new_form.is_valid():
            try:
                consultation = services.family_survey_create(
                    enrolment=enrolment,
                    created_by=request.user,
                    forum=new_form.cleaned_data["forum"],
                )
            except ValidationError as error:
                add_service_errors(new_form, error)
            else:
                messages.success(
                    request, "The family survey is made and linked. Now add its questions."
                )
                return redirect("consultations:builder", pk=consultation.pk)
        return _family_survey_page(request, enrolment, new_form=new_form)
    form = FamilySurveyForm(request.POST)
    if form.is_valid():
        try:
            services.family_survey_record(
                enrolment=enrolment, recorded_by=request.user, held_on=form.cleaned_data["held_on"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The family survey date is recorded.")
            return redirect("programmes:school", pk=enrolment.pk)
    return _family_survey_page(request, enrolment, form=form)


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


# Schools, contacts, cohorts and enrolments ---------------------------------------------------


def _school_initial(school: School) -> dict[str, object]:
    return {
        "name": school.name,
        "urn": school.urn,
        "council_area": school.council_area_id,
        "phase": school.phase,
        "school_type": school.school_type,
    }


@login_required
def school_new(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A new school, added straight into one of the lead's own cohorts."""
    found = get_cohort_for_lead(request.user, pk)
    form = SchoolForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            enrolment = services.school_add_to_cohort(
                cohort=found,
                added_by=request.user,
                details=form.details(),
                enrolled_on=timezone.localdate(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{enrolment.school.name} is added to the cohort.")
            return redirect("programmes:school_edit", pk=enrolment.school_id)
    return render(request, "programmes/school_new.html", {"cohort": found, "form": form})


def _school_edit_page(
    request: AuthenticatedRequest,
    school: School,
    form: SchoolForm,
    contact_form: ContactForm,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "programmes/school_edit.html",
        {
            "school": school,
            "form": form,
            "contact_form": contact_form,
            "contacts": school.contacts.select_related("user").order_by("user__full_name", "pk"),
            "enrolments": school.enrolments.select_related("cohort").order_by("-cohort__starts_on"),
        },
        status=status,
    )


@login_required
def school_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A school's details and its contacts, for its contacts, its cohorts' leads and staff."""
    found = get_school_for_editor(request.user, pk)
    form = SchoolForm(
        request.POST if request.method == "POST" else None, initial=_school_initial(found)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.school_update(school=found, edited_by=request.user, details=form.details())
        except ValidationError as error:
            add_service_errors(form, error)
            found.refresh_from_db()
        else:
            messages.success(request, "The school's details are saved.")
            return redirect("programmes:school_edit", pk=found.pk)
    return _school_edit_page(request, found, form, ContactForm())


@login_required
@require_POST
def school_contact_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    found = get_school_for_editor(request.user, pk)
    contact_form = ContactForm(request.POST)
    if contact_form.is_valid():
        try:
            contact = services.school_contact_add(
                school=found,
                added_by=request.user,
                email=contact_form.cleaned_data["email"],
                role=contact_form.cleaned_data["role"],
            )
        except ValidationError as error:
            add_service_errors(contact_form, error)
        else:
            messages.success(
                request, f"{contact.user.full_name or contact.user.email} is a contact."
            )
            return redirect("programmes:school_edit", pk=found.pk)
    return _school_edit_page(
        request, found, SchoolForm(initial=_school_initial(found)), contact_form
    )


@login_required
@require_POST
def school_contact_remove(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    contact = get_contact_for_editor(request.user, pk)
    try:
        services.school_contact_remove(contact=contact, removed_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages) + ".")
    else:
        messages.success(request, "The contact is removed.")
    return redirect("programmes:school_edit", pk=contact.school_id)


def _cohort_initial(cohort: Cohort) -> dict[str, object]:
    return {
        "name": cohort.name,
        "starts_on": cohort.starts_on,
        "ends_on": cohort.ends_on,
        "baseline_due_on": cohort.baseline_due_on,
        "training_due_on": cohort.training_due_on,
        "parent_group_due_on": cohort.parent_group_due_on,
        "review_due_on": cohort.review_due_on,
        "family_survey_on": cohort.family_survey_on,
        "council_areas": list(cohort.council_areas.values_list("pk", flat=True)),
    }


@login_required
def cohort_new(request: AuthenticatedRequest) -> HttpResponse:
    if not is_programme_lead(request.user):
        raise PermissionDenied("Cohorts are started by programme leads.")
    form = CohortNewForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.cohort_create(
                programme=form.cleaned_data["programme"],
                created_by=request.user,
                details=form.details(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The cohort is started. You lead it.")
            return redirect("programmes:cohort", pk=created.pk)
    return render(request, "programmes/cohort_form.html", {"form": form, "cohort": None})


@login_required
def cohort_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    found = get_cohort_for_lead(request.user, pk)
    form = CohortForm(
        request.POST if request.method == "POST" else None, initial=_cohort_initial(found)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.cohort_update(cohort=found, edited_by=request.user, details=form.details())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The cohort is saved. Its schools' milestones follow it.")
            return redirect("programmes:cohort", pk=found.pk)
    return render(request, "programmes/cohort_form.html", {"form": form, "cohort": found})


@login_required
def cohort_enrol(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Add a school already held to the lead's cohort, or go on to add a new one."""
    found = get_cohort_for_lead(request.user, pk)
    if found.programme.kind != ProgrammeKind.SCHOOLS:
        raise Http404("Schools join school development programmes only.")
    form = EnrolForm(request.POST if request.method == "POST" else None, cohort=found)
    if request.method == "POST" and form.is_valid():
        try:
            enrolment = services.enrolment_add(
                cohort=found,
                added_by=request.user,
                school=form.cleaned_data["school"],
                enrolled_on=timezone.localdate(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{enrolment.school.name} is in the cohort.")
            return redirect("programmes:cohort", pk=found.pk)
    return render(request, "programmes/cohort_enrol.html", {"cohort": found, "form": form})


# The young people's feedback form -----------------------------------------------------------


@login_required
def group_meeting_feedback(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """For the group's leads: make the meeting's feedback form, open it on a shared device, and
    see how many young people chose each picture."""
    meeting = get_group_meeting_for_lead(request.user, pk)
    consultation = meeting.feedback_form
    form = FeedbackTimesForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and consultation is None and form.is_valid():
        try:
            services.feedback_form_create(
                meeting=meeting,
                created_by=request.user,
                starts=form.cleaned_data["starts"],
                ends=form.cleaned_data["ends"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The feedback form is ready.")
            return redirect("programmes:group_meeting_feedback", pk=meeting.pk)
    elif request.method == "POST" and consultation is not None:
        return redirect("programmes:group_meeting_feedback", pk=meeting.pk)
    context: dict[str, object] = {
        "meeting": meeting,
        "form": form,
        "consultation": consultation,
        "today": timezone.localdate(),
    }
    if consultation is not None:
        path = reverse("programmes:feedback_form", args=[consultation.open_link_token])
        context["link"] = request.build_absolute_uri(path)
        context["path"] = path
        context["results"] = selectors.feedback_results(consultation)
    return render(request, "programmes/group_feedback.html", context)


def _feedback_consultation(token: str) -> Consultation:
    consultation = get_feedback_form(token)
    if consultation is None:
        raise Http404("No such form.")
    return consultation


def _feedback_closed(request: HttpRequest, consultation: Consultation, status: int) -> HttpResponse:
    return render(
        request,
        "programmes/feedback_closed.html",
        {
            "consultation": consultation,
            "not_yet": consultation.status == "scheduled",
            "opens": gov_time(consultation.opens_at),
        },
        status=status,
    )


@never_cache
def feedback_form(request: HttpRequest, token: str) -> HttpResponse:
    """The young people's feedback form on a shared device: no sign-in, one page, a picture for
    each answer. After each person sends it, a fresh, empty copy is ready for the next one:
    nothing is kept in the browser and no draft is left behind."""
    consultation = _feedback_consultation(token)
    if not consultation.is_open:
        return _feedback_closed(request, consultation, 400 if request.method == "POST" else 200)
    questions = selectors.feedback_form_questions(consultation)
    if request.method == "POST":
        form = FeedbackAnswersForm(request.POST, questions=questions)
        if form.is_valid():
            # A shared device sends one form per young person; far more than a group from one
            # network address is someone flooding the link (the service's one limiter).
            rate_limit_hit(
                request, action=AccessWhat.CONSULTATION_SUBMIT, scope=f"feedback:{consultation.pk}"
            )
            try:
                services.feedback_send(
                    consultation=consultation,
                    chosen=form.chosen(),
                    form_key=form.cleaned_data[FORM_KEY],
                )
            except services.FeedbackAlreadySent:
                pass
            except ConsultationClosed:
                return _feedback_closed(request, consultation, 400)
            except ValidationError as error:
                add_service_errors(form, error)
                return _feedback_page(request, consultation, form)
            return redirect("programmes:feedback_sent", token=token)
        return _feedback_page(request, consultation, form)
    form = FeedbackAnswersForm(initial={FORM_KEY: secrets.token_urlsafe(24)}, questions=questions)
    return _feedback_page(request, consultation, form)


def _feedback_page(
    request: HttpRequest, consultation: Consultation, form: FeedbackAnswersForm
) -> HttpResponse:
    return render(
        request,
        "programmes/feedback_form.html",
        {
            "consultation": consultation,
            "form": form,
            "easy_read": [line for line in consultation.easy_read_summary.splitlines() if line],
            "questions": [
                (form[feedback_field(question.pk)], options) for question, options in form.questions
            ],
        },
        status=400 if form.is_bound else 200,
    )


@never_cache
@require_safe
def feedback_sent(request: HttpRequest, token: str) -> HttpResponse:
    consultation = _feedback_consultation(token)
    return render(request, "programmes/feedback_sent.html", {"consultation": consultation})
