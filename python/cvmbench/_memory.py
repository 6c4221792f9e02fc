"""What the pipeline copies between: host memory (bytes-like objects, NumPy arrays, CPU tensors) and device memory
(CUDA tensors, objects with __cuda_array_interface__, DeviceMemory), each reduced to an address, a length and, where
it has one, a dtype, after the checks that keep a bad argument from ever reaching the library."""
import ctypes
import sys

_PyBUF_WRITABLE = 0x0001
_PyBUF_C_CONTIGUOUS = 0x0038


class _PyBuffer(ctypes.Structure):
    _fields_ = [("buf", ctypes.c_void_p), ("obj", ctypes.c_void_p), ("len", ctypes.c_ssize_t),
                ("itemsize", ctypes.c_ssize_t), ("readonly", ctypes.c_int), ("ndim", ctypes.c_int),
                ("format", ctypes.c_char_p), ("shape", ctypes.c_void_p), ("strides", ctypes.c_void_p),
                ("suboffsets", ctypes.c_void_p), ("internal", ctypes.c_void_p)]


_get_buffer = ctypes.pythonapi.PyObject_GetBuffer
_get_buffer.argtypes = [ctypes.py_object, ctypes.POINTER(_PyBuffer), ctypes.c_int]
_get_buffer.restype = ctypes.c_int
_release_buffer = ctypes.pythonapi.PyBuffer_Release
_release_buffer.argtypes = [ctypes.POINTER(_PyBuffer)]
_release_buffer.restype = None


class Region:
    """An address and a length, with the dtype of what it came from (None for untyped memory) and what holds it."""

    def __init__(self, address, nbytes, dtype, what, release=None, torch_device=None):
        self.address = address
        self.nbytes = nbytes
        self.dtype = dtype
        self.what = what
        self.torch_device = torch_device
        self._release = release

    def release(self):
        if self._release is not None:
            self._release()
            self._release = None


def _torch_tensor(obj):
    torch = sys.modules.get("torch")
    return torch is not None and isinstance(obj, torch.Tensor)


def _describe(obj):
    module = type(obj).__module__
    return type(obj).__qualname__ if module == "builtins" else f"{module}.{type(obj).__qualname__}"


def _torch_dtype(tensor):
    return str(tensor.dtype).removeprefix("torch.")


def host_region(obj, writable, role):
    """The host memory of a bytes-like object, a NumPy array or a CPU tensor; writable when it is a destination.
    The buffer stays exported (a bytearray cannot be resized) until release()."""
    if _torch_tensor(obj):
        if obj.device.type != "cpu":
            raise ValueError(f"the {role} must be in host memory; it is a tensor on {obj.device}")
        if not obj.is_contiguous():
            raise ValueError(f"the {role} tensor is not contiguous (call .contiguous() first)")
        return Region(obj.data_ptr(), obj.numel() * obj.element_size(), _torch_dtype(obj), "CPU tensor")
    try:
        view = memoryview(obj)
    except TypeError:
        raise TypeError(f"the {role} must be a bytes-like object, a NumPy array or a CPU tensor, not {_describe(obj)}") from None
    with view:
        if not view.c_contiguous:
            raise ValueError(f"the {role} is not C-contiguous (copy it into a contiguous buffer first)")
        if writable and view.readonly:
            raise ValueError(f"the {role} is read-only ({_describe(obj)})")
    exported = _PyBuffer()
    _get_buffer(obj, ctypes.byref(exported), _PyBUF_C_CONTIGUOUS | (_PyBUF_WRITABLE if writable else 0))
    dtype = getattr(getattr(obj, "dtype", None), "name", None)
    return Region(exported.buf or 0, exported.len, dtype, _describe(obj), lambda: _release_buffer(ctypes.byref(exported)))


def device_region(obj, pipeline, role):
    """The device memory of a CUDA tensor on the pipeline's GPU, an object with __cuda_array_interface__, or
    DeviceMemory of this pipeline."""
    from .pipeline import DeviceMemory

    if isinstance(obj, DeviceMemory):
        if obj.pipeline is not pipeline:
            raise ValueError(f"the {role} is device memory of another pipeline")
        if obj.freed:
            raise ValueError(f"the {role} was freed")
        return Region(obj.address, obj.nbytes, None, "device memory")
    if _torch_tensor(obj):
        if obj.device.type != "cuda":
            raise ValueError(f"the {role} must be a CUDA tensor; it is a tensor on {obj.device}")
        if pipeline.simulated:
            raise ValueError(f"the {role} is a CUDA tensor, but this pipeline runs on the simulated device")
        if obj.device.index != pipeline.device:
            raise ValueError(f"the {role} is on {obj.device}, but this pipeline runs on cuda:{pipeline.device}")
        if not obj.is_contiguous():
            raise ValueError(f"the {role} tensor is not contiguous (call .contiguous() first)")
        return Region(obj.data_ptr(), obj.numel() * obj.element_size(), _torch_dtype(obj), "CUDA tensor",
                      torch_device=obj.device)
    interface = getattr(obj, "__cuda_array_interface__", None)
    if interface is not None:
        if pipeline.simulated:
            raise ValueError(f"the {role} is CUDA memory, but this pipeline runs on the simulated device")
        return _cuda_array(interface, role)
    raise TypeError(f"the {role} must be a CUDA tensor, an object with __cuda_array_interface__ or "
                    f"cvmbench.DeviceMemory, not {_describe(obj)}")


def _cuda_array(interface, role):
    shape = tuple(interface["shape"])
    itemsize = int(interface["typestr"][2:])
    count = 1
    for extent in shape:
        count *= extent
    strides = interface.get("strides")
    if strides is not None and count > 0:
        expected = itemsize
        for extent, stride in reversed(list(zip(shape, strides))):
            if extent > 1 and stride != expected:
                raise ValueError(f"the {role} array is not C-contiguous")
            expected *= extent
    return Region(interface["data"][0], count * itemsize, None, "CUDA array")
