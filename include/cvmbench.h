/*
 * cvmbench.h: CvmBench's staging pipeline as a C library (libcvmbench.so, built by scripts/build-native.sh).
 *
 * A pipeline copies between ordinary (pageable) host memory and GPU memory at near-pinned speed through a pool of
 * pre-pinned chunks, several host threads and several streams. Every call returns CVM_OK or an error status;
 * cvm_last_error() then says what went wrong in one line. No call aborts the process on bad input.
 *
 * Contexts: a GPU pipeline works on the device's primary context, the one the CUDA runtime (and so PyTorch, CuPy,
 * JAX) uses, so device pointers those libraries allocate are valid here. Each call binds the primary context on the
 * calling thread for its duration and makes the caller's current context (or none) current again before it returns,
 * so a caller working in a context of its own finds it current afterwards. Device pointers must belong to the primary
 * context of the pipeline's device: every range is checked to lie within one allocation there (cuMemGetAddressRange)
 * before anything is copied.
 *
 * Ordering: copies run on the pipeline's own streams and are synchronous: when a copy returns, every byte has
 * arrived and the library touches neither memory any more. Work the caller queued on its own streams is not waited
 * for: synchronize it first (the Python package synchronizes PyTorch's current stream).
 *
 * Threads: every function may be called from any thread. A pipeline handle may be shared between threads; a pipeline
 * runs one transfer at a time, whole, and transfers from other threads wait their turn (use two pipelines for traffic
 * in both directions at once). cvm_close waits for a transfer in progress. After cvm_close the handle is dead: every
 * call with it returns CVM_ERROR_CLOSED (handles are never reused, so a dead handle cannot reach another pipeline).
 */
#ifndef CVMBENCH_H
#define CVMBENCH_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* What cvm_abi_version returns for this header. */
#define CVM_ABI_VERSION 1

/* The device number of the simulated device: host memory standing in for a GPU, for tests without one. */
#define CVM_SIMULATED_DEVICE (-1)

typedef enum cvm_status {
    CVM_OK = 0,
    CVM_ERROR_INVALID_ARGUMENT = 1, /* bad sizes, null pointers, options out of range, memory not on the device */
    CVM_ERROR_CLOSED = 2,           /* the handle was closed, or never was a pipeline */
    CVM_ERROR_NO_DRIVER = 3,        /* no NVIDIA driver (libcuda.so.1) on this machine */
    CVM_ERROR_NO_DEVICE = 4,        /* no GPU with that number */
    CVM_ERROR_UNSUPPORTED = 5,      /* asked for something this build or device cannot do */
    CVM_ERROR_CUDA = 6,             /* the driver failed a call; the text names the call and the CUDA error */
    CVM_ERROR_AUTHENTICATION = 7,   /* sealed data failed authentication; the destination's contents are undefined */
    CVM_ERROR_OUT_OF_MEMORY = 8,    /* host or device memory ran out */
    CVM_ERROR_INTERNAL = 9          /* anything else; the text says what */
} cvm_status;

/* A pipeline; 0 is never a valid handle. */
typedef uint64_t cvm_pipeline;

/* A device address (CUdeviceptr). On the simulated device, an address cvm_device_alloc returned. */
typedef uint64_t cvm_device_ptr;

typedef struct cvm_options {
    /* Copying threads: 0 lets the staging tuner pick for this machine (about a second at open); N > 0 caps its pick at
       N (the simulated device uses N as given, 2 when 0). At most 256. */
    int32_t threads;
    /* Non-zero: sealed transfers. The pinned pool and the link carry only AES-256-GCM ciphertext; keys are agreed
       with the device (P-256 ECDH) at open. A sealed pipeline moves one range per transfer (pieces go one after
       another) and keeps no timeline. Data that fails authentication gives CVM_ERROR_AUTHENTICATION. */
    int32_t sealed;
    /* Sealed transfers only: plain bytes per authentication tag, a multiple of 16 dividing the chunk size; 0 for the
       default (64 KiB). */
    int64_t segment_bytes;
} cvm_options;

/* One piece of a many-piece copy: bytes at host, and the same number at device. Empty pieces move nothing. */
typedef struct cvm_piece {
    void *host;
    cvm_device_ptr device;
    int64_t bytes;
} cvm_piece;

/* Where the last transfer's time went, in seconds from the moment it had the pipeline (zeros before any transfer, and
   always for a sealed pipeline). */
typedef struct cvm_timeline {
    int64_t bytes;
    int64_t dmas;
    double last_helper_joined; /* the last helper thread woken began to work (0 without helpers) */
    double first_slice_claimed;
    double first_chunk_copied;
    double first_dma_queued;
    double last_chunk_copied;
    double last_dma_queued;
    double dmas_done;
    double helpers_out;
    double total;
} cvm_timeline;

/* How an open pipeline was built. */
typedef struct cvm_info {
    int32_t device;       /* GPU number, or CVM_SIMULATED_DEVICE */
    int32_t sealed;
    int32_t threads;
    int32_t streams;
    int64_t chunk_bytes;
    int64_t pool_chunks;
    int64_t segment_bytes; /* 0 unless sealed */
} cvm_info;

/* CVM_ABI_VERSION of the library. */
int32_t cvm_abi_version(void);

/* The calling thread's last error, one line of UTF-8 ("" if none yet). Valid until this thread's next failing call. */
const char *cvm_last_error(void);

/* Opens a pipeline on GPU `device` (a CUDA device number) or CVM_SIMULATED_DEVICE. options may be NULL (tuned). */
cvm_status cvm_open(int32_t device, const cvm_options *options, cvm_pipeline *pipeline);

/* Waits for a transfer in progress, then frees the pipeline and the device memory cvm_device_alloc gave it. */
cvm_status cvm_close(cvm_pipeline pipeline);

cvm_status cvm_info_of(cvm_pipeline pipeline, cvm_info *info);

/* Copies bytes from host memory (pageable or not, any alignment) to device memory; returns when they arrived. */
cvm_status cvm_copy_to_device(cvm_pipeline pipeline, cvm_device_ptr destination, const void *source, int64_t bytes);

/* Copies bytes from device memory to host memory (pageable or not, any alignment); returns when they arrived. */
cvm_status cvm_copy_to_host(cvm_pipeline pipeline, void *destination, cvm_device_ptr source, int64_t bytes);

/* Copies every piece's host bytes to its device bytes as one pipelined transfer (a model's tensors, say). No two
   pieces may write the same device bytes; nothing is copied if they do. */
cvm_status cvm_copy_pieces_to_device(cvm_pipeline pipeline, const cvm_piece *pieces, int64_t count);

/* Copies every piece's device bytes to its host bytes as one pipelined transfer. No two pieces may write the same host
   bytes; nothing is copied if they do. */
cvm_status cvm_copy_pieces_to_host(cvm_pipeline pipeline, const cvm_piece *pieces, int64_t count);

/* The last completed transfer's timeline. */
cvm_status cvm_last_timeline(cvm_pipeline pipeline, cvm_timeline *timeline);

/* Device memory owned by the pipeline (freed at cvm_close at the latest): the simulated device's only memory, and a
   convenience on GPUs. */
cvm_status cvm_device_alloc(cvm_pipeline pipeline, int64_t bytes, cvm_device_ptr *address);
cvm_status cvm_device_free(cvm_pipeline pipeline, cvm_device_ptr address);

/* Plain synchronous copies, for filling and checking device memory: no staging, at most 2^31 - 1 bytes. */
cvm_status cvm_upload(cvm_pipeline pipeline, cvm_device_ptr destination, const void *source, int64_t bytes);
cvm_status cvm_download(cvm_pipeline pipeline, void *destination, cvm_device_ptr source, int64_t bytes);

#ifdef __cplusplus
}
#endif

#endif /* CVMBENCH_H */
