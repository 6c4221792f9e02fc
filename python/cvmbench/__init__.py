"""CvmBench's staging pipeline for Python: pageable host memory to and from GPU memory at near-pinned speed.

    import cvmbench
    weights_on_gpu = cvmbench.to_cuda(weights)          # a CPU tensor, or a state dict of them

    with cvmbench.StagingPipeline(device=0) as pipeline:
        pipeline.copy_to_device(cuda_tensor, numpy_array)
        pipeline.copy_to_host(cpu_tensor, cuda_tensor)
        print(pipeline.timeline)

A pure-Python package over libcvmbench.so (ctypes), found beside this file or at $CVMBENCH_LIBRARY.
"""
from ._library import CvmBenchError, library_path
from .pipeline import SIMULATED, DeviceMemory, PipelineInfo, StagingPipeline, Timeline, to_cuda

__all__ = ["CvmBenchError", "DeviceMemory", "PipelineInfo", "SIMULATED", "StagingPipeline", "Timeline",
           "library_path", "to_cuda"]
