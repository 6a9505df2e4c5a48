/*
 * fingerprint.c -- independent, minimal C implementation of Merit's spec-less CSV fingerprint
 * (docs/fingerprint.md). It is the "algorithmic limit" baseline for the benchmarks and a second,
 * unrelated implementation that the Swift code is cross-checked against.
 *
 *     fingerprint FILE    ->    root 0x<64 hex>
 *                               records <n>
 *
 * Spec-less means every CSV column is typed `text`, so each field encodes as
 *     0x00                                  (empty field: missing)
 *     0x03 || uint32_be(len) || bytes       (anything else)
 * recordHash = keccak256(encoding), leaf = keccak256(keccak256(recordHash)),
 * node(a, b) = keccak256(min(a,b) || max(a,b)), RFC 6962 tree shape built with the streaming stack.
 *
 * Text normalisation: NFC is NOT implemented here; non-ASCII bytes pass through unchanged. That is
 * exact for ASCII (and for input already in NFC, like the benchmark data, which is pure ASCII).
 * CRLF inside a quoted field becomes LF, as the doc requires.
 *
 * CSV dialect (chosen to match Python's csv module with strict=True, which reference.py uses):
 *   - optional UTF-8 BOM at the very start; the first record is the header and is not hashed;
 *   - records end at LF, CRLF or a bare CR outside quotes; a line with no characters at all is
 *     skipped (it is not a record), wherever it appears;
 *   - a field starting with '"' is quoted: "" is a literal quote, separators and line breaks are
 *     data; after the closing quote only ',' or a line end may follow;
 *   - '"' inside an unquoted field is an ordinary character;
 *   - `""` (quoted empty) is an empty field, i.e. missing, like Python's csv which cannot tell them
 *     apart;
 *   - every record must have as many fields as the header (otherwise exit 1);
 *   - an unterminated quoted field at end of file is an error (exit 1).
 *
 * Build: gcc -O2 -o fingerprint fingerprint.c   (-DCHUNK_SIZE=7 stresses chunk boundaries;
 *        see ../Makefile)
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef CHUNK_SIZE
#define CHUNK_SIZE (4u << 20) /* big reads amortise syscalls; 4 MiB still fits comfortably in L3/RSS */
#endif

/* ------------------------------------------------------------------------------------------ */
/* Keccak-f[1600]                                                                               */
/* ------------------------------------------------------------------------------------------ */

static const uint64_t keccak_rc[24] = {
    0x0000000000000001ULL, 0x0000000000008082ULL, 0x800000000000808AULL, 0x8000000080008000ULL,
    0x000000000000808BULL, 0x0000000080000001ULL, 0x8000000080008081ULL, 0x8000000000008009ULL,
    0x000000000000008AULL, 0x0000000000000088ULL, 0x0000000080008009ULL, 0x000000008000000AULL,
    0x000000008000808BULL, 0x800000000000008BULL, 0x8000000000008089ULL, 0x8000000000008003ULL,
    0x8000000000008002ULL, 0x8000000000000080ULL, 0x000000000000800AULL, 0x800000008000000AULL,
    0x8000000080008081ULL, 0x8000000000008080ULL, 0x0000000080000001ULL, 0x8000000080008008ULL,
};

/* n is never 0 at a call site, so the right shift by 64 - n never hits the UB case. */
#define ROL(x, n) (((x) << (n)) | ((x) >> (64 - (n))))

/* Lane (x, y) lives at index x + 5y. rho+pi are written out lane by lane so that every index is a
 * compile-time constant: gcc then keeps the whole state in registers instead of going through
 * memory, which is most of the difference between a naive and a reasonable Keccak. */
static void keccak_f1600(uint64_t s[25])
{
    uint64_t a[25], b[25];
    memcpy(a, s, sizeof a);

    for (int round = 0; round < 24; round++) {
        /* theta */
        uint64_t c0 = a[0] ^ a[5] ^ a[10] ^ a[15] ^ a[20];
        uint64_t c1 = a[1] ^ a[6] ^ a[11] ^ a[16] ^ a[21];
        uint64_t c2 = a[2] ^ a[7] ^ a[12] ^ a[17] ^ a[22];
        uint64_t c3 = a[3] ^ a[8] ^ a[13] ^ a[18] ^ a[23];
        uint64_t c4 = a[4] ^ a[9] ^ a[14] ^ a[19] ^ a[24];
        uint64_t d0 = c4 ^ ROL(c1, 1);
        uint64_t d1 = c0 ^ ROL(c2, 1);
        uint64_t d2 = c1 ^ ROL(c3, 1);
        uint64_t d3 = c2 ^ ROL(c4, 1);
        uint64_t d4 = c3 ^ ROL(c0, 1);

        /* rho + pi: lane (x, y) rotated by r[x][y] moves to (y, 2x + 3y mod 5) */
        b[0]  = a[0] ^ d0;
        b[10] = ROL(a[1] ^ d1, 1);
        b[20] = ROL(a[2] ^ d2, 62);
        b[5]  = ROL(a[3] ^ d3, 28);
        b[15] = ROL(a[4] ^ d4, 27);
        b[16] = ROL(a[5] ^ d0, 36);
        b[1]  = ROL(a[6] ^ d1, 44);
        b[11] = ROL(a[7] ^ d2, 6);
        b[21] = ROL(a[8] ^ d3, 55);
        b[6]  = ROL(a[9] ^ d4, 20);
        b[7]  = ROL(a[10] ^ d0, 3);
        b[17] = ROL(a[11] ^ d1, 10);
        b[2]  = ROL(a[12] ^ d2, 43);
        b[12] = ROL(a[13] ^ d3, 25);
        b[22] = ROL(a[14] ^ d4, 39);
        b[23] = ROL(a[15] ^ d0, 41);
        b[8]  = ROL(a[16] ^ d1, 45);
        b[18] = ROL(a[17] ^ d2, 15);
        b[3]  = ROL(a[18] ^ d3, 21);
        b[13] = ROL(a[19] ^ d4, 8);
        b[14] = ROL(a[20] ^ d0, 18);
        b[24] = ROL(a[21] ^ d1, 2);
        b[9]  = ROL(a[22] ^ d2, 61);
        b[19] = ROL(a[23] ^ d3, 56);
        b[4]  = ROL(a[24] ^ d4, 14);

        /* chi, row by row */
#define CHI_ROW(y)                                                   \
        a[5*(y)+0] = b[5*(y)+0] ^ (~b[5*(y)+1] & b[5*(y)+2]);        \
        a[5*(y)+1] = b[5*(y)+1] ^ (~b[5*(y)+2] & b[5*(y)+3]);        \
        a[5*(y)+2] = b[5*(y)+2] ^ (~b[5*(y)+3] & b[5*(y)+4]);        \
        a[5*(y)+3] = b[5*(y)+3] ^ (~b[5*(y)+4] & b[5*(y)+0]);        \
        a[5*(y)+4] = b[5*(y)+4] ^ (~b[5*(y)+0] & b[5*(y)+1]);
        CHI_ROW(0) CHI_ROW(1) CHI_ROW(2) CHI_ROW(3) CHI_ROW(4)
#undef CHI_ROW

        /* iota */
        a[0] ^= keccak_rc[round];
    }
    memcpy(s, a, sizeof a);
}

/* ------------------------------------------------------------------------------------------ */
/* Keccak-256 (Ethereum: rate 136 bytes, pad10*1 with domain byte 0x01, not SHA3's 0x06)        */
/* ------------------------------------------------------------------------------------------ */

#define RATE 136
#define RATE_LANES (RATE / 8)

/* Lanes are little-endian; byte-wise assembly keeps this portable and gcc folds it to one load. */
static inline uint64_t load64_le(const uint8_t *p)
{
    return (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 | (uint64_t)p[3] << 24 |
           (uint64_t)p[4] << 32 | (uint64_t)p[5] << 40 | (uint64_t)p[6] << 48 | (uint64_t)p[7] << 56;
}

static inline void store64_le(uint8_t *p, uint64_t v)
{
    for (int i = 0; i < 8; i++) p[i] = (uint8_t)(v >> (8 * i));
}

static void keccak256(const uint8_t *in, size_t len, uint8_t out[32])
{
    uint64_t s[25] = {0};

    while (len >= RATE) {
        for (int i = 0; i < RATE_LANES; i++) s[i] ^= load64_le(in + 8 * i);
        keccak_f1600(s);
        in += RATE;
        len -= RATE;
    }

    /* The last, partial block (possibly empty) with padding. If len == RATE-1 both padding bits
     * land in the same byte, 0x81, which the two XORs produce naturally. */
    uint8_t block[RATE];
    memcpy(block, in, len);
    memset(block + len, 0, RATE - len);
    block[len] ^= 0x01;
    block[RATE - 1] ^= 0x80;
    for (int i = 0; i < RATE_LANES; i++) s[i] ^= load64_le(block + 8 * i);
    keccak_f1600(s);

    for (int i = 0; i < 4; i++) store64_le(out + 8 * i, s[i]);
}

/* keccak256 of exactly 32 or 64 bytes (leaves and nodes: 3 of every ~4-5 permutations per
 * record), straight into the lanes without the byte-level block assembly. */
static void keccak256_short(const uint8_t *in, int nlanes, uint8_t out[32])
{
    uint64_t s[25] = {0};
    for (int i = 0; i < nlanes; i++) s[i] = load64_le(in + 8 * i);
    s[nlanes] = 0x01;
    s[RATE_LANES - 1] = 0x8000000000000000ULL;
    keccak_f1600(s);
    for (int i = 0; i < 4; i++) store64_le(out + 8 * i, s[i]);
}

/* ------------------------------------------------------------------------------------------ */
/* Merkle tree: OpenZeppelin hashing, RFC 6962 shape, streaming stack (doc section 4)           */
/* ------------------------------------------------------------------------------------------ */

/* OpenZeppelin's hashPair: sort the pair as unsigned big-endian integers, which is exactly
 * memcmp's byte order, so proofs need no direction bits. */
static void merkle_node(const uint8_t a[32], const uint8_t b[32], uint8_t out[32])
{
    uint8_t pair[64];
    if (memcmp(a, b, 32) <= 0) {
        memcpy(pair, a, 32);
        memcpy(pair + 32, b, 32);
    } else {
        memcpy(pair, b, 32);
        memcpy(pair + 32, a, 32);
    }
    keccak256_short(pair, 8, out);
}

/* 64 levels cover 2^64 leaves; the stack holds at most one entry per height plus one. */
typedef struct {
    int height[65];
    uint8_t hash[65][32];
    int top;      /* number of entries */
    uint64_t n;   /* leaves pushed */
} merkle_t;

static void merkle_push_record(merkle_t *m, const uint8_t *enc, size_t len)
{
    uint8_t record_hash[32], inner[32], h[32];
    keccak256(enc, len, record_hash);
    /* Double hashing (OpenZeppelin's leaf convention) keeps a 64-byte node from passing as a leaf. */
    keccak256_short(record_hash, 4, inner);
    keccak256_short(inner, 4, h);

    int height = 0;
    /* Merge while the top subtree has the same height: this is binary carry propagation on n. */
    while (m->top > 0 && m->height[m->top - 1] == height) {
        m->top--;
        merkle_node(m->hash[m->top], h, h);
        height++;
    }
    m->height[m->top] = height;
    memcpy(m->hash[m->top], h, 32);
    m->top++;
    m->n++;
}

static void merkle_root(const merkle_t *m, uint8_t out[32])
{
    if (m->top == 0) {
        static const uint8_t nothing[1];
        keccak256(nothing, 0, out); /* MTH([]) = keccak256("") */
        return;
    }
    uint8_t acc[32];
    memcpy(acc, m->hash[m->top - 1], 32);
    for (int i = m->top - 2; i >= 0; i--) merkle_node(m->hash[i], acc, acc);
    memcpy(out, acc, 32);
}

/* ------------------------------------------------------------------------------------------ */
/* CSV parser: a byte-level state machine fed chunk by chunk, so records may span reads        */
/* ------------------------------------------------------------------------------------------ */

enum state {
    S_LINE_START,  /* nothing of the current line seen yet */
    S_FIELD_START, /* a field has begun (header reserved), no byte of it seen yet */
    S_UNQUOTED,    /* inside an unquoted field */
    S_QUOTED,      /* inside a quoted field */
    S_QUOTED_CR,   /* inside a quoted field, just after a CR (to turn CRLF into LF) */
    S_QUOTE,       /* a '"' inside a quoted field: either "" or the closing quote */
    S_AFTER_CR,    /* a record ended with CR; swallow one LF so CRLF is one line end */
};

typedef struct {
    enum state st;
    uint8_t *enc;          /* canonical encoding of the record being parsed */
    size_t len, cap;
    size_t field_start;    /* offset of the current field's 5-byte header in enc */
    uint64_t nfields;      /* fields in the current record */
    uint64_t header_fields;
    int have_header;
    uint64_t line;         /* 1-based physical line, for error messages */
    merkle_t tree;
} parser_t;

static void die(const char *msg, uint64_t line)
{
    fprintf(stderr, "fingerprint: %s (line %llu)\n", msg, (unsigned long long)line);
    exit(1);
}

static void reserve(parser_t *p, size_t extra)
{
    if (p->len + extra <= p->cap) return;
    size_t cap = p->cap ? p->cap : 4096;
    while (cap < p->len + extra) cap *= 2;
    p->enc = realloc(p->enc, cap);
    if (!p->enc) {
        fprintf(stderr, "fingerprint: out of memory\n");
        exit(1);
    }
    p->cap = cap;
}

/* The tag and length are only known at the end of the field, so reserve room for the text header
 * now and fix it up (or shrink it to the 1-byte missing tag) in end_field. */
static inline void begin_field(parser_t *p)
{
    reserve(p, 5);
    p->field_start = p->len;
    p->len += 5;
}

static inline void end_field(parser_t *p)
{
    size_t n = p->len - p->field_start - 5;
    uint8_t *h = p->enc + p->field_start;
    if (n == 0) {
        h[0] = 0x00;
        p->len = p->field_start + 1;
    } else {
        if (n > 0xFFFFFFFFu) die("field longer than 4 GiB", p->line);
        h[0] = 0x03;
        h[1] = (uint8_t)(n >> 24);
        h[2] = (uint8_t)(n >> 16);
        h[3] = (uint8_t)(n >> 8);
        h[4] = (uint8_t)n;
    }
    p->nfields++;
}

static inline void begin_record(parser_t *p)
{
    p->len = 0;
    p->nfields = 0;
    begin_field(p);
}

static void end_record(parser_t *p)
{
    end_field(p);
    if (!p->have_header) {
        p->have_header = 1;
        p->header_fields = p->nfields;
        return;
    }
    if (p->nfields != p->header_fields) die("record has a different number of fields than the header", p->line);
    merkle_push_record(&p->tree, p->enc, p->len);
}

static inline void append(parser_t *p, const uint8_t *src, size_t n)
{
    reserve(p, n);
    memcpy(p->enc + p->len, src, n);
    p->len += n;
}

static inline void append_byte(parser_t *p, uint8_t c)
{
    reserve(p, 1);
    p->enc[p->len++] = c;
}

/* Bytes that end a run of plain data: nearly every byte is plain, so the hot loops below just skip
 * ahead and copy whole runs with memcpy instead of dispatching on the state for each byte. */
static uint8_t stop_unquoted[256], stop_quoted[256];

static void init_tables(void)
{
    stop_unquoted[','] = stop_unquoted['\n'] = stop_unquoted['\r'] = 1;
    stop_quoted['"'] = stop_quoted['\r'] = stop_quoted['\n'] = 1; /* '\n' only to count lines */
}

static void parse_chunk(parser_t *p, const uint8_t *buf, size_t n)
{
    const uint8_t *s = buf, *end = buf + n;
    while (s < end) {
        uint8_t c = *s;
        switch (p->st) {
        case S_AFTER_CR:
            p->st = S_LINE_START;
            if (c == '\n') { s++; break; }
            /* fall through - the CR alone ended the line and c starts the next one */
        case S_LINE_START:
            if (c == '\n') { p->line++; s++; break; }           /* empty line: no record */
            if (c == '\r') { p->line++; p->st = S_AFTER_CR; s++; break; }
            begin_record(p);
            p->st = S_FIELD_START;
            break; /* reprocess c as the first byte of the first field */
        case S_FIELD_START:
            if (c == '"') { p->st = S_QUOTED; s++; break; }
            p->st = S_UNQUOTED;
            /* fall through - c is the first byte of an unquoted field */
        case S_UNQUOTED: {
            const uint8_t *run = s;
            while (s < end && !stop_unquoted[*s]) s++;
            if (s > run) append(p, run, (size_t)(s - run));
            if (s == end) break;
            c = *s++;
            if (c == ',') { end_field(p); begin_field(p); p->st = S_FIELD_START; }
            else { end_record(p); p->line++; p->st = (c == '\r') ? S_AFTER_CR : S_LINE_START; }
            break;
        }
        case S_QUOTED: {
            const uint8_t *run = s;
            while (s < end && !stop_quoted[*s]) s++;
            if (s > run) append(p, run, (size_t)(s - run));
            if (s == end) break;
            c = *s++;
            if (c == '"') p->st = S_QUOTE;
            else if (c == '\r') p->st = S_QUOTED_CR;
            else { p->line++; append_byte(p, '\n'); }
            break;
        }
        case S_QUOTED_CR:
            /* CRLF inside a quoted field is data and normalises to LF; a lone CR stays. */
            p->st = S_QUOTED;
            if (c == '\n') { p->line++; append_byte(p, '\n'); s++; }
            else append_byte(p, '\r'); /* c is reprocessed in S_QUOTED */
            break;
        case S_QUOTE:
            s++;
            if (c == '"') { append_byte(p, '"'); p->st = S_QUOTED; }
            else if (c == ',') { end_field(p); begin_field(p); p->st = S_FIELD_START; }
            else if (c == '\n' || c == '\r') {
                end_record(p);
                p->line++;
                p->st = (c == '\r') ? S_AFTER_CR : S_LINE_START;
            } else die("unexpected character after closing quote", p->line);
            break;
        }
    }
}

static void parse_finish(parser_t *p)
{
    switch (p->st) {
    case S_LINE_START:
    case S_AFTER_CR:
        break;
    case S_FIELD_START: /* "a," at EOF: the record ends with an empty field */
    case S_UNQUOTED:
    case S_QUOTE:       /* last line without a trailing newline */
        end_record(p);
        break;
    case S_QUOTED:
    case S_QUOTED_CR:
        die("unterminated quoted field at end of file", p->line);
    }
}

/* ------------------------------------------------------------------------------------------ */

/* keccak-test.c includes this file for the test vectors and the permutation benchmark. */
#ifndef FINGERPRINT_NO_MAIN

static size_t read_full(int fd, uint8_t *buf, size_t cap)
{
    size_t got = 0;
    while (got < cap) {
        ssize_t r = read(fd, buf + got, cap - got);
        if (r < 0) {
            if (errno == EINTR) continue;
            perror("fingerprint: read");
            exit(1);
        }
        if (r == 0) break;
        got += (size_t)r;
    }
    return got;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: fingerprint FILE\n");
        return 2;
    }
    int fd = open(argv[1], O_RDONLY);
    if (fd < 0) {
        perror(argv[1]);
        return 1;
    }
    init_tables();

    /* read_full fills whole chunks, so the first one holds the entire BOM if there is one. */
    const size_t chunk = CHUNK_SIZE < 3 ? 3 : CHUNK_SIZE;
    uint8_t *buf = malloc(chunk);
    static parser_t p; /* static: zero-initialised, and the merkle stack is 2 KiB */
    if (!buf) return 1;
    p.st = S_LINE_START;
    p.line = 1;

    int first = 1;
    for (;;) {
        size_t n = read_full(fd, buf, chunk);
        if (n == 0) break;
        size_t off = 0;
        if (first && n >= 3 && buf[0] == 0xEF && buf[1] == 0xBB && buf[2] == 0xBF) off = 3;
        first = 0;
        parse_chunk(&p, buf + off, n - off);
    }
    close(fd);
    parse_finish(&p);

    uint8_t root[32];
    merkle_root(&p.tree, root);
    printf("root 0x");
    for (int i = 0; i < 32; i++) printf("%02x", root[i]);
    printf("\nrecords %llu\n", (unsigned long long)p.tree.n);
    free(buf);
    free(p.enc);
    return 0;
}

#endif /* FINGERPRINT_NO_MAIN */
