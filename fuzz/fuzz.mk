# fuzz/fuzz.mk - fuzz harnesses, campaigns, corpus replay and coverage.
#
# Included by the top-level GNUmakefile after sim/sim.mk (uses SIM_CFLAGS,
# SIM_LIB, SIM_CORE_SRCS, SIM_PLAT_SRCS, SIM_TEST_SRCS, SIM_HELPER_SRCS).
# fuzz/README.md explains the harnesses, the encoding and the oracles.
#
#   make fuzz          every harness under AFL++ (persistent) and libFuzzer
#                      for FUZZ_SECS seconds each; fails on any crash or
#                      sanitizer report, reproducers go to fuzz/crashes/<h>/
#   make fuzz-replay   committed corpus + reproducers through the replay
#                      builds (gcc, ASan+UBSan); writes build/fuzz-summary.txt
#   make fuzz-planted  each planted bug (-DXL_PLANT_BUG=1|2|3) under each
#                      engine: must be found within PLANT_SECS, in each of
#                      PLANT_ROUNDS runs; a table (build/fuzz-planted.txt),
#                      finds in build/fuzz/planted/
#   make coverage      gcov/lcov line + branch coverage of the core from
#                      corpus replay + unit tests; build/coverage/index.html;
#                      fails under COV_LINES / COV_BRANCHES for src/hv/common
#   make fuzz-build    all fuzz binaries (replay, libFuzzer, AFL++)
#   make fuzz-oss      fuzz/build.sh as OSS-Fuzz runs it, into build/oss-fuzz;
#                      each binary runs its seed zip once

FUZZ_SECS   ?= 30
PLANT_SECS  ?= 60
PLANT_ROUNDS ?= 1
FUZZ_HARNESSES := elf hypercall xenstore
AFL_CC      ?= afl-clang-fast
FUZZ_CLANG  ?= clang

FUZZ_DIR := $(BUILD)/fuzz
FUZZ_LIB_SRCS := $(SIM_CORE_SRCS) $(SIM_PLAT_SRCS) $(SIM_DOM0_SRCS)
FUZZ_INC := -Isrc/hv/include -Isim -Ispec -Ifuzz
FUZZ_WARN := -Wall -Wextra -Werror -Wno-unused-function

# Each variant: object dir, compiler, compile flags, link flags.
FV_lf_CC      = $(FUZZ_CLANG)
FV_lf_CFLAGS  = -g -O1 -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all
FV_lf_LDFLAGS = -fsanitize=fuzzer,address,undefined
FV_afl_CC     = $(AFL_CC)
FV_afl_CFLAGS = -g -O2
FV_afl_LDFLAGS =
FV_cov_CC     = gcc
# -O0 leaves gcc no value ranges, so -Wformat-truncation guesses (it fires on
# snprintf of a small int); the replay build (gcc -O1 -Werror) keeps it.
FV_cov_CFLAGS = -g -O0 --coverage -Wno-format-truncation
FV_cov_LDFLAGS = --coverage

# $(call fuzz_variant,NAME,BASE,EXTRA_CFLAGS)
define fuzz_variant
$(FUZZ_DIR)/$(1)/obj/%.o: %.c
	@mkdir -p $$(dir $$@)
	$$(Q)$$(FV_$(2)_CC) -std=gnu11 $$(FV_$(2)_CFLAGS) $(3) $$(FUZZ_WARN) $$(FUZZ_INC) -MMD -MP -c $$< -o $$@

$(FUZZ_DIR)/$(1)/libcore.a: $$(patsubst %.c,$(FUZZ_DIR)/$(1)/obj/%.o,$$(FUZZ_LIB_SRCS))
	$$(Q)rm -f $$@ && ar rcs $$@ $$^

$(FUZZ_DIR)/$(1)/fuzz_%: $(FUZZ_DIR)/$(1)/obj/fuzz/fuzz_%.o $(FUZZ_DIR)/$(1)/libcore.a
	$$(Q)$$(FV_$(2)_CC) $$(FV_$(2)_LDFLAGS) -o $$@ $$^

-include $$(patsubst %.c,$(FUZZ_DIR)/$(1)/obj/%.d,$$(FUZZ_LIB_SRCS) $$(wildcard fuzz/fuzz_*.c))
endef

# The oracles are the judge, not the target: no coverage instrumentation
# for them (libFuzzer keeps ASan+UBSan; AFL++ plain clang).  Instrumented,
# their walks over every frame and port after every call took most of each
# execution and fed the engines features that say nothing about the core.
$(FUZZ_DIR)/%/obj/sim/sim_oracle.o: FV_lf_CFLAGS = -g -O1 -fsanitize=address,undefined -fno-sanitize-recover=all
$(FUZZ_DIR)/%/obj/sim/sim_oracle.o: FV_afl_CC = $(FUZZ_CLANG)

$(eval $(call fuzz_variant,lf,lf,))
$(eval $(call fuzz_variant,afl,afl,))
$(eval $(call fuzz_variant,cov,cov,))
$(foreach n,1 2 3,$(eval $(call fuzz_variant,lf-p$(n),lf,-DXL_PLANT_BUG=$(n))))
$(foreach n,1 2 3,$(eval $(call fuzz_variant,afl-p$(n),afl,-DXL_PLANT_BUG=$(n))))

# Replay builds: the harness against the unit tests' own ASan+UBSan library.
$(FUZZ_DIR)/replay/fuzz_%: fuzz/fuzz_%.c fuzz/fuzz_main.h $(SIM_LIB)
	@mkdir -p $(dir $@)
	$(Q)$(SIM_CC) $(SIM_CFLAGS) -Ifuzz -o $@ $< $(SIM_LIB) $(SIM_LDFLAGS)

# Planted replay builds (hypercall only: the bugs are in its core): the
# replay harness with the core files that carry a planted bug recompiled
# with -DXL_PLANT_BUG=n and linked ahead of the library, whose members of
# the same name are then never pulled in.  fuzz-replay checks that each
# committed fuzz/planted/hypercall/bug<n>-*.bin fails here.
FUZZ_PLANT_SRCS := $(shell grep -l XL_PLANT_BUG $(SIM_CORE_SRCS))
define fuzz_plant_replay
$(FUZZ_DIR)/replay-p$(1)/obj/%.o: %.c
	@mkdir -p $$(dir $$@)
	$$(Q)$$(SIM_CC) $$(SIM_CFLAGS) -DXL_PLANT_BUG=$(1) -MMD -MP -c $$< -o $$@

$(FUZZ_DIR)/replay-p$(1)/fuzz_hypercall: fuzz/fuzz_hypercall.c fuzz/fuzz_main.h \
		$$(patsubst %.c,$(FUZZ_DIR)/replay-p$(1)/obj/%.o,$$(FUZZ_PLANT_SRCS)) $$(SIM_LIB)
	$$(Q)$$(SIM_CC) $$(SIM_CFLAGS) -Ifuzz -o $$@ $$< \
		$$(patsubst %.c,$(FUZZ_DIR)/replay-p$(1)/obj/%.o,$$(FUZZ_PLANT_SRCS)) \
		$$(SIM_LIB) $$(SIM_LDFLAGS)

-include $$(patsubst %.c,$(FUZZ_DIR)/replay-p$(1)/obj/%.d,$$(FUZZ_PLANT_SRCS))
endef
$(foreach n,1 2 3,$(eval $(call fuzz_plant_replay,$(n))))
FUZZ_PLANT_REPLAY_BINS := $(foreach n,1 2 3,$(FUZZ_DIR)/replay-p$(n)/fuzz_hypercall)

FUZZ_REPLAY_BINS := $(foreach h,$(FUZZ_HARNESSES),$(FUZZ_DIR)/replay/fuzz_$(h))
FUZZ_LF_BINS     := $(foreach h,$(FUZZ_HARNESSES),$(FUZZ_DIR)/lf/fuzz_$(h))
FUZZ_AFL_BINS    := $(foreach h,$(FUZZ_HARNESSES),$(FUZZ_DIR)/afl/fuzz_$(h))

.PHONY: fuzz fuzz-build fuzz-replay fuzz-planted fuzz-oss coverage
fuzz-build: $(FUZZ_REPLAY_BINS) $(FUZZ_PLANT_REPLAY_BINS) $(FUZZ_LF_BINS) $(FUZZ_AFL_BINS)

# One line per input; a missing directory is simply empty.
fuzz-replay: $(FUZZ_REPLAY_BINS) $(FUZZ_PLANT_REPLAY_BINS)
	$(Q)sh fuzz/replay.sh $(BUILD)/fuzz-summary.txt $(FUZZ_DIR)/replay $(FUZZ_HARNESSES)

fuzz: $(FUZZ_LF_BINS) $(FUZZ_AFL_BINS)
	$(Q)rc=0; for h in $(FUZZ_HARNESSES); do \
		sh fuzz/run.sh afl $$h $(FUZZ_DIR)/afl/fuzz_$$h $(FUZZ_SECS) || rc=1; \
		sh fuzz/run.sh libfuzzer $$h $(FUZZ_DIR)/lf/fuzz_$$h $(FUZZ_SECS) || rc=1; \
	done; test $$rc = 0 && echo "fuzz: no crash in $(FUZZ_SECS) s per harness per engine" || \
		{ echo "fuzz: CRASHES FOUND: reproducers in fuzz/crashes/"; exit 1; }

fuzz-planted: $(foreach n,1 2 3,$(FUZZ_DIR)/lf-p$(n)/fuzz_hypercall $(FUZZ_DIR)/afl-p$(n)/fuzz_hypercall) \
		$(FUZZ_DIR)/replay/fuzz_hypercall $(FUZZ_PLANT_REPLAY_BINS)
	$(Q)sh fuzz/planted.sh $(FUZZ_DIR) $(PLANT_SECS) $(PLANT_ROUNDS)

# fuzz/build.sh as OSS-Fuzz / ClusterFuzzLite run it (libFuzzer, ASan +
# UBSan) into $(BUILD)/oss-fuzz; then each binary loads its seed zip and
# dictionary once (-runs=0: every seed executed, no fuzzing).
OSS_CFLAGS := -g -O1 -fsanitize=address,undefined -fsanitize=fuzzer-no-link
fuzz-oss:
	$(Q)rm -rf $(BUILD)/oss-fuzz $(BUILD)/oss-fuzz-work
	$(Q)CC=$(FUZZ_CLANG) CXX=$(FUZZ_CLANG)++ CFLAGS="$(OSS_CFLAGS)" \
		LIB_FUZZING_ENGINE=-fsanitize=fuzzer OUT=$(BUILD)/oss-fuzz \
		WORK=$(BUILD)/oss-fuzz-work bash fuzz/build.sh
	$(Q)cd $(BUILD)/oss-fuzz && for h in $(FUZZ_HARNESSES); do \
		rm -rf seeds-$$h && mkdir seeds-$$h && unzip -q fuzz_$${h}_seed_corpus.zip -d seeds-$$h && \
		d=""; [ -f fuzz_$$h.dict ] && d=-dict=fuzz_$$h.dict; \
		./fuzz_$$h -runs=0 $$d seeds-$$h >$$h.log 2>&1 || \
		{ tail -20 $$h.log; echo "fuzz-oss: fuzz_$$h failed"; exit 1; }; \
		echo "fuzz-oss: fuzz_$$h: $$(ls seeds-$$h | wc -l) seeds, dictionary $${d:-none}," \
			"$$(grep -oE 'INITED cov: [0-9]+' $$h.log | tail -1)"; \
	done

# ---- coverage ----
COV_LINES    ?= 97
COV_BRANCHES ?= 88
COV_DIR := $(BUILD)/coverage
COV_TEST_BINS := $(patsubst tests/unit/%.c,$(FUZZ_DIR)/cov/tests/%,$(SIM_TEST_SRCS))
COV_HELPER_OBJS := $(patsubst %.c,$(FUZZ_DIR)/cov/obj/%.o,$(SIM_HELPER_SRCS))

$(FUZZ_DIR)/cov/obj/tests/unit/%.o: FUZZ_WARN += -Itests/unit -Wno-unused-parameter
$(FUZZ_DIR)/cov/tests/%: $(FUZZ_DIR)/cov/obj/tests/unit/%.o $(COV_HELPER_OBJS) $(FUZZ_DIR)/cov/libcore.a
	@mkdir -p $(dir $@)
	$(Q)gcc --coverage -o $@ $^ -lcmocka

coverage: $(COV_TEST_BINS) $(foreach h,$(FUZZ_HARNESSES),$(FUZZ_DIR)/cov/fuzz_$(h))
	$(Q)sh fuzz/coverage.sh $(FUZZ_DIR)/cov $(COV_DIR) $(COV_LINES) $(COV_BRANCHES) \
		"$(COV_TEST_BINS)" "$(FUZZ_HARNESSES)"

# Keep harness objects: they are intermediate files of a chain otherwise.
.SECONDARY: $(foreach v,lf afl cov lf-p1 lf-p2 lf-p3 afl-p1 afl-p2 afl-p3,\
	$(foreach h,$(FUZZ_HARNESSES),$(FUZZ_DIR)/$(v)/obj/fuzz/fuzz_$(h).o)) \
	$(patsubst tests/unit/%.c,$(FUZZ_DIR)/cov/obj/tests/unit/%.o,$(SIM_TEST_SRCS))
