"""makemessages that also extracts ``_lazy(...)``: the program specs import gettext_lazy under
that name because they use gettext as ``_`` in the same module."""

from __future__ import annotations

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=_lazy"]
