/*
 * cmdline.c - boot option parsing (see cmdline.h for the syntax).
 *
 * Environment: hosted and hypervisor.
 *
 * Each option is copied into a bounded local buffer first (decode), then
 * split at '=' and matched against the table, and only a value that parsed
 * completely is stored into the variable (invoke).
 */
#include <cmdline.h>
#include <lib.h>
#include <string.h>
#include <xl_errno.h>

static bool
is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int
digit_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return 99;
}

/* Unsigned number, decimal or 0x hex; -EINVAL no digits, -ERANGE overflow. */
static int
parse_u64(const char *s, const char **end, uint64_t *out)
{
    unsigned int base = 10;
    uint64_t v = 0;
    const char *p = s;
    int d;

    if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X') && digit_value(p[2]) < 16) {
        base = 16;
        p += 2;
    }
    if (digit_value(*p) >= (int)base)
        return -EINVAL;
    for (; (d = digit_value(*p)) < (int)base; p++) {
        if (v > (UINT64_MAX - (uint64_t)d) / base)
            return -ERANGE;
        v = v * base + (uint64_t)d;
    }
    *out = v;
    *end = p;
    return 0;
}

static int
size_shift(char c, unsigned int *shift)
{
    switch (c) {
    case 'b': case 'B': *shift = 0; return 1;
    case 'k': case 'K': *shift = 10; return 1;
    case 'm': case 'M': *shift = 20; return 1;
    case 'g': case 'G': *shift = 30; return 1;
    case 't': case 'T': *shift = 40; return 1;
    default: *shift = 10; return 0;     /* no suffix: KiB */
    }
}

int
parse_size(const char *s, const char **end, uint64_t *bytes)
{
    const char *p;
    unsigned int shift;
    uint64_t v;
    int rc = parse_u64(s, &p, &v);

    if (rc != 0)
        return rc;
    p += size_shift(*p, &shift);
    if (v > (UINT64_MAX >> shift))
        return -ERANGE;
    *bytes = v << shift;
    if (end != NULL)
        *end = p;
    return 0;
}

int
parse_bool(const char *s)
{
    static const char *const yes[] = { "1", "yes", "true", "on", "enable" };
    static const char *const no[] = { "0", "no", "false", "off", "disable" };

    for (size_t i = 0; i < ARRAY_SIZE(yes); i++) {
        if (strcmp(s, yes[i]) == 0)
            return 1;
        if (strcmp(s, no[i]) == 0)
            return 0;
    }
    return -EINVAL;
}

const char *
cmdline_skip_image_name(const char *cmdline)
{
    while (is_blank(*cmdline))
        cmdline++;
    while (*cmdline != '\0' && !is_blank(*cmdline))
        cmdline++;
    return cmdline;
}

/* Option names compare with '-' == '_'. */
static bool
name_eq(const char *a, const char *b)
{
    for (; *a != '\0' && *b != '\0'; a++, b++) {
        char ca = *a == '-' ? '_' : *a;
        char cb = *b == '-' ? '_' : *b;

        if (ca != cb)
            return false;
    }
    return *a == *b;
}

static const struct kernel_param *
param_find(const char *name, const struct kernel_param *params, size_t nr)
{
    for (size_t i = 0; i < nr; i++)
        if (name_eq(name, params[i].name))
            return &params[i];
    return NULL;
}

static int
bad_value(const char *name, const char *val)
{
    printk(XENLOG_WARNING "cmdline: bad value '%s' for '%s'\n",
           val != NULL ? val : "", name);
    return 1;
}

static int
set_bool(const struct kernel_param *p, const char *val, bool negated)
{
    int b = 1;

    if (negated && val != NULL)
        return bad_value(p->name, val);
    if (val != NULL && (b = parse_bool(val)) < 0)
        return bad_value(p->name, val);
    *(bool *)p->var = negated ? false : b != 0;
    return 0;
}

static int
set_uint(const struct kernel_param *p, const char *val)
{
    const char *end;
    uint64_t v;

    if (val == NULL || parse_u64(val, &end, &v) != 0 || *end != '\0' ||
        v > (uint64_t)(unsigned long)-1)
        return bad_value(p->name, val);
    *(unsigned long *)p->var = (unsigned long)v;
    return 0;
}

static int
set_size(const struct kernel_param *p, const char *val)
{
    const char *end;
    uint64_t v;

    if (val == NULL || parse_size(val, &end, &v) != 0 || *end != '\0')
        return bad_value(p->name, val);
    *(uint64_t *)p->var = v;
    return 0;
}

static int
set_string(const struct kernel_param *p, const char *val)
{
    size_t n;

    if (val == NULL)
        return bad_value(p->name, val);
    n = strlen(val);
    if (n >= p->len) {
        printk(XENLOG_WARNING "cmdline: value for '%s' too long (max %zu)\n",
               p->name, p->len == 0 ? (size_t)0 : p->len - 1);
        return 1;
    }
    memcpy(p->var, val, n + 1);
    return 0;
}

static int
set_param(const struct kernel_param *p, const char *val, bool negated)
{
    if (negated && p->type != PARAM_BOOL)
        return -1;
    switch (p->type) {
    case PARAM_BOOL:   return set_bool(p, val, negated);
    case PARAM_UINT:   return set_uint(p, val);
    case PARAM_SIZE:   return set_size(p, val);
    case PARAM_STRING: return set_string(p, val);
    case PARAM_CUSTOM:
        ASSERT(p->custom != NULL);
        return p->custom(val) == 0 ? 0 : bad_value(p->name, val);
    }
    return bad_value(p->name, val);
}

/* opt is a NUL-terminated, writable copy of one option. */
static int
apply_option(char *opt, const struct kernel_param *params, size_t nr)
{
    char *eq = strchr(opt, '=');
    const char *val = NULL;
    const struct kernel_param *p;
    int rc = -1;

    if (eq != NULL) {
        *eq = '\0';
        val = eq + 1;
    }
    p = param_find(opt, params, nr);
    if (p != NULL)
        rc = set_param(p, val, false);
    else if (strncmp(opt, "no-", 3) == 0 &&
             (p = param_find(opt + 3, params, nr)) != NULL)
        rc = set_param(p, val, true);
    if (rc >= 0)
        return rc;
    printk(XENLOG_WARNING "cmdline: unknown option '%s'\n", opt);
    return 1;
}

int
cmdline_parse(const char *cmdline, const struct kernel_param *params,
              size_t nr)
{
    char opt[CMDLINE_OPT_MAX];
    const char *s = cmdline;
    int problems = 0;

    while (s != NULL && *s != '\0') {
        size_t n = 0;

        while (is_blank(*s))
            s++;
        while (s[n] != '\0' && !is_blank(s[n]))
            n++;
        if (n == 0)
            break;
        if (n >= sizeof(opt)) {
            printk(XENLOG_WARNING "cmdline: option too long '%.32s...'\n", s);
            problems++;
        } else {
            memcpy(opt, s, n);
            opt[n] = '\0';
            problems += apply_option(opt, params, nr);
        }
        s += n;
    }
    return problems;
}
