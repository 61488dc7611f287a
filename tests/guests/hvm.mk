# tests/guests/hvm.mk - HVM and PVH test guests on libhvm (src/libguest/hvm)
# and the targets that run them.  Included by the top-level GNUmakefile
# (which defines BUILD and Q); works standalone too:
#     make -f tests/guests/hvm.mk hvm-guests
#
#   hvm-guests    build every guest:
#                   build/hvm/pvh_*.elf, build/hvm/adv_*.elf   PVH ELF images
#                   build/hvm/hvm_*.bin                        flat images for 0x7c00
#   check-hvm     run them all on xenolith under QEMU (SVM); summary line
#                 "hvm: N passed, M failed" in build/hvm-summary.txt
#   hvm-compare   PVH guests on Xen 4.17 (dom0=pvh) and on xenolith; a table
#   hvm-bench     cycles per CPUID exit and per null hypercall under
#                 QEMU -icount shift=0, Xen 4.17 and xenolith
#   hvm-bare      boot images on bare QEMU (BIOS, no hypervisor): checks the
#                 mode switches and the fallbacks on their own
#
# Flavours (HVM_MODE in src/libguest/hvm/head.S): pvh32, pvh64 (PVH entry),
# boot32, bootpae, boot64 (real-mode start at 0x7c00).

BUILD ?= build
Q     ?= @
HVM_CC ?= gcc
HVM_LD ?= ld
HVM_OBJCOPY ?= objcopy

HVM_OUT := $(BUILD)/hvm
HVM_LIB := src/libguest/hvm

HVM_CFLAGS := -std=gnu11 -O2 -g -ffreestanding -nostdlib -fno-builtin \
	-fno-pic -fno-pie -mno-red-zone -mgeneral-regs-only -fno-stack-protector \
	-fno-asynchronous-unwind-tables -fcf-protection=none -fno-omit-frame-pointer -fno-toplevel-reorder \
	-Ispec -I$(HVM_LIB) \
	-Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-Wno-unused-parameter -MMD -MP
HVM_CFLAGS32 := -m32 -march=i686 $(HVM_CFLAGS)
HVM_CFLAGS64 := -m64 -mcmodel=small $(HVM_CFLAGS)
HVM_ASFLAGS  := -g -Wa,--noexecstack -MMD -MP
HVM_LDFLAGS  := -nostdlib -static -z max-page-size=4096 -z noexecstack \
	--no-warn-rwx-segments --build-id=none

# mode -> word size, and the numbers head.S knows
hvm_bits_pvh32 := 32
hvm_bits_pvh64 := 64
hvm_bits_boot32 := 32
hvm_bits_bootpae := 32
hvm_bits_boot64 := 64
hvm_num_pvh32 := 1
hvm_num_pvh64 := 2
hvm_num_boot32 := 3
hvm_num_bootpae := 4
hvm_num_boot64 := 5
hvm_ldm_32 := elf_i386
hvm_ldm_64 := elf_x86_64

HVM_LIB_SRCS := lib.c test.c traps.c idt.S xs.c
# libguest's word-size neutral files (../klib.h), built for libhvm too
HVM_SHARED_SRCS := printf.c string.c testcore.c
HVM_LIB_OBJS32 := $(patsubst %,$(HVM_OUT)/obj32/%.o,$(basename $(HVM_LIB_SRCS))) \
	$(patsubst %,$(HVM_OUT)/obj32/shared/%.o,$(basename $(HVM_SHARED_SRCS)))
HVM_LIB_OBJS64 := $(patsubst %,$(HVM_OUT)/obj64/%.o,$(basename $(HVM_LIB_SRCS))) \
	$(patsubst %,$(HVM_OUT)/obj64/shared/%.o,$(basename $(HVM_SHARED_SRCS)))

# guest name : mode : test source (tests/guests/hvm/<src>.c)
HVM_PVH_GUESTS := \
	pvh_basic:pvh32:pvh_tests \
	pvh_long:pvh64:pvh_tests \
	adv_hypercall:pvh64:adv_hypercall \
	adv_hypercall32:pvh32:adv_hypercall \
	adv_io:pvh64:adv_io \
	adv_cpuid_msr:pvh64:adv_cpuid_msr \
	adv_mmio:pvh64:adv_mmio \
	adv_triple:pvh64:adv_triple \
	adv_spin:pvh64:adv_spin
# PVH domUs only (they need what dom0's toolstack gives a domU: not run
# by check-hvm / hvm-compare, which boot each guest as dom0).
HVM_PVH_DOMU_GUESTS := \
	pvh_xenstore:pvh64:pvh_xenstore
HVM_BOOT_GUESTS := \
	hvm32:boot32:boot_tests \
	hvm32pae:bootpae:boot_tests \
	hvm64:boot64:boot_tests

hvm_name = $(word 1,$(subst :, ,$(1)))
hvm_mode = $(word 2,$(subst :, ,$(1)))
hvm_src  = $(word 3,$(subst :, ,$(1)))

HVM_PVH_ELFS  := $(foreach g,$(HVM_PVH_GUESTS),$(HVM_OUT)/$(call hvm_name,$(g)).elf)
HVM_BOOT_BINS := $(foreach g,$(HVM_BOOT_GUESTS),$(HVM_OUT)/$(call hvm_name,$(g)).bin) \
	$(HVM_OUT)/hvm_realmode.bin
# The guests that Xen 4.17 can run as a PVH dom0 (all PVH images).
HVM_XEN_ELFS  := $(HVM_PVH_ELFS)

.PHONY: hvm-guests check-hvm hvm-compare hvm-bench hvm-bare
hvm-guests: $(HVM_PVH_ELFS) $(HVM_BOOT_BINS) \
	$(foreach g,$(HVM_PVH_DOMU_GUESTS),$(HVM_OUT)/$(call hvm_name,$(g)).elf)

$(HVM_OUT)/obj32/%.o: $(HVM_LIB)/%.c tests/guests/hvm.mk
	@mkdir -p $(dir $@)
	@echo "  CC32    $<"
	$(Q)$(HVM_CC) $(HVM_CFLAGS32) -c $< -o $@
$(HVM_OUT)/obj64/%.o: $(HVM_LIB)/%.c tests/guests/hvm.mk
	@mkdir -p $(dir $@)
	@echo "  CC64    $<"
	$(Q)$(HVM_CC) $(HVM_CFLAGS64) -c $< -o $@
$(HVM_OUT)/obj32/shared/%.o: src/libguest/%.c tests/guests/hvm.mk
	@mkdir -p $(dir $@)
	@echo "  CC32    $<"
	$(Q)$(HVM_CC) $(HVM_CFLAGS32) -c $< -o $@
$(HVM_OUT)/obj64/shared/%.o: src/libguest/%.c tests/guests/hvm.mk
	@mkdir -p $(dir $@)
	@echo "  CC64    $<"
	$(Q)$(HVM_CC) $(HVM_CFLAGS64) -c $< -o $@
$(HVM_OUT)/obj32/%.o: $(HVM_LIB)/%.S tests/guests/hvm.mk
	@mkdir -p $(dir $@)
	@echo "  AS32    $<"
	$(Q)$(HVM_CC) -m32 $(HVM_ASFLAGS) -c $< -o $@
$(HVM_OUT)/obj64/%.o: $(HVM_LIB)/%.S tests/guests/hvm.mk
	@mkdir -p $(dir $@)
	@echo "  AS64    $<"
	$(Q)$(HVM_CC) -m64 $(HVM_ASFLAGS) -c $< -o $@
$(HVM_OUT)/obj32/tests/%.o: tests/guests/hvm/%.c tests/guests/hvm.mk
	@mkdir -p $(dir $@)
	@echo "  CC32    $<"
	$(Q)$(HVM_CC) $(HVM_CFLAGS32) -c $< -o $@
$(HVM_OUT)/obj64/tests/%.o: tests/guests/hvm/%.c tests/guests/hvm.mk
	@mkdir -p $(dir $@)
	@echo "  CC64    $<"
	$(Q)$(HVM_CC) $(HVM_CFLAGS64) -c $< -o $@

# head.S once per mode
define hvm_head_rule
$(HVM_OUT)/head-$(1).o: $(HVM_LIB)/head.S tests/guests/hvm.mk
	@mkdir -p $$(dir $$@)
	@echo "  AS      head.S ($(1))"
	$(Q)$(HVM_CC) -m$(hvm_bits_$(1)) -DHVM_MODE=$(hvm_num_$(1)) $(HVM_ASFLAGS) -c $$< -o $$@
endef
$(foreach m,pvh32 pvh64 boot32 bootpae boot64,$(eval $(call hvm_head_rule,$(m))))

# $(1) name, $(2) mode, $(3) source, $(4) linker script, $(5) output suffix
define hvm_guest_rule
$(HVM_OUT)/$(1).elf$(if $(filter bin,$(5)),.boot): $(HVM_OUT)/head-$(2).o \
		$(HVM_OUT)/obj$(hvm_bits_$(2))/tests/$(3).o $(HVM_LIB_OBJS$(hvm_bits_$(2))) \
		$(HVM_LIB)/$(4) $(HVM_LIB)/hvm.lds
	@echo "  LD      $$@"
	$(Q)$(HVM_LD) -m $(hvm_ldm_$(hvm_bits_$(2))) $(HVM_LDFLAGS) -T $(HVM_LIB)/$(4) -o $$@ \
		$(HVM_OUT)/head-$(2).o $(HVM_OUT)/obj$(hvm_bits_$(2))/tests/$(3).o \
		$(HVM_LIB_OBJS$(hvm_bits_$(2)))
endef
$(foreach g,$(HVM_PVH_GUESTS) $(HVM_PVH_DOMU_GUESTS),$(eval $(call hvm_guest_rule,$(call hvm_name,$(g)),$(call hvm_mode,$(g)),$(call hvm_src,$(g)),pvh.lds,elf)))
$(foreach g,$(HVM_BOOT_GUESTS),$(eval $(call hvm_guest_rule,$(call hvm_name,$(g)),$(call hvm_mode,$(g)),$(call hvm_src,$(g)),boot.lds,bin)))

$(HVM_OUT)/%.bin: $(HVM_OUT)/%.elf.boot
	@echo "  OBJCOPY $@"
	$(Q)$(HVM_OBJCOPY) -O binary -j .text -j .rodata -j .data $< $@

# hvm_realmode's BIOS path reads 7 sectors after the boot sector.
$(HVM_OUT)/hvm_realmode.bin: $(HVM_OUT)/hvm_realmode.elf.boot
	@echo "  OBJCOPY $@"
	$(Q)$(HVM_OBJCOPY) -O binary -j .text $< $@
	$(Q)test $$(stat -c %s $@) -le 4096 || { echo "$@: larger than 8 sectors"; rm -f $@; exit 1; }

# The real-mode guest is one assembly file, no library.
$(HVM_OUT)/hvm_realmode.elf.boot: tests/guests/hvm/hvm_realmode.S tests/guests/hvm.mk
	@mkdir -p $(dir $@)
	@echo "  AS+LD   $<"
	$(Q)$(HVM_CC) -m32 $(HVM_ASFLAGS) -Ispec -c $< -o $(HVM_OUT)/hvm_realmode.o
	$(Q)$(HVM_LD) -m elf_i386 $(HVM_LDFLAGS) -Ttext=0x7c00 -e realmode_start \
		-o $@ $(HVM_OUT)/hvm_realmode.o

.SECONDARY: $(HVM_LIB_OBJS32) $(HVM_LIB_OBJS64)

HVM_RUN := python3 tools/hvm-compare.py --build $(BUILD)

# Every guest on xenolith (QEMU, SVM); one summary line for `make check`.
check-hvm: hvm-guests $(BUILD)/xenolith
	$(Q)$(HVM_RUN) --only xenolith --summary $(BUILD)/hvm-summary.txt \
		$(HVM_PVH_ELFS) $(HVM_BOOT_BINS)

# PVH guests on Xen 4.17 (dom0=pvh) and xenolith; boot images on xenolith.
hvm-compare: hvm-guests $(BUILD)/xen/xen $(BUILD)/xenolith
	$(Q)$(HVM_RUN) $(HVM_PVH_ELFS) $(HVM_BOOT_BINS)

hvm-bench: hvm-guests $(BUILD)/xen/xen
	$(Q)$(HVM_RUN) --bench $(HVM_OUT)/pvh_basic.elf $(HVM_OUT)/pvh_long.elf

hvm-bare: hvm-guests
	$(Q)$(HVM_RUN) --only bare $(HVM_BOOT_BINS)

-include $(HVM_LIB_OBJS32:.o=.d) $(HVM_LIB_OBJS64:.o=.d) \
	$(wildcard $(HVM_OUT)/obj*/tests/*.d) $(wildcard $(HVM_OUT)/head-*.d)
