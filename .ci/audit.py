"""Run pip-audit over the installed dependencies; fail on any known vulnerability.

pip-audit looks each release up in PyPI's JSON API (``/pypi/<name>/<version>/json``), which
carries its advisories. Where that API cannot be reached (no network, or a package mirror
that serves only the simple index) pip-audit can audit nothing: this script then prints a
note saying so, instead of failing the build or passing in silence.
"""

import json
import subprocess
import sys
import tempfile
from pathlib import Path

BIN = Path(sys.executable).parent


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "audit.json"
        result = subprocess.run(  # noqa: S603 (pip-audit, fixed arguments)
            [str(BIN / "pip-audit"), "--skip-editable", "--progress-spinner", "off",
             "--format", "json", "--output", str(report)],
            capture_output=True,
            text=True,
            check=False,
        )  # fmt: skip
        try:
            dependencies = json.loads(report.read_text())["dependencies"]
        except (OSError, ValueError, KeyError):
            print("NOTE: pip-audit did not run: PyPI's vulnerability data could not be reached.")
            print("      " + (result.stderr.strip().splitlines() or ["(no message)"])[-1])
            return 0
    vulnerable = [d for d in dependencies if d.get("vulns")]
    for dependency in vulnerable:
        for vuln in dependency["vulns"]:
            fixed = ", ".join(vuln.get("fix_versions") or []) or "no fixed release yet"
            print(f"{dependency['name']} {dependency['version']}: {vuln['id']} (fixed in {fixed})")
    if vulnerable or result.returncode != 0:
        print(f"pip-audit: {len(vulnerable)} vulnerable dependencies.", file=sys.stderr)
        return 1
    audited = [d for d in dependencies if "skip_reason" not in d]
    if not audited:
        print("NOTE: pip-audit audited nothing: PyPI's vulnerability data is not reachable from")
        print("      here (only a package mirror is). Run `.venv/bin/pip-audit` where it is.")
    else:
        skipped = len(dependencies) - len(audited)
        print(f"pip-audit: {len(audited)} dependencies audited, {skipped} not found; "
              "no known vulnerabilities.")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
