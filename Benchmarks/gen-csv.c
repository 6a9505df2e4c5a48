/*
 * gen-csv.c -- deterministic benchmark CSV generator.
 *
 *     gen-csv BYTES OUT.csv
 *
 * Writes the header `id,age,income,region,employment,score,flag,note` and then ~100-byte rows
 * until at least BYTES bytes are written (the last row is always complete), e.g.
 *
 *     123,34,52341.17,north,salaried,0.7312,true,lorem ipsum dolor sit amet
 *
 * The content is mixed on purpose so a benchmark exercises more than the happy path: a few
 * per cent of age/income/score fields are empty (missing), and some notes are quoted because they
 * contain a comma and sometimes an escaped "" quote. Everything is ASCII with LF line endings.
 *
 * Output depends only on BYTES (fixed seed, xorshift64*, no locale or libc formatting), so the
 * same command produces the same file, and the same fingerprint, on every machine.
 */
#define _POSIX_C_SOURCE 200809L

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FLUSH_AT (4u << 20)
#define MAX_ROW 512 /* a row is < 200 bytes; the margin lets us format without bounds checks */

static uint64_t rng_state = 0x9E3779B97F4A7C15ULL;

/* xorshift64*: tiny, fast, and good enough for synthetic data. */
static inline uint64_t rng(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545F4914F6CDD1DULL;
}

static inline uint32_t below(uint32_t n) { return (uint32_t)((rng() >> 32) % n); }

/* printf would dominate the run time; these write straight into the output buffer. */
static inline char *put_uint(char *p, uint64_t v)
{
    char tmp[20];
    int n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n) *p++ = tmp[--n];
    return p;
}

/* v in [0, 10^width): exactly `width` digits with leading zeros (decimal fractions). */
static inline char *put_fixed(char *p, uint32_t v, int width)
{
    for (int i = width - 1; i >= 0; i--) {
        p[i] = (char)('0' + v % 10);
        v /= 10;
    }
    return p + width;
}

static inline char *put_str(char *p, const char *s)
{
    size_t n = strlen(s);
    memcpy(p, s, n);
    return p + n;
}

static const char *const regions[] = {"north", "south", "east", "west", "central"};
static const char *const employment[] = {"salaried", "self-employed", "unemployed",
                                         "retired", "student", "contract"};
static const char *const words[] = {
    "lorem", "ipsum", "dolor", "sit", "amet", "consectetur", "adipiscing", "elit", "sed", "do",
    "eiusmod", "tempor", "incididunt", "ut", "labore", "et", "dolore", "magna", "aliqua", "enim",
    "ad", "minim", "veniam", "quis", "nostrud", "exercitation", "ullamco", "laboris", "nisi",
    "aliquip", "ex", "ea", "commodo", "consequat",
};
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static char *put_row(char *p, uint64_t id)
{
    p = put_uint(p, id);
    *p++ = ',';
    if (below(100) >= 2) p = put_uint(p, 18 + below(73)); /* 2% missing */
    *p++ = ',';
    if (below(100) >= 3) { /* 3% missing */
        p = put_uint(p, 10000 + below(190000));
        *p++ = '.';
        p = put_fixed(p, below(100), 2);
    }
    *p++ = ',';
    p = put_str(p, regions[below(COUNT(regions))]);
    *p++ = ',';
    p = put_str(p, employment[below(COUNT(employment))]);
    *p++ = ',';
    if (below(100) >= 1) { /* 1% missing */
        p = put_str(p, "0.");
        p = put_fixed(p, below(10000), 4);
    }
    *p++ = ',';
    p = put_str(p, below(2) ? "true" : "false");
    *p++ = ',';

    /* Note: 5-12 words, which puts the average row at about 100 bytes. */
    uint32_t nwords = 5 + below(8);
    uint32_t kind = below(100); /* <5: quoted with a comma; <7: also an escaped quote */
    if (kind < 5) *p++ = '"';
    for (uint32_t i = 0; i < nwords; i++) {
        if (i) *p++ = ' ';
        if (kind < 2 && i == 1) p = put_str(p, "\"\""); /* CSV-escaped quote: the value has a " */
        p = put_str(p, words[below(COUNT(words))]);
        if (kind < 5 && i == 0) *p++ = ',';
    }
    if (kind < 5) *p++ = '"';
    *p++ = '\n';
    return p;
}

static void write_all(int fd, const char *buf, size_t n)
{
    while (n) {
        ssize_t w = write(fd, buf, n);
        if (w < 0) {
            perror("gen-csv: write");
            exit(1);
        }
        buf += w;
        n -= (size_t)w;
    }
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: gen-csv BYTES OUT.csv\n");
        return 2;
    }
    char *endp;
    unsigned long long target = strtoull(argv[1], &endp, 10);
    if (*endp || endp == argv[1]) {
        fprintf(stderr, "gen-csv: BYTES must be a decimal number\n");
        return 2;
    }
    int fd = open(argv[2], O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) {
        perror(argv[2]);
        return 1;
    }

    char *buf = malloc(FLUSH_AT + MAX_ROW);
    if (!buf) return 1;
    char *p = put_str(buf, "id,age,income,region,employment,score,flag,note\n");
    unsigned long long written = 0;
    uint64_t rows = 0;
    while (written + (unsigned long long)(p - buf) < target) {
        p = put_row(p, ++rows);
        if ((size_t)(p - buf) >= FLUSH_AT) {
            write_all(fd, buf, (size_t)(p - buf));
            written += (unsigned long long)(p - buf);
            p = buf;
        }
    }
    write_all(fd, buf, (size_t)(p - buf));
    written += (unsigned long long)(p - buf);
    if (close(fd) != 0) {
        perror("gen-csv: close");
        return 1;
    }
    fprintf(stderr, "gen-csv: %llu bytes, %llu records -> %s\n", written, (unsigned long long)rows,
            argv[2]);
    free(buf);
    return 0;
}
