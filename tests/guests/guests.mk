# tests/guests/guests.mk - PV64 test kernels on libguest, and the targets
# that run them: check-guests (xenolith only) and xen-compare (Xen 4.17
# and xenolith side by side).  Included by the top-level GNUmakefile,
# which defines BUILD and Q; works standalone too:
#     make -f tests/guests/guests.mk xen-compare

BUILD ?= build
Q     ?= @
GUEST_CC ?= gcc
GUEST_LD ?= ld

GUEST_CFLAGS := -m64 -std=gnu11 -O2 -g -ffreestanding -nostdlib -fno-builtin \
	-fno-pic -fno-pie -mcmodel=kernel -fno-toplevel-reorder -mno-red-zone -mgeneral-regs-only \
	-fno-stack-protector -fno-asynchronous-unwind-tables -fcf-protection=none \
	-Ispec -Isrc/libguest \
	-Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-Wno-unused-parameter -MMD -MP
GUEST_ASFLAGS := -m64 -g -fno-pic -Ispec -Isrc/libguest -Wa,--noexecstack -MMD -MP
GUEST_LDFLAGS := -m elf_x86_64 -nostdlib -static -z max-page-size=4096 \
	-z noexecstack --no-warn-rwx-segments --build-id=none

LIBGUEST_SRCS := $(wildcard src/libguest/*.c) $(wildcard src/libguest/*.S)
LIBGUEST_OBJS := $(patsubst %,$(BUILD)/guests/obj/%.o,$(basename $(LIBGUEST_SRCS)))
GUEST_SRCS    := $(sort $(wildcard tests/guests/pv_*.c))
GUEST_ELFS    := $(patsubst tests/guests/%.c,$(BUILD)/guests/%.elf,$(GUEST_SRCS))
GUEST_LDS     := src/libguest/guest.lds

.PHONY: guests check-guests xen-compare fetch-xen

guests: $(GUEST_ELFS)

.SECONDARY: $(LIBGUEST_OBJS) $(patsubst %.elf,$(BUILD)/guests/obj/tests/guests/%.o,$(notdir $(GUEST_ELFS)))

$(BUILD)/guests/obj/%.o: %.c tests/guests/guests.mk
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(GUEST_CC) $(GUEST_CFLAGS) -c $< -o $@

$(BUILD)/guests/obj/%.o: %.S tests/guests/guests.mk
	@mkdir -p $(dir $@)
	@echo "  AS      $<"
	$(Q)$(GUEST_CC) $(GUEST_ASFLAGS) -c $< -o $@

$(BUILD)/guests/%.elf: $(BUILD)/guests/obj/tests/guests/%.o $(LIBGUEST_OBJS) $(GUEST_LDS)
	@echo "  LD      $@"
	$(Q)$(GUEST_LD) $(GUEST_LDFLAGS) -T $(GUEST_LDS) -o $@ $< $(LIBGUEST_OBJS)

fetch-xen: $(BUILD)/xen/xen
$(BUILD)/xen/xen: tools/fetch-xen.sh
	$(Q)sh tools/fetch-xen.sh $(BUILD)

# Every kernel on xenolith only; one summary line for `make check`.
check-guests: $(GUEST_ELFS) $(BUILD)/xenolith
	$(Q)python3 tools/xen-compare.py --only xenolith --build $(BUILD) \
		--summary $(BUILD)/guests-summary.txt $(GUEST_ELFS)

# Every kernel on Xen 4.17 and on xenolith; a table; non-zero if any
# test fails on either.
xen-compare: $(GUEST_ELFS) $(BUILD)/xen/xen $(BUILD)/xenolith
	$(Q)python3 tools/xen-compare.py --build $(BUILD) $(GUEST_ELFS)

-include $(LIBGUEST_OBJS:.o=.d) $(patsubst %.elf,$(BUILD)/guests/obj/tests/guests/%.d,$(notdir $(GUEST_ELFS)))

# domU kernels and the toolstack kernel that builds them (tests/guests/domu/):
# booted by the system tests (dom0 = toolstack, its ramdisk = a domU), not
# by check-guests or xen-compare (the control interface is xenolith's own).
DOMU_SRCS := $(wildcard tests/guests/domu/*.c)
DOMU_ELFS := $(patsubst tests/guests/domu/%.c,$(BUILD)/guests/domu_%.elf,$(DOMU_SRCS))

domu-guests: $(DOMU_ELFS)

# The isolation test carries the adversary kernel inside it (.incbin), so
# that its ramdisk can be a PVH kernel.
$(BUILD)/guests/obj/tests/guests/domu/isolation.o: $(BUILD)/guests/domu_adversary.elf
$(BUILD)/guests/obj/tests/guests/domu/isolation.o: \
	GUEST_CFLAGS += -DADVERSARY_ELF='"$(BUILD)/guests/domu_adversary.elf"'

$(BUILD)/guests/domu_%.elf: $(BUILD)/guests/obj/tests/guests/domu/%.o $(LIBGUEST_OBJS) $(GUEST_LDS)
	@echo "  LD      $@"
	$(Q)$(GUEST_LD) $(GUEST_LDFLAGS) -T $(GUEST_LDS) -o $@ $< $(LIBGUEST_OBJS)

# Cycle figures (not a test: no assertion on the numbers; the guests'
# correctness is in check-guests and the evtchn-pingpong system test).
.PHONY: bench
bench: $(GUEST_ELFS) $(DOMU_ELFS) hvm-guests $(BUILD)/xen/xen $(BUILD)/xenolith
	$(Q)python3 tools/bench.py --build $(BUILD)
