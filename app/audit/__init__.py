"""The audit log: one record of who did what, to which account or record, from where.

Accounts write sign-ins, failures, locks and resets; the editing mechanism writes every
save, publish and trash. Admins read it at /manage/audit/.
"""
