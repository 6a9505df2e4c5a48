/*
 * crypto-c.c -- the baselines for Merit's crypto benchmark, measured in the same run:
 *
 *     crypto-c sign N       N recoverable signatures with libsecp256k1 (RFC 6979 nonce), ops/s
 *     crypto-c recover N    N public-key recoveries with libsecp256k1, ops/s
 *     crypto-c keccak MB    Keccak-256 over MB megabytes in 1 MiB one-shot calls, MB/s
 *                           (fingerprint.c's plain C Keccak, gcc -O2)
 *
 * Each prints one JSON line. Digests vary per iteration (i in the first bytes) so no call is cached.
 */
#define FINGERPRINT_NO_MAIN
#include "../fingerprint-c/fingerprint.c"

#include <secp256k1.h>
#include <secp256k1_recovery.h>
#include <time.h>

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    if (argc != 3) { fprintf(stderr, "usage: crypto-c sign|recover|keccak N\n"); return 64; }
    long n = atol(argv[2]);
    secp256k1_context *ctx = secp256k1_context_create(SECP256K1_CONTEXT_NONE);
    unsigned char key[32], digest[32];
    memset(key, 0x11, 32);
    memset(digest, 0x42, 32);
    secp256k1_ecdsa_recoverable_signature sig;
    if (strcmp(argv[1], "sign") == 0) {
        double t0 = now();
        unsigned sink = 0;
        for (long i = 0; i < n; i++) {
            memcpy(digest, &i, sizeof i);
            secp256k1_ecdsa_sign_recoverable(ctx, &sig, digest, key, NULL, NULL);
            unsigned char compact[64]; int recid;
            secp256k1_ecdsa_recoverable_signature_serialize_compact(ctx, compact, &recid, &sig);
            sink += compact[0];
        }
        double dt = now() - t0;
        printf("{\"op\":\"sign\",\"n\":%ld,\"seconds\":%.4f,\"per_second\":%.0f,\"sink\":%u}\n", n, dt, n / dt, sink);
    } else if (strcmp(argv[1], "recover") == 0) {
        secp256k1_ecdsa_sign_recoverable(ctx, &sig, digest, key, NULL, NULL);
        double t0 = now();
        unsigned sink = 0;
        for (long i = 0; i < n; i++) {
            secp256k1_pubkey pk;
            if (!secp256k1_ecdsa_recover(ctx, &pk, &sig, digest)) return 1;
            unsigned char out[65]; size_t len = 65;
            secp256k1_ec_pubkey_serialize(ctx, out, &len, &pk, SECP256K1_EC_UNCOMPRESSED);
            uint8_t h[32];
            keccak256(out + 1, 64, h);  /* an address needs keccak of X||Y too */
            sink += h[12];
        }
        double dt = now() - t0;
        printf("{\"op\":\"recover\",\"n\":%ld,\"seconds\":%.4f,\"per_second\":%.0f,\"sink\":%u}\n", n, dt, n / dt, sink);
    } else if (strcmp(argv[1], "keccak") == 0) {
        size_t chunk = 1 << 20;
        uint8_t *buf = malloc(chunk);
        for (size_t i = 0; i < chunk; i++) buf[i] = (uint8_t)(i % 251);
        uint8_t h[32];
        double t0 = now();
        for (long i = 0; i < n; i++) { buf[0] = (uint8_t)i; keccak256(buf, chunk, h); }
        double dt = now() - t0;
        printf("{\"op\":\"keccak\",\"mb\":%.1f,\"seconds\":%.4f,\"mb_per_second\":%.1f,\"sink\":%u}\n", n * chunk / 1e6, dt, n * chunk / 1e6 / dt, h[0]);
        free(buf);
    } else {
        fprintf(stderr, "unknown op %s\n", argv[1]);
        return 64;
    }
    secp256k1_context_destroy(ctx);
    return 0;
}
