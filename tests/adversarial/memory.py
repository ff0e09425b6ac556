"""Peak memory of a piece of code, measured in a fresh Python process.

A hostile file must cost a small multiple of its size to refuse; measuring in a subprocess keeps
the test process's own allocations (and earlier tests') out of the figure.
"""

import json
import subprocess
import sys
import textwrap

_RUNNER = """
import json
# Imported before the baseline (their cost is not the file's): the package loads its parts on
# first use, so the parts a loader needs are named.
import torch, statefulrnn, statefulrnn.io, statefulrnn.models, statefulrnn.streaming  # noqa: F401
torch.set_num_threads(1)

def status(field):
    with open("/proc/self/status") as file:
        return next(int(line.split()[1]) for line in file if line.startswith(field + ":"))

# Linux: "5" resets the peak (VmHWM) to the current size, so the imports' own peak is not counted.
with open("/proc/self/clear_refs", "w") as file:
    file.write("5")
before = status("VmRSS")
error = None
try:
{body}
except Exception as exc:  # the caller asserts on the type and message
    error = {{"type": type(exc).__name__, "message": str(exc)}}
print(json.dumps({{"growth_kib": status("VmHWM") - before, "error": error}}))
"""


def peak_growth(code: str, timeout: float = 120.0) -> tuple[float, dict[str, str] | None]:
    """Run ``code`` in a fresh interpreter; return (growth of peak RSS in MiB, the error or None).

    The growth is counted from after importing torch and statefulrnn's io, models and streaming.
    The error is ``{"type": ..., "message": ...}`` of the exception ``code`` raised, or None when
    it returned.

    Example:
        >>> growth, error = peak_growth("x = bytearray(50 * 2**20); x[::4096] = b'1' * len(x[::4096])")
        >>> growth > 40, error
        (True, None)
    """
    body = textwrap.indent(textwrap.dedent(code), "    ")
    done = subprocess.run(
        [sys.executable, "-c", _RUNNER.format(body=body)],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if done.returncode != 0:
        raise AssertionError(f"the measuring process failed ({done.returncode}):\n{done.stderr[-3000:]}")
    report = json.loads(done.stdout.strip().splitlines()[-1])
    return report["growth_kib"] / 1024, report["error"]
