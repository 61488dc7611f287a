# tests/tests.mk - included by the top-level GNUmakefile, which defines
# BUILD (build directory), Q (@ or empty) and the rule for $(BUILD)/xenolith.
#
#   make deps                      install missing Debian packages (tools/deps.sh)
#   make iso                       $(BUILD)/xenolith.iso, GRUB, cmdline $(ISO_CMDLINE)
#   make check-system              system tests (tests/system/run.py)
#        T=substring                  only test@backend names containing it
#        SYSTEM_ARGS="-k boot --backend qemu-kernel -j 4"   to narrow / widen
#   make bochs-run                 boot the ISO under Bochs for a person (AMD ryzen);
#        BOCHS_CPU=corei7_skylake_x   for the Intel VMX model

ISO_CMDLINE ?= console=com1
# Extra boot modules for the ISO: "PATH[:CMDLINE] ..." (dom0 kernel first).
ISO_MODULES ?=
BOCHS_CPU   ?= ryzen
SYSTEM_ARGS ?=
PYTHON      ?= python3

.PHONY: deps iso check-system bochs-run FORCE
FORCE:

deps:
	$(Q)tools/deps.sh

# The ISO is rebuilt when the kernel, a module, mkiso.sh or the command line
# changes (the cmdline and module list are kept in a small file).
$(BUILD)/xenolith.iso.args: FORCE
	$(Q)mkdir -p $(@D)
	$(Q)printf '%s\n' '$(ISO_CMDLINE)' '$(ISO_MODULES)' > $@.new
	$(Q)if cmp -s $@.new $@; then rm -f $@.new; else mv -f $@.new $@; fi

$(BUILD)/xenolith.iso: $(BUILD)/xenolith tools/mkiso.sh $(BUILD)/xenolith.iso.args \
		$(foreach m,$(ISO_MODULES),$(firstword $(subst :, ,$(m))))
	@echo "  ISO     $@"
	$(Q)tools/mkiso.sh $@ $(BUILD)/xenolith '$(ISO_CMDLINE)' $(ISO_MODULES)

iso: $(BUILD)/xenolith.iso

# The xenstore test's dom0 ramdisk: the PV and PVH xenstore domUs and an
# autostart that runs two PV and one PVH (tests/system/xenstore/).
XS_TEST_RD := $(BUILD)/system/xs-test
$(BUILD)/system/xs-test.cpio: $(BUILD)/guests/domu_xenstore.elf $(BUILD)/hvm/pvh_xenstore.elf \
		tests/system/xenstore/autostart
	@mkdir -p $(XS_TEST_RD)
	$(Q)cp $(BUILD)/guests/domu_xenstore.elf $(XS_TEST_RD)/xenstore
	$(Q)cp $(BUILD)/hvm/pvh_xenstore.elf $(XS_TEST_RD)/xspvh
	$(Q)cp tests/system/xenstore/autostart $(XS_TEST_RD)/autostart
	$(Q)cd $(XS_TEST_RD) && printf '%s\n' xenstore xspvh autostart | \
		cpio --quiet -o -H newc --owner=0:0 > $(abspath $@)

check-system: $(BUILD)/xenolith $(SYSTEM_GUESTS) hvm-guests domu-guests dom0 \
		$(BUILD)/system/xs-test.cpio | deps
	$(Q)$(PYTHON) tests/system/run.py --kernel $(BUILD)/xenolith $(if $(T),-k '$(T)') $(SYSTEM_ARGS)

bochs-run: $(BUILD)/xenolith.iso | deps
	$(Q)$(PYTHON) tests/system/run.py --bochs-interactive --cpu $(BOCHS_CPU) \
		--iso $(BUILD)/xenolith.iso

# Stop at every VM exit under Bochs' debugger (both backends); see
# labs/bochs-step.md.  BOCHS_STEP_EXITS sets how many exits are printed.
BOCHS_STEP_EXITS ?= 12
.PHONY: bochs-step
bochs-step: $(BUILD)/xenolith $(SYSTEM_GUESTS) | deps
	$(Q)tools/bochs-step.sh ryzen $(BOCHS_STEP_EXITS)
	$(Q)tools/bochs-step.sh corei7_skylake_x $(BOCHS_STEP_EXITS)
