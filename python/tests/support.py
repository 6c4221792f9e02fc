"""Where the tests run: the simulated device unless CVMBENCH_TEST_DEVICE names a GPU (the GPU machine's run), and
device memory to copy into there: memory the pipeline allocates."""
import os
import random

import cvmbench

try:
    import numpy
except ImportError:
    numpy = None

try:
    import torch
except ImportError:
    torch = None

_wanted = os.environ.get("CVMBENCH_TEST_DEVICE", cvmbench.SIMULATED)
DEVICE = cvmbench.SIMULATED if _wanted == cvmbench.SIMULATED else int(_wanted)
ON_GPU = DEVICE != cvmbench.SIMULATED
CUDA_TENSORS = ON_GPU and torch is not None and torch.cuda.is_available()

NO_NUMPY = "NumPy is not installed for this Python"
NO_TORCH = "PyTorch is not installed for this Python"
NO_CUDA_TENSORS = "needs a GPU run (CVMBENCH_TEST_DEVICE=N) with PyTorch's CUDA"


def open_pipeline(**options):
    # On the simulated device two threads keep the tests light on a loaded machine; a GPU pipeline is tuned.
    if not ON_GPU:
        options.setdefault("threads", 2)
    return cvmbench.StagingPipeline(DEVICE, **options)


def random_bytes(rng, count):
    return rng.randbytes(count) if hasattr(rng, "randbytes") else bytes(rng.getrandbits(8) for _ in range(count))


def device_buffer(pipeline, nbytes):
    """Device memory of nbytes that takes data of any dtype: the pipeline's own (CUDA tensors, typed, have their own
    tests)."""
    return pipeline.allocate(max(nbytes, 1)).slice(0, nbytes)


def device_bytes(memory):
    """What device memory holds, read without the pipeline."""
    if isinstance(memory, cvmbench.DeviceMemory):
        return memory.read()
    return bytes(memory.cpu().numpy().tobytes())


def seeded(test):
    return random.Random(f"{type(test).__name__}.{test._testMethodName}")
