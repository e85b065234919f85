"""A new record's file, chosen on the form that creates it and attached by its first save.

The file passes the checks of an upload on the edit page (its content, its size, an
image's description) before anything is saved, and is written before the record is
created, so a full disk refuses both. When the form is refused, for the file or for
another field, a file that passed its checks is kept aside (app/uploads/pending.py) and
the form says so beside the file field: the person never has to notice it was dropped.
"""

from dataclasses import dataclass

from flask_babel import gettext as _

from app.audit.services import record_event
from app.diskfull import OutOfSpace
from app.extensions import db
from app.uploads import pending
from app.uploads.checks import CheckedFile, UploadRejected
from app.uploads.forms import FirstFileForm
from app.uploads.models import Attachment
from app.uploads.names import name_note
from app.uploads.services import check_file, record_file, written


@dataclass(frozen=True)
class ChosenFile:
    data: bytes  # as sent, for keeping aside: the checks run again on the next send
    filename: str
    checked: CheckedFile
    note: str | None  # when its name was changed to match its content
    sent_now: bool  # False: kept aside from an earlier send of the form


class FirstFile:
    """The file part of a new record's form, for the user ``user``."""

    def __init__(self, form: FirstFileForm, user):
        self.form = form
        self.user = user
        self.chosen: ChosenFile | None = None

    def validate(self) -> bool:
        """Read and check the file chosen now, or kept from an earlier send; False with a
        message beside the field that is wrong. True when no file was chosen.

        Checking can take seconds: call it before anything takes the database's write lock.
        """
        valid = self.form.validate()
        sent = self.form.file.data
        token = self.form.kept_file.data or ""
        if sent and sent.filename:
            data, filename, sent_now = sent.read(), sent.filename, True
            # A file chosen now takes the place of one kept from before.
            self.forget_kept()
        elif token:
            kept = pending.take_back(token, self.user.id)
            if kept is None:
                self.form.kept_file.data = ""
                self.form.file.errors.append(
                    _("The file you chose before is no longer kept. Please choose it again.")
                )
                return False
            data, filename, sent_now = kept.data, kept.filename, False
        else:
            return valid
        try:
            checked = check_file(data)
            # As on the edit page: a file that is not what its name says is refused for
            # that before it is asked for a description.
            note = name_note(data, checked, filename)
        except UploadRejected as error:
            self.forget_kept()
            self.form.file.errors.append(str(error))
            return False
        self.chosen = ChosenFile(data, filename, checked, note, sent_now)
        if checked.content_type.startswith("image/") and not self.alt_text:
            self.form.alt_text.errors.append(_("Describe the image for people who cannot see it."))
            return False
        return valid

    @property
    def alt_text(self) -> str:
        return (self.form.alt_text.data or "").strip()

    def keep_aside(self) -> None:
        """The form is shown again: keep a file that passed its checks for the next send,
        or say beside the field that it must be chosen again."""
        if self.chosen is None or not self.chosen.sent_now:
            return
        try:
            self.form.kept_file.data = pending.keep_aside(
                self.chosen.data, self.chosen.filename, self.user.id
            )
        except OSError:
            self.form.file.errors.append(
                _("The server could not keep this file while you correct the form: "
                  "please choose it again before you save.")
            )  # fmt: skip

    def kept_name(self) -> str | None:
        """The name of the file kept for this form, for the form to say so."""
        token = self.form.kept_file.data
        return pending.kept_name(token, self.user.id) if token else None

    def forget_kept(self) -> None:
        if self.form.kept_file.data:
            pending.discard(self.form.kept_file.data, self.user.id)
            self.form.kept_file.data = ""

    def create_with_file(self, create) -> tuple[object, Attachment | None]:
        """``create()`` the record (it commits) with the chosen file, if any, attached.

        The file is written first: when the server has no room for it, nothing is saved.

        :raises OutOfSpace: the file could not be written.
        """
        if self.chosen is None:
            return create(), None
        chosen = self.chosen
        try:
            with written(chosen.checked) as stored_name:
                record = create()
                attachment = record_file(
                    record, chosen.checked, stored_name, chosen.filename, self.user, self.alt_text
                )
                record_event(
                    "attach", actor=self.user, record=record, detail=attachment.original_name
                )
                db.session.commit()
        except UploadRejected as error:  # no room to write it
            raise OutOfSpace(str(error)) from error
        self.forget_kept()
        return record, attachment

    def attached_message(self, attachment: Attachment | None) -> str:
        if attachment is None:
            return ""
        message = _("Attached %(name)s.", name=attachment.original_name)
        return f"{message} {self.chosen.note}" if self.chosen.note else message
