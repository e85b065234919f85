"""The organisation form (used by /manage, partners and the CSV import), and the public
application form."""

import re

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from app.editing.forms import EditForm
from app.formfields import AddressField, IsoDateField, SdgField
from app.partners.fields import ContributionsField, ListField
from app.partners.services import slug_taken
from app.partners.vocab import (
    EMAIL_VISIBILITY,
    GROUPS,
    ROLES,
    find_country,
    find_language,
    localised_countries,
)
from app.textforms import LIST_TEXT, MEDIUM_TEXT, TextForm, TextLength, markdown_validators

# Addresses under /partners/ that are pages, not organisations.
RESERVED_SLUGS = {"apply", "group", "country", "sdg", "data", "search"}
EMAIL = re.compile(r"^[^@\s<>\"']+@[^@\s<>\"']+\.[^@\s<>\"']+$")
TARGET = re.compile(r"^(\d{1,2})\.(\d{1,2}|[a-z])$")


def _choice(mapping: dict, text: str) -> str | None:
    """The key of ``mapping`` given as a key or as its label, case-insensitively."""
    folded = (text or "").strip().casefold()
    for key, label in mapping.items():
        if folded in (key.casefold(), str(label).casefold()):
            return key
    return None


def check_choice(mapping: dict, message):
    def check(form, field):
        if not (field.data or "").strip():
            raise ValidationError(_l("Choose one."))
        found = _choice(mapping, field.data)
        if found is None:
            raise ValidationError(message % {"value": field.data or ""})
        field.data = found

    return check


def check_country(form, field):
    if not (field.data or "").strip():
        raise ValidationError(_l("Choose a country."))
    code = find_country(field.data)
    if code is None:
        raise ValidationError(
            _("“%(value)s” is not a country name or ISO 3166 code.", value=field.data or "")
        )
    field.data = code


def check_email(form, field):
    field.data = (field.data or "").strip()
    if field.data and not EMAIL.match(field.data):
        raise ValidationError(_l("Enter an email address such as name@example.org."))


def check_website(form, field):
    field.data = (field.data or "").strip()
    if field.data and not re.match(r"^https?://[^\s<>\"']+\.[^\s<>\"']+$", field.data):
        raise ValidationError(_l("Enter a web address starting with https:// or http://."))


def options(mapping: dict, blank=None):
    """Choices for a select, read when the form is rendered (so labels follow the locale).

    A callable, which every WTForms version from 3.1 reads without a deprecation warning.
    """
    return lambda: (
        ([("", str(blank))] if blank else [])
        + [(value, str(label)) for value, label in mapping.items()]
    )


def _is_partner() -> bool:
    from flask import has_request_context
    from flask_login import current_user

    from app.accounts.models import Role

    return (
        has_request_context()
        and current_user.is_authenticated
        and (current_user.has_role(Role.PARTNER))
    )


def country_choices():
    return options(localised_countries(), _l("Choose a country"))()


class PartnerForm(EditForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    short_name = StringField(_l("Short name or acronym"), validators=[Length(max=60)])
    slug = AddressField(
        _l("Address"),
        source="name",
        description=_l(
            "Leave it empty to make it from the name; lowercase letters, digits and hyphens."
        ),
    )
    stakeholder_group = SelectField(
        _l("Stakeholder group"),
        choices=options(GROUPS, _l("Choose a group")),
        validate_choice=False,
        validators=[check_choice(GROUPS, _l("“%(value)s” is not one of the stakeholder groups."))],
    )
    country = SelectField(
        _l("Country"), choices=country_choices, validate_choice=False, validators=[check_country]
    )
    city = StringField(_l("City"), validators=[Length(max=120)])
    website = StringField(_l("Website"), validators=[Length(max=500), check_website])
    description = TextAreaField(
        _l("About the organisation"), validators=markdown_validators(MEDIUM_TEXT)
    )
    sdgs = SdgField(_l("Sustainable Development Goals"))
    sdg_targets = ListField(
        _l("SDG targets, where known"),
        description=_l("For example: 6.1, 6.3, 13.1"),
        validators=[TextLength(1_000)],
    )
    focus_areas = ListField(
        _l("Focus areas"),
        description=_l("Short tags separated by commas: flood risk, rice"),
        validators=[TextLength(2_000)],
    )
    role = SelectField(
        _l("Role in the partnership"),
        choices=options(ROLES),
        default="member",
        validate_choice=False,
        validators=[check_choice(ROLES, _l("“%(value)s” is not one of the roles."))],
    )
    joined_on = IsoDateField(_l("Joined on"), validators=[Optional()])
    left_on = IsoDateField(_l("Left on"), validators=[Optional()])
    contributions = ContributionsField(
        _l("Contributions"),
        description=_l(
            "One per line, a type then a colon: “expertise: flood models”. Types: financial, "
            "in-kind, expertise, staff-time, network, data."
        ),
        validators=[TextLength(LIST_TEXT)],
    )
    contact_name = StringField(_l("Contact person"), validators=[Length(max=200)])
    contact_role = StringField(_l("Contact person's role"), validators=[Length(max=200)])
    contact_email = StringField(_l("Contact email"), validators=[Length(max=254), check_email])
    contact_phone = StringField(_l("Contact phone"), validators=[Length(max=60)])
    contact_name_public = BooleanField(_l("Show the contact person's name publicly"))
    contact_role_public = BooleanField(_l("Show the contact person's role publicly"))
    contact_email_visibility = SelectField(
        _l("Contact email on the public page"),
        choices=options(EMAIL_VISIBILITY),
        default="hidden",
        validate_choice=False,
        validators=[check_choice(EMAIL_VISIBILITY, _l("“%(value)s” is not a visibility."))],
    )
    contact_phone_public = BooleanField(_l("Show the contact phone publicly"))
    languages = ListField(
        _l("Languages"),
        description=_l("Names or ISO codes: Vietnamese, en"),
        validators=[TextLength(1_000)],
    )
    last_confirmed_on = IsoDateField(
        _l("Last confirmed by the organisation"),
        description=_l("The date the organisation last checked this entry."),
        validators=[Optional()],
    )

    def address_taken(self, address: str) -> bool:
        return address in RESERVED_SLUGS or slug_taken(
            address, self.record.id if self.record else None
        )

    def validate_slug(self, field):
        if self.record is not None and field.data != self.record.slug and _is_partner():
            # A partner user is linked to their organisation by this address.
            raise ValidationError(_l("Please ask the secretariat to change the address."))
        if field.data in RESERVED_SLUGS:
            raise ValidationError(_l("This address is used by the directory itself."))
        if slug_taken(field.data, self.record.id if self.record else None):
            raise ValidationError(_l("Another organisation already uses this address."))

    def validate_sdg_targets(self, field):
        for target in field.data:
            found = TARGET.match(target.lower())
            if not found or not 1 <= int(found.group(1)) <= 17:
                raise ValidationError(
                    _("“%(target)s” is not an SDG target such as 6.1 or 6.a.", target=target)
                )
        field.data = [target.lower() for target in field.data]

    def validate_languages(self, field):
        codes = []
        for text in field.data:
            code = find_language(text)
            if code is None:
                raise ValidationError(_("“%(value)s” is not a known language.", value=text))
            codes.append(code)
        field.data = list(dict.fromkeys(codes))

    def validate_left_on(self, field):
        if field.data and self.joined_on.data and field.data < self.joined_on.data:
            raise ValidationError(_l("An organisation cannot leave before it joined."))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if valid:
            # A target implies its goal, so the SDG facet finds the organisation.
            goals = {int(t.split(".")[0]) for t in self.sdg_targets.data}
            self.sdgs.data = sorted(set(self.sdgs.data or []) | goals)
        return valid


class ApplicationForm(TextForm):
    """The public "apply to join" form."""

    name = StringField(
        _l("Name of your organisation"), validators=[DataRequired(), Length(max=200)]
    )
    short_name = StringField(_l("Short name or acronym"), validators=[Length(max=60)])
    stakeholder_group = SelectField(
        _l("Stakeholder group"),
        choices=options(GROUPS, _l("Choose a group")),
        validate_choice=False,
        validators=[check_choice(GROUPS, _l("Choose the group that describes you best."))],
    )
    country = SelectField(
        _l("Country"), choices=country_choices, validate_choice=False, validators=[check_country]
    )
    city = StringField(_l("City"), validators=[Length(max=120)])
    website = StringField(_l("Website"), validators=[Length(max=500), check_website])
    description = TextAreaField(
        _l("What does your organisation do?"),
        validators=[DataRequired(), *markdown_validators(4000)],
    )
    sdgs = SdgField(_l("Which Sustainable Development Goals do you work on?"))
    contribution = TextAreaField(
        _l("What would you bring to the partnership?"), validators=[Length(max=2000)]
    )
    contact_name = StringField(_l("Your name"), validators=[DataRequired(), Length(max=200)])
    contact_role = StringField(_l("Your role"), validators=[Length(max=200)])
    contact_email = StringField(
        _l("Your email"), validators=[DataRequired(), Length(max=254), check_email]
    )
    contact_phone = StringField(_l("Your phone (optional)"), validators=[Length(max=60)])
    # Left empty by people, whose browsers never show it; filled in by form-filling robots.
    homepage = StringField(_l("Leave this empty"), validators=[Length(max=500)])

    def values(self) -> dict:
        """The application's fields, for a JoinApplication."""
        return {f.name: f.data for f in self if f.name not in ("homepage", "csrf_token")}


class ImportForm(TextForm):
    file = FileField(_l("CSV file"), validators=[FileRequired()])
    publish = BooleanField(_l("Publish the imported organisations at once"))
