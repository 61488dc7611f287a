/*
 * xl_errno.h - error numbers of the hypervisor, Xen's values.
 *
 * Environment: hosted and hypervisor.
 *
 * Hypercalls return these negated (-EINVAL), exactly as Xen's public
 * errno list numbers them, so guests built against Xen's headers read the
 * same codes.  Core functions that can fail return 0 or a negative value
 * from this list.
 *
 * The file is called xl_errno.h, not errno.h, because the hosted build puts
 * src/hv/include on the include path and a file named errno.h there would
 * shadow the C library's for every libc header.  The numbers equal Linux's,
 * and each macro is spelled exactly as glibc spells it (a bare decimal), so a
 * hosted file that includes both <errno.h> and this file gets identical,
 * hence legal, redefinitions.  Still, sim and test code should prefer one.
 */
#ifndef XL_ERRNO_H
#define XL_ERRNO_H

#define EPERM 1
#define ENOENT 2
#define ESRCH 3
#define EINTR 4
#define EIO 5
#define ENXIO 6
#define E2BIG 7
#define ENOEXEC 8
#define EBADF 9
#define ECHILD 10
#define EAGAIN 11
#define ENOMEM 12
#define EACCES 13
#define EFAULT 14
#define EBUSY 16
#define EEXIST 17
#define EXDEV 18
#define ENODEV 19
#define EINVAL 22
#define ENFILE 23
#define EMFILE 24
#define ENOSPC 28
#define ERANGE 34
#define EDEADLK 35
#define ENAMETOOLONG 36
#define ENOSYS 38
#define ENODATA 61
#define EOVERFLOW 75
#define EILSEQ 84
#define EOPNOTSUPP 95
#define EADDRINUSE 98
#define EISCONN 106
#define ENOTCONN 107
#define ETIMEDOUT 110
#define EALREADY 114

#endif /* XL_ERRNO_H */
