/*
 * dom0/xenstored.h - the shell's view of dom0's xenstore daemon (the
 * backend calls are in backend.h; the store itself in xs_core.h).
 *
 * Where it runs: guest only (dom0).
 *
 * xenstored_cmd runs `xs ls|read|write|rm ...` as dom0 (every node is
 * dom0's to see) and prints the result; words[0] is "xs".
 */
#ifndef DOM0_XENSTORED_H
#define DOM0_XENSTORED_H

extern const char *const xenstored_help[];     /* NULL-terminated lines */

void xenstored_cmd(unsigned int nwords, char *const words[]);

#endif /* DOM0_XENSTORED_H */
