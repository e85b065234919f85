"""What editing announces, for the packages that keep something alongside a record.

Editing knows nothing of its users: the audit log, attachments and translations subscribe
here (each in its package's ``connect_signals``). Every signal is sent with the record as
sender, inside the transaction of the change and before its commit, so a receiver's writes
are committed, or rolled back, with it. Keyword arguments: ``user`` (who did it, or None)
and ``detail`` (the change note or a short description, for the log).
"""

from blinker import Namespace

editing_signals = Namespace()

# ``outcome``: the SaveOutcome of a save ("saved", "merged" or "conflict"); a save that
# changed nothing sends nothing.
record_created = editing_signals.signal("record-created")
record_saved = editing_signals.signal("record-saved")
# A partner's edit kept aside for review, and an editor's answer to it (the answer's
# ``submission`` is the submitted revision, whose author the answer concerns).
edit_submitted = editing_signals.signal("edit-submitted")
submission_accepted = editing_signals.signal("submission-accepted")
submission_declined = editing_signals.signal("submission-declined")
record_published = editing_signals.signal("record-published")
record_unpublished = editing_signals.signal("record-unpublished")
record_trashed = editing_signals.signal("record-trashed")
record_restored = editing_signals.signal("record-restored")  # from the trash
# Sent while the record and its history still exist: receivers delete what they keep of it.
record_purging = editing_signals.signal("record-purging")
# Sent once the record's rows are deleted (not yet committed); ``detail`` names it.
record_purged = editing_signals.signal("record-purged")
