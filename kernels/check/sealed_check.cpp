// Checks the device functions of sealed_kernels.cu on the CPU (g++, no GPU): the NIST AES-256-GCM and P-256 ECDH
// vectors, and sealing many segments through the kernels' piece split against one-segment-at-a-time GCM.
// Build and run: kernels/build.sh check
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "../sealed_kernels.cu"

typedef std::vector<uint8_t> bytes;
typedef std::map<std::string, std::string> record;

static int failures = 0;

static void expect(bool ok, const std::string &what)
{
    std::printf("%s %s\n", ok ? "ok  " : "FAIL", what.c_str());
    failures += ok ? 0 : 1;
}

static bytes hex(const std::string &s)
{
    bytes b;
    for (size_t i = 0; i + 1 < s.size(); i += 2) {
        b.push_back((uint8_t)std::strtoul(s.substr(i, 2).c_str(), nullptr, 16));
    }
    return b;
}

static std::vector<record> parse(const std::string &path)
{
    std::ifstream in(path);
    std::vector<record> cases;
    std::string line;
    while (std::getline(in, line)) {
        size_t eq = line.find(" =");
        if (line.empty() || line[0] == '#' || line[0] == '[' || eq == std::string::npos) {
            continue;
        }
        std::string key = line.substr(0, eq);
        std::string value = eq + 3 <= line.size() ? line.substr(eq + 3) : "";
        if (key == "Count" || key == "COUNT") {
            cases.push_back(record());
        }
        cases.back()[key] = value;
    }
    return cases;
}

// The key state of one direction, as sealed_expand_keys writes it.
struct direction_state {
    std::vector<uint32_t> te = std::vector<uint32_t>(256 * 32);
    uint32_t rk[60];
    bytes dir = bytes(SK_DIR_BYTES);

    explicit direction_state(const uint8_t key[32])
    {
        for (uint32_t x = 0; x < 256; x++) {
            for (uint32_t l = 0; l < 32; l++) {
                te[(x << 5) | l] = sk_te0_entry(x);
            }
        }
        sk_aes256_expand(te.data(), 0, key, rk);
        std::memcpy(dir.data() + SK_DIR_ROUND_KEYS, rk, sizeof(rk));
        const uint32_t zero[4] = { 0, 0, 0, 0 };
        uint32_t h[4];
        sk_aes256_encrypt(te.data(), 0, rk, zero, h);
        sk_u128 hv = { ((uint64_t)h[0] << 32) | h[1], ((uint64_t)h[2] << 32) | h[3] };
        sk_u128 x = hv;
        for (int i = 0; i <= SK_THREADS; i++) {
            sk_table_build(x, (sk_u128 *)(dir.data() + SK_DIR_HP + i * SK_TABLE_BYTES));
            x = sk_gmul_slow(x, hv);
        }
        x = sk_hp(dir.data(), SK_THREADS)[8];
        sk_table8_build(x, (sk_u128 *)(dir.data() + SK_DIR_HORNER));
        for (int m = 0; m < SK_POWER_TABLES; m++) {
            sk_table_build(x, (sk_u128 *)(dir.data() + SK_DIR_HT2 + m * SK_TABLE_BYTES));
            x = sk_gmul_slow(x, x);
        }
    }
};

// sealed_prepare + sealed_gcm (+ sealed_verify when opening), one thread at a time.
static uint64_t run_gcm(const direction_state &k, const uint8_t *input, uint8_t *output, uint8_t *records, uint64_t plain_bytes,
                        uint32_t segment_bytes, uint64_t first_counter, uint32_t prefix, int open)
{
    sk_geometry g = sk_geometry_of(plain_bytes, segment_bytes);
    uint64_t status = 0;
    for (uint64_t i = 0; i < g.segments; i++) {
        uint8_t expected[16];
        sk_record_header(prefix, first_counter + i, (uint32_t)sk_segment_length(&g, i), expected);
        if (open) {
            status |= std::memcmp(records + 32 * i, expected, 16) != 0 ? SK_STATUS_RECORD : 0;
            std::memset(records + 32 * i, 0, 16);
        } else {
            std::memcpy(records + 32 * i, expected, 16);
            std::memset(records + 32 * i + 16, 0, 16);
        }
    }
    uint16_t rem8[256];
    for (uint32_t i = 0; i < 256; i++) {
        rem8[i] = (uint16_t)sk_rem8(i);
    }
    sk_gcm_keys keys = { k.te.data(), 0, k.rk, (const sk_u128 *)(k.dir.data() + SK_DIR_HORNER), rem8, k.dir.data() };
    for (uint64_t work = 0; work < g.pieces_total; work++) {
        sk_u128 sum = { 0, 0 };
        for (uint32_t t = 0; t < SK_THREADS; t++) {
            sum = sk_xor(sum, sk_gcm_thread(keys, &g, work, t, input, output, open, first_counter, prefix));
        }
        uint64_t piece, pieces;
        uint64_t segment = sk_piece_of(&g, work, &piece, &pieces);
        sk_u128 term = sk_gcm_piece(keys, &g, piece, pieces, sum);
        if (piece == pieces - 1) {
            term = sk_xor(term, sk_gcm_mask(keys, &g, segment, first_counter, prefix));
        }
        uint8_t *acc = records + 32 * segment + (open ? 0 : 16);
        for (int b = 0; b < 8; b++) {
            acc[b] ^= (uint8_t)(term.hi >> (56 - 8 * b));
            acc[8 + b] ^= (uint8_t)(term.lo >> (56 - 8 * b));
        }
    }
    if (open) {
        for (uint64_t i = 0; i < g.segments; i++) {
            status |= std::memcmp(records + 32 * i, records + 32 * i + 16, 16) != 0 ? SK_STATUS_TAG : 0;
            sk_record_header(prefix, first_counter + i, (uint32_t)sk_segment_length(&g, i), records + 32 * i);
        }
    }
    return status;
}

// Plain GCM of one segment, GHASH block after block (the textbook order), as the reference.
static void reference_gcm(const direction_state &k, const uint8_t *plain, uint64_t length, const uint32_t nonce[3], uint8_t *cipher, uint8_t tag[16])
{
    sk_u128 h;
    const sk_u128 *ht = sk_hp(k.dir.data(), 1);
    h = ht[8];
    sk_u128 x = { 0, 0 };
    for (uint64_t i = 0; 16 * i < length; i++) {
        uint32_t ctr[4] = { nonce[0], nonce[1], nonce[2], (uint32_t)(i + 2) }, ks[4];
        sk_aes256_encrypt(k.te.data(), 0, k.rk, ctr, ks);
        uint8_t block[16] = { 0 };
        for (uint64_t b = 0; b < 16 && 16 * i + b < length; b++) {
            cipher[16 * i + b] = plain[16 * i + b] ^ (uint8_t)(ks[b / 4] >> (24 - 8 * (b % 4)));
            block[b] = cipher[16 * i + b];
        }
        sk_u128 c = { 0, 0 };
        for (int b = 0; b < 8; b++) {
            c.hi = (c.hi << 8) | block[b];
            c.lo = (c.lo << 8) | block[8 + b];
        }
        x = sk_gmul_slow(sk_xor(x, c), h);
    }
    sk_u128 lengths = { 0, length * 8 };
    x = sk_gmul_slow(sk_xor(x, lengths), h);
    uint32_t j0[4] = { nonce[0], nonce[1], nonce[2], 1 }, e[4];
    sk_aes256_encrypt(k.te.data(), 0, k.rk, j0, e);
    for (int b = 0; b < 16; b++) {
        uint8_t xb = (uint8_t)((b < 8 ? x.hi >> (56 - 8 * b) : x.lo >> (56 - 8 * (b - 8))));
        tag[b] = xb ^ (uint8_t)(e[b / 4] >> (24 - 8 * (b % 4)));
    }
}

static void check_gcm_vectors(const std::string &path)
{
    for (const record &c : parse(path)) {
        bytes key = hex(c.at("Key")), iv = hex(c.at("IV")), pt = hex(c.at("PT")), ct = hex(c.at("CT")), tag = hex(c.at("Tag"));
        direction_state k(key.data());
        uint32_t prefix = sk_load_be32(iv.data());
        uint64_t counter = ((uint64_t)sk_load_be32(iv.data() + 4) << 32) | sk_load_be32(iv.data() + 8);
        bytes chunk(sk_records_offset(pt.size()) + 32);
        run_gcm(k, pt.data(), chunk.data(), chunk.data() + sk_records_offset(pt.size()), pt.size(), 4096, counter, prefix, 0);
        bool same = std::memcmp(chunk.data(), ct.data(), ct.size()) == 0 &&
                    std::memcmp(chunk.data() + sk_records_offset(pt.size()) + 16, tag.data(), 16) == 0;
        expect(same, "seal NIST vector " + c.at("Key").substr(0, 8) + " (" + std::to_string(pt.size()) + " bytes)");
        bytes back(pt.size());
        uint64_t status = run_gcm(k, chunk.data(), back.data(), chunk.data() + sk_records_offset(pt.size()), pt.size(), 4096, counter, prefix, 1);
        expect(status == 0 && back == pt, "open NIST vector " + c.at("Key").substr(0, 8));
    }
}

static void check_segments(uint64_t plain_bytes, uint32_t segment_bytes)
{
    std::mt19937_64 random(plain_bytes * 31 + segment_bytes);
    bytes key(32), plain(plain_bytes);
    for (auto &b : key) b = (uint8_t)random();
    for (auto &b : plain) b = (uint8_t)random();
    direction_state k(key.data());
    const uint64_t first = 0x0123456789abcdefull;
    uint64_t records_at = sk_records_offset(plain_bytes);
    bytes chunk(records_at + 32 * sk_div_up(plain_bytes, segment_bytes));
    run_gcm(k, plain.data(), chunk.data(), chunk.data() + records_at, plain_bytes, segment_bytes, first, 0, 0);
    bool same = true;
    sk_geometry g = sk_geometry_of(plain_bytes, segment_bytes);
    for (uint64_t s = 0; s < g.segments; s++) {
        uint64_t length = sk_segment_length(&g, s);
        uint32_t nonce[3];
        sk_nonce(0, first + s, nonce);
        bytes cipher(length);
        uint8_t tag[16], header[16];
        reference_gcm(k, plain.data() + s * segment_bytes, length, nonce, cipher.data(), tag);
        sk_record_header(0, first + s, (uint32_t)length, header);
        same = same && std::memcmp(chunk.data() + s * segment_bytes, cipher.data(), length) == 0 &&
               std::memcmp(chunk.data() + records_at + 32 * s, header, 16) == 0 &&
               std::memcmp(chunk.data() + records_at + 32 * s + 16, tag, 16) == 0;
    }
    std::string name = std::to_string(plain_bytes) + " bytes in segments of " + std::to_string(segment_bytes);
    expect(same, "seal " + name + " equals GCM segment by segment");
    bytes sealed = chunk, back(plain_bytes);
    uint64_t status = run_gcm(k, chunk.data(), back.data(), chunk.data() + records_at, plain_bytes, segment_bytes, first, 0, 1);
    expect(status == 0 && back == plain && chunk == sealed, "open " + name + " restores the plaintext and the records");
    chunk[plain_bytes / 2] ^= 4;
    status = run_gcm(k, chunk.data(), back.data(), chunk.data() + records_at, plain_bytes, segment_bytes, first, 0, 1);
    expect(status == SK_STATUS_TAG, "open " + name + " with a flipped ciphertext bit fails the tag");
    status = run_gcm(k, sealed.data(), back.data(), sealed.data() + records_at, plain_bytes, segment_bytes, first + 1, 0, 1);
    expect((status & SK_STATUS_RECORD) != 0, "open " + name + " with another first counter fails the nonce check");
}

static void check_ecdh(const std::string &path)
{
    for (const record &c : parse(path)) {
        bytes host = hex(c.at("QCAVSx") + c.at("QCAVSy")), d = hex(c.at("dIUT"));
        bytes q = hex(c.at("QIUTx") + c.at("QIUTy")), z = hex(c.at("ZIUT"));
        sk_fe scalar = sk_fe_from_be(d.data());
        uint8_t device_public[64], keys[64], expected[64];
        uint32_t status = sk_agree(&scalar, host.data(), device_public, keys);
        sk_hkdf32(z.data(), "cvmbench sealed h2d v1", expected);
        sk_hkdf32(z.data(), "cvmbench sealed d2h v1", expected + 32);
        expect(status == 0 && std::memcmp(device_public, q.data(), 64) == 0, "P-256 public key of CDH vector " + c.at("COUNT"));
        expect(std::memcmp(keys, expected, 64) == 0, "P-256 shared keys of CDH vector " + c.at("COUNT"));
        host[63] ^= 1;
        status = sk_agree(&scalar, host.data(), device_public, keys);
        expect(status == SK_STATUS_HOST_KEY, "a host key off the curve is refused (vector " + c.at("COUNT") + ")");
    }
    // For comparison with an independent HKDF (the build script prints Python's beside it).
    bytes z = hex(parse(path)[0].at("ZIUT"));
    uint8_t key[32];
    sk_hkdf32(z.data(), "cvmbench sealed h2d v1", key);
    std::printf("hkdf h2d of vector 0: ");
    for (uint8_t b : key) std::printf("%02x", b);
    std::printf("\n");
}

int main(int argc, char **argv)
{
    std::string fixtures = argc > 1 ? argv[1] : "tests/CvmBench.Cuda.Tests/Fixtures/Sealed";
    uint8_t digest[32];
    sk_sha256 s;
    sk_sha256_init(&s);
    sk_sha256_update(&s, (const uint8_t *)"abc", 3);
    sk_sha256_final(&s, digest);
    expect(hex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad") == bytes(digest, digest + 32), "SHA-256 of abc");
    check_gcm_vectors(fixtures + "/gcm-aes256.rsp");
    check_segments(4096 * 3 + 100, 4096);
    check_segments(65536 * 2 + 1, 65536);
    check_segments((2u << 20) + 4096 + 5, 2u << 20);
    check_segments(1000, 48);
    check_segments(70000, 10000);
    check_ecdh(fixtures + "/ecc-cdh-p256.rsp");
    std::printf("%d failed\n", failures);
    return failures == 0 ? 0 : 1;
}
