"""What the directory announces, for whoever wants to know.

Sent inside the transaction of the change, before its commit, like editing's signals.
"""

from blinker import Namespace

partner_signals = Namespace()

# An organisation asked to join: sender is the JoinApplication.
application_submitted = partner_signals.signal("application-submitted")
