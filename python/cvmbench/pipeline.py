"""StagingPipeline: copies between host memory and GPU memory through libcvmbench.so."""
import contextlib
import ctypes
import dataclasses
import sys
import threading

from . import _library
from ._library import SIMULATED_DEVICE, check, library
from ._memory import device_region, host_region

SIMULATED = "simulated"
"""The device argument for the simulated device: host memory standing in for a GPU, for tests without one."""

MAX_THREADS = 256


@dataclasses.dataclass(frozen=True)
class Timeline:
    """Where the last transfer's time went, in seconds from the moment it had the pipeline."""
    bytes: int
    dmas: int
    last_helper_joined: float
    first_slice_claimed: float
    first_chunk_copied: float
    first_dma_queued: float
    last_chunk_copied: float
    last_dma_queued: float
    dmas_done: float
    helpers_out: float
    total: float


@dataclasses.dataclass(frozen=True)
class PipelineInfo:
    """How a pipeline was built (device is -1 for the simulated device; segment_bytes is 0 unless sealed)."""
    device: int
    sealed: bool
    threads: int
    streams: int
    chunk_bytes: int
    pool_chunks: int
    segment_bytes: int


class DeviceMemory:
    """Device memory a pipeline allocated (the simulated device's only kind; a convenience on GPUs), freed by free()
    or when the pipeline closes. slice() gives a part of it, for many-piece copies."""

    def __init__(self, pipeline, address, nbytes, owner=None):
        self.pipeline = pipeline
        self.address = address
        self.nbytes = nbytes
        self._owner = owner
        self._freed = False

    @property
    def freed(self):
        owner = self._owner or self
        return owner._freed or self.pipeline.closed

    def slice(self, offset, nbytes):
        """nbytes of this memory from offset, as DeviceMemory that shares it."""
        if offset < 0 or nbytes < 0 or offset + nbytes > self.nbytes:
            raise ValueError(f"{nbytes} bytes at offset {offset} do not fit {self.nbytes} bytes of device memory")
        return DeviceMemory(self.pipeline, self.address + offset, nbytes, self._owner or self)

    def write(self, data):
        """Writes data (bytes-like) at the start, with a plain synchronous copy (no staging)."""
        self.pipeline._plain(self, data, to_device=True)

    def read(self):
        """Reads it all into bytes, with a plain synchronous copy (no staging)."""
        result = bytearray(self.nbytes)
        self.pipeline._plain(self, result, to_device=False)
        return bytes(result)

    def free(self):
        if self._owner is not None:
            raise ValueError("a slice is freed with the memory it belongs to")
        if not self._freed and not self.pipeline.closed:
            self.pipeline._call("cvm_device_free", self.address)
        self._freed = True

    def __repr__(self):
        return f"DeviceMemory(0x{self.address:x}, {self.nbytes} bytes)"


def _device_number(device):
    if device == SIMULATED:
        return SIMULATED_DEVICE
    torch = sys.modules.get("torch")
    if torch is not None and isinstance(device, torch.device):
        if device.type != "cuda":
            raise ValueError(f"the device must be a CUDA device, not {device}")
        return torch.cuda.current_device() if device.index is None else device.index
    if isinstance(device, str) and (device == "cuda" or device.startswith("cuda:")):
        index = device[5:] or "0"
        if not index.isdigit():
            raise ValueError(f"not a device: {device!r}")
        return int(index)
    if isinstance(device, bool) or not isinstance(device, int):
        raise TypeError(f"the device must be a GPU number, 'cuda:N' or {SIMULATED!r}, not {device!r}")
    if device < 0:
        raise ValueError(f"there is no GPU {device}: a GPU number is 0 or more ({SIMULATED!r} for the simulated device)")
    return device


class StagingPipeline:
    """Copies between ordinary (pageable) host memory and GPU memory at near-pinned speed, through a pool of pinned
    chunks, several host threads and several streams.

    device: a GPU number (or 'cuda:N', a torch.device), or cvmbench.SIMULATED.
    threads: None lets the staging tuner pick for this machine (about a second when it opens); a number caps its pick
        (on the simulated device it is used as given).
    sealed: the pinned pool and the link carry only AES-256-GCM ciphertext, keys agreed with the device at open; data
        that fails authentication raises CvmBenchError. A sealed pipeline moves pieces one after another and keeps no
        timeline. segment_bytes: plain bytes per tag (a multiple of 16 dividing the chunk size; default 64 KiB).

    Every copy is synchronous: when it returns the bytes have arrived. Work queued on PyTorch's current stream of the
    device is finished first. A pipeline may be shared between threads; it runs one transfer at a time.

    Raises ValueError for bad arguments (wrong sizes, non-contiguous or read-only buffers, memory on the wrong device,
    a closed pipeline, a device that does not exist), TypeError for objects that are not memory, and CvmBenchError
    when the library fails.
    """

    def __init__(self, device=0, threads=None, sealed=False, segment_bytes=None):
        number = _device_number(device)
        if segment_bytes is not None and (isinstance(segment_bytes, bool) or not isinstance(segment_bytes, int)):
            raise TypeError(f"segment_bytes must be a whole number or None, not {segment_bytes!r}")
        options = _library.Options(threads=0, sealed=1 if sealed else 0, segment_bytes=segment_bytes or 0)
        if threads is not None:
            if isinstance(threads, bool) or not isinstance(threads, int):
                raise TypeError(f"threads must be a whole number or None, not {threads!r}")
            if not 1 <= threads <= MAX_THREADS:
                raise ValueError(f"threads must be between 1 and {MAX_THREADS} (got {threads})")
            options.threads = threads
        self._handle = 0
        handle = ctypes.c_uint64()
        check(library().cvm_open(number, ctypes.byref(options), ctypes.byref(handle)))
        self._handle = handle.value
        self._lock = threading.Lock()
        self._allocations = []
        info = _library.InfoStruct()
        self._call("cvm_info_of", ctypes.byref(info))
        self.info = PipelineInfo(info.device, bool(info.sealed), info.threads, info.streams, info.chunk_bytes,
                                 info.pool_chunks, info.segment_bytes)

    @property
    def device(self):
        """The GPU number, or -1 for the simulated device."""
        return self.info.device

    @property
    def simulated(self):
        return self.info.device == SIMULATED_DEVICE

    @property
    def closed(self):
        return self._handle == 0

    def close(self):
        """Waits for a transfer in progress, then frees the pipeline and the memory it allocated. Closing twice is fine."""
        handle, self._handle = self._handle, 0
        if handle:
            check(library().cvm_close(handle))

    def __enter__(self):
        return self

    def __exit__(self, *exception):
        self.close()

    def __del__(self):
        # A pipeline dropped unclosed (or left at interpreter exit) still frees its pinned pool.
        try:
            if getattr(self, "_handle", 0):
                library().cvm_close(self._handle)
        except Exception:  # interpreter shutdown may have torn the module down already
            pass

    def __repr__(self):
        where = SIMULATED if self.simulated else f"cuda:{self.device}"
        state = "closed" if self.closed else f"{self.info.threads} threads, chunk {self.info.chunk_bytes >> 10} KiB"
        return f"StagingPipeline({where}, {state})"

    def allocate(self, nbytes):
        """nbytes of device memory, owned by this pipeline."""
        if isinstance(nbytes, bool) or not isinstance(nbytes, int):
            raise TypeError(f"nbytes must be a whole number, not {nbytes!r}")
        if nbytes <= 0:
            raise ValueError(f"device memory needs at least one byte (got {nbytes})")
        address = ctypes.c_uint64()
        self._call("cvm_device_alloc", nbytes, ctypes.byref(address))
        return DeviceMemory(self, address.value, nbytes)

    def copy_to_device(self, destination, source):
        """Copies source (bytes-like, NumPy array, CPU tensor) into destination (CUDA tensor, CUDA array,
        DeviceMemory) of the same size and, where both have one, the same dtype."""
        self.copy_pieces_to_device([(destination, source)])

    def copy_to_host(self, destination, source):
        """Copies source (CUDA tensor, CUDA array, DeviceMemory) into destination (writable bytes-like, NumPy array,
        CPU tensor) of the same size and, where both have one, the same dtype."""
        self.copy_pieces_to_host([(destination, source)])

    def copy_pieces_to_device(self, pairs):
        """Copies each (device destination, host source) pair as one pipelined transfer: many tensors move about as
        fast as one of their total size. No two destinations may overlap."""
        self._copy_pieces(pairs, to_device=True)

    def copy_pieces_to_host(self, pairs):
        """Copies each (host destination, device source) pair as one pipelined transfer. No two destinations may
        overlap."""
        self._copy_pieces(pairs, to_device=False)

    def to_cuda(self, tensors):
        """A CPU tensor, or a dict, list or tuple of them (a state dict), as new CUDA tensors on this pipeline's GPU,
        moved in one transfer. Non-contiguous tensors are made contiguous first, as Tensor.cuda() would."""
        import torch

        if self.simulated:
            raise ValueError("the simulated device has no CUDA tensors: open the pipeline on a GPU")
        pairs = []

        def convert(value):
            if isinstance(value, torch.Tensor):
                if value.device.type != "cpu":
                    raise ValueError(f"to_cuda takes CPU tensors; one is on {value.device}")
                source = value if value.is_contiguous() else value.contiguous()
                target = torch.empty(source.shape, dtype=source.dtype, device=f"cuda:{self.device}")
                pairs.append((target, source))
                return target
            if isinstance(value, dict):
                return type(value)((key, convert(item)) for key, item in value.items())
            if isinstance(value, (list, tuple)):
                return type(value)(convert(item) for item in value)
            raise TypeError(f"to_cuda takes CPU tensors and dicts, lists or tuples of them, not {type(value).__name__}")

        result = convert(tensors)
        self.copy_pieces_to_device(pairs)
        return result

    @property
    def timeline(self):
        """The last transfer's Timeline, or None before the first."""
        raw = _library.TimelineStruct()
        self._call("cvm_last_timeline", ctypes.byref(raw))
        if raw.bytes == 0:
            return None
        return Timeline(*(getattr(raw, name) for name, _ in raw._fields_))

    def _copy_pieces(self, pairs, to_device):
        if isinstance(pairs, (str, bytes)) or not hasattr(pairs, "__iter__"):
            raise TypeError("pieces must be a list of (destination, source) pairs")
        self._require_open()
        with contextlib.ExitStack() as held:
            pieces = []
            devices = set()
            for index, pair in enumerate(pairs):
                if not isinstance(pair, (tuple, list)) or len(pair) != 2:
                    raise TypeError(f"piece {index} is not a (destination, source) pair")
                destination, source = pair
                # The device side first: the host side stays exported (held) until the copy is over.
                device = device_region(destination if to_device else source, self,
                                       "destination" if to_device else "source")
                host = host_region(source if to_device else destination, writable=not to_device,
                                   role="source" if to_device else "destination")
                held.callback(host.release)
                _check_match(index, device, host, to_device)
                if device.torch_device is not None:
                    devices.add(device.torch_device)
                pieces.append(_library.Piece(host.address, device.address, host.nbytes))
            self._require_open()
            if devices:
                # Our streams do not wait for PyTorch's: its queued work on these tensors finishes first.
                import torch
                for device in devices:
                    torch.cuda.current_stream(device).synchronize()
            array = (_library.Piece * len(pieces))(*pieces)
            name = "cvm_copy_pieces_to_device" if to_device else "cvm_copy_pieces_to_host"
            self._call(name, array, len(pieces))

    def _plain(self, memory, data, to_device):
        region = device_region(memory, self, "device memory")
        host = host_region(data, writable=not to_device, role="data")
        try:
            if host.nbytes > region.nbytes or (not to_device and host.nbytes != region.nbytes):
                raise ValueError(f"{host.nbytes} bytes do not fit {region.nbytes} bytes of device memory")
            if to_device:
                self._call("cvm_upload", region.address, host.address, host.nbytes)
            else:
                self._call("cvm_download", host.address, region.address, host.nbytes)
        finally:
            host.release()

    def _require_open(self):
        if self._handle == 0:
            raise ValueError("the pipeline is closed")

    def _call(self, name, *arguments):
        self._require_open()
        check(getattr(library(), name)(self._handle, *arguments))


def _check_match(index, device, host, to_device):
    where = "" if index == 0 else f"piece {index}: "
    destination, source = (device, host) if to_device else (host, device)
    if destination.nbytes != source.nbytes:
        raise ValueError(f"{where}the destination ({destination.what}) holds {destination.nbytes} bytes, "
                         f"the source ({source.what}) {source.nbytes}")
    if destination.dtype is not None and source.dtype is not None and destination.dtype != source.dtype:
        raise TypeError(f"{where}the destination is {destination.dtype}, the source {source.dtype}")


_default_lock = threading.Lock()
_default_pipelines = {}


def to_cuda(tensors, device=None):
    """Moves a CPU tensor (or a dict, list or tuple of them) to the GPU through a pipeline kept per device, tuned on
    first use: `cvmbench.to_cuda(cpu_tensor)` in place of `cpu_tensor.cuda()`."""
    import torch

    number = torch.cuda.current_device() if device is None else _device_number(device)
    with _default_lock:
        pipeline = _default_pipelines.get(number)
        if pipeline is None or pipeline.closed:
            pipeline = _default_pipelines[number] = StagingPipeline(number)
    return pipeline.to_cuda(tensors)
