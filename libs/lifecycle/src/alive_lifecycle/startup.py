"""A stage that cannot start says why in one line and exits 2, instead of a traceback.

Everything a composition root does before serving (reading settings, keys, the policy,
opening the job store) runs inside ``refusing_to_start(stage)``. A failure there is a
configuration problem an operator must fix, so the pod's log gets one line naming the
setting or file and the reason, then the process exits 2. Setting values are never
echoed (they may be secrets); ``ALIVE_LOG_LEVEL=DEBUG`` adds the traceback.
"""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Iterator
from contextlib import contextmanager

from pydantic import ValidationError

EXIT_CANNOT_START = 2


def describe(error: BaseException) -> str:
    """One line for an operator: each bad setting by its ALIVE_ name, or the error itself."""
    if isinstance(error, ValidationError):
        return "; ".join(
            f"ALIVE_{'_'.join(str(part) for part in e['loc']).upper()}: {e['msg']}"
            for e in error.errors()
        )
    return f"{type(error).__name__}: {error}"


@contextmanager
def refusing_to_start(stage: str) -> Iterator[None]:
    """Turn any failure while the stage is being set up into one line and exit 2."""
    try:
        yield
    except Exception as error:
        print(f"{stage}: cannot start: {describe(error)}", file=sys.stderr)
        if os.environ.get("ALIVE_LOG_LEVEL", "").upper() == "DEBUG":
            traceback.print_exc()
        raise SystemExit(EXIT_CANNOT_START) from None
