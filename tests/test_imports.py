"""Any module of the app can be the first one imported, as a script, a command, a worker or
Alembic imports it: no import cycle that only the factory's order hides."""

import pkgutil
import subprocess
import sys

import app

# Imports each named module in a fresh child process (forked after the libraries are
# loaded, so each child pays only for the app's own modules) and lists those that fail.
# Which libraries to load first is learnt from a child that imports the whole app once:
# every module it loaded that is not the app's own.
IMPORT_EACH_FIRST = """
import importlib, os, sys, traceback

read_end, write_end = os.pipe()
if os.fork() == 0:
    os.close(read_end)
    for name in sys.argv[1:]:
        try:
            importlib.import_module(name)
        except BaseException:
            pass
    libraries = [m for m in list(sys.modules) if m != "app" and not m.startswith("app.")]
    with os.fdopen(write_end, "w") as out:
        out.write("\\n".join(libraries))
    os._exit(0)
os.close(write_end)
with os.fdopen(read_end) as found:
    libraries = found.read().split()
os.wait()
for library in libraries:
    try:
        importlib.import_module(library)
    except BaseException:
        pass

failed = []
for name in sys.argv[1:]:
    pid = os.fork()
    if pid == 0:
        try:
            importlib.import_module(name)
        except BaseException:
            traceback.print_exc(limit=-3)
            os._exit(1)
        os._exit(0)
    _, status = os.waitpid(pid, 0)
    if status != 0:
        failed.append(name)
print("cannot be imported first:", ", ".join(failed) or "none")
sys.exit(1 if failed else 0)
"""


def app_modules() -> list[str]:
    return sorted(module.name for module in pkgutil.walk_packages(app.__path__, "app."))


def test_every_module_can_be_imported_first():
    modules = app_modules()
    assert "app.editing.services" in modules and "app.features" in modules
    result = subprocess.run(  # noqa: S603  (this interpreter, the app's own module names)
        [sys.executable, "-c", IMPORT_EACH_FIRST, *modules],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr[-4000:]
