"""Loading libcvmbench.so and calling it: the structures of include/cvmbench.h, the prototypes, and the one rule that
turns a status into a Python exception."""
import ctypes
import os
import threading

ABI_VERSION = 1
SIMULATED_DEVICE = -1

OK = 0
INVALID_ARGUMENT = 1
CLOSED = 2
NO_DRIVER = 3
NO_DEVICE = 4
UNSUPPORTED = 5
CUDA = 6
AUTHENTICATION = 7
OUT_OF_MEMORY = 8
INTERNAL = 9

_STATUS_NAMES = {
    INVALID_ARGUMENT: "invalid argument", CLOSED: "closed", NO_DRIVER: "no driver", NO_DEVICE: "no device",
    UNSUPPORTED: "unsupported", CUDA: "CUDA error", AUTHENTICATION: "authentication failed",
    OUT_OF_MEMORY: "out of memory", INTERNAL: "internal error",
}


class CvmBenchError(RuntimeError):
    """The library could not do what was asked: no driver, a CUDA error, memory exhausted, sealed data that failed
    authentication, sealed transfers not in this build, or the library itself missing. ``code`` is the cvm_status
    number (None when the library could not be loaded)."""

    def __init__(self, message, code=None):
        super().__init__(message)
        self.code = code

    @property
    def status(self):
        """The status in words ("no driver", "CUDA error", ...)."""
        return _STATUS_NAMES.get(self.code, "library not loaded")


class Options(ctypes.Structure):
    _fields_ = [("threads", ctypes.c_int32), ("sealed", ctypes.c_int32), ("segment_bytes", ctypes.c_int64)]


class Piece(ctypes.Structure):
    _fields_ = [("host", ctypes.c_void_p), ("device", ctypes.c_uint64), ("bytes", ctypes.c_int64)]


class TimelineStruct(ctypes.Structure):
    _fields_ = [("bytes", ctypes.c_int64), ("dmas", ctypes.c_int64)] + [
        (name, ctypes.c_double) for name in (
            "last_helper_joined", "first_slice_claimed", "first_chunk_copied", "first_dma_queued",
            "last_chunk_copied", "last_dma_queued", "dmas_done", "helpers_out", "total")]


class InfoStruct(ctypes.Structure):
    _fields_ = [("device", ctypes.c_int32), ("sealed", ctypes.c_int32), ("threads", ctypes.c_int32),
                ("streams", ctypes.c_int32), ("chunk_bytes", ctypes.c_int64), ("pool_chunks", ctypes.c_int64),
                ("segment_bytes", ctypes.c_int64)]


_handle = ctypes.c_uint64
_address = ctypes.c_uint64
_PROTOTYPES = {
    "cvm_abi_version": (ctypes.c_int32, []),
    "cvm_last_error": (ctypes.c_char_p, []),
    "cvm_open": (ctypes.c_int, [ctypes.c_int32, ctypes.POINTER(Options), ctypes.POINTER(_handle)]),
    "cvm_close": (ctypes.c_int, [_handle]),
    "cvm_info_of": (ctypes.c_int, [_handle, ctypes.POINTER(InfoStruct)]),
    "cvm_copy_to_device": (ctypes.c_int, [_handle, _address, ctypes.c_void_p, ctypes.c_int64]),
    "cvm_copy_to_host": (ctypes.c_int, [_handle, ctypes.c_void_p, _address, ctypes.c_int64]),
    "cvm_copy_pieces_to_device": (ctypes.c_int, [_handle, ctypes.POINTER(Piece), ctypes.c_int64]),
    "cvm_copy_pieces_to_host": (ctypes.c_int, [_handle, ctypes.POINTER(Piece), ctypes.c_int64]),
    "cvm_last_timeline": (ctypes.c_int, [_handle, ctypes.POINTER(TimelineStruct)]),
    "cvm_device_alloc": (ctypes.c_int, [_handle, ctypes.c_int64, ctypes.POINTER(_address)]),
    "cvm_device_free": (ctypes.c_int, [_handle, _address]),
    "cvm_upload": (ctypes.c_int, [_handle, _address, ctypes.c_void_p, ctypes.c_int64]),
    "cvm_download": (ctypes.c_int, [_handle, ctypes.c_void_p, _address, ctypes.c_int64]),
}

_lock = threading.Lock()
_library = None


def library_path():
    """Where the library is looked for: $CVMBENCH_LIBRARY, else libcvmbench.so beside this package."""
    return os.environ.get("CVMBENCH_LIBRARY") or os.path.join(os.path.dirname(os.path.abspath(__file__)), "libcvmbench.so")


def library():
    """The loaded library, loaded on first use."""
    global _library
    with _lock:
        if _library is None:
            path = library_path()
            if not os.path.isfile(path):
                raise CvmBenchError(f"{path} not found: build it with `bash scripts/python-setup.sh` in a CvmBench "
                                    "checkout, or point CVMBENCH_LIBRARY at a libcvmbench.so")
            try:
                loaded = ctypes.CDLL(path)
            except OSError as e:
                raise CvmBenchError(f"{path} could not be loaded: {e}") from None
            for name, (result, arguments) in _PROTOTYPES.items():
                function = getattr(loaded, name)
                function.restype = result
                function.argtypes = arguments
            version = loaded.cvm_abi_version()
            if version != ABI_VERSION:
                raise CvmBenchError(f"{path} speaks ABI version {version}; this package needs {ABI_VERSION}")
            _library = loaded
        return _library


def check(status):
    """Raises the documented exception for a failed call's status (on the thread that made the call)."""
    if status == OK:
        return
    text = (library().cvm_last_error() or b"").decode("utf-8", "replace")
    if status in (INVALID_ARGUMENT, CLOSED, NO_DEVICE):
        raise ValueError(text)
    raise CvmBenchError(text, status)
