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

/*@ assigns \nothing;
    ensures \result ==> c != 0;
*/
static bool
is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/*@ assigns \nothing;
    ensures 0 <= \result <= 15 || \result == 99;
    ensures c == 0 ==> \result == 99;
*/
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

/* Unsigned number, decimal or 0x hex; -EINVAL no digits, -ERANGE overflow.
 * Reads only inside the string; the value never wraps (checked before
 * each digit). */
/*@ requires valid_read_string(s);
    requires \valid(end) && \valid(out) && \separated(end, out);
    assigns *end, *out;
    ensures \result == 0 || \result == -EINVAL || \result == -ERANGE;
    ensures inside: \result == 0 ==>
        \exists integer k; 0 <= k <= strlen(s) && *end == s + k;
*/
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
    /*@ loop invariant \exists integer k; 0 <= k <= strlen(s) && p == s + k;
        loop invariant base == 10 || base == 16;
        loop assigns p, v, d;
    */
    for (; (d = digit_value(*p)) < (int)base; p++) {
        if (v > (UINT64_MAX - (uint64_t)d) / base)
            return -ERANGE;
        /*@ assert no_wrap: v * base + d <= UINT64_MAX; */
        v = v * base + (uint64_t)d;
    }
    *out = v;
    *end = p;
    return 0;
}

/*@ requires \valid(shift);
    assigns *shift;
    ensures \result == 0 || \result == 1;
    ensures \result == 1 ==> c != 0;
    ensures *shift == 0 || *shift == 10 || *shift == 20 || *shift == 30 ||
        *shift == 40;
*/
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

/*@ requires valid_read_string(s);
    requires end == \null || \valid(end);
    requires \valid(bytes);
    requires end != \null ==> \separated(end, bytes);
    assigns *bytes, *end;
    ensures \result == 0 || \result == -EINVAL || \result == -ERANGE;
    ensures inside: \result == 0 && end != \null ==>
        \exists integer k; 0 <= k <= strlen(s) && *end == s + k;
*/
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

/* Xen's boolean spellings, each NUL-padded to BOOL_WORD bytes (the longest,
 * "disable", has 7 characters). */
#define BOOL_WORD 8
#define BOOL_WORDS 5

/* s equals the word w (a NUL within its BOOL_WORD bytes): what
 * strcmp(s, w) == 0 says, as a byte loop that never reads s past its NUL
 * nor w past BOOL_WORD bytes. */
/*@ requires valid_read_string(s);
    requires \valid_read(w + (0 .. BOOL_WORD - 1));
    assigns \nothing;
*/
static bool
word_eq(const char *s, const char *w)
{
    /*@ loop invariant 0 <= k <= BOOL_WORD && k <= strlen(s);
        loop assigns k;
        loop variant BOOL_WORD - k;
    */
    for (size_t k = 0; k < BOOL_WORD; k++) {
        if (s[k] != w[k])
            return false;
        if (s[k] == '\0')
            return true;
    }
    return false;
}

/*@ requires valid_read_string(s);
    assigns \nothing;
    ensures \result == 0 || \result == 1 || \result == -EINVAL;
*/
int
parse_bool(const char *s)
{
    static const char yes[BOOL_WORDS][BOOL_WORD] =
        { "1", "yes", "true", "on", "enable" };
    static const char no[BOOL_WORDS][BOOL_WORD] =
        { "0", "no", "false", "off", "disable" };

    /*@ loop invariant 0 <= i <= BOOL_WORDS;
        loop assigns i;
        loop variant BOOL_WORDS - i;
    */
    for (size_t i = 0; i < BOOL_WORDS; i++) {
        if (word_eq(s, yes[i]))
            return 1;
        if (word_eq(s, no[i]))
            return 0;
    }
    return -EINVAL;
}

/*@ requires valid_read_string(cmdline);
    assigns \nothing;
    ensures inside: \exists integer k; 0 <= k <= strlen(cmdline) &&
        \result == cmdline + k;
*/
const char *
cmdline_skip_image_name(const char *cmdline)
{
    /*@ loop invariant \exists integer k; 0 <= k <= strlen(\at(cmdline, Pre)) &&
            cmdline == \at(cmdline, Pre) + k;
        loop assigns cmdline;
    */
    while (is_blank(*cmdline))
        cmdline++;
    /*@ loop invariant \exists integer k; 0 <= k <= strlen(\at(cmdline, Pre)) &&
            cmdline == \at(cmdline, Pre) + k;
        loop assigns cmdline;
    */
    while (*cmdline != '\0' && !is_blank(*cmdline))
        cmdline++;
    return cmdline;
}

/* Option names compare with '-' == '_'. */
/*@ requires valid_read_string(a) && valid_read_string(b);
    assigns \nothing;
*/
static bool
name_eq(const char *a, const char *b)
{
    /*@ loop invariant \exists integer k; 0 <= k <= strlen(\at(a, Pre)) &&
            k <= strlen(\at(b, Pre)) && a == \at(a, Pre) + k && b == \at(b, Pre) + k;
        loop assigns a, b;
    */
    for (; *a != '\0' && *b != '\0'; a++, b++) {
        char ca = *a == '-' ? '_' : *a;
        char cb = *b == '-' ? '_' : *b;

        if (ca != cb)
            return false;
    }
    return *a == *b;
}

/*@ // A string whose bytes (through its NUL) are the same at two points
    // has the same length at both.  Proved in the module cmdline_lemmas
    // (proofs/cmdline_lemmas.c, the same text): here it is a hypothesis.
    lemma strlen_same{L1, L2}: \forall char *s;
        0 <= \at(strlen(s), L1) &&
        (\forall integer i; 0 <= i <= \at(strlen(s), L1) ==>
            \at(s[i], L1) == \at(s[i], L2)) ==>
        \at(strlen(s), L2) == \at(strlen(s), L1);
*/

/*@ predicate params_ok(struct kernel_param *params, integer nr) =
        \valid_read(params + (0 .. nr - 1)) &&
        \forall integer i; 0 <= i < nr ==> valid_read_string(params[i].name);
*/

/*@ requires valid_read_string(name) && params_ok(params, nr);
    assigns \nothing;
    ensures found: \result == \null ||
        \exists integer i; 0 <= i < nr && \result == params + i;
*/
static const struct kernel_param *
param_find(const char *name, const struct kernel_param *params, size_t nr)
{
    /*@ loop invariant 0 <= i <= nr;
        loop assigns i;
        loop variant nr - i;
    */
    for (size_t i = 0; i < nr; i++)
        if (name_eq(name, params[i].name))
            return &params[i];
    return NULL;
}

/* The variables behind the parameters' `void *var`, as the type each
 * parameter's `type` names: WP's typed model does not follow the cast of
 * `void *`, so the stores go through store_bool/store_uint/store_size/
 * store_string, whose trusted contracts (proofs/README.md, Assumed) say
 * they write exactly *param_bool(p) (and so on).  A custom hook writes only
 * its own state, the ghost cmdline_hook_state (trusted, call_custom). */
/*@ axiomatic Param_vars {
      logic bool *param_bool(struct kernel_param *p);
      logic unsigned long *param_uint(struct kernel_param *p);
      logic uint64_t *param_size(struct kernel_param *p);
      logic char *param_str(struct kernel_param *p);
      // a string variable's size, as its table entry's `len` (param_var_ok):
      // named so that PARAM_VARS reads no memory but the types
      logic integer param_len(struct kernel_param *p);
    }
*/
/*@ ghost int cmdline_hook_state; */

/*@ // p's variable is a valid object of the type p->type names (`len`
    // bytes for a string, named param_len); a number apart from the table
    // (whose `len` a store could change), a string in another object than
    // every name.  Required of the table by cmdline_parse and apply_option.
    predicate param_var_ok(struct kernel_param *p,
                           struct kernel_param *params, integer nr) =
        (p->type == PARAM_BOOL ==> \valid(param_bool(p))) &&
        (p->type == PARAM_UINT ==> \valid(param_uint(p)) &&
            \separated(param_uint(p), params + (0 .. nr - 1))) &&
        (p->type == PARAM_SIZE ==> \valid(param_size(p)) &&
            \separated(param_size(p), params + (0 .. nr - 1))) &&
        (p->type == PARAM_STRING ==> 0 < p->len && p->len == param_len(p) &&
            \valid(param_str(p) + (0 .. p->len - 1)) &&
            \forall integer j; 0 <= j < nr ==>
                \base_addr(param_str(p)) != \base_addr(params[j].name));

    predicate params_vars_ok(struct kernel_param *params, integer nr) =
        \forall integer i; 0 <= i < nr ==> param_var_ok(params + i, params, nr);

    // no parameter's variable lies in the object b (reads only the types,
    // which nothing here writes)
    predicate vars_not_in(struct kernel_param *params, integer nr, char *b) =
        \forall integer i; 0 <= i < nr ==>
            (params[i].type == PARAM_BOOL ==>
                \base_addr(param_bool(params + i)) != b) &&
            (params[i].type == PARAM_UINT ==>
                \base_addr(param_uint(params + i)) != b) &&
            (params[i].type == PARAM_SIZE ==>
                \base_addr(param_size(params + i)) != b) &&
            (params[i].type == PARAM_STRING ==>
                \base_addr(param_str(params + i)) != b);
    // ... in q's object
    predicate str_off(struct kernel_param *params, integer nr, char *q) =
        vars_not_in(params, nr, \base_addr(q));
    // ... in a name's object, nor in the table's
    predicate names_off(struct kernel_param *params, integer nr) =
        vars_not_in(params, nr, \base_addr(params)) &&
        \forall integer k; 0 <= k < nr ==> str_off(params, nr, params[k].name);
    // the table's `len` fields as at L1 (the u64 stores could reach them
    // but for param_var_ok's separation)
    predicate lens_kept{L1, L2}(struct kernel_param *params, integer nr) =
        \forall integer i; 0 <= i < nr ==>
            \at(params[i].len, L2) == \at(params[i].len, L1);
*/

/* What setting the parameters may write (ACSL; the C compiler never
 * expands it). */
#define PARAM_VARS(params, nr) \
    { *param_bool(params + i) | integer i; \
        0 <= i < nr && params[i].type == PARAM_BOOL }, \
    { *param_uint(params + i) | integer i; \
        0 <= i < nr && params[i].type == PARAM_UINT }, \
    { *param_size(params + i) | integer i; \
        0 <= i < nr && params[i].type == PARAM_SIZE }, \
    { param_str(params + i)[j] | integer i, j; \
        0 <= i < nr && params[i].type == PARAM_STRING && \
        0 <= j < param_len(params + i) }, \
    cmdline_hook_state

/*@ requires \valid(param_bool(p));
    assigns *param_bool(p);
    ensures *param_bool(p) == v;
*/
static void
store_bool(const struct kernel_param *p, bool v)
{
    *(bool *)p->var = v;
}

/*@ requires \valid(param_uint(p));
    assigns *param_uint(p);
    ensures *param_uint(p) == v;
*/
static void
store_uint(const struct kernel_param *p, unsigned long v)
{
    *(unsigned long *)p->var = v;
}

/*@ requires \valid(param_size(p));
    assigns *param_size(p);
    ensures *param_size(p) == v;
*/
static void
store_size(const struct kernel_param *p, uint64_t v)
{
    *(uint64_t *)p->var = v;
}

/* The value with its NUL (n + 1 bytes, n < len). */
/*@ requires n < p->len && \valid(param_str(p) + (0 .. n));
    requires \valid_read(val + (0 .. n));
    requires \separated(param_str(p) + (0 .. n), val + (0 .. n));
    assigns param_str(p)[0 .. n];
*/
static void
store_string(const struct kernel_param *p, const char *val, size_t n)
{
    memcpy(p->var, val, n + 1);
}

/*@ requires val == \null || valid_read_string(val);
    assigns cmdline_hook_state;
*/
static int
call_custom(const struct kernel_param *p, const char *val)
{
    return p->custom(val);
}

/*@ requires valid_read_string(name);
    requires val == \null || valid_read_string(val);
    assigns \nothing;
    ensures \result == 1;
*/
static int
bad_value(const char *name, const char *val)
{
    printk(XENLOG_WARNING "cmdline: bad value '%s' for '%s'\n",
           val != NULL ? val : "", name);
    return 1;
}

/*@ requires \valid_read(p) && valid_read_string(p->name);
    requires \valid(param_bool(p));
    requires val == \null || valid_read_string(val);
    assigns *param_bool(p);
    ensures \result == 0 || \result == 1;
*/
static int
set_bool(const struct kernel_param *p, const char *val, bool negated)
{
    int b = 1;

    if (negated && val != NULL)
        return bad_value(p->name, val);
    if (val != NULL && (b = parse_bool(val)) < 0)
        return bad_value(p->name, val);
    store_bool(p, negated ? false : b != 0);
    return 0;
}

/*@ requires \valid_read(p) && valid_read_string(p->name);
    requires \valid(param_uint(p));
    requires val == \null || valid_read_string(val);
    assigns *param_uint(p);
    ensures \result == 0 || \result == 1;
*/
static int
set_uint(const struct kernel_param *p, const char *val)
{
    const char *end;
    uint64_t v;

    if (val == NULL || parse_u64(val, &end, &v) != 0 || *end != '\0' ||
        v > (uint64_t)(unsigned long)-1)
        return bad_value(p->name, val);
    store_uint(p, (unsigned long)v);
    return 0;
}

/*@ requires \valid_read(p) && valid_read_string(p->name);
    requires \valid(param_size(p));
    requires val == \null || valid_read_string(val);
    assigns *param_size(p);
    ensures \result == 0 || \result == 1;
*/
static int
set_size(const struct kernel_param *p, const char *val)
{
    const char *end;
    uint64_t v;

    if (val == NULL || parse_size(val, &end, &v) != 0 || *end != '\0')
        return bad_value(p->name, val);
    store_size(p, v);
    return 0;
}

/*@ requires \valid_read(p) && valid_read_string(p->name);
    requires \valid(param_str(p) + (0 .. p->len - 1));
    requires val == \null || valid_read_string(val);
    requires val != \null ==> \separated(param_str(p) + (0 .. p->len - 1),
                                         val + (0 .. strlen(val)));
    assigns param_str(p)[0 .. p->len - 1];
    ensures \result == 0 || \result == 1;
    ensures frame_len: \forall char *q; 0 <= \old(strlen(q)) &&
        \base_addr(q) != \base_addr(param_str(p)) ==> strlen(q) == \old(strlen(q));
*/
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
    store_string(p, val, n);
    return 0;
}

/*@ requires \valid_read(p) && valid_read_string(p->name);
    requires p->type == PARAM_BOOL ==> \valid(param_bool(p));
    requires p->type == PARAM_UINT ==> \valid(param_uint(p));
    requires p->type == PARAM_SIZE ==> \valid(param_size(p));
    requires p->type == PARAM_STRING ==>
        \valid(param_str(p) + (0 .. p->len - 1));
    requires val == \null || valid_read_string(val);
    requires p->type == PARAM_STRING && val != \null ==>
        \separated(param_str(p) + (0 .. p->len - 1), val + (0 .. strlen(val)));
    assigns { *param_bool(p) | integer k; k == 0 && p->type == PARAM_BOOL },
        { *param_uint(p) | integer k; k == 0 && p->type == PARAM_UINT },
        { *param_size(p) | integer k; k == 0 && p->type == PARAM_SIZE },
        { param_str(p)[j] | integer j;
            p->type == PARAM_STRING && 0 <= j < p->len },
        cmdline_hook_state;
    ensures \result == -1 || \result == 0 || \result == 1;
    ensures \result == -1 ==> negated;
    ensures frame: \forall char *q; (p->type != PARAM_STRING ||
        \base_addr(q) != \base_addr(param_str(p))) ==> *q == \old(*q);
    ensures frame_len: \forall char *q; 0 <= \old(strlen(q)) &&
        (p->type != PARAM_STRING ||
         \base_addr(q) != \base_addr(param_str(p))) ==>
        strlen(q) == \old(strlen(q));
*/
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
        return call_custom(p, val) == 0 ? 0 : bad_value(p->name, val);
    }
    return bad_value(p->name, val);
}

/* The option's n bytes at s copied into opt with a NUL, then split at its
 * first '=' (what strchr(opt, '=') finds, found by index): the '=' becomes
 * the name's NUL and the value follows it.  Returns the value, or NULL
 * without '='.  Writes only opt[0 .. n]: every string in another object
 * keeps its length (`frame_len`, through strlen_same). */
/*@ requires 0 < n < CMDLINE_OPT_MAX;
    requires \valid(opt + (0 .. n)) && \valid_read(s + (0 .. n - 1));
    requires \separated(opt + (0 .. n), s + (0 .. n - 1));
    assigns opt[0 .. n];
    ensures name: valid_read_string(opt) && strlen(opt) <= n;
    ensures val: \result == \null || (valid_read_string(\result) &&
        \base_addr(\result) == \base_addr(opt));
    ensures frame_len: \forall char *q; 0 <= \old(strlen(q)) &&
        \base_addr(q) != \base_addr(opt) ==> strlen(q) == \old(strlen(q));
*/
static const char *
option_split(char *opt, const char *s, size_t n)
{
    const char *val = NULL;
    size_t k = 0;

    memcpy(opt, s, n);
    opt[n] = '\0';
    /*@ assert len: 0 <= strlen(opt) <= n; */
    /*@ loop invariant 0 <= k <= strlen(opt);
        loop assigns k;
        loop variant strlen(opt) - k;
    */
    while (opt[k] != '\0' && opt[k] != '=')
        k++;
    if (opt[k] == '=') {
        /*@ assert in: k < strlen(opt) && opt[strlen(opt)] == 0; */
        /*@ assert tail: 0 <= strlen(opt + (k + 1)) == strlen(opt) - (k + 1); */
    cut: __attribute__((unused));
        opt[k] = '\0';
        val = opt + k + 1;
        /*@ assert vlen: strlen(opt + (k + 1)) == \at(strlen(opt + (k + 1)), cut); */
    }
    /*@ assert frame: \forall char *q; \base_addr(q) != \base_addr(opt) ==>
            \forall integer i; q[i] == \at(q[i], Pre); */
    return val;
}

/* The parameter an option's name selects: the name itself in the table,
 * else, after a "no-" prefix (what strncmp(name, "no-", 3) == 0 says, byte
 * by byte), the rest, negated.  p is NULL when no parameter matches. */
struct param_hit {
    const struct kernel_param *p;
    bool negated;
};

/*@ requires valid_read_string(name) && params_ok(params, nr);
    assigns \nothing;
    ensures found: \result.p == \null ||
        \exists integer i; 0 <= i < nr && \result.p == params + i;
*/
static struct param_hit
param_lookup(const char *name, const struct kernel_param *params, size_t nr)
{
    struct param_hit h = { param_find(name, params, nr), false };

    if (h.p == NULL && name[0] == 'n' && name[1] == 'o' && name[2] == '-') {
        h.p = param_find(name + 3, params, nr);
        h.negated = true;
    }
    return h;
}

/* The reports of apply_option, each the one printk (its variadic
 * arguments are a local of the helper, so apply_option and apply_split
 * keep no freed local but opt). */
/*@ requires valid_read_string(opt);
    assigns \nothing;
    ensures \result == 1;
*/
static int
unknown_option(const char *opt)
{
    printk(XENLOG_WARNING "cmdline: unknown option '%s'\n", opt);
    return 1;
}

/*@ requires \valid_read(s + (0 .. 31));
    assigns \nothing;
    ensures \result == 1;
*/
static int
option_too_long(const char *s)
{
    printk(XENLOG_WARNING "cmdline: option too long '%.32s...'\n", s);
    return 1;
}

/* One option that fits: its n bytes at s copied into the caller's buffer
 * opt and split at '=' (option_split), the parameter looked up
 * (param_lookup) and set (set_param); an unknown name, or "no-" before a
 * non-boolean (set_param's -1), is reported.  Writes only opt[0 .. n] and
 * what set_param writes, the variable of the parameter found
 * (PARAM_VARS).  apply_option's body but for its buffer, so that this
 * contract is proved while opt lives (module cmdline_apply, with the
 * asserts below; every callee is proved too). */
/*@ requires 0 < n < CMDLINE_OPT_MAX;
    requires \valid(opt + (0 .. n)) && \valid_read(s + (0 .. n - 1));
    requires \separated(opt + (0 .. n), s + (0 .. n - 1));
    requires params_ok(params, nr) && params_vars_ok(params, nr);
    requires names_off(params, nr) && str_off(params, nr, opt);
    requires opt_apart: \base_addr(params) != \base_addr(opt) &&
        \forall integer i; 0 <= i < nr ==>
            \base_addr(params[i].name) != \base_addr(opt);
    assigns opt[0 .. n], PARAM_VARS(params, nr);
    ensures \result == 0 || \result == 1;
    ensures ok: params_ok(params, nr) && params_vars_ok(params, nr);
    ensures lens: lens_kept{Pre, Post}(params, nr);
    ensures frame: \forall char *q; \base_addr(q) != \base_addr(opt) &&
        str_off(params, nr, q) ==> *q == \old(*q);
    ensures frame_len: \forall char *q; 0 <= \old(strlen(q)) &&
        \base_addr(q) != \base_addr(opt) && str_off(params, nr, q) ==>
        strlen(q) == \old(strlen(q));
*/
static int
apply_split(char *opt, const char *s, size_t n,
            const struct kernel_param *params, size_t nr)
{
    const char *val = option_split(opt, s, n);
    struct param_hit h;
    int rc = -1;

    /*@ assert names_len: \forall integer i; 0 <= i < nr ==>
            strlen(params[i].name) == \at(strlen(params[i].name), Pre); */
    h = param_lookup(opt, params, nr);
    if (h.p != NULL) {
        /*@ assert p_ok: param_var_ok(h.p, params, nr) &&
                valid_read_string(h.p->name); */
        /*@ assert p_off: h.p->type == PARAM_STRING ==> \forall integer i;
                0 <= i < nr ==>
                \base_addr(param_str(h.p)) != \base_addr(params[i].name); */
        /*@ assert q_off: \forall char *q; str_off(params, nr, q) ==>
                h.p->type != PARAM_STRING ||
                \base_addr(q) != \base_addr(param_str(h.p)); */
        /*@ assert p_base: (h.p->type == PARAM_UINT ==>
                    \base_addr(param_uint(h.p)) != \base_addr(params)) &&
                (h.p->type == PARAM_SIZE ==>
                    \base_addr(param_size(h.p)) != \base_addr(params)); */
    call: __attribute__((unused));
        rc = set_param(h.p, val, h.negated);
        /*@ assert tbl: \forall integer i; 0 <= i < nr ==>
                params[i].type == \at(params[i].type, call) &&
                params[i].name == \at(params[i].name, call) &&
                params[i].len == \at(params[i].len, call); */
        /*@ assert names_len2: \forall integer i; 0 <= i < nr ==>
                strlen(params[i].name) == \at(strlen(params[i].name), call); */
        /*@ assert names_ok: \forall integer i; 0 <= i < nr ==>
                valid_read_string(params[i].name); */
    }
    if (rc >= 0)
        return rc;
    return unknown_option(opt);
}

/* One option, the n bytes at s (n > 0): reported when it does not fit the
 * local buffer opt with its NUL (n >= 256), else copied there and applied
 * (apply_split; both proved, module cmdline_apply).  It reads s only inside its n bytes; it stores parsed
 * values only into the parameters' variables (through set_param:
 * PARAM_VARS) and its own buffer, and prints, so the table (`lens`), every
 * char and every string in another object than the variables (`frame`,
 * `frame_len`) and so the names (`ok`) are kept; 0 or 1 problem. */
/*@ requires 0 < n && \valid_read(s + (0 .. n - 1));
    requires params_ok(params, nr) && params_vars_ok(params, nr);
    requires names_off(params, nr);
    assigns PARAM_VARS(params, nr);
    ensures \result == 0 || \result == 1;
    ensures ok: params_ok(params, nr) && params_vars_ok(params, nr);
    ensures lens: lens_kept{Pre, Post}(params, nr);
    ensures frame: \forall char *q; \at(\valid_read(q), Pre) &&
        str_off(params, nr, q) ==> *q == \old(*q);
    ensures frame_len: \forall char *q; \at(valid_read_string(q), Pre) &&
        str_off(params, nr, q) ==> strlen(q) == \old(strlen(q));
*/
static int
apply_option(const char *s, size_t n, const struct kernel_param *params,
             size_t nr)
{
    char opt[CMDLINE_OPT_MAX];

    if (n >= sizeof(opt))
        return option_too_long(s);
    return apply_split(opt, s, n, params, nr);
}

/* Every option goes through apply_option (copied only when it fits);
 * every read stays inside the command line; the problem count is at most
 * the options seen, so at most the line's length.  Writes only the
 * parameters' variables (and the hooks' state). */
/*@ requires cmdline == \null ||
        (valid_read_string(cmdline) && strlen(cmdline) <= 0x7fffffff);
    requires params_ok(params, nr) && params_vars_ok(params, nr);
    requires names_off(params, nr);
    requires cmdline != \null ==> str_off(params, nr, cmdline);
    assigns PARAM_VARS(params, nr);
    ensures 0 <= \result;
    ensures cmdline == \null ==> \result == 0;
*/
int
cmdline_parse(const char *cmdline, const struct kernel_param *params,
              size_t nr)
{
    const char *s = cmdline;
    int problems = 0;

    /*@ assert line_off: cmdline != \null ==> \forall integer i;
            0 <= i <= strlen(cmdline) ==>
            \valid_read(cmdline + i) && str_off(params, nr, cmdline + i); */
    /*@ loop invariant s == \null <==> cmdline == \null;
        loop invariant cmdline == \null ==> problems == 0;
        loop invariant inside: cmdline != \null ==>
            \exists integer k; 0 <= k <= strlen(cmdline) && s == cmdline + k &&
            0 <= problems <= k;
        loop invariant len: cmdline != \null ==>
            strlen(cmdline) == \at(strlen(cmdline), Pre);
        loop invariant same: cmdline != \null ==>
            \forall integer i; 0 <= i <= \at(strlen(cmdline), Pre) ==>
                cmdline[i] == \at(cmdline[i], Pre);
        loop invariant ok: params_ok(params, nr) && params_vars_ok(params, nr);
        loop invariant lens: lens_kept{Pre, Here}(params, nr);
        loop assigns s, problems, PARAM_VARS(params, nr);
    */
    while (s != NULL && *s != '\0') {
        size_t n = 0;

        /*@ loop invariant \exists integer k; 0 <= k <= strlen(cmdline) &&
                s == cmdline + k && problems <= k;
            loop assigns s;
        */
        while (is_blank(*s))
            s++;
        /*@ loop invariant \exists integer k; 0 <= k && k + n <= strlen(cmdline) &&
                s == cmdline + k && problems <= k;
            loop assigns n;
        */
        while (s[n] != '\0' && !is_blank(s[n]))
            n++;
        if (n == 0)
            break;
        problems += apply_option(s, n, params, nr);
        s += n;
    }
    return problems;
}
