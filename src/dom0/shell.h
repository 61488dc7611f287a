/*
 * dom0/shell.h - the toolstack shell: one command line in, its output on
 * dom0's console.
 *
 * Where it runs: guest only (dom0).
 *
 * shell_init() takes dom0's ramdisk (a cpio newc archive, untrusted) and
 * must be called once before anything else.  shell_run() runs one line
 * (words separated by blanks) and never fails: every error is printed with
 * what to do about it.  shell_autostart() runs the `create` lines of the
 * ramdisk's file "autostart".
 */
#ifndef DOM0_SHELL_H
#define DOM0_SHELL_H

#include <stddef.h>

#define SHELL_LINE_MAX 128      /* bytes of one command line, with the NUL */
#define SHELL_PROMPT   "xl> "

void shell_init(const void *ramdisk, size_t len);
void shell_run(const char *line);
void shell_autostart(void);

#endif /* DOM0_SHELL_H */
