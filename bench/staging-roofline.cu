// What bounds a staged transfer of 4 and 16 MiB on this machine, measured without the engine: the copy engine's DMA
// chains from a pinned pool (per-DMA cost), host threads' copies alone (regular, non-temporal, demoted or flushed
// stores), and the two together as the staging pipeline runs them, host to device and device to host, with the
// pool's lines reused by every transfer or by every fourth to eighth (rotate 1), and host to device from sources out
// of the cache into the pinned or a write-combined pool. Threads spin between transfers, so
// no wake-up is measured. Medians of 40 transfers after 5 warm-up; microseconds by the wall clock around each one.
// The timed runs do not check their bytes (the DMA-only lanes move stale pool contents); a staged round trip at the
// end is checked byte for byte.
//
//   nvcc -O2 -std=c++17 -Xcompiler "-mavx2 -mclflushopt" bench/staging-roofline.cu -o staging-roofline -lpthread
//   ./staging-roofline
//
// Needs a CPU with AVX2 and CLFLUSHOPT; CLDEMOTE is a no-op hint where the CPU lacks it.
#include <cuda_runtime.h>
#include <pthread.h>
#include <atomic>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <immintrin.h>
#include <algorithm>
#include <vector>
using namespace std;

#define CK(x) do { cudaError_t e = (x); if (e != cudaSuccess) { fprintf(stderr, "%s:%d %s\n", __FILE__, __LINE__, cudaGetErrorString(e)); exit(1); } } while (0)
static const size_t MiB = 1 << 20, KiB = 1 << 10;
static const size_t SLOT = 4 * MiB, SLOTS = 16, SLICE = 64 * KiB;

static double now_us() { timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec * 1e6 + t.tv_nsec / 1e3; }

// Copy modes
enum { NONE, REG, NT, NT_FLUSHSRC, NT_DEMOTESRC, NT_PFNTA, REG_DEMOTEDST, NT16, REG_FLUSHDST };
static const char* mode_name[] = {"none", "regular", "nt32", "nt32+clflushopt src", "nt32+cldemote src", "nt32 prefetchnta src", "regular+cldemote dst", "nt16", "regular+clflushopt dst"};

static inline void cldemote(const void* p) { asm volatile(".byte 0x0f, 0x1c, 0x00" ::"a"(p) : "memory"); }
static inline void clflushopt(const void* p) { asm volatile("clflushopt (%0)" ::"r"(p) : "memory"); }

static void copy(char* to, const char* from, size_t n, int mode) {
  switch (mode) {
  case NONE: return;
  case REG: memcpy(to, from, n); return;
  case REG_DEMOTEDST: memcpy(to, from, n); for (size_t i = 0; i < n; i += 64) cldemote(to + i); return;
  case REG_FLUSHDST: memcpy(to, from, n); for (size_t i = 0; i < n; i += 64) clflushopt(to + i); _mm_sfence(); return;
  case NT16:
    for (size_t i = 0; i < n; i += 64) {
      __m128i a = _mm_loadu_si128((const __m128i*)(from + i)), b = _mm_loadu_si128((const __m128i*)(from + i + 16));
      __m128i c = _mm_loadu_si128((const __m128i*)(from + i + 32)), d = _mm_loadu_si128((const __m128i*)(from + i + 48));
      _mm_stream_si128((__m128i*)(to + i), a); _mm_stream_si128((__m128i*)(to + i + 16), b);
      _mm_stream_si128((__m128i*)(to + i + 32), c); _mm_stream_si128((__m128i*)(to + i + 48), d);
    }
    _mm_sfence(); return;
  default:
    for (size_t i = 0; i < n; i += 128) {
      if (mode == NT_PFNTA) { _mm_prefetch(from + i + 1024, _MM_HINT_NTA); _mm_prefetch(from + i + 1088, _MM_HINT_NTA); }
      __m256i a = _mm256_loadu_si256((const __m256i*)(from + i)), b = _mm256_loadu_si256((const __m256i*)(from + i + 32));
      __m256i c = _mm256_loadu_si256((const __m256i*)(from + i + 64)), d = _mm256_loadu_si256((const __m256i*)(from + i + 96));
      _mm256_stream_si256((__m256i*)(to + i), a); _mm256_stream_si256((__m256i*)(to + i + 32), b);
      _mm256_stream_si256((__m256i*)(to + i + 64), c); _mm256_stream_si256((__m256i*)(to + i + 96), d);
      if (mode == NT_FLUSHSRC) { clflushopt(from + i); clflushopt(from + i + 64); }
      if (mode == NT_DEMOTESRC) { cldemote(from + i); cldemote(from + i + 64); }
    }
    _mm_sfence(); return;
  }
}

// Job shared by hot-spinning workers.
struct Job {
  int h2d, mode, contention;
  size_t bytes, dma, slicesPerDma, slices, base;
  char *pool, *host, *xsrc, *xdst;
  std::atomic<long> next;
  std::atomic<long> dmaDone;      // d2h: DMAs done (published by main)
  std::atomic<int> ready[64];     // h2d: slices copied per chunk
  std::atomic<int> active;
};
static Job job;
static std::atomic<long> gen;
static int nthreads;

static void work() {
  if (job.contention) { // copy unrelated memory until the DMAs are done
    size_t off = 0; long me = atomic_fetch_add(&job.next, 1);
    off = (me * SLICE) % job.bytes;
    while (atomic_load(&job.dmaDone) < (long)(job.bytes / job.dma)) { copy(job.xdst + off, job.xsrc + off, SLICE, job.mode); off = (off + SLICE * nthreads) % job.bytes; }
    return;
  }
  for (;;) {
    long s = atomic_fetch_add(&job.next, 1);
    if (s >= (long)job.slices) return;
    long chunk = s / job.slicesPerDma;
    size_t within = (s % job.slicesPerDma) * SLICE;
    char* pooled = job.pool + job.base + chunk * SLOT + within;
    char* host = job.host + chunk * job.dma + within;
    if (job.h2d) {
      copy(pooled, host, SLICE, job.mode);
      atomic_fetch_add(&job.ready[chunk], 1);
    } else {
      while (atomic_load_explicit(&job.dmaDone, memory_order_acquire) <= chunk) _mm_pause();
      copy(host, pooled, SLICE, job.mode);
    }
  }
}

static void* worker(void*) {
  long seen = 0;
  for (;;) {
    long g;
    while ((g = atomic_load(&gen)) == seen) _mm_pause();
    seen = g;
    if (g < 0) return 0;
    work();
    atomic_fetch_sub(&job.active, 1);
  }
}

static char *pool, *wcPool, *pageable, *cold, *pinnedRef, *xsrc, *xdst; static char* dev;
// Sources out of the last-level cache, as an application's usually are: each transfer reads its own part of this.
static const size_t COLD = 1024 * MiB;
static cudaStream_t st[2]; static cudaEvent_t ev[64];

struct Times { double dmaDone, total, firstQ; };

// One staged transfer. dmaOnly: no host copies (h2d: pool already filled; d2h: nothing copied out).
static Times transfer(int h2d, size_t bytes, size_t dma, int mode, int threads, int streams, int contention, size_t base,
                      char* poolBuf = pool, char* hostBuf = pageable) {
  job.h2d = h2d; job.mode = mode; job.contention = contention; job.bytes = bytes; job.dma = dma; job.base = base;
  job.slicesPerDma = dma / SLICE; job.slices = bytes / SLICE; job.pool = poolBuf; job.host = hostBuf; job.xsrc = xsrc; job.xdst = xdst;
  size_t n = bytes / dma;
  atomic_store(&job.next, 0); atomic_store(&job.dmaDone, 0);
  for (size_t k = 0; k < n; k++) atomic_store(&job.ready[k], 0);
  Times t{};
  double t0 = now_us();
  int copying = threads > 0 && (mode != NONE || contention);
  if (copying) { atomic_store(&job.active, threads); atomic_fetch_add(&gen, 1); }
  if (!h2d) {
    for (size_t k = 0; k < n; k++) {
      CK(cudaMemcpyAsync(poolBuf + base + k * SLOT, dev + k * dma, dma, cudaMemcpyDeviceToHost, st[0]));
      CK(cudaEventRecord(ev[k], st[0]));
    }
    t.firstQ = now_us() - t0;
    for (size_t k = 0; k < n; k++) {
      while (cudaEventQuery(ev[k]) != cudaSuccess) _mm_pause();
      atomic_store_explicit(&job.dmaDone, k + 1, memory_order_release);
    }
    t.dmaDone = now_us() - t0;
  } else {
    for (size_t k = 0; k < n; k++) {
      if (copying && !contention) while (atomic_load(&job.ready[k]) < (int)job.slicesPerDma) _mm_pause();
      if (k == 0) t.firstQ = now_us() - t0;
      CK(cudaMemcpyAsync(dev + k * dma, poolBuf + base + k * SLOT, dma, cudaMemcpyHostToDevice, st[k % streams]));
      CK(cudaEventRecord(ev[k], st[k % streams]));
    }
    for (size_t k = 0; k < n; k++) while (cudaEventQuery(ev[k]) != cudaSuccess) _mm_pause();
    t.dmaDone = now_us() - t0;
    atomic_store(&job.dmaDone, n);
  }
  if (copying) while (atomic_load(&job.active) > 0) _mm_pause();
  t.total = now_us() - t0;
  return t;
}

static double pinnedCopy(int h2d, size_t bytes) {
  double t0 = now_us();
  if (h2d) CK(cudaMemcpyAsync(dev, pinnedRef, bytes, cudaMemcpyHostToDevice, st[0]));
  else CK(cudaMemcpyAsync(pinnedRef, dev, bytes, cudaMemcpyDeviceToHost, st[0]));
  CK(cudaStreamSynchronize(st[0]));
  return now_us() - t0;
}

static double copyOnly(size_t bytes, int mode, int threads) {
  // h2d-style host copies into the pool, no DMAs
  job.h2d = 1; job.mode = mode; job.contention = 0; job.bytes = bytes; job.dma = std::min(bytes, SLOT); job.base = 0;
  job.slicesPerDma = job.dma / SLICE; job.slices = bytes / SLICE; job.pool = pool; job.host = pageable;
  atomic_store(&job.next, 0);
  double t0 = now_us();
  atomic_store(&job.active, threads); atomic_fetch_add(&gen, 1);
  while (atomic_load(&job.active) > 0) _mm_pause();
  return now_us() - t0;
}

static double median(std::vector<double> v) { std::sort(v.begin(), v.end()); return v[v.size() / 2]; }

int main() {
  const int maxThreads = 15, reps = 40;
  CK(cudaSetDevice(0));
  CK(cudaHostAlloc(&pool, SLOT * SLOTS, cudaHostAllocDefault));
  // Write-combined: the CPU's stores bypass its caches and the device's reads are not snooped.
  CK(cudaHostAlloc(&wcPool, SLOT * SLOTS, cudaHostAllocWriteCombined));
  CK(cudaHostAlloc(&pinnedRef, 16 * MiB, cudaHostAllocDefault));
  CK(cudaMalloc(&dev, 64 * MiB));
  pageable = (char*)aligned_alloc(4096, 64 * MiB); cold = (char*)aligned_alloc(4096, COLD);
  for (size_t i = 0; i < COLD; i += 4096) cold[i] = 1;
  xsrc = (char*)aligned_alloc(4096, 16 * MiB); xdst = (char*)aligned_alloc(4096, 16 * MiB);
  for (size_t i = 0; i < 64 * MiB; i++) pageable[i] = (char)(i * 7 + 3);
  memset(xsrc, 1, 16 * MiB); memset(xdst, 2, 16 * MiB); memset(pool, 0, SLOT * SLOTS); memset(pinnedRef, 5, 16 * MiB);
  CK(cudaMemcpy(dev, pageable, 64 * MiB, cudaMemcpyHostToDevice));
  for (int i = 0; i < 2; i++) CK(cudaStreamCreateWithFlags(&st[i], cudaStreamNonBlocking));
  for (int i = 0; i < 64; i++) CK(cudaEventCreateWithFlags(&ev[i], cudaEventDisableTiming));
  // Each thread count gets its own T threads, which spin for work until the group ends.
  std::vector<pthread_t> th(maxThreads);
  struct Size { size_t bytes, dma; } sizes[] = {{4 * MiB, 512 * KiB}, {16 * MiB, 1 * MiB}};
  int tcounts[] = {4, 8, 12, 15};
  printf("pinned baselines (us, median of %d):\n", reps);
  for (auto s : sizes) for (int h2d = 1; h2d >= 0; h2d--) {
    std::vector<double> v; for (int r = 0; r < reps + 5; r++) { double x = pinnedCopy(h2d, s.bytes); if (r >= 5) v.push_back(x); }
    printf("  %s %2zu MiB pinned: %.1f us (%.1f GB/s)\n", h2d ? "H2D" : "D2H", s.bytes / MiB, median(v), s.bytes / median(v) / 1e3);
  }
  // DMA chains with no host copies
  printf("DMA chains, no host copies (us):\n");
  for (auto s : sizes) for (int h2d = 1; h2d >= 0; h2d--) for (int streams = 1; streams <= (h2d ? 2 : 1); streams++) for (size_t dma : {s.dma, s.bytes / 4, s.bytes}) {
    std::vector<double> v; for (int r = 0; r < reps + 5; r++) { Times t = transfer(h2d, s.bytes, dma, NONE, 0, streams, 0, 0); if (r >= 5) v.push_back(t.total); }
    printf("  %s %2zu MiB dma %5zu KiB streams %d: %.1f us (%.1f GB/s)\n", h2d ? "H2D" : "D2H", s.bytes / MiB, dma / KiB, streams, median(v), s.bytes / median(v) / 1e3);
  }
  for (auto s : sizes) for (size_t dma : {s.dma, s.bytes / 4}) {
    std::vector<double> v; for (int r = 0; r < reps + 5; r++) { Times t = transfer(1, s.bytes, dma, NONE, 0, 2, 0, 0, wcPool); if (r >= 5) v.push_back(t.total); }
    printf("  H2D %2zu MiB dma %5zu KiB streams 2, write-combined pool: %.1f us (%.1f GB/s)\n", s.bytes / MiB, dma / KiB, median(v), s.bytes / median(v) / 1e3);
  }
  for (int T : tcounts) {
    nthreads = T;
    atomic_store(&gen, 0);
    for (int i = 0; i < T; i++) pthread_create(&th[i], 0, worker, 0);
    printf("== %d threads\n", T);
    for (auto s : sizes) {
      for (int mode : {REG, NT, NT16, REG_DEMOTEDST, REG_FLUSHDST}) {
        std::vector<double> v; for (int r = 0; r < reps + 5; r++) { double x = copyOnly(s.bytes, mode, T); if (r >= 5) v.push_back(x); }
        printf("  copy only %2zu MiB %-24s %.1f us (%.1f GB/s)\n", s.bytes / MiB, mode_name[mode], median(v), s.bytes / median(v) / 1e3);
      }
      for (int mode : {REG, NT, NT16, REG_DEMOTEDST, REG_FLUSHDST}) for (int streams = 1; streams <= 2; streams++) {
        std::vector<double> tot, dd, fq;
        for (int r = 0; r < reps + 5; r++) { Times t = transfer(1, s.bytes, s.dma, mode, T, streams, 0, 0); if (r >= 5) { tot.push_back(t.total); dd.push_back(t.dmaDone); fq.push_back(t.firstQ); } }
        printf("  H2D %2zu MiB %-24s streams %d: first DMA %.1f, total %.1f us (%.1f GB/s)\n", s.bytes / MiB, mode_name[mode], streams, median(fq), median(tot), s.bytes / median(tot) / 1e3);
      }
      // Host to device from sources out of the cache, into the pinned or the write-combined pool.
      for (int wc = 0; wc <= 1; wc++) for (int mode : {REG, NT}) {
        if (!wc && mode == REG) continue;
        std::vector<double> tot, fq;
        for (int r = 0; r < reps + 5; r++) {
          Times t = transfer(1, s.bytes, s.dma, mode, T, 2, 0, 0, wc ? wcPool : pool, cold + (r % (COLD / (32 * MiB))) * 32 * MiB);
          if (r >= 5) { tot.push_back(t.total); fq.push_back(t.firstQ); }
        }
        printf("  H2D %2zu MiB %-24s cold source, %s pool: first DMA %.1f, total %.1f us (%.1f GB/s)\n", s.bytes / MiB, mode_name[mode],
               wc ? "write-combined" : "pinned", median(fq), median(tot), s.bytes / median(tot) / 1e3);
      }
      for (int rotate = 0; rotate <= 1; rotate++) for (int mode : {REG, NT, NT16, NT_FLUSHSRC, NT_DEMOTESRC, NT_PFNTA}) {
        std::vector<double> tot, dd;
        for (int r = 0; r < reps + 5; r++) {
          // rotate: each transfer uses another part of its slots, so pool lines are reused SLOT / dma transfers later
          size_t base = rotate ? (r % (SLOT / s.dma)) * s.dma : 0;
          Times t = transfer(0, s.bytes, s.dma, mode, T, 1, 0, base);
          if (r >= 5) { tot.push_back(t.total); dd.push_back(t.dmaDone); }
        }
        printf("  D2H %2zu MiB %-24s rotate %d: DMAs done %.1f, total %.1f us (%.1f GB/s)\n", s.bytes / MiB, mode_name[mode], rotate, median(dd), median(tot), s.bytes / median(tot) / 1e3);
      }
      for (int mode : {REG, NT}) {
        std::vector<double> dd;
        for (int r = 0; r < reps + 5; r++) { Times t = transfer(0, s.bytes, s.dma, mode, T, 1, 1, 0); if (r >= 5) dd.push_back(t.dmaDone); }
        printf("  D2H %2zu MiB DMAs beside unrelated %s copies: DMAs done %.1f us (%.1f GB/s)\n", s.bytes / MiB, mode_name[mode], median(dd), s.bytes / median(dd) / 1e3);
      }
      fflush(stdout);
    }
    if (T == tcounts[sizeof tcounts / sizeof *tcounts - 1]) {
      // A staged round trip of 16 MiB through the pool, checked byte for byte.
      for (size_t i = 0; i < 16 * MiB; i++) pageable[i] = (char)(i * 13 + 1);
      transfer(1, 16 * MiB, MiB, NT, T, 2, 0, 0);
      memset(pageable, 0, 16 * MiB);
      transfer(0, 16 * MiB, MiB, NT, T, 1, 0, 0);
      size_t wrong = 0;
      for (size_t i = 0; i < 16 * MiB; i++) wrong += pageable[i] != (char)(i * 13 + 1);
      printf("staged round trip of 16 MiB: %s\n", wrong ? "WRONG BYTES" : "right");
      if (wrong) return 1;
    }
    atomic_store(&gen, -1);
    for (int i = 0; i < T; i++) pthread_join(th[i], 0);
  }
  return 0;
}
