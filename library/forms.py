from __future__ import annotations

from datetime import timedelta
from typing import Any, cast

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone

from accounts.models import Sector
from core.forms import IdMultipleChoiceField, SingleLineField
from library.documents import document_kind, max_document_bytes, size_text, too_large_message
from library.models import Resource
from library.services import BOTH_GIVEN, NEITHER_GIVEN
from peer_network.models import Session, SessionStatus, Topic


class SessionChoiceField(forms.ModelMultipleChoiceField[Session]):
    def label_from_instance(self, obj: Session) -> str:
        local = timezone.localtime(obj.starts_at)
        return f"{obj.title} ({local.day} {local:%B %Y})"


class ResourceFilterForm(forms.Form):
    q = forms.CharField(label="Search the library", max_length=100, required=False)
    topic = IdMultipleChoiceField(
        label="Topic",
        queryset=Topic.objects.order_by("name"),
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    sector = forms.ChoiceField(
        label="Sector", choices=[("", "Any sector"), *Sector.choices], required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # a search: nothing to protect, and no token in the address
        self.helper.layout = Layout(
            Field.text("q", label_size=Size.SMALL),
            Field.checkboxes("topic", legend_size=Size.SMALL, small=True),
            Field("sector", context={"label_size": Size.for_label(Size.SMALL)}),
        )


class ResourceForm(forms.Form):
    title = SingleLineField(
        label="Title",
        max_length=200,
        error_messages={
            "required": "Enter a title",
            "max_length": "The title must be 200 characters or fewer",
        },
    )
    summary = forms.CharField(
        label="Summary",
        help_text="What it is and why it is useful, in a sentence or two of plain English.",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": "Enter a summary",
            "max_length": "The summary must be 1,000 characters or fewer",
        },
    )
    url = forms.URLField(
        label="Web link",
        help_text="The address of a web page, like https://www.example.org/guide",
        max_length=500,
        required=False,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"class": "govuk-input", "spellcheck": "false"}),
        error_messages={
            "invalid": "Enter a web address, like https://www.example.org",
            "max_length": "The web address must be 500 characters or fewer",
        },
    )
    document = forms.FileField(
        label="Or upload a document",
        required=False,
        widget=forms.FileInput(attrs={"class": "govuk-file-upload", "accept": ".pdf,.docx,.odt"}),
        error_messages={"empty": "The selected file is empty"},
    )
    sectors = forms.MultipleChoiceField(
        label="Which sectors is it for? (optional)",
        choices=Sector.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    topics = IdMultipleChoiceField(
        label="What is it about? (optional)",
        queryset=Topic.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    sessions = SessionChoiceField(
        label="Which sessions did it come from? (optional)",
        queryset=Session.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(
        self,
        *args: Any,
        resource: Resource | None = None,
        upload_too_large: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.resource = resource
        self.upload_too_large = upload_too_large
        # Sessions of the last year and those to come, and any the resource is already from.
        recent = Q(starts_at__gte=timezone.now() - timedelta(days=365))
        chosen = Q(pk__in=resource.sessions.values("pk")) if resource else Q(pk__in=[])
        sessions = cast(SessionChoiceField, self.fields["sessions"])
        sessions.queryset = (
            Session.objects.filter(recent | chosen)
            .exclude(Q(status=SessionStatus.CANCELLED) & ~chosen)
            .order_by("-starts_at", "pk")
        )
        if not sessions.queryset.exists():
            # Nothing to choose from: no question to ask.
            del self.fields["sessions"]
        document = self.fields["document"]
        document.help_text = (
            f"A PDF, Word (DOCX) or ODT document, smaller than {size_text(max_document_bytes())}."
        )
        if resource is not None and resource.is_document:
            document.label = "Or upload a new document"
            document.help_text = (
                f"Leave both empty to keep the current document. {document.help_text}"
            )

    def clean_document(self) -> Any:
        if self.upload_too_large:
            # Dropped while it arrived (documents.DocumentSizeLimit): say why.
            raise ValidationError(too_large_message(), code="too_large")
        upload = self.cleaned_data.get("document")
        if upload:
            document_kind(upload, size=upload.size or 0)
        return upload

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        url = cleaned.get("url")
        upload = cleaned.get("document")
        if "url" in self.errors or "document" in self.errors:
            return cleaned
        if url and upload:
            self.add_error("url", BOTH_GIVEN)
        elif not url and not upload and not (self.resource and self.resource.is_document):
            self.add_error("url", NEITHER_GIVEN)
        return cleaned
