"""The optional C accelerator of the phrase index (everything else is in pyproject.toml).

``simulator/phrases/_speedups.c`` is compiled with the SHA-256 of its own source, so that
``simulator.phrases.speedups`` uses a build only while it matches the source next to it (an edit
without a rebuild falls back to the pure-Python code, which is always there and is the reference).
``optional=True``: a machine without a C compiler installs and runs the same program, slower.
"""

import hashlib
from pathlib import Path

from setuptools import Extension, setup

SOURCE = "simulator/phrases/_speedups.c"
DIGEST = hashlib.sha256(Path(__file__).resolve().parent.joinpath(SOURCE).read_bytes()).hexdigest()

setup(
    ext_modules=[
        Extension(
            "simulator.phrases._speedups",
            [SOURCE],
            define_macros=[("SOURCE_DIGEST", f'"{DIGEST}"')],
            # no fused multiply-add: every sum is the pure-Python code's, bit for bit
            extra_compile_args=["-O2", "-ffp-contract=off"],
            optional=True,
        )
    ],
)
