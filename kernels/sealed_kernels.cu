// Sealed transfers on the GPU (regenerate the PTX with kernels/build.sh): AES-256-GCM seal and open with a tag per
// segment, and the device half of a P-256 ECDH + HKDF-SHA256 key agreement. The byte layout, nonces and keys are
// those of docs/sealed.md; the C# wrapper is src/CvmBench.Cuda/SealedKernels.cs.
//
// The functions below the kernels line are plain C++ as well (SK_FN), so kernels/check/ compiles them with g++ and
// checks them against the NIST vectors without a GPU.
#include <stdint.h>

#if defined(__CUDACC__) || defined(__CUDA__)
#define SK_FN __host__ __device__ static inline
#define SK_HOT __host__ __device__ static inline __attribute__((always_inline))   // the per-block path: no calls
#define SK_GPU 1
#else
#define SK_FN static inline
#define SK_HOT static inline
#endif

// ---------------------------------------------------------------------------------------------------------------
// Key state layout (device memory, SK_KEY_STATE_BYTES): the two raw keys, then one block per direction.
// ---------------------------------------------------------------------------------------------------------------
#define SK_THREADS 256                        // threads per GCM block; thread t's last block is multiplied by H^(256-t)
#define SK_POWER_TABLES 24                    // H^(256 * 2^m), m = 0..23, cover segments up to 2^31 bytes
#define SK_TABLE_BYTES 256                    // a 4-bit (Shoup) table: 16 entries of 128 bits
#define SK_DIR_ROUND_KEYS 0                   // 60 big-endian words
#define SK_DIR_HP 256                         // tables of H^1 .. H^257
#define SK_DIR_HT2 (SK_DIR_HP + (SK_THREADS + 1) * SK_TABLE_BYTES)
#define SK_DIR_HORNER (SK_DIR_HT2 + SK_POWER_TABLES * SK_TABLE_BYTES)   // 8-bit table of H^256
#define SK_DIR_BYTES (SK_DIR_HORNER + 256 * 16)
#define SK_KEY_HEADER 256                     // raw keys h2d | d2h at offset 0
#define SK_KEY_STATE_BYTES (SK_KEY_HEADER + 2 * SK_DIR_BYTES)
#define SK_H2D 0
#define SK_D2H 1

#define SK_STATUS_RECORD 1u                   // a record's nonce or length is not the expected one
#define SK_STATUS_TAG 2u                      // a tag does not verify
#define SK_STATUS_HOST_KEY 4u                 // the host public key is not a point on P-256
#define SK_STATUS_SHARED_POINT 8u             // the shared point is the point at infinity

typedef struct __attribute__((aligned(16))) { uint64_t hi, lo; } sk_u128;  // a GHASH block, big-endian halves

SK_HOT uint32_t sk_bswap(uint32_t x)
{
    return (x >> 24) | ((x >> 8) & 0xff00u) | ((x << 8) & 0xff0000u) | (x << 24);
}

SK_HOT uint32_t sk_load_be32(const uint8_t *p)
{
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}

SK_FN void sk_store_be32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

// ---------------------------------------------------------------------------------------------------------------
// AES-256 (encryption only: CTR mode). The T-table Te0 is kept 32 times over, entry x of copy l at x * 32 + l, so
// each lane of a warp reads its own bank and lookups never conflict. Te1..Te3 are rotations of Te0, and the S-box
// is a byte of it.
// ---------------------------------------------------------------------------------------------------------------
SK_FN uint32_t sk_gf8_mul(uint32_t a, uint32_t b)
{
    uint32_t r = 0;
    for (int i = 0; i < 8; i++) {
        r ^= (0u - (b & 1u)) & a;
        b >>= 1;
        a = ((a << 1) ^ ((0u - (a >> 7)) & 0x11bu)) & 0xffu;
    }
    return r;
}

// The S-box from its definition (inverse in GF(2^8), then the affine map), so no table is typed in by hand.
SK_FN uint32_t sk_sbox(uint32_t x)
{
    uint32_t inv = 1, base = x;
    for (int e = 254; e != 0; e >>= 1) {
        if (e & 1) {
            inv = sk_gf8_mul(inv, base);
        }
        base = sk_gf8_mul(base, base);
    }
    uint32_t s = inv;
    for (int r = 1; r < 5; r++) {
        s ^= ((inv << r) | (inv >> (8 - r))) & 0xffu;
    }
    return (s ^ 0x63u) & 0xffu;
}

SK_FN uint32_t sk_te0_entry(uint32_t x)
{
    uint32_t s = sk_sbox(x);
    uint32_t s2 = sk_gf8_mul(s, 2), s3 = s2 ^ s;
    return (s2 << 24) | (s << 16) | (s << 8) | s3;
}

SK_HOT uint32_t sk_ror(uint32_t v, int r)
{
    return (v >> r) | (v << (32 - r));
}

#define SK_TE(x) te[((x) << 5) | lane]
#define SK_SB(x) ((SK_TE(x) >> 8) & 0xffu)

SK_FN uint32_t sk_sub_word(const uint32_t *te, uint32_t lane, uint32_t w)
{
    return (SK_SB(w >> 24) << 24) | (SK_SB((w >> 16) & 0xff) << 16) | (SK_SB((w >> 8) & 0xff) << 8) | SK_SB(w & 0xff);
}

SK_FN void sk_aes256_expand(const uint32_t *te, uint32_t lane, const uint8_t *key, uint32_t *rk)
{
    for (int i = 0; i < 8; i++) {
        rk[i] = sk_load_be32(key + 4 * i);
    }
    uint32_t rcon = 1;
    for (int i = 8; i < 60; i++) {
        uint32_t t = rk[i - 1];
        if (i % 8 == 0) {
            t = sk_sub_word(te, lane, sk_ror(t, 24)) ^ (rcon << 24);
            rcon = sk_gf8_mul(rcon, 2);
        } else if (i % 8 == 4) {
            t = sk_sub_word(te, lane, t);
        }
        rk[i] = rk[i - 8] ^ t;
    }
}

// Encrypts one block given as four big-endian words.
SK_HOT void sk_aes256_encrypt(const uint32_t *te, uint32_t lane, const uint32_t *rk, const uint32_t in[4], uint32_t out[4])
{
    uint32_t s0 = in[0] ^ rk[0], s1 = in[1] ^ rk[1], s2 = in[2] ^ rk[2], s3 = in[3] ^ rk[3];
#ifdef SK_GPU
#pragma unroll
#endif
    for (int r = 1; r < 14; r++) {
        uint32_t t0 = SK_TE(s0 >> 24) ^ sk_ror(SK_TE((s1 >> 16) & 0xff), 8) ^ sk_ror(SK_TE((s2 >> 8) & 0xff), 16) ^ sk_ror(SK_TE(s3 & 0xff), 24) ^ rk[4 * r];
        uint32_t t1 = SK_TE(s1 >> 24) ^ sk_ror(SK_TE((s2 >> 16) & 0xff), 8) ^ sk_ror(SK_TE((s3 >> 8) & 0xff), 16) ^ sk_ror(SK_TE(s0 & 0xff), 24) ^ rk[4 * r + 1];
        uint32_t t2 = SK_TE(s2 >> 24) ^ sk_ror(SK_TE((s3 >> 16) & 0xff), 8) ^ sk_ror(SK_TE((s0 >> 8) & 0xff), 16) ^ sk_ror(SK_TE(s1 & 0xff), 24) ^ rk[4 * r + 2];
        uint32_t t3 = SK_TE(s3 >> 24) ^ sk_ror(SK_TE((s0 >> 16) & 0xff), 8) ^ sk_ror(SK_TE((s1 >> 8) & 0xff), 16) ^ sk_ror(SK_TE(s2 & 0xff), 24) ^ rk[4 * r + 3];
        s0 = t0; s1 = t1; s2 = t2; s3 = t3;
    }
    out[0] = (SK_SB(s0 >> 24) << 24) ^ (SK_SB((s1 >> 16) & 0xff) << 16) ^ (SK_SB((s2 >> 8) & 0xff) << 8) ^ SK_SB(s3 & 0xff) ^ rk[56];
    out[1] = (SK_SB(s1 >> 24) << 24) ^ (SK_SB((s2 >> 16) & 0xff) << 16) ^ (SK_SB((s3 >> 8) & 0xff) << 8) ^ SK_SB(s0 & 0xff) ^ rk[57];
    out[2] = (SK_SB(s2 >> 24) << 24) ^ (SK_SB((s3 >> 16) & 0xff) << 16) ^ (SK_SB((s0 >> 8) & 0xff) << 8) ^ SK_SB(s1 & 0xff) ^ rk[58];
    out[3] = (SK_SB(s3 >> 24) << 24) ^ (SK_SB((s0 >> 16) & 0xff) << 16) ^ (SK_SB((s1 >> 8) & 0xff) << 8) ^ SK_SB(s2 & 0xff) ^ rk[59];
}

// ---------------------------------------------------------------------------------------------------------------
// GF(2^128) as GCM uses it: multiplication by a fixed value through its 4-bit (Shoup) table, as in OpenSSL's
// gcm_gmult_4bit. Table entry i is i * V in GCM's bit order; the reduction of the four bits shifted out is linear
// in them, so it is computed rather than looked up.
// ---------------------------------------------------------------------------------------------------------------
SK_HOT sk_u128 sk_xor(sk_u128 a, sk_u128 b)
{
    sk_u128 r = { a.hi ^ b.hi, a.lo ^ b.lo };
    return r;
}

SK_FN void sk_table_build(sk_u128 v, sk_u128 *table)
{
    sk_u128 zero = { 0, 0 };
    table[0] = zero;
    table[8] = v;
    for (int i = 4; i > 0; i >>= 1) {
        uint64_t t = 0xe100000000000000ull & (0ull - (v.lo & 1));
        v.lo = (v.hi << 63) | (v.lo >> 1);
        v.hi = (v.hi >> 1) ^ t;
        table[i] = v;
    }
    table[3] = sk_xor(table[2], table[1]);
    for (int i = 5; i < 8; i++) {
        table[i] = sk_xor(table[4], table[i - 4]);
    }
    for (int i = 9; i < 16; i++) {
        table[i] = sk_xor(table[8], table[i - 8]);
    }
}

SK_HOT uint64_t sk_rem4(uint64_t r)
{
    uint64_t m = (0ull - (r & 1)) & 0x1c20ull;
    m ^= (0ull - ((r >> 1) & 1)) & 0x3840ull;
    m ^= (0ull - ((r >> 2) & 1)) & 0x7080ull;
    m ^= (0ull - ((r >> 3) & 1)) & 0xe100ull;
    return m << 48;
}

SK_HOT sk_u128 sk_shift4(sk_u128 z)
{
    uint64_t rem = z.lo & 0xf;
    z.lo = (z.hi << 60) | (z.lo >> 4);
    z.hi = (z.hi >> 4) ^ sk_rem4(rem);
    return z;
}


// x * V where table is V's 4-bit table.
SK_HOT sk_u128 sk_gmul(sk_u128 x, const sk_u128 *table)
{
    sk_u128 z = { 0, 0 };
#ifdef SK_GPU
#pragma unroll
#endif
    for (int i = 15; i >= 0; i--) {
        uint32_t byte = (uint32_t)((i >= 8 ? x.lo >> (8 * (15 - i)) : x.hi >> (8 * (7 - i))) & 0xff);
        z = sk_shift4(z);
        z = sk_xor(z, table[byte & 0xf]);
        z = sk_shift4(z);
        z = sk_xor(z, table[byte >> 4]);
    }
    return z;
}

// The 8-bit table of V (256 entries of 128 bits): the Horner step, which runs once per block, takes 16 lookups
// instead of 32. Entry i is i * V in GCM's bit order.
SK_FN void sk_table8_build(sk_u128 v, sk_u128 *table)
{
    sk_u128 zero = { 0, 0 };
    table[0] = zero;
    for (int i = 128; i > 0; i >>= 1) {
        table[i] = v;
        uint64_t t = 0xe100000000000000ull & (0ull - (v.lo & 1));
        v.lo = (v.hi << 63) | (v.lo >> 1);
        v.hi = (v.hi >> 1) ^ t;
    }
    for (int i = 2; i < 256; i <<= 1) {
        for (int j = 1; j < i; j++) {
            table[i + j] = sk_xor(table[i], table[j]);
        }
    }
}

// The reduction of the 8 bits shifted out of the low end: bit j contributes 0xe1 << (1 + j) to the top 16 bits.
SK_FN uint32_t sk_rem8(uint32_t r)
{
    uint32_t m = 0;
    for (int j = 0; j < 8; j++) {
        m ^= (0u - ((r >> j) & 1u)) & (0xe1u << (1 + j));
    }
    return m;
}

// x * V with V's 8-bit table and the reduction table rem8 (256 entries of sk_rem8).
SK_HOT sk_u128 sk_gmul8(sk_u128 x, const sk_u128 *table, const uint16_t *rem8)
{
    sk_u128 z = { 0, 0 };
#ifdef SK_GPU
#pragma unroll
#endif
    for (int i = 15; i >= 0; i--) {
        uint32_t byte = (uint32_t)((i >= 8 ? x.lo >> (8 * (15 - i)) : x.hi >> (8 * (7 - i))) & 0xff);
        uint64_t rem = rem8[z.lo & 0xff];
        z.lo = (z.hi << 56) | (z.lo >> 8);
        z.hi = (z.hi >> 8) ^ (rem << 48);
        z = sk_xor(z, table[byte]);
    }
    return z;
}

// x * y without a table (setup only).
SK_FN sk_u128 sk_gmul_slow(sk_u128 x, sk_u128 y)
{
    sk_u128 table[16];
    sk_table_build(y, table);
    return sk_gmul(x, table);
}

// ---------------------------------------------------------------------------------------------------------------
// GCM per segment. A segment of n blocks is front-padded with zero blocks to P pieces of PB = 256 * K blocks (zero
// blocks in front do not change GHASH). One CUDA block takes one piece; its thread t takes the piece's blocks
// t, t + 256, t + 512, ... (coalesced), runs Horner with H^256, and multiplies the result by H^(256 - t), so the
// XOR of its 256 threads is the piece's GHASH ending in H^1. Piece p of P is then multiplied by H^(PB (P-1-p) + 1),
// piece 0 adds len * H + E(J0), and all are XOR-ed (atomically) into a 16-byte accumulator: the segment's tag.
// ---------------------------------------------------------------------------------------------------------------
typedef struct {
    uint64_t plain_bytes;
    uint32_t segment_bytes;
    uint32_t piece_shift;      // K = 2^piece_shift blocks per thread in a piece
    uint64_t segments;
    uint64_t pieces_full;      // pieces of a full segment
    uint64_t pieces_total;
} sk_geometry;

SK_HOT uint64_t sk_div_up(uint64_t a, uint64_t b)
{
    return (a + b - 1) / b;
}

SK_FN uint32_t sk_piece_shift(uint32_t segment_bytes)
{
    uint64_t per_thread = sk_div_up(sk_div_up(segment_bytes, 16), SK_THREADS);
    uint32_t s = 0;
    while (s < 4 && (1ull << s) < per_thread) {
        s++;
    }
    return s;
}

SK_FN sk_geometry sk_geometry_of(uint64_t plain_bytes, uint32_t segment_bytes)
{
    sk_geometry g;
    g.plain_bytes = plain_bytes;
    g.segment_bytes = segment_bytes;
    g.piece_shift = sk_piece_shift(segment_bytes);
    g.segments = sk_div_up(plain_bytes, segment_bytes);
    uint64_t piece_blocks = (uint64_t)SK_THREADS << g.piece_shift;
    g.pieces_full = sk_div_up(sk_div_up(segment_bytes, 16), piece_blocks);
    g.pieces_total = 0;
    if (g.segments > 0) {
        uint64_t last = plain_bytes - (g.segments - 1) * segment_bytes;
        g.pieces_total = (g.segments - 1) * g.pieces_full + sk_div_up(sk_div_up(last, 16), piece_blocks);
    }
    return g;
}

SK_HOT uint64_t sk_segment_length(const sk_geometry *g, uint64_t segment)
{
    return segment + 1 < g->segments ? g->segment_bytes : g->plain_bytes - segment * g->segment_bytes;
}

SK_FN uint64_t sk_records_offset(uint64_t plain_bytes)
{
    return (plain_bytes + 15) & ~15ull;
}

// The nonce of a segment as big-endian words: the 4-byte prefix (zero outside tests), then the counter.
SK_HOT void sk_nonce(uint32_t prefix, uint64_t counter, uint32_t nonce[3])
{
    nonce[0] = prefix;
    nonce[1] = (uint32_t)(counter >> 32);
    nonce[2] = (uint32_t)counter;
}

typedef struct {
    const uint32_t *te;
    uint32_t lane;
    const uint32_t *rk;
    const sk_u128 *horner;     // 8-bit table of H^256
    const uint16_t *rem8;      // its reduction table
    const uint8_t *dir;        // the direction's key state (tables of H^k)
} sk_gcm_keys;

SK_HOT const sk_u128 *sk_hp(const uint8_t *dir, uint32_t power)   // table of H^power, 1 <= power <= 257
{
    return (const sk_u128 *)(dir + SK_DIR_HP + (uint64_t)(power - 1) * SK_TABLE_BYTES);
}

SK_FN const sk_u128 *sk_ht2(const uint8_t *dir, uint32_t m)      // table of H^(256 * 2^m)
{
    return (const sk_u128 *)(dir + SK_DIR_HT2 + (uint64_t)m * SK_TABLE_BYTES);
}

#ifdef SK_GPU
SK_HOT void sk_load_block(const uint8_t *p, uint32_t len, uint32_t w[4])
{
    if (len == 16 && ((uintptr_t)p & 15) == 0) {
        uint4 v = *(const uint4 *)p;
        w[0] = sk_bswap(v.x); w[1] = sk_bswap(v.y); w[2] = sk_bswap(v.z); w[3] = sk_bswap(v.w);
        return;
    }
    uint8_t b[16];
    for (int i = 0; i < 16; i++) {
        b[i] = i < (int)len ? p[i] : 0;
    }
    for (int i = 0; i < 4; i++) {
        w[i] = sk_load_be32(b + 4 * i);
    }
}

SK_HOT void sk_store_block(uint8_t *p, uint32_t len, const uint32_t w[4])
{
    if (len == 16 && ((uintptr_t)p & 15) == 0) {
        *(uint4 *)p = make_uint4(sk_bswap(w[0]), sk_bswap(w[1]), sk_bswap(w[2]), sk_bswap(w[3]));
        return;
    }
    for (int i = 0; i < (int)len; i++) {
        p[i] = (uint8_t)(w[i >> 2] >> (24 - 8 * (i & 3)));
    }
}
#else
static inline void sk_load_block(const uint8_t *p, uint32_t len, uint32_t w[4])
{
    uint8_t b[16];
    for (int i = 0; i < 16; i++) {
        b[i] = i < (int)len ? p[i] : 0;
    }
    for (int i = 0; i < 4; i++) {
        w[i] = sk_load_be32(b + 4 * i);
    }
}

static inline void sk_store_block(uint8_t *p, uint32_t len, const uint32_t w[4])
{
    for (int i = 0; i < (int)len; i++) {
        p[i] = (uint8_t)(w[i >> 2] >> (24 - 8 * (i & 3)));
    }
}
#endif

// Which segment and which of its pieces a work item is, and how many pieces that segment has.
SK_HOT uint64_t sk_piece_of(const sk_geometry *g, uint64_t work, uint64_t *piece, uint64_t *pieces)
{
    uint64_t segment;
    if (work < (g->segments - 1) * g->pieces_full) {
        segment = work / g->pieces_full;
        *piece = work % g->pieces_full;
    } else {
        segment = g->segments - 1;
        *piece = work - (g->segments - 1) * g->pieces_full;
    }
    *pieces = sk_div_up(sk_div_up(sk_segment_length(g, segment), 16), (uint64_t)SK_THREADS << g->piece_shift);
    return segment;
}

// Thread t's share of one piece: CTR over its blocks (input to output) and its GHASH term, already multiplied
// by H^(257 - t), the one more H being GHASH's last multiplication.
SK_HOT sk_u128 sk_gcm_thread(sk_gcm_keys k, const sk_geometry *g, uint64_t work, uint32_t t,
                            const uint8_t *input, uint8_t *output, int open, uint64_t first_counter, uint32_t prefix)
{
    uint64_t piece, pieces;
    uint64_t segment = sk_piece_of(g, work, &piece, &pieces);
    uint64_t length = sk_segment_length(g, segment);
    uint64_t piece_blocks = (uint64_t)SK_THREADS << g->piece_shift;
    uint64_t pad = pieces * piece_blocks - sk_div_up(length, 16);
    uint32_t ctr[4];
    sk_nonce(prefix, first_counter + segment, ctr);
    const uint8_t *in = input + segment * g->segment_bytes;
    uint8_t *out = output + segment * g->segment_bytes;

    sk_u128 x = { 0, 0 };
    int started = 0;
    uint32_t per_thread = 1u << g->piece_shift;
    for (uint32_t j = 0; j < per_thread; j++) {
        uint64_t v = piece * piece_blocks + (uint64_t)j * SK_THREADS + t;
        if (v < pad) {
            continue;
        }
        uint64_t i = v - pad;
        uint32_t len = (uint32_t)(length - 16 * i < 16 ? length - 16 * i : 16);
        ctr[3] = (uint32_t)(i + 2);
        uint32_t ks[4], data[4], res[4];
        sk_aes256_encrypt(k.te, k.lane, k.rk, ctr, ks);
        sk_load_block(in + 16 * i, len, data);
        for (int w = 0; w < 4; w++) {
            res[w] = data[w] ^ ks[w];
        }
        sk_store_block(out + 16 * i, len, res);
        uint32_t cw[4];
        for (int w = 0; w < 4; w++) {
            // GHASH hashes the ciphertext, zero-padded to a whole block.
            int valid = (int)len - 4 * w;
            uint32_t mask = valid >= 4 ? 0xffffffffu : valid <= 0 ? 0u : ~(0xffffffffu >> (8 * valid));
            cw[w] = (open ? data[w] : res[w]) & mask;
        }
        sk_u128 cb = { ((uint64_t)cw[0] << 32) | cw[1], ((uint64_t)cw[2] << 32) | cw[3] };
        x = started ? sk_xor(sk_gmul8(x, k.horner, k.rem8), cb) : cb;
        started = 1;
    }
    if (!started) {
        sk_u128 zero = { 0, 0 };
        return zero;
    }
    return sk_gmul(x, sk_hp(k.dir, SK_THREADS + 1 - t));
}

// The part of a tag outside GHASH's blocks: len(C) * H xor E(J0). The last piece of a segment adds it; one thread
// other than the one that combines the piece computes it, in parallel with the others.
SK_FN sk_u128 sk_gcm_mask(sk_gcm_keys k, const sk_geometry *g, uint64_t segment, uint64_t first_counter, uint32_t prefix)
{
    sk_u128 lengths = { 0, sk_segment_length(g, segment) * 8 };
    uint32_t j0[4], ej0[4];
    sk_nonce(prefix, first_counter + segment, j0);
    j0[3] = 1;
    sk_aes256_encrypt(k.te, k.lane, k.rk, j0, ej0);
    sk_u128 e = { ((uint64_t)ej0[0] << 32) | ej0[1], ((uint64_t)ej0[2] << 32) | ej0[3] };
    return sk_xor(sk_gmul(lengths, sk_hp(k.dir, 1)), e);
}

// The piece's term of its segment's tag from the XOR of its threads' shares: times H^(PB (P-1-p)), through the
// tables of H^(256 * 2^m) for the set bits of P-1-p.
SK_FN sk_u128 sk_gcm_piece(sk_gcm_keys k, const sk_geometry *g, uint64_t piece, uint64_t pieces, sk_u128 y)
{
    uint64_t e = pieces - 1 - piece;
    for (uint32_t m = g->piece_shift; e != 0; m++, e >>= 1) {
        if (e & 1) {
            y = sk_gmul(y, sk_ht2(k.dir, m));
        }
    }
    return y;
}

// A record: nonce (12 bytes) | segment length (uint32 little-endian) | tag (16 bytes).
SK_FN void sk_record_header(uint32_t prefix, uint64_t counter, uint32_t length, uint8_t header[16])
{
    uint32_t nonce[3];
    sk_nonce(prefix, counter, nonce);
    for (int i = 0; i < 3; i++) {
        sk_store_be32(header + 4 * i, nonce[i]);
    }
    header[12] = (uint8_t)length;
    header[13] = (uint8_t)(length >> 8);
    header[14] = (uint8_t)(length >> 16);
    header[15] = (uint8_t)(length >> 24);
}

// ---------------------------------------------------------------------------------------------------------------
// SHA-256, HMAC-SHA256 and HKDF-SHA256 (RFC 5869) for one thread.
// ---------------------------------------------------------------------------------------------------------------
typedef struct {
    uint32_t h[8];
    uint8_t block[64];
    uint32_t used;
    uint64_t total;
} sk_sha256;

SK_FN void sk_sha256_compress(uint32_t h[8], const uint8_t block[64])
{
    const uint32_t k[64] = {
        0x428a2f98u, 0x71374491u, 0xb5c0fbcfu, 0xe9b5dba5u, 0x3956c25bu, 0x59f111f1u, 0x923f82a4u, 0xab1c5ed5u,
        0xd807aa98u, 0x12835b01u, 0x243185beu, 0x550c7dc3u, 0x72be5d74u, 0x80deb1feu, 0x9bdc06a7u, 0xc19bf174u,
        0xe49b69c1u, 0xefbe4786u, 0x0fc19dc6u, 0x240ca1ccu, 0x2de92c6fu, 0x4a7484aau, 0x5cb0a9dcu, 0x76f988dau,
        0x983e5152u, 0xa831c66du, 0xb00327c8u, 0xbf597fc7u, 0xc6e00bf3u, 0xd5a79147u, 0x06ca6351u, 0x14292967u,
        0x27b70a85u, 0x2e1b2138u, 0x4d2c6dfcu, 0x53380d13u, 0x650a7354u, 0x766a0abbu, 0x81c2c92eu, 0x92722c85u,
        0xa2bfe8a1u, 0xa81a664bu, 0xc24b8b70u, 0xc76c51a3u, 0xd192e819u, 0xd6990624u, 0xf40e3585u, 0x106aa070u,
        0x19a4c116u, 0x1e376c08u, 0x2748774cu, 0x34b0bcb5u, 0x391c0cb3u, 0x4ed8aa4au, 0x5b9cca4fu, 0x682e6ff3u,
        0x748f82eeu, 0x78a5636fu, 0x84c87814u, 0x8cc70208u, 0x90befffau, 0xa4506cebu, 0xbef9a3f7u, 0xc67178f2u,
    };
    uint32_t w[64];
    for (int i = 0; i < 16; i++) {
        w[i] = sk_load_be32(block + 4 * i);
    }
    for (int i = 16; i < 64; i++) {
        uint32_t s0 = sk_ror(w[i - 15], 7) ^ sk_ror(w[i - 15], 18) ^ (w[i - 15] >> 3);
        uint32_t s1 = sk_ror(w[i - 2], 17) ^ sk_ror(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
    for (int i = 0; i < 64; i++) {
        uint32_t t1 = hh + (sk_ror(e, 6) ^ sk_ror(e, 11) ^ sk_ror(e, 25)) + ((e & f) ^ (~e & g)) + k[i] + w[i];
        uint32_t t2 = (sk_ror(a, 2) ^ sk_ror(a, 13) ^ sk_ror(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
        hh = g; g = f; f = e; e = d + t1; d = c; c = b; b = a; a = t1 + t2;
    }
    h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
}

SK_FN void sk_sha256_init(sk_sha256 *s)
{
    const uint32_t iv[8] = { 0x6a09e667u, 0xbb67ae85u, 0x3c6ef372u, 0xa54ff53au, 0x510e527fu, 0x9b05688cu, 0x1f83d9abu, 0x5be0cd19u };
    for (int i = 0; i < 8; i++) {
        s->h[i] = iv[i];
    }
    s->used = 0;
    s->total = 0;
}

SK_FN void sk_sha256_update(sk_sha256 *s, const uint8_t *data, uint64_t len)
{
    for (uint64_t i = 0; i < len; i++) {
        s->block[s->used++] = data[i];
        if (s->used == 64) {
            sk_sha256_compress(s->h, s->block);
            s->used = 0;
        }
    }
    s->total += len;
}

SK_FN void sk_sha256_final(sk_sha256 *s, uint8_t digest[32])
{
    uint64_t bits = s->total * 8;
    uint8_t pad = 0x80;
    sk_sha256_update(s, &pad, 1);
    uint8_t zero = 0;
    while (s->used != 56) {
        sk_sha256_update(s, &zero, 1);
    }
    uint8_t length[8];
    for (int i = 0; i < 8; i++) {
        length[i] = (uint8_t)(bits >> (56 - 8 * i));
    }
    sk_sha256_update(s, length, 8);
    for (int i = 0; i < 8; i++) {
        sk_store_be32(digest + 4 * i, s->h[i]);
    }
}

// HMAC-SHA256 with a key of at most 64 bytes.
SK_FN void sk_hmac_sha256(const uint8_t *key, uint32_t key_len, const uint8_t *m1, uint32_t m1_len,
                          const uint8_t *m2, uint32_t m2_len, uint8_t mac[32])
{
    uint8_t pad[64];
    sk_sha256 s;
    for (int i = 0; i < 64; i++) {
        pad[i] = (uint8_t)(((uint32_t)i < key_len ? key[i] : 0) ^ 0x36);
    }
    sk_sha256_init(&s);
    sk_sha256_update(&s, pad, 64);
    sk_sha256_update(&s, m1, m1_len);
    sk_sha256_update(&s, m2, m2_len);
    uint8_t inner[32];
    sk_sha256_final(&s, inner);
    for (int i = 0; i < 64; i++) {
        pad[i] ^= 0x36 ^ 0x5c;
    }
    sk_sha256_init(&s);
    sk_sha256_update(&s, pad, 64);
    sk_sha256_update(&s, inner, 32);
    sk_sha256_final(&s, mac);
}

// HKDF-SHA256 with an empty salt (HashLen zero bytes) and L = 32: one expand block, T(1) = HMAC(PRK, info | 1).
SK_FN void sk_hkdf32(const uint8_t z[32], const char *info, uint8_t key[32])
{
    uint8_t salt[32] = { 0 };
    uint8_t prk[32];
    sk_hmac_sha256(salt, 32, z, 32, 0, 0, prk);
    uint8_t message[64];
    uint32_t n = 0;
    while (info[n] != 0) {
        message[n] = (uint8_t)info[n];
        n++;
    }
    message[n++] = 1;
    sk_hmac_sha256(prk, 32, message, n, 0, 0, key);
}

// ---------------------------------------------------------------------------------------------------------------
// P-256: 8 x 32-bit limbs, least significant first, Montgomery form (R = 2^256) for field elements. Every
// operation runs the same instructions whatever the values (masks instead of branches), and the scalar
// multiplication is a Montgomery ladder with conditional swaps, so the device scalar does not steer control flow.
// ---------------------------------------------------------------------------------------------------------------
typedef struct { uint32_t v[8]; } sk_fe;
typedef struct { sk_fe x, y, z; } sk_point;   // Jacobian; z = 0 is the point at infinity

SK_FN sk_fe sk_fe_const(uint32_t a7, uint32_t a6, uint32_t a5, uint32_t a4, uint32_t a3, uint32_t a2, uint32_t a1, uint32_t a0)
{
    sk_fe r = { { a0, a1, a2, a3, a4, a5, a6, a7 } };
    return r;
}

SK_FN sk_fe sk_p256_p(void)
{
    return sk_fe_const(0xffffffffu, 0x00000001u, 0, 0, 0, 0xffffffffu, 0xffffffffu, 0xffffffffu);
}

SK_FN sk_fe sk_p256_n(void)
{
    return sk_fe_const(0xffffffffu, 0x00000000u, 0xffffffffu, 0xffffffffu, 0xbce6faadu, 0xa7179e84u, 0xf3b9cac2u, 0xfc632551u);
}

// r = a - b; returns the borrow (0 or 1).
SK_FN uint32_t sk_sub_raw(const sk_fe *a, const sk_fe *b, sk_fe *r)
{
    uint64_t borrow = 0;
    for (int i = 0; i < 8; i++) {
        uint64_t d = (uint64_t)a->v[i] - b->v[i] - borrow;
        r->v[i] = (uint32_t)d;
        borrow = (d >> 32) & 1;
    }
    return (uint32_t)borrow;
}

SK_FN uint32_t sk_add_raw(const sk_fe *a, const sk_fe *b, sk_fe *r)
{
    uint64_t carry = 0;
    for (int i = 0; i < 8; i++) {
        uint64_t s = (uint64_t)a->v[i] + b->v[i] + carry;
        r->v[i] = (uint32_t)s;
        carry = s >> 32;
    }
    return (uint32_t)carry;
}

// mask all ones: r = a, else r = b.
SK_FN sk_fe sk_fe_select(uint32_t mask, const sk_fe *a, const sk_fe *b)
{
    sk_fe r;
    for (int i = 0; i < 8; i++) {
        r.v[i] = (a->v[i] & mask) | (b->v[i] & ~mask);
    }
    return r;
}

SK_FN uint32_t sk_fe_is_zero_mask(const sk_fe *a)
{
    uint32_t acc = 0;
    for (int i = 0; i < 8; i++) {
        acc |= a->v[i];
    }
    return (uint32_t)(((uint64_t)acc - 1) >> 32);   // all ones when acc == 0
}

SK_FN uint32_t sk_fe_equal_mask(const sk_fe *a, const sk_fe *b)
{
    sk_fe d;
    for (int i = 0; i < 8; i++) {
        d.v[i] = a->v[i] ^ b->v[i];
    }
    return sk_fe_is_zero_mask(&d);
}

SK_FN sk_fe sk_fe_add(sk_fe a, sk_fe b)
{
    sk_fe p = sk_p256_p(), s, t;
    uint32_t carry = sk_add_raw(&a, &b, &s);
    uint32_t borrow = sk_sub_raw(&s, &p, &t);
    // Keep s only when it is below p and did not overflow.
    uint32_t keep = 0u - (borrow & (carry ^ 1u));
    return sk_fe_select(keep, &s, &t);
}

SK_FN sk_fe sk_fe_sub(sk_fe a, sk_fe b)
{
    sk_fe p = sk_p256_p(), d, e;
    uint32_t borrow = sk_sub_raw(&a, &b, &d);
    sk_add_raw(&d, &p, &e);
    return sk_fe_select(0u - borrow, &e, &d);
}

// Montgomery multiplication (CIOS): a * b / 2^256 mod p. For p, -1/p mod 2^32 is 1.
SK_FN sk_fe sk_fe_mul(sk_fe a, sk_fe b)
{
    const sk_fe p = sk_p256_p();
    uint32_t t[10] = { 0 };
    for (int i = 0; i < 8; i++) {
        uint64_t c = 0;
        for (int j = 0; j < 8; j++) {
            uint64_t s = (uint64_t)t[j] + (uint64_t)a.v[j] * b.v[i] + c;
            t[j] = (uint32_t)s;
            c = s >> 32;
        }
        uint64_t s = (uint64_t)t[8] + c;
        t[8] = (uint32_t)s;
        t[9] = (uint32_t)(s >> 32);
        uint32_t m = t[0];
        c = ((uint64_t)t[0] + (uint64_t)m * p.v[0]) >> 32;
        for (int j = 1; j < 8; j++) {
            s = (uint64_t)t[j] + (uint64_t)m * p.v[j] + c;
            t[j - 1] = (uint32_t)s;
            c = s >> 32;
        }
        s = (uint64_t)t[8] + c;
        t[7] = (uint32_t)s;
        t[8] = t[9] + (uint32_t)(s >> 32);
    }
    sk_fe r, d;
    for (int i = 0; i < 8; i++) {
        r.v[i] = t[i];
    }
    uint32_t borrow = sk_sub_raw(&r, &p, &d);
    uint32_t keep = 0u - (borrow & (t[8] ^ 1u));
    return sk_fe_select(keep, &r, &d);
}

SK_FN sk_fe sk_fe_sqr(sk_fe a)
{
    return sk_fe_mul(a, a);
}

// 2^512 mod p (to enter Montgomery form), by 256 doublings of 2^256 mod p.
SK_FN sk_fe sk_fe_r2(void)
{
    sk_fe zero = { { 0 } }, p = sk_p256_p(), r;
    sk_sub_raw(&zero, &p, &r);   // 2^256 - p
    for (int i = 0; i < 256; i++) {
        r = sk_fe_add(r, r);
    }
    return r;
}

SK_FN sk_fe sk_fe_to_mont(sk_fe a, const sk_fe *r2)
{
    return sk_fe_mul(a, *r2);
}

SK_FN sk_fe sk_fe_from_mont(sk_fe a)
{
    sk_fe one = { { 1 } };
    return sk_fe_mul(a, one);
}

// a^(p-2): the exponent is public, so square-and-multiply on its bits is constant time.
SK_FN sk_fe sk_fe_inv(sk_fe a, const sk_fe *one_mont)
{
    sk_fe e = sk_p256_p();
    e.v[0] -= 2;
    sk_fe r = *one_mont;
    for (int i = 255; i >= 0; i--) {
        r = sk_fe_sqr(r);
        if ((e.v[i >> 5] >> (i & 31)) & 1) {
            r = sk_fe_mul(r, a);
        }
    }
    return r;
}

SK_FN sk_fe sk_fe_from_be(const uint8_t b[32])
{
    sk_fe r;
    for (int i = 0; i < 8; i++) {
        r.v[i] = sk_load_be32(b + 28 - 4 * i);
    }
    return r;
}

SK_FN void sk_fe_to_be(sk_fe a, uint8_t b[32])
{
    for (int i = 0; i < 8; i++) {
        sk_store_be32(b + 28 - 4 * i, a.v[i]);
    }
}

// dbl-2001-b (a = -3).
SK_FN sk_point sk_point_double(sk_point p)
{
    sk_fe delta = sk_fe_sqr(p.z);
    sk_fe gamma = sk_fe_sqr(p.y);
    sk_fe beta = sk_fe_mul(p.x, gamma);
    sk_fe alpha = sk_fe_mul(sk_fe_sub(p.x, delta), sk_fe_add(p.x, delta));
    alpha = sk_fe_add(alpha, sk_fe_add(alpha, alpha));
    sk_fe beta4 = sk_fe_add(beta, beta);
    beta4 = sk_fe_add(beta4, beta4);
    sk_point r;
    r.x = sk_fe_sub(sk_fe_sqr(alpha), sk_fe_add(beta4, beta4));
    r.z = sk_fe_sub(sk_fe_sub(sk_fe_sqr(sk_fe_add(p.y, p.z)), gamma), delta);
    sk_fe gamma2 = sk_fe_sqr(gamma);
    gamma2 = sk_fe_add(gamma2, gamma2);
    gamma2 = sk_fe_add(gamma2, gamma2);
    gamma2 = sk_fe_add(gamma2, gamma2);
    r.y = sk_fe_sub(sk_fe_mul(alpha, sk_fe_sub(beta4, r.x)), gamma2);
    return r;
}

// add-2007-bl, with either input at infinity selected through; p == q does not occur in the ladder (its two
// points always differ by the base point), and p == -q gives z = 0, the point at infinity, as it should.
SK_FN sk_point sk_point_add(sk_point p, sk_point q)
{
    sk_fe z1z1 = sk_fe_sqr(p.z), z2z2 = sk_fe_sqr(q.z);
    sk_fe u1 = sk_fe_mul(p.x, z2z2), u2 = sk_fe_mul(q.x, z1z1);
    sk_fe s1 = sk_fe_mul(sk_fe_mul(p.y, q.z), z2z2), s2 = sk_fe_mul(sk_fe_mul(q.y, p.z), z1z1);
    sk_fe h = sk_fe_sub(u2, u1);
    sk_fe i = sk_fe_add(h, h);
    i = sk_fe_sqr(i);
    sk_fe j = sk_fe_mul(h, i);
    sk_fe r = sk_fe_sub(s2, s1);
    r = sk_fe_add(r, r);
    sk_fe v = sk_fe_mul(u1, i);
    sk_point o;
    o.x = sk_fe_sub(sk_fe_sub(sk_fe_sqr(r), j), sk_fe_add(v, v));
    sk_fe s1j = sk_fe_mul(s1, j);
    o.y = sk_fe_sub(sk_fe_mul(r, sk_fe_sub(v, o.x)), sk_fe_add(s1j, s1j));
    o.z = sk_fe_mul(sk_fe_sub(sk_fe_sub(sk_fe_sqr(sk_fe_add(p.z, q.z)), z1z1), z2z2), h);
    uint32_t p_inf = sk_fe_is_zero_mask(&p.z), q_inf = sk_fe_is_zero_mask(&q.z);
    o.x = sk_fe_select(p_inf, &q.x, &o.x); o.y = sk_fe_select(p_inf, &q.y, &o.y); o.z = sk_fe_select(p_inf, &q.z, &o.z);
    o.x = sk_fe_select(q_inf, &p.x, &o.x); o.y = sk_fe_select(q_inf, &p.y, &o.y); o.z = sk_fe_select(q_inf, &p.z, &o.z);
    return o;
}

SK_FN void sk_point_cswap(uint32_t mask, sk_point *a, sk_point *b)
{
    for (int i = 0; i < 8; i++) {
        uint32_t t = mask & (a->x.v[i] ^ b->x.v[i]); a->x.v[i] ^= t; b->x.v[i] ^= t;
        t = mask & (a->y.v[i] ^ b->y.v[i]); a->y.v[i] ^= t; b->y.v[i] ^= t;
        t = mask & (a->z.v[i] ^ b->z.v[i]); a->z.v[i] ^= t; b->z.v[i] ^= t;
    }
}

// k * P for affine P in Montgomery form; returns affine (x, y) out of Montgomery form and all ones when the result is
// the point at infinity.
SK_FN uint32_t sk_scalar_mult(const sk_fe *k, const sk_fe *px, const sk_fe *py, const sk_fe *one_mont, sk_fe *x, sk_fe *y)
{
    sk_point r0 = { *one_mont, *one_mont, { { 0 } } };
    sk_point r1 = { *px, *py, *one_mont };
    for (int i = 255; i >= 0; i--) {
        uint32_t bit = 0u - ((k->v[i >> 5] >> (i & 31)) & 1u);
        sk_point_cswap(bit, &r0, &r1);
        r1 = sk_point_add(r0, r1);
        r0 = sk_point_double(r0);
        sk_point_cswap(bit, &r0, &r1);
    }
    uint32_t infinity = sk_fe_is_zero_mask(&r0.z);
    sk_fe zinv = sk_fe_inv(r0.z, one_mont);
    sk_fe zinv2 = sk_fe_sqr(zinv);
    *x = sk_fe_from_mont(sk_fe_mul(r0.x, zinv2));
    *y = sk_fe_from_mont(sk_fe_mul(r0.y, sk_fe_mul(zinv2, zinv)));
    return infinity;
}

// Mask all ones when (x, y), plain integers, is a point on P-256 (both below p and y^2 = x^3 - 3x + b).
SK_FN uint32_t sk_on_curve_mask(const sk_fe *x, const sk_fe *y, const sk_fe *r2)
{
    sk_fe p = sk_p256_p(), d;
    uint32_t below = (0u - sk_sub_raw(x, &p, &d)) & (0u - sk_sub_raw(y, &p, &d));
    sk_fe b = sk_fe_const(0x5ac635d8u, 0xaa3a93e7u, 0xb3ebbd55u, 0x769886bcu, 0x651d06b0u, 0xcc53b0f6u, 0x3bce3c3eu, 0x27d2604bu);
    sk_fe xm = sk_fe_to_mont(*x, r2), ym = sk_fe_to_mont(*y, r2), bm = sk_fe_to_mont(b, r2);
    sk_fe rhs = sk_fe_mul(sk_fe_sqr(xm), xm);
    sk_fe x3 = sk_fe_add(xm, sk_fe_add(xm, xm));
    rhs = sk_fe_add(sk_fe_sub(rhs, x3), bm);
    sk_fe lhs = sk_fe_sqr(ym);
    return below & sk_fe_equal_mask(&lhs, &rhs);
}

// A scalar in [1, n-1] from 32 uniformly random bytes: h mod (n-1), plus one (the bias is below 2^-128 ... 2^-32).
SK_FN sk_fe sk_scalar_from_hash(const uint8_t h[32])
{
    sk_fe s = sk_fe_from_be(h), n1 = sk_p256_n(), d;
    n1.v[0] -= 1;
    uint32_t borrow = sk_sub_raw(&s, &n1, &d);
    s = sk_fe_select(0u - borrow, &s, &d);
    sk_fe one = { { 1 } };
    sk_add_raw(&s, &one, &s);
    return s;
}

// The whole agreement for a device scalar: public key out, shared x-coordinate Z, both direction keys.
// Returns a status (zero on success).
SK_FN uint32_t sk_agree(const sk_fe *scalar, const uint8_t host_public[64], uint8_t device_public[64], uint8_t keys[64])
{
    const sk_fe r2 = sk_fe_r2();
    sk_fe one = { { 1 } };
    const sk_fe one_mont = sk_fe_to_mont(one, &r2);
    sk_fe gx = sk_fe_const(0x6b17d1f2u, 0xe12c4247u, 0xf8bce6e5u, 0x63a440f2u, 0x77037d81u, 0x2deb33a0u, 0xf4a13945u, 0xd898c296u);
    sk_fe gy = sk_fe_const(0x4fe342e2u, 0xfe1a7f9bu, 0x8ee7eb4au, 0x7c0f9e16u, 0x2bce3357u, 0x6b315eceu, 0xcbb64068u, 0x37bf51f5u);
    gx = sk_fe_to_mont(gx, &r2);
    gy = sk_fe_to_mont(gy, &r2);
    sk_fe x, y;
    sk_scalar_mult(scalar, &gx, &gy, &one_mont, &x, &y);
    sk_fe_to_be(x, device_public);
    sk_fe_to_be(y, device_public + 32);

    sk_fe hx = sk_fe_from_be(host_public), hy = sk_fe_from_be(host_public + 32);
    uint32_t valid = sk_on_curve_mask(&hx, &hy, &r2);
    hx = sk_fe_to_mont(hx, &r2);
    hy = sk_fe_to_mont(hy, &r2);
    uint32_t infinity = sk_scalar_mult(scalar, &hx, &hy, &one_mont, &x, &y);
    uint8_t z[32];
    sk_fe_to_be(x, z);
    sk_hkdf32(z, "cvmbench sealed h2d v1", keys);
    sk_hkdf32(z, "cvmbench sealed d2h v1", keys + 32);
    uint32_t status = (~valid & SK_STATUS_HOST_KEY) | (infinity & SK_STATUS_SHARED_POINT);
    if (status != 0) {
        for (int i = 0; i < 64; i++) {
            keys[i] = 0;
        }
    }
    return status;
}

// ---------------------------------------------------------------------------------------------------------------
// Kernels
// ---------------------------------------------------------------------------------------------------------------
#ifdef SK_GPU

__device__ static inline void sk_fill_te(uint32_t *te)
{
    for (uint32_t x = threadIdx.x; x < 256; x += blockDim.x) {
        uint32_t v = sk_te0_entry(x);
        // Copy (l + x) mod 32 first: at each step the warp's 32 stores land in 32 different banks.
        for (uint32_t l = 0; l < 32; l++) {
            te[(x << 5) | ((l + x) & 31)] = v;
        }
    }
}

__device__ static inline uint64_t sk_globaltimer(void)
{
    uint64_t t;
    asm volatile("mov.u64 %0, %%globaltimer;" : "=l"(t));
    return t;
}

// The device secret: every thread of the block takes readings of %globaltimer and clock64 around contended atomics
// (their jitter is the entropy), thread 0 hashes all of them with SHA-256 and reduces the digest into [1, n-1].
// fixed_scalar (tests only) replaces the secret with a given big-endian scalar.
extern "C" __global__ void __launch_bounds__(256) sealed_agree(const uint8_t *host_public, const uint8_t *fixed_scalar,
                                                              uint8_t *device_public, uint8_t *key_state, uint64_t *status)
{
    __shared__ uint32_t pool[256 * 8];
    __shared__ uint32_t contended;
    if (threadIdx.x == 0) {
        contended = 0;
    }
    __syncthreads();
    uint32_t mix = 0;
    for (int round = 0; round < 4; round++) {
        uint64_t c0 = clock64();
        uint64_t g0 = sk_globaltimer();
        for (int i = 0; i < 64 + (int)(mix & 63); i++) {
            mix = mix * 2654435761u + atomicAdd(&contended, 1u) + (uint32_t)clock64();
        }
        uint64_t c1 = clock64();
        pool[threadIdx.x * 8 + round * 2] = (uint32_t)(c1 - c0) ^ (uint32_t)g0 ^ mix;
        pool[threadIdx.x * 8 + round * 2 + 1] = (uint32_t)(g0 >> 32) ^ (uint32_t)c1;
    }
    __syncthreads();
    if (threadIdx.x != 0) {
        return;
    }
    sk_fe scalar;
    if (fixed_scalar != 0) {
        scalar = sk_fe_from_be(fixed_scalar);
    } else {
        sk_sha256 s;
        sk_sha256_init(&s);
        sk_sha256_update(&s, (const uint8_t *)pool, sizeof(pool));
        uint8_t digest[32];
        sk_sha256_final(&s, digest);
        scalar = sk_scalar_from_hash(digest);
    }
    uint32_t result = sk_agree(&scalar, host_public, device_public, key_state);
    if (result != 0) {
        atomicOr((unsigned long long *)status, (unsigned long long)result);
    }
}

// Expands the raw keys (h2d | d2h, 64 bytes at raw) into the key state: round keys and the tables of powers of H.
// One block per direction.
extern "C" __global__ void __launch_bounds__(256) sealed_expand_keys(const uint8_t *raw, uint8_t *key_state)
{
    __shared__ uint32_t te[256 * 32];
    __shared__ uint32_t rk[60];
    __shared__ sk_u128 powers[SK_THREADS + 1];
    const uint32_t direction = blockIdx.x;
    uint8_t *dir = key_state + SK_KEY_HEADER + direction * SK_DIR_BYTES;
    sk_fill_te(te);
    __syncthreads();
    if (threadIdx.x == 0) {
        uint8_t key[32];
        for (int i = 0; i < 32; i++) {
            key[i] = raw[direction * 32 + i];
        }
        sk_aes256_expand(te, 0, key, rk);
        for (int i = 0; i < 60; i++) {
            ((uint32_t *)(dir + SK_DIR_ROUND_KEYS))[i] = rk[i];
        }
        const uint32_t zero[4] = { 0, 0, 0, 0 };
        uint32_t h[4];
        sk_aes256_encrypt(te, 0, rk, zero, h);
        sk_u128 hv = { ((uint64_t)h[0] << 32) | h[1], ((uint64_t)h[2] << 32) | h[3] };
        sk_u128 table[16];
        sk_table_build(hv, table);
        powers[0] = hv;
        for (int i = 1; i <= SK_THREADS; i++) {
            powers[i] = sk_gmul(powers[i - 1], table);
        }
        for (int i = 0; i < 32; i++) {
            key_state[direction * 32 + i] = key[i];
        }
    }
    __syncthreads();
    sk_table_build(powers[threadIdx.x], (sk_u128 *)(dir + SK_DIR_HP + threadIdx.x * SK_TABLE_BYTES));
    if (threadIdx.x == 1) {
        sk_table8_build(powers[SK_THREADS - 1], (sk_u128 *)(dir + SK_DIR_HORNER));
    }
    if (threadIdx.x == 2) {
        sk_table_build(powers[SK_THREADS], (sk_u128 *)(dir + SK_DIR_HP + SK_THREADS * SK_TABLE_BYTES));
    }
    if (threadIdx.x == 0) {
        sk_u128 x = powers[SK_THREADS - 1];
        for (int m = 0; m < SK_POWER_TABLES; m++) {
            sk_table_build(x, (sk_u128 *)(dir + SK_DIR_HT2 + m * SK_TABLE_BYTES));
            x = sk_gmul_slow(x, x);
        }
    }
}

// Before the GCM kernel. Seal: writes each record's nonce and length and zeroes its tag (the accumulator).
// Open: checks each record's nonce and length, then zeroes them to serve as the accumulator.
extern "C" __global__ void sealed_prepare(uint8_t *records, uint64_t plain_bytes, uint32_t segment_bytes,
                                          uint64_t first_counter, uint32_t prefix, uint64_t *status, uint32_t open)
{
    sk_geometry g = sk_geometry_of(plain_bytes, segment_bytes);
    for (uint64_t i = (uint64_t)blockIdx.x * blockDim.x + threadIdx.x; i < g.segments; i += (uint64_t)gridDim.x * blockDim.x) {
        uint8_t expected[16];
        sk_record_header(prefix, first_counter + i, (uint32_t)sk_segment_length(&g, i), expected);
        uint8_t *record = records + 32 * i;
        if (open) {
            uint32_t diff = 0;
            for (int b = 0; b < 16; b++) {
                diff |= (uint32_t)(record[b] ^ expected[b]);
                record[b] = 0;
            }
            if (diff != 0) {
                atomicOr((unsigned long long *)status, (unsigned long long)SK_STATUS_RECORD);
            }
        } else {
            for (int b = 0; b < 16; b++) {
                record[b] = expected[b];
                record[16 + b] = 0;
            }
        }
    }
}

// The GCM pass: CTR from input to output and each segment's tag XOR-ed into its record's accumulator (the tag
// field when sealing, the nonce and length fields when opening).
#ifndef SK_GCM_MIN_BLOCKS
#define SK_GCM_MIN_BLOCKS 2   // resident blocks per SM the register budget is cut for (bench/sealed_kernels.py tries others)
#endif
extern "C" __global__ void __launch_bounds__(SK_THREADS, SK_GCM_MIN_BLOCKS) sealed_gcm(const uint8_t *dir, const uint8_t *input, uint8_t *output,
                                                                     uint8_t *records, uint64_t plain_bytes, uint32_t segment_bytes,
                                                                     uint64_t first_counter, uint32_t prefix, uint32_t open)
{
    __shared__ uint32_t te[256 * 32];
    __shared__ uint32_t rk[60];
    __shared__ sk_u128 horner[256];
    __shared__ uint16_t rem8[256];
    __shared__ uint32_t partial[SK_THREADS / 32][4];
    __shared__ sk_u128 mask;
    sk_fill_te(te);
    for (uint32_t i = threadIdx.x; i < 60; i += blockDim.x) {
        rk[i] = ((const uint32_t *)(dir + SK_DIR_ROUND_KEYS))[i];
    }
    for (uint32_t i = threadIdx.x; i < 256; i += blockDim.x) {
        horner[i] = ((const sk_u128 *)(dir + SK_DIR_HORNER))[i];
        rem8[i] = (uint16_t)sk_rem8(i);
    }
    __syncthreads();
    const sk_geometry g = sk_geometry_of(plain_bytes, segment_bytes);
    sk_gcm_keys k = { te, threadIdx.x & 31, rk, horner, rem8, dir };
    const uint32_t accumulator = open ? 0 : 16;
    for (uint64_t work = blockIdx.x; work < g.pieces_total; work += gridDim.x) {
        sk_u128 y = sk_gcm_thread(k, &g, work, threadIdx.x, input, output, (int)open, first_counter, prefix);
        uint64_t piece, pieces;
        const uint64_t segment = sk_piece_of(&g, work, &piece, &pieces);
        if (threadIdx.x == SK_THREADS - 1 && piece == pieces - 1) {
            mask = sk_gcm_mask(k, &g, segment, first_counter, prefix);
        }
        uint32_t w[4] = { (uint32_t)(y.hi >> 32), (uint32_t)y.hi, (uint32_t)(y.lo >> 32), (uint32_t)y.lo };
        for (int i = 0; i < 4; i++) {
            for (int d = 16; d > 0; d >>= 1) {
                w[i] ^= __shfl_xor_sync(0xffffffffu, w[i], d);
            }
        }
        if ((threadIdx.x & 31) == 0) {
            for (int i = 0; i < 4; i++) {
                partial[threadIdx.x >> 5][i] = w[i];
            }
        }
        __syncthreads();
        if (threadIdx.x == 0) {
            for (int warp = 1; warp < SK_THREADS / 32; warp++) {
                for (int i = 0; i < 4; i++) {
                    w[i] ^= partial[warp][i];
                }
            }
            sk_u128 sum = { ((uint64_t)w[0] << 32) | w[1], ((uint64_t)w[2] << 32) | w[3] };
            sk_u128 term = sk_gcm_piece(k, &g, piece, pieces, sum);
            if (piece == pieces - 1) {
                term = sk_xor(term, mask);
            }
            uint32_t *acc = (uint32_t *)(records + 32 * segment + accumulator);
            atomicXor(acc + 0, sk_bswap((uint32_t)(term.hi >> 32)));
            atomicXor(acc + 1, sk_bswap((uint32_t)term.hi));
            atomicXor(acc + 2, sk_bswap((uint32_t)(term.lo >> 32)));
            atomicXor(acc + 3, sk_bswap((uint32_t)term.lo));
        }
        __syncthreads();
    }
}

// After opening: compares each computed tag with the record's and puts the record's nonce and length back.
extern "C" __global__ void sealed_verify(uint8_t *records, uint64_t plain_bytes, uint32_t segment_bytes,
                                         uint64_t first_counter, uint32_t prefix, uint64_t *status)
{
    sk_geometry g = sk_geometry_of(plain_bytes, segment_bytes);
    for (uint64_t i = (uint64_t)blockIdx.x * blockDim.x + threadIdx.x; i < g.segments; i += (uint64_t)gridDim.x * blockDim.x) {
        uint8_t *record = records + 32 * i;
        uint32_t diff = 0;
        for (int b = 0; b < 16; b++) {
            diff |= (uint32_t)(record[b] ^ record[16 + b]);
        }
        sk_record_header(prefix, first_counter + i, (uint32_t)sk_segment_length(&g, i), record);
        if (diff != 0) {
            atomicOr((unsigned long long *)status, (unsigned long long)SK_STATUS_TAG);
        }
    }
}

#endif
