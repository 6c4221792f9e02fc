// Kernels the measurement engine embeds as PTX (regenerate with kernels/build.sh).
#include <stdint.h>

// Holds a stream until the host has queued every timed copy behind it, so enqueue cost stays outside
// the timed window (nvbandwidth's method). The host sets *release to 1; the timeout guards against a
// host that never does.
extern "C" __global__ void spin_until_released(volatile int32_t *release, uint64_t timeout_ns)
{
    uint64_t start;
    asm volatile("mov.u64 %0, %%globaltimer;" : "=l"(start));
    for (;;) {
        if (*release != 0) {
            return;
        }
        uint64_t now;
        asm volatile("mov.u64 %0, %%globaltimer;" : "=l"(now));
        if (now - start > timeout_ns) {
            return;
        }
    }
}

// SM copy: every thread moves 16-byte words in a grid-stride loop; the first threads finish a tail
// that is not a multiple of 16. Pointers may be device memory or device-mapped host memory
// (zero-copy), which is how SM copies cross PCIe.
extern "C" __global__ void copy_bytes(const uint8_t *__restrict__ source, uint8_t *__restrict__ destination, uint64_t bytes)
{
    const uint64_t words = bytes / 16;
    const uint64_t stride = (uint64_t)gridDim.x * blockDim.x;
    const uint64_t first = (uint64_t)blockIdx.x * blockDim.x + threadIdx.x;
    const uint4 *s = (const uint4 *)source;
    uint4 *d = (uint4 *)destination;
    for (uint64_t i = first; i < words; i += stride) {
        d[i] = s[i];
    }
    for (uint64_t i = words * 16 + first; i < bytes; i += stride) {
        destination[i] = source[i];
    }
}
