"""Test-session settings that must be in place before numpy or any notebook kernel starts."""

import os

# One BLAS thread per process: strict nbval runs a kernel beside pytest, and on a busy
# machine two processes with two OpenBLAS threads each on two cores slow down many times.
# The kernels inherit this environment. An explicit setting by the caller wins.
for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(variable, "1")
