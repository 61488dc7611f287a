/*
 * dom0/shell.c - the toolstack shell's commands (see shell.h).
 *
 * Where it runs: guest only (dom0).
 *
 * Each command is decode (parse and check the words; print what to do
 * and return on a mistake) then invoke (the domctl / sysctl calls of
 * xl.c).  dom0 remembers, per domid it created, the image name and kind
 * (the hypervisor knows neither: its names are "dN" and its flags only
 * say "hvm" for both PVH and HVM).
 */
#include "guest.h"
#include "backend.h"
#include "console.h"
#include "cpio.h"
#include "shell.h"
#include "xl.h"
#include "xenstored.h"

#define MAX_WORDS     8
#define MIB_PAGES     256ULL            /* 4 KiB pages per MiB */
#define MEM_MAX_MIB   4096U
#define VCPUS_MAX     32U
#define DEFAULT_MIB   16U
#define DMESG_CHUNK   512U
#define DMESG_MAX     (64U * 1024U)     /* more than the ring: always ends */

struct domu_note {                      /* dom0's memory of a domain it made */
    char name[CPIO_NAME_MAX];           /* image name; "" for a free slot    */
    uint32_t type;                      /* XL_DOMCTL_TYPE_*                  */
};

static const uint8_t *ramdisk;          /* set once by shell_init            */
static size_t ramdisk_len;
static struct domu_note notes[XL_MAX_DOMAINS];
static struct xl_domctl_getdomaininfo infos[XL_MAX_DOMAINS];

struct words {
    unsigned int n;
    char *w[MAX_WORDS];
};

/* ---- small helpers ---- */

static void
split(char *s, struct words *ws)
{
    ws->n = 0;
    while (*s) {
        while (*s == ' ' || *s == '\t')
            *s++ = '\0';
        if (!*s)
            break;
        if (ws->n == MAX_WORDS) {       /* the rest stays in the last word */
            break;
        }
        ws->w[ws->n++] = s;
        while (*s && *s != ' ' && *s != '\t')
            s++;
    }
}

/* Decimal, no sign, no overflow: 0 and *out, or -1. */
static int
parse_u32(const char *s, uint32_t *out)
{
    uint64_t v = 0;

    if (!*s)
        return -1;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return -1;
        v = v * 10 + (uint64_t)(*s - '0');
        if (v > 0xffffffffULL)
            return -1;
    }
    *out = (uint32_t)v;
    return 0;
}

/* "key=value": the value if word starts with key and '=', else NULL. */
static const char *
keyval(const char *word, const char *key)
{
    size_t n = strlen(key);

    return (!strncmp(word, key, n) && word[n] == '=') ? word + n + 1 : NULL;
}

static const char *
type_name(uint32_t type)
{
    switch (type) {
    case XL_DOMCTL_TYPE_PV:  return "pv";
    case XL_DOMCTL_TYPE_PVH: return "pvh";
    case XL_DOMCTL_TYPE_HVM: return "hvm";
    default:                 return "?";
    }
}

static int
parse_type(const char *s, uint32_t *type)
{
    for (uint32_t t = XL_DOMCTL_TYPE_PV; t <= XL_DOMCTL_TYPE_HVM; t++)
        if (!strcmp(s, type_name(t))) {
            *type = t;
            return 0;
        }
    return -1;
}

static void
report_rc(const char *what, long dom, long rc)
{
    printk("%s %ld: failed: %s (%ld)\n", what, dom, xl_strerror(rc), rc);
}

/*
 * <dom>: a domid, "dN", or the image name of a domain dom0 created (the
 * lowest id if several share it).  0 and *dom, or -1 after saying why.
 */
static int
parse_dom(const char *s, domid_t *dom)
{
    uint32_t id;

    if (s[0] == 'd' && s[1] >= '0' && s[1] <= '9')
        s++;
    if (!parse_u32(s, &id)) {
        if (id >= XL_MAX_DOMAINS) {
            printk("no domain %u: ids are 0..%u; `list` shows them\n", id,
                   XL_MAX_DOMAINS - 1);
            return -1;
        }
        *dom = (domid_t)id;
        return 0;
    }
    for (id = 1; id < XL_MAX_DOMAINS; id++)
        if (!strcmp(notes[id].name, s)) {
            *dom = (domid_t)id;
            return 0;
        }
    printk("no domain called '%s': give an id or a name from `list`\n", s);
    return -1;
}

/* The one <dom> argument of pause, unpause, destroy, console. */
static int
one_dom(const struct words *ws, domid_t *dom)
{
    if (ws->n != 2) {
        printk("usage: %s <dom>   (<dom>: an id or a name from `list`)\n", ws->w[0]);
        return -1;
    }
    return parse_dom(ws->w[1], dom);
}

/* ---- commands ---- */

/* One printk per line: printk formats into a 512-byte buffer. */
static const char *const help_text[] = {
    "commands:",
    "  list                       domains: id, name, kind, state, memory, vCPUs, CPU time",
    "  create <image> [memory=MiB] [vcpus=N] [type=pv|pvh|hvm]",
    "                             build a domain from a ramdisk file and start it",
    "  destroy <dom>              tear a domain down, its memory back to the pool",
    "  pause <dom>, unpause <dom> take a domain off the CPU, give it back",
    "  sched <dom> [weight=W] [cap=C]",
    "                             credit scheduler: show or set (cap: % of a CPU, 0 = none)",
    "  console <dom>              attach to a domain's console (Ctrl-] comes back)",
    "  dmesg                      the hypervisor's console ring",
    "  info                       the machine: CPUs, memory, what guests it can run",
    "  ls                         the ramdisk's files (images for create)",
    "  help                       this text",
    "<dom> is an id (1 or d1) or a name from `list`.",
    "Ctrl-a three times switches the console to the hypervisor's debug keys and back.",
};

static void
cmd_help(const struct words *ws)
{
    for (unsigned int k = 0; k < ARRAY_SIZE(help_text); k++) {
        printk("%s\n", help_text[k]);
        if (!strncmp(help_text[k], "  ls ", 5))
            for (unsigned int x = 0; xenstored_help[x]; x++)
                printk("%s\n", xenstored_help[x]);
    }
}

static const char *
dom_name(const struct xl_domctl_getdomaininfo *i)
{
    if (i->domain == 0)
        return "Domain-0";
    if (i->domain < XL_MAX_DOMAINS && notes[i->domain].name[0])
        return notes[i->domain].name;
    return i->name;
}

static const char *
dom_kind(const struct xl_domctl_getdomaininfo *i)
{
    if (i->domain < XL_MAX_DOMAINS && notes[i->domain].name[0])
        return type_name(notes[i->domain].type);
    return (i->flags & XL_DOMINF_hvm) ? "hvm" : "pv";
}

/* xl's six state letters: running blocked paused shutdown crashed dying. */
static void
dom_state(uint32_t flags, char out[7])
{
    static const struct { uint32_t bit; char c; } letters[6] = {
        { XL_DOMINF_running, 'r' }, { XL_DOMINF_blocked, 'b' },
        { XL_DOMINF_paused, 'p' }, { XL_DOMINF_shutdown, 's' },
        { XL_DOMINF_crashed, 'c' }, { XL_DOMINF_dying, 'd' },
    };

    for (unsigned int k = 0; k < 6; k++)
        out[k] = (flags & letters[k].bit) ? letters[k].c : '-';
    out[6] = '\0';
}

static void
cmd_list(const struct words *ws)
{
    long n = xl_list(0, infos, XL_MAX_DOMAINS);

    if (n < 0) {
        printk("list: getdomaininfolist failed: %s (%ld)\n", xl_strerror(n), n);
        return;
    }
    printk("%-20s %3s %-4s %-6s %8s %5s %9s\n", "Name", "ID", "Kind", "State",
           "Mem(MiB)", "VCPUs", "Time(s)");
    for (long k = 0; k < n; k++) {
        const struct xl_domctl_getdomaininfo *i = &infos[k];
        uint64_t ms = i->cpu_time_ns / 1000000;
        char st[7];

        dom_state(i->flags, st);
        printk("%-20.20s %3u %-4s %-6s %8lu %5u %5lu.%03lu\n", dom_name(i),
               (unsigned int)i->domain, dom_kind(i), st,
               (unsigned long)(i->tot_pages / MIB_PAGES), i->nr_online_vcpus,
               (unsigned long)(ms / 1000), (unsigned long)(ms % 1000));
    }
}

static void
note_set(domid_t dom, const char *name, uint32_t type)
{
    size_t n = strnlen(name, CPIO_NAME_MAX - 1);

    memcpy(notes[dom].name, name, n);
    notes[dom].name[n] = '\0';
    notes[dom].type = type;
}

struct create_req {
    struct cpio_file image;
    uint32_t mib, vcpus, type;
};

/* Decode: the image exists, every option is known and in range. */
static int
create_decode(const struct words *ws, struct create_req *r)
{
    int rc;

    if (ws->n < 2) {
        printk("usage: create <image> [memory=MiB] [vcpus=N] [type=pv|pvh|hvm]  (`ls` lists images)\n");
        return -1;
    }
    rc = cpio_find(ramdisk, ramdisk_len, ws->w[1], &r->image);
    if (rc) {
        printk("no such image '%s': `ls` lists the ramdisk\n", ws->w[1]);
        return -1;
    }
    r->mib = DEFAULT_MIB;
    r->vcpus = 1;
    r->type = XL_DOMCTL_TYPE_PV;
    for (unsigned int k = 2; k < ws->n; k++) {
        const char *v;

        if ((v = keyval(ws->w[k], "memory")) != NULL) {
            if (parse_u32(v, &r->mib) || r->mib == 0 || r->mib > MEM_MAX_MIB) {
                printk("memory=%s: give MiB, 1..%u\n", v, MEM_MAX_MIB);
                return -1;
            }
        } else if ((v = keyval(ws->w[k], "vcpus")) != NULL) {
            if (parse_u32(v, &r->vcpus) || r->vcpus == 0 || r->vcpus > VCPUS_MAX) {
                printk("vcpus=%s: give 1..%u\n", v, VCPUS_MAX);
                return -1;
            }
        } else if ((v = keyval(ws->w[k], "type")) != NULL) {
            if (parse_type(v, &r->type)) {
                printk("type=%s: give pv, pvh or hvm\n", v);
                return -1;
            }
        } else {
            printk("create: unknown option '%s': memory=MiB vcpus=N type=pv|pvh|hvm\n",
                   ws->w[k]);
            return -1;
        }
    }
    return 0;
}

/* dom0's backends take the new domain's rings (before it first runs). */
static void
backends_add(domid_t dom, const char *name, const struct xl_domctl_build *b)
{
    struct domu_rings r = { .domid = dom, .name = name,
                            .console_gfn = b->console_gfn, .store_gfn = b->store_gfn,
                            .console_port = b->console_port, .store_port = b->store_port };
    int rc = console_backend_add(&r);

    if (rc)
        printk("domain %u: no console backend (%d): `console %u` will not work\n",
               dom, rc, dom);
    if ((rc = xenstored_add(&r)) != 0)
        printk("domain %u: no xenstore (%d)\n", dom, rc);
}

static void
backends_remove(domid_t dom)
{
    console_backend_remove(dom);
    xenstored_remove(dom);
}

static void
cmd_create(const struct words *ws)
{
    struct xl_domctl_build out;
    struct create_req r;
    long dom, rc;

    if (create_decode(ws, &r))
        return;
    dom = xl_create(r.type, r.vcpus, (uint64_t)r.mib * MIB_PAGES);
    if (dom < 0) {
        printk("create %s: createdomain failed: %s (%ld)%s\n", r.image.name,
               xl_strerror(dom), dom,
               dom == -XEN_EOPNOTSUPP ? "; `info` shows what the machine can run" : "");
        return;
    }
    rc = xl_build((domid_t)dom, r.image.data, r.image.size, "", &out);
    if (rc) {
        printk("create %s: build of d%ld failed: %s (%ld); is '%s' a %s kernel?\n",
               r.image.name, dom, xl_strerror(rc), rc, r.image.name, type_name(r.type));
        (void)xl_destroy((domid_t)dom);
        return;
    }
    note_set((domid_t)dom, r.image.name, r.type);
    backends_add((domid_t)dom, notes[dom].name, &out);
    /* Said before the unpause, so the line comes before the domain's own. */
    printk("created domain %ld: %s, %s, %u MiB, %u vCPU%s\n", dom, r.image.name,
           type_name(r.type), r.mib, r.vcpus, r.vcpus > 1 ? "s" : "");
    rc = xl_unpause((domid_t)dom);
    if (rc)
        printk("domain %ld stays paused: unpause failed: %s (%ld)\n", dom, xl_strerror(rc), rc);
}

static void
cmd_destroy(const struct words *ws)
{
    domid_t dom;
    long rc;

    if (one_dom(ws, &dom))
        return;
    if (dom != 0)               /* unmap and close before the domain goes */
        backends_remove(dom);
    rc = xl_destroy(dom);
    if (rc) {
        report_rc("destroy", dom, rc);
        if (rc == -XEN_EPERM && dom == 0)
            printk("domain 0 is the control domain: it cannot be destroyed\n");
        return;
    }
    notes[dom].name[0] = '\0';
    printk("destroyed domain %u\n", dom);
}

static void
cmd_pause(const struct words *ws)
{
    domid_t dom;
    long rc;

    if (one_dom(ws, &dom))
        return;
    rc = xl_pause(dom);
    if (rc == -XEN_EBUSY)
        printk("domain %u is already paused: `unpause %u` resumes it\n", dom, dom);
    else if (rc == -XEN_EINVAL && dom == 0)
        printk("dom0 cannot pause itself\n");
    else if (rc)
        report_rc("pause", dom, rc);
    else
        printk("paused domain %u\n", dom);
}

static void
cmd_unpause(const struct words *ws)
{
    domid_t dom;
    long rc;

    if (one_dom(ws, &dom))
        return;
    rc = xl_unpause(dom);
    if (rc == -XEN_EINVAL)
        printk("domain %u is not paused (or is dom0 itself): nothing to do\n", dom);
    else if (rc)
        report_rc("unpause", dom, rc);
    else
        printk("unpaused domain %u\n", dom);
}

static void
cmd_sched(const struct words *ws)
{
    uint32_t weight, cap;
    domid_t dom;
    int set = 0;
    long rc;

    if (ws->n < 2) {
        printk("usage: sched <dom> [weight=1..65535] [cap=percent, 0 = none]\n");
        return;
    }
    if (parse_dom(ws->w[1], &dom))
        return;
    rc = xl_sched_get(dom, &weight, &cap);
    if (rc) {
        report_rc("sched", dom, rc);
        return;
    }
    for (unsigned int k = 2; k < ws->n; k++) {
        const char *v;
        uint32_t *field = NULL;

        if ((v = keyval(ws->w[k], "weight")) != NULL)
            field = &weight;
        else if ((v = keyval(ws->w[k], "cap")) != NULL)
            field = &cap;
        if (!field || parse_u32(v, field)) {
            printk("sched: '%s': give weight=W (1..65535) or cap=C (percent)\n", ws->w[k]);
            return;
        }
        set = 1;
    }
    if (set && (rc = xl_sched_set(dom, weight, cap)) != 0) {
        report_rc("sched", dom, rc);
        printk("weight must be 1..65535, cap 0..100 per vCPU\n");
        return;
    }
    if (set)
        (void)xl_sched_get(dom, &weight, &cap);
    printk("domain %u: credit scheduler weight=%u cap=%u%s\n", dom, weight, cap,
           cap ? "%" : " (none)");
}

/* Attach: history, then live output, typed bytes to the domU, until
 * Ctrl-] (main.c routes the input while console_attached()). */
static void
cmd_console(const struct words *ws)
{
    domid_t dom;

    if (one_dom(ws, &dom))
        return;
    if (dom == 0) {
        printk("domain 0's console is this one (its lines are the (d0) ones)\n");
        return;
    }
    if (!console_served(dom)) {
        printk("domain %u has no console that dom0 serves: `list` shows the domains; "
               "those created here have one\n", dom);
        return;
    }
    printk("[console of domain %u (%s); Ctrl-] returns to the shell]\n", dom,
           notes[dom].name[0] ? notes[dom].name : "?");
    (void)console_attach(dom);
}

static void
cmd_dmesg(const struct words *ws)
{
    static char buf[DMESG_CHUNK];
    uint64_t index = 0;
    uint32_t total = 0;
    char last = '\n';

    while (total < DMESG_MAX) {
        long n = xl_readconsole(&index, buf, sizeof(buf));

        if (n < 0) {
            printk("dmesg: readconsole failed: %s (%ld)\n", xl_strerror(n), n);
            return;
        }
        if (n == 0)
            break;
        if ((size_t)n > sizeof(buf))    /* never, by the spec; be safe */
            n = sizeof(buf);
        console_write(buf, (size_t)n);
        last = buf[n - 1];
        total += (uint32_t)n;
    }
    if (last != '\n')
        console_write("\n", 1);
}

static void
cmd_info(const struct words *ws)
{
    struct xl_sysctl_physinfo p;
    long rc = xl_physinfo(&p);

    if (rc) {
        printk("info: physinfo failed: %s (%ld)\n", xl_strerror(rc), rc);
        return;
    }
    printk("nr_cpus      : %u\n", p.nr_cpus);
    printk("cpu_mhz      : %u\n", p.cpu_khz / 1000);
    printk("total_memory : %lu MiB\n", (unsigned long)(p.total_pages / MIB_PAGES));
    printk("free_memory  : %lu MiB (%lu pages)\n", (unsigned long)(p.free_pages / MIB_PAGES),
           (unsigned long)p.free_pages);
    printk("guest kinds  : %s%s%s%s%s\n",
           (p.capabilities & XL_PHYSCAP_pv) ? "pv " : "",
           (p.capabilities & XL_PHYSCAP_hvm) ? "pvh hvm " : "(no pvh/hvm) ",
           (p.capabilities & XL_PHYSCAP_svm) ? "svm " : "",
           (p.capabilities & XL_PHYSCAP_vmx) ? "vmx " : "",
           (p.capabilities & XL_PHYSCAP_hap) ? "hap" : "");
}

static void
cmd_ls(const struct words *ws)
{
    struct cpio_iter it;
    struct cpio_file f;
    unsigned int n = 0;
    int rc;

    cpio_iter_init(&it, ramdisk, ramdisk_len);
    while ((rc = cpio_next(&it, &f)) == CPIO_OK) {
        printk("%9lu  %s\n", (unsigned long)f.size, f.name);
        n++;
    }
    if (rc != CPIO_END)
        printk("ramdisk: %s at byte %lu; files after it are not listed\n",
               cpio_strerror(rc), (unsigned long)it.off);
    if (n == 0)
        printk("the ramdisk has no files (boot module 1 must be a cpio newc archive)\n");
}

static void
cmd_xs(const struct words *ws)
{
    xenstored_cmd(ws->n, ws->w);
}

/* ---- dispatch ---- */

static const struct command {
    const char *name;
    void (*fn)(const struct words *ws);
} commands[] = {
    { "help", cmd_help },       { "list", cmd_list },       { "create", cmd_create },
    { "destroy", cmd_destroy }, { "pause", cmd_pause },     { "unpause", cmd_unpause },
    { "sched", cmd_sched },     { "console", cmd_console }, { "dmesg", cmd_dmesg },
    { "info", cmd_info },       { "ls", cmd_ls },           { "xs", cmd_xs },
};

void
shell_run(const char *line)
{
    char buf[SHELL_LINE_MAX];
    size_t n = strnlen(line, sizeof(buf) - 1);
    struct words ws;

    memcpy(buf, line, n);
    buf[n] = '\0';
    split(buf, &ws);
    if (ws.n == 0)
        return;
    for (unsigned int k = 0; k < ARRAY_SIZE(commands); k++)
        if (!strcmp(ws.w[0], commands[k].name)) {
            commands[k].fn(&ws);
            return;
        }
    printk("unknown command '%s': `help` lists the commands\n", ws.w[0]);
}

void
shell_init(const void *base, size_t len)
{
    ramdisk = base;
    ramdisk_len = len;
}

/* Each line of "autostart" that is a `create` command, run in order. */
void
shell_autostart(void)
{
    struct cpio_file f;
    char line[SHELL_LINE_MAX];
    size_t pos = 0;

    if (cpio_find(ramdisk, ramdisk_len, "autostart", &f))
        return;
    while (pos < f.size) {
        size_t n = 0;

        while (pos < f.size && f.data[pos] != '\n') {
            if (n < sizeof(line) - 1)
                line[n++] = (char)f.data[pos];
            pos++;
        }
        pos++;                          /* the '\n' */
        line[n] = '\0';
        if (n == 0 || line[0] == '#')
            continue;
        printk("autostart: %s\n", line);
        if (strncmp(line, "create ", 7))
            printk("autostart: only `create ...` lines are run; skipped\n");
        else
            shell_run(line);
    }
}
