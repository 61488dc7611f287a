#!/bin/sh
# gensyms.sh - turn `nm -n` output of the hypervisor into the assembly of
# its in-image symbol table (struct symtab in src/hv/include/symbols.h).
# Only text symbols are kept: the table serves stack traces.
# usage: nm -n xenolith-syms | gensyms.sh > symtab.S
awk 'BEGIN { n = 0 }
$2 ~ /^[tTwW]$/ && $3 !~ /^(xl_symtab_|\.L|_start$|_stext$|_etext$)/ {
    addr[n] = $1; name[n] = $3; n++
}
END {
    print "\t.section .symtab_xl, \"a\", @progbits"
    print "\t.align 8"
    print "\t.globl xl_symtab_nr, xl_symtab_addrs, xl_symtab_name_offs, xl_symtab_names"
    print "xl_symtab_nr:\t.quad " (n + 0)
    print "xl_symtab_addrs:"
    for (i = 0; i < n; i++) print "\t.quad 0x" addr[i]
    print "xl_symtab_name_offs:"
    off = 0
    for (i = 0; i < n; i++) { print "\t.long " off; off += length(name[i]) + 1 }
    print "xl_symtab_names:"
    for (i = 0; i < n; i++) print "\t.asciz \"" name[i] "\""
}'
