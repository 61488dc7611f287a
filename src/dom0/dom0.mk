# src/dom0/dom0.mk - the control domain kernel (dom0.elf), its demo
# ramdisk (a cpio newc archive of domU images plus "autostart"), and the
# targets that boot them: run-dom0 (interactive) and demo (scripted,
# tools/demo.py).  Included by the top-level GNUmakefile after
# tests/guests/guests.mk and tests/guests/hvm.mk (it uses GUEST_CFLAGS,
# LIBGUEST_OBJS, GUEST_LDS and the domU images they build).

DOM0_OUT  := $(BUILD)/dom0
DOM0_SRCS := src/dom0/main.c src/dom0/shell.c src/dom0/xl.c src/dom0/cpio.c \
	src/dom0/xenstored.c src/dom0/xs_core.c \
	src/dom0/gntmap.c src/dom0/console.c
DOM0_OBJS := $(patsubst src/dom0/%.c,$(DOM0_OUT)/obj/%.o,$(DOM0_SRCS))
# libguest without test.c: dom0 and the ticker have their own guest_main.
DOM0_LIBGUEST := $(filter-out %/test.o,$(LIBGUEST_OBJS))
# Ramdisk contents: archive name = image.
DOM0_RD_DIR   := $(DOM0_OUT)/ramdisk
DOM0_RD_FILES := $(DOM0_RD_DIR)/hello $(DOM0_RD_DIR)/pvh $(DOM0_RD_DIR)/ticker \
	$(DOM0_RD_DIR)/autostart
DOM0_QEMU_ARGS = -kernel $(BUILD)/xenolith -append "console=com1 $(CMDLINE)" \
	-initrd "$(DOM0_OUT)/dom0.elf,$(DOM0_OUT)/ramdisk.cpio"

.PHONY: dom0 run-dom0 demo
dom0: $(DOM0_OUT)/dom0.elf $(DOM0_OUT)/ramdisk.cpio

$(DOM0_OUT)/obj/%.o: src/dom0/%.c src/dom0/dom0.mk
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(GUEST_CC) $(GUEST_CFLAGS) -Isrc/dom0 -c $< -o $@

$(DOM0_OUT)/dom0.elf: $(DOM0_OBJS) $(DOM0_LIBGUEST) $(GUEST_LDS)
	@echo "  LD      $@"
	$(Q)$(GUEST_LD) $(GUEST_LDFLAGS) -T $(GUEST_LDS) -o $@ $(DOM0_OBJS) $(DOM0_LIBGUEST)

$(DOM0_OUT)/ticker.elf: $(DOM0_OUT)/obj/ticker.o $(DOM0_LIBGUEST) $(GUEST_LDS)
	@echo "  LD      $@"
	$(Q)$(GUEST_LD) $(GUEST_LDFLAGS) -T $(GUEST_LDS) -o $@ $< $(DOM0_LIBGUEST)

$(DOM0_RD_DIR)/hello: $(BUILD)/guests/domu_hello.elf
	@mkdir -p $(dir $@)
	$(Q)cp $< $@
$(DOM0_RD_DIR)/pvh: $(BUILD)/hvm/pvh_long.elf
	@mkdir -p $(dir $@)
	$(Q)cp $< $@
$(DOM0_RD_DIR)/ticker: $(DOM0_OUT)/ticker.elf
	@mkdir -p $(dir $@)
	$(Q)cp $< $@
$(DOM0_RD_DIR)/autostart: src/dom0/autostart
	@mkdir -p $(dir $@)
	$(Q)cp $< $@

$(DOM0_OUT)/ramdisk.cpio: $(DOM0_RD_FILES)
	@command -v cpio >/dev/null || { echo "cpio missing: apt-get install cpio"; exit 1; }
	@echo "  CPIO    $@"
	$(Q)cd $(DOM0_RD_DIR) && printf '%s\n' $(notdir $(DOM0_RD_FILES)) | \
		cpio --quiet -o -H newc --owner=0:0 > $(abspath $@).tmp && mv $(abspath $@).tmp $(abspath $@)

# Interactive: the shell on the terminal (Ctrl-a x quits QEMU; the
# hypervisor's Ctrl-a-three-times switch needs Ctrl-a typed twice each
# under -serial mon:stdio, so: Ctrl-a Ctrl-a x6).
run-dom0: $(BUILD)/xenolith dom0
	@echo "xenolith + dom0 under QEMU: the toolstack shell below (\`help\`); Ctrl-a x quits."
	@$(QEMU_RUN) $(DOM0_QEMU_ARGS); \
		rc=$$?; [ $$rc -eq 0 ] || [ $$rc -eq 1 ] || { echo "QEMU exited with $$rc"; exit $$rc; }

# Scripted toolstack session; exit 0 when every step did what it should.
# Writes $(BUILD)/demo-summary.txt ("demo: N passed, M failed").
demo: $(BUILD)/xenolith dom0
	$(Q)python3 tools/demo.py --build $(BUILD) --summary $(BUILD)/demo-summary.txt

-include $(DOM0_OBJS:.o=.d) $(DOM0_OUT)/obj/ticker.d
