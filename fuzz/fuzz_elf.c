/*
 * fuzz_elf.c - fuzz harness for the ELF64 + Xen-note loader.
 *
 * Environment: hosted only.
 *
 * One source, three builds (AFL++ persistent, libFuzzer, replay): see
 * fuzz_main.h; fuzz/README.md has the targets.
 *
 * Each input is copied into a heap block of exactly its size so ASan sees
 * any read past the image.  Beyond "no crash, no sanitizer report", the
 * harness checks the loader's contract: on refusal the info is all zero and
 * the message starts "ELF: "; on acceptance the segments are sorted,
 * disjoint and inside the image, and elf_load() calls back exactly once per
 * non-empty part, inside the described segments.
 */
#include <elf_loader.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHECK(c)                                                         \
    do {                                                                 \
        if (!(c)) {                                                      \
            fprintf(stderr, "fuzz_elf: property '%s' violated at %s:%d\n", \
                    #c, __FILE__, __LINE__);                             \
            abort();                                                     \
        }                                                                \
    } while (0)

struct load_check {
    const struct elf_info *info;
    const uint8_t *image;
    size_t size;
    unsigned int calls;
};

/* The expected call number n: segment n/2, copy (even) or zero (odd),
   skipping empty parts. */
static const struct elf_segment *
load_check_next(struct load_check *lc, int zero, uint64_t *dest,
                uint64_t *len)
{
    for (;;) {
        unsigned int i = lc->calls / 2;
        int z = lc->calls % 2;
        const struct elf_segment *s;

        CHECK(i < lc->info->nr_segments);
        s = &lc->info->seg[i];
        lc->calls++;
        *dest = z ? s->dest + s->filesz : s->dest;
        *len = z ? s->memsz - s->filesz : s->filesz;
        if (*len != 0) {
            CHECK(z == zero);
            return s;
        }
    }
}

static int
check_copy(void *ctx, uint64_t dest, const void *src, size_t len)
{
    struct load_check *lc = ctx;
    uint64_t want_dest, want_len;
    const struct elf_segment *s = load_check_next(lc, 0, &want_dest,
                                                  &want_len);

    CHECK(dest == want_dest && len == want_len);
    CHECK((const uint8_t *)src == lc->image + s->offset);
    CHECK(s->offset <= lc->size && len <= lc->size - s->offset);
    return 0;
}

static int
check_zero(void *ctx, uint64_t dest, size_t len)
{
    struct load_check *lc = ctx;
    uint64_t want_dest, want_len;

    load_check_next(lc, 1, &want_dest, &want_len);
    CHECK(dest == want_dest && len == want_len);
    return 0;
}

static void
check_accepted(const uint8_t *image, size_t size, const struct elf_info *info)
{
    struct load_check lc = { info, image, size, 0 };

    CHECK(info->nr_segments >= 1 && info->nr_segments <= ELF_MAX_SEGMENTS);
    for (unsigned int i = 0; i < info->nr_segments; i++) {
        const struct elf_segment *s = &info->seg[i];

        CHECK(s->memsz > 0 && s->filesz <= s->memsz);
        CHECK(s->offset <= size && s->filesz <= size - s->offset);
        CHECK(s->dest <= UINT64_MAX - s->memsz);
        CHECK(i == 0 || info->seg[i - 1].dest + info->seg[i - 1].memsz <=
                        s->dest);
    }
    CHECK(info->virt_kstart == info->seg[0].dest);
    CHECK(info->virt_base <= info->virt_kstart);
    CHECK(elf_load(image, size, info, check_copy, check_zero, &lc) == 0);
}

static void
fuzz_one(const uint8_t *data, size_t size)
{
    static const struct elf_info zero;
    struct elf_info info;
    char err[160];
    uint8_t *image = malloc(size ? size : 1);
    int rc;

    if (image == NULL)
        return;
    memcpy(image, data, size);
    rc = elf_parse(image, size, &info, err, sizeof(err));
    if (rc == 0) {
        check_accepted(image, size, &info);
    } else {
        CHECK(rc < 0);
        CHECK(memcmp(&info, &zero, sizeof(info)) == 0);
        CHECK(strncmp(err, "ELF: ", 5) == 0 && strlen(err) < sizeof(err));
    }
    free(image);
}

#include "fuzz_main.h"
