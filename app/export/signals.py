"""What the export announces, for others to act on (mail coordinators, for instance).

``publish_failed`` is sent with ``run=`` the failed ``PublishRun`` (its ``problems`` say
why), from the process that ran it, inside its app context. Subscribe with
``publish_failed.connect(receiver)``; ``receiver(sender, run)`` gets the app as sender.
"""

from blinker import Namespace

_signals = Namespace()

publish_failed = _signals.signal("publish-failed")
