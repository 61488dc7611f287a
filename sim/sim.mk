# sim/sim.mk - the hosted platform: the portable core as a userspace library,
# and the cmocka unit tests built and run against it.
#
# Included by the top-level GNUmakefile, which defines BUILD (output root)
# and Q (@ or empty).  Paths are relative to the repository root.
#
# Targets:
#   $(BUILD)/sim/libxlcore.a   src/hv/common/*.c + sim/*.c, ASan/UBSan
#   $(BUILD)/sim/tests/test_X  one binary per tests/unit/test_X.c
#   unit                       build and run every test binary; writes
#                              $(BUILD)/unit-summary.txt ("unit: N passed,
#                              M failed", counting cmocka test cases) and
#                              fails if anything failed
#   core-freestanding-check    compile each core file with the bare-metal
#                              flags (-Werror), no output kept
#
# Files in tests/unit/ not named test_*.c are shared helpers, linked into
# every test binary.  New core files and new tests are picked up by the
# wildcards; nothing here needs editing.

BUILD ?= build
Q ?= @

SIM_CC ?= gcc
SIM_CFLAGS := -std=gnu11 -g -O1 -fsanitize=address,undefined \
	-fno-sanitize-recover=all -fno-omit-frame-pointer \
	-Wall -Wextra -Werror -Isrc/hv/include -Isim -Ispec
SIM_LDFLAGS := -fsanitize=address,undefined
SIM_DEPFLAGS = -MMD -MP -MF $(@:.o=.d)

SIM_CORE_SRCS := $(wildcard src/hv/common/*.c)
SIM_PLAT_SRCS := $(wildcard sim/*.c)
# Portable dom0 code tested here too (the xenstore core, spec/xenstore.md).
SIM_DOM0_SRCS := src/dom0/xs_core.c
SIM_LIB_OBJS := $(patsubst %.c,$(BUILD)/sim/obj/%.o,$(SIM_CORE_SRCS) $(SIM_PLAT_SRCS) $(SIM_DOM0_SRCS))
SIM_LIB := $(BUILD)/sim/libxlcore.a

SIM_TEST_SRCS := $(wildcard tests/unit/test_*.c)
SIM_HELPER_SRCS := $(filter-out $(SIM_TEST_SRCS),$(wildcard tests/unit/*.c))
SIM_HELPER_OBJS := $(patsubst %.c,$(BUILD)/sim/obj/%.o,$(SIM_HELPER_SRCS))
SIM_TEST_OBJS := $(patsubst %.c,$(BUILD)/sim/obj/%.o,$(SIM_TEST_SRCS))
SIM_TEST_BINS := $(patsubst tests/unit/%.c,$(BUILD)/sim/tests/%,$(SIM_TEST_SRCS))
SIM_UNIT_SUMMARY := $(BUILD)/unit-summary.txt

# cmocka fixes test signatures (void **state): unused there is normal.
SIM_TEST_CFLAGS := -Itests/unit -Wno-unused-parameter

$(BUILD)/sim/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(Q)$(SIM_CC) $(SIM_CFLAGS) $(if $(filter tests/%,$<),$(SIM_TEST_CFLAGS)) $(SIM_DEPFLAGS) -c $< -o $@

$(SIM_LIB): $(SIM_LIB_OBJS)
	@mkdir -p $(dir $@)
	$(Q)rm -f $@
	$(Q)ar rcs $@ $^

$(BUILD)/sim/tests/%: $(BUILD)/sim/obj/tests/unit/%.o $(SIM_HELPER_OBJS) $(SIM_LIB)
	@mkdir -p $(dir $@)
	$(Q)$(SIM_CC) $(SIM_LDFLAGS) -o $@ $< $(SIM_HELPER_OBJS) $(SIM_LIB) -lcmocka

# Keep test objects: they are intermediate files of a chain otherwise.
.SECONDARY: $(SIM_TEST_OBJS)

.PHONY: unit unit-build core-freestanding-check
unit-build: $(SIM_TEST_BINS)

unit: unit-build
	$(Q)sh sim/run_unit.sh $(SIM_UNIT_SUMMARY) $(SIM_TEST_BINS)

# The bare-metal flags the hypervisor build uses for the portable core.
SIM_HV_CFLAGS := -m64 -std=gnu11 -O2 -g -ffreestanding -fno-builtin -nostdinc \
	-isystem $(shell $(SIM_CC) -print-file-name=include) \
	-Isrc/hv/include -Isrc/hv/lib/include -Ispec \
	-mcmodel=kernel -mno-red-zone -mgeneral-regs-only -mno-sse -mno-mmx \
	-mno-80387 -fno-pic -fno-pie -fno-stack-protector -fno-omit-frame-pointer \
	-Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-Wno-unused-parameter

core-freestanding-check:
	$(Q)rc=0; for f in $(SIM_CORE_SRCS) src/hv/lib/string.c; do \
		$(SIM_CC) $(SIM_HV_CFLAGS) -c $$f -o /dev/null || { echo "FAIL $$f"; rc=1; }; \
	done; test $$rc = 0 && echo "core-freestanding-check: ok"

-include $(SIM_LIB_OBJS:.o=.d) $(SIM_HELPER_OBJS:.o=.d) $(SIM_TEST_OBJS:.o=.d)
