/*
 * cmdline.h - Xen-style boot options from the boot loader's command line.
 *
 * Environment: hosted and hypervisor (boot time, one CPU).
 *
 * The caller owns an explicit table of struct kernel_param and calls
 * cmdline_parse() once.  Options are separated by spaces (tabs too).  An
 * option is "name" or "name=value"; in names '-' and '_' are the same
 * character (as in Xen).  Each problem (unknown option, bad or missing
 * value, value too long for a string buffer, option longer than
 * CMDLINE_OPT_MAX) is reported with XENLOG_WARNING and counted, and parsing
 * goes on with the next option; a variable is only written when its value
 * parsed.  Later occurrences of an option override earlier ones.
 *
 * Value syntax per type:
 *  PARAM_BOOL   "name", "no-name", or name=1|0|yes|no|true|false|on|off|
 *               enable|disable;  var is bool *
 *  PARAM_UINT   decimal or 0x hex;  var is unsigned long *
 *  PARAM_SIZE   parse_size() syntax, whole value;  var is uint64_t * (bytes)
 *  PARAM_STRING copied with its NUL; len is the buffer size; a value that
 *               does not fit is an error;  var is char[len]
 *  PARAM_CUSTOM custom(val) with val NULL when there is no '='; it returns
 *               0 or -EINVAL.  val is only valid during the call.
 *
 * Multiboot loaders (GRUB, QEMU -kernel) put the image path in front of the
 * options: skip it with cmdline_skip_image_name() first.
 */
#ifndef XL_CMDLINE_H
#define XL_CMDLINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CMDLINE_OPT_MAX 256   /* longest "name=value" accepted, with NUL */

enum param_type { PARAM_BOOL, PARAM_UINT, PARAM_SIZE, PARAM_STRING,
                  PARAM_CUSTOM };

struct kernel_param {
    const char *name;
    enum param_type type;
    void *var;            /* bool* | unsigned long* | uint64_t* | char[len] */
    size_t len;           /* PARAM_STRING buffer size */
    int (*custom)(const char *val);   /* PARAM_CUSTOM only */
};

/* Returns the number of problems found (0 = all options applied). */
int cmdline_parse(const char *cmdline, const struct kernel_param *params,
                  size_t nr);

/*
 * Xen's size syntax: a number (decimal, or hex with 0x) and an optional
 * case-insensitive suffix B, K, M, G or T; no suffix means KiB, as Xen's
 * documentation for sizes says.  Note that in hex a trailing 'b' is a digit.
 * On success stores the byte count, sets *end (if end != NULL) just past
 * the suffix and returns 0; -EINVAL if there is no number, -ERANGE if the
 * value does not fit in 64 bits.
 */
int parse_size(const char *s, const char **end, uint64_t *bytes);

/* 0/1 for Xen's boolean spellings, -EINVAL otherwise. */
int parse_bool(const char *s);

/* Skip leading blanks and the first word (the image path). */
const char *cmdline_skip_image_name(const char *cmdline);

#endif /* XL_CMDLINE_H */
