"""Jinja's compiled templates, kept on disk between processes, when the disk allows it.

A cache is an optimisation: a full or read-only disk must never cost a page. A cache
folder that cannot be made, or a compiled template that cannot be written or read, is
skipped with one warning in the log, and the template is compiled in memory instead.
"""

import logging
from pathlib import Path

from flask import Flask
from jinja2 import FileSystemBytecodeCache
from jinja2.bccache import Bucket

logger = logging.getLogger(__name__)


class SkippableBytecodeCache(FileSystemBytecodeCache):
    """A ``FileSystemBytecodeCache`` that stops writing at the first write that fails.

    Once a write has failed the disk is very likely to refuse the next one too (full,
    read-only, over quota), and each attempt would cost a system call per template and a
    line in the log; the process carries on with what it can read.
    """

    def __init__(self, directory: str):
        super().__init__(directory)
        self.writable = True

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except OSError as error:
            # A half-written or unreadable file is a miss: the template compiles again.
            logger.warning("Compiled template cache: cannot read %s: %s", self.directory, error)
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        if not self.writable:
            return
        try:
            super().dump_bytecode(bucket)
        except OSError as error:
            self.writable = False
            logger.warning(
                "Compiled template cache: cannot write to %s (%s); templates are compiled "
                "in memory until the process restarts.",
                self.directory,
                error,
            )


def cache_compiled_templates(app: Flask) -> None:
    """Keep Jinja's compiled templates in ``<instance>/cache/templates``.

    Each process compiles the templates it renders: a page's layout and macros take a
    tenth of a second, paid by the server after every restart and by each of the export's
    rendering processes on every Publish (on the slowest page of an update). From the
    cache a process loads them instead, and compiles again only a template whose source
    changed: Jinja keys each by a checksum of its source.
    """
    folder = Path(app.instance_path) / "cache" / "templates"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        logger.warning("Compiled template cache: cannot create %s (%s); not used.", folder, error)
        return
    # Read when the environment is made, on first use (Flask's jinja_options).
    app.jinja_options = {
        **app.jinja_options,
        "bytecode_cache": SkippableBytecodeCache(str(folder)),
    }
