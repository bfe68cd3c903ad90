# The host C tests, cross-compiled for the Cortex-M4F and run in QEMU (mps2-an386): the same
# test programs, golden files and arguments as the host build, so every kernel, fixed-point and
# softmax result is checked on the target's 32-bit integer arithmetic too. Included by
# firmware/Makefile (paths are relative to firmware/); `make test` runs `test-arm`.
#   make test-arm    build into build/arm/ and run each program in QEMU (its exit status is the
#                    test's: see arm_test_main.c)
# Two builds of the firmware core: build/arm/ with the DSP kernels the Cortex-M4 build uses
# (ps_dsp.h) and build/arm-portable/ with -DPS_PORTABLE_KERNELS (the portable C loops, as on every
# other target); test_kernels and test_dsp_kernels run against both, so both must give every golden
# byte.
#   make bench-arm GEN=<folder with ps_generated_model.{h,c}>
#                    instructions per op of that model (tests/arm/bench_ops.c), portable and DSP
# Skipped with a note where arm-none-eabi-gcc (with newlib) or qemu-system-arm is missing
# (Debian: gcc-arm-none-eabi libnewlib-arm-none-eabi qemu-system-arm).

ARM_CC       = arm-none-eabi-gcc
ARM_AR       = arm-none-eabi-ar
ARM_QEMU     = qemu-system-arm
ARM_BOARD    = ../boards/qemu-m4
ARM_BUILD    = $(BUILD)/arm
# As boards/qemu-m4/Makefile builds the firmware: the Nano 33 BLE's core and FPU, -O2.
ARM_ARCH     = -mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16
ARM_CFLAGS   = -std=c99 -Wall -Wextra -Werror -pedantic -O2 $(ARM_ARCH) -ffunction-sections -fdata-sections
ARM_CPPFLAGS = -Iinclude -Itests -I$(ARM_BOARD)
# Full newlib (its printf knows every format the tests use) with semihosting I/O (rdimon); no
# crt0: startup.c resets, arm_test_main.c sets up stdio and argv.
ARM_LDFLAGS  = $(ARM_ARCH) -nostartfiles --specs=rdimon.specs -L$(ARM_BOARD) -T tests/arm/test_memory.ld \
               -Wl,--gc-sections
ARM_LDLIBS   = -lc -lrdimon -lgcc
# A hung program fails the test after this many seconds instead of blocking the build.
ARM_TIMEOUT  = 120

ARM_PORT_HEADERS = $(ARM_BOARD)/qemu_m4.h
ARM_LINKER       = tests/arm/test_memory.ld $(ARM_BOARD)/sections.ld
ARM_TESTS        = test_kernels test_fixedpoint test_softmax test_dsp_kernels
# The portable build: the same core with -DPS_PORTABLE_KERNELS; only the kernel tests run on it.
ARM_PORTABLE_BUILD = $(BUILD)/arm-portable
ARM_PORTABLE_TESTS = test_kernels test_dsp_kernels
ARM_PROGRAMS     = $(ARM_TESTS:%=$(ARM_BUILD)/%.elf) $(ARM_PORTABLE_TESTS:%=$(ARM_PORTABLE_BUILD)/%.elf)

ARM_TOOLS_PRESENT := $(shell command -v $(ARM_CC) >/dev/null 2>&1 && command -v $(ARM_QEMU) >/dev/null 2>&1 && echo yes)

comma := ,
empty :=
space := $(empty) $(empty)
# Runs program $(1) with arguments $(2) (paths relative to firmware/, QEMU's working directory).
# `arg=` sets the semihosting command line, whose first word is the program name.
# $(3): the build folder (default $(ARM_BUILD)); $(4): more QEMU options.
define run_arm_test
	@echo "qemu-system-arm: $(or $(3),$(ARM_BUILD))/$(1) $(2)"
	@timeout $(ARM_TIMEOUT) $(ARM_QEMU) -machine mps2-an386 -cpu cortex-m4 -display none -monitor none \
	    -serial none -no-reboot $(4) \
	    -semihosting-config enable=on,target=native,$(subst $(space),$(comma),$(foreach a,$(1) $(2),arg=$(a))) \
	    -kernel $(or $(3),$(ARM_BUILD))/$(1).elf \
	  || { status=$$?; echo "FAIL: $(1) on the Cortex-M4 (QEMU) exited with status $$status" \
	       "(124: killed after $(ARM_TIMEOUT) s)" >&2; exit 1; }
endef

.PHONY: test-arm
ifeq ($(ARM_TOOLS_PRESENT),yes)
test-arm: $(ARM_PROGRAMS)
	@echo "Cortex-M4F (QEMU mps2-an386), DSP kernels:"
	$(call run_arm_test,test_kernels,$(GOLDEN_MODELS))
	$(call run_arm_test,test_dsp_kernels,)
	$(call run_arm_test,test_fixedpoint,$(GOLDEN_FIXEDPOINT) $(GOLDEN_DOUBLE_SCALE))
	$(call run_arm_test,test_softmax,$(GOLDEN_SOFTMAX))
	@echo "Cortex-M4F (QEMU mps2-an386), portable kernels (-DPS_PORTABLE_KERNELS):"
	$(call run_arm_test,test_kernels,$(GOLDEN_MODELS),$(ARM_PORTABLE_BUILD))
	$(call run_arm_test,test_dsp_kernels,,$(ARM_PORTABLE_BUILD))
else
test-arm:
	@echo "note: $(ARM_CC) or $(ARM_QEMU) not found; the Cortex-M4 tests in QEMU are skipped" \
	      "(Debian: sudo apt-get install gcc-arm-none-eabi libnewlib-arm-none-eabi qemu-system-arm)"
endif

# One build of the core and the test programs per flavour: $(1) the folder, $(2) extra CPPFLAGS.
define arm_flavour
$(1)/obj/%.o: src/%.c $$(HEADERS) | $(1)/obj
	$$(ARM_CC) $$(CPPFLAGS) $(2) $$(ARM_CFLAGS) -c -o $$@ $$<

$(1)/libps.a: $$(SRCS:src/%.c=$(1)/obj/%.o)
	rm -f $$@ && $$(ARM_AR) rcs $$@ $$^

# The harness and the reset code, compiled apart from the test programs: only a test program's
# main is renamed (-Dmain=...), the harness's main is the real one.
$(1)/obj/startup.o: $$(ARM_BOARD)/startup.c $$(ARM_PORT_HEADERS) | $(1)/obj
	$$(ARM_CC) $$(ARM_CPPFLAGS) $$(ARM_CFLAGS) -c -o $$@ $$<

$(1)/obj/arm_test_main.o: tests/arm/arm_test_main.c $$(ARM_PORT_HEADERS) | $(1)/obj
	$$(ARM_CC) $$(ARM_CPPFLAGS) $$(ARM_CFLAGS) -c -o $$@ $$<

$(1)/obj/%.test.o: tests/%.c $$(HEADERS) | $(1)/obj
	$$(ARM_CC) $$(ARM_CPPFLAGS) $(2) $$(ARM_CFLAGS) -Dmain=ps_test_program_main -c -o $$@ $$<

$(1)/obj/%.test.o: tests/arm/%.c $$(HEADERS) | $(1)/obj
	$$(ARM_CC) $$(ARM_CPPFLAGS) $(2) $$(ARM_CFLAGS) -Dmain=ps_test_program_main -c -o $$@ $$<

$(1)/%.elf: $(1)/obj/%.test.o $(1)/obj/arm_test_main.o $(1)/obj/startup.o $(1)/libps.a $$(ARM_LINKER)
	$$(ARM_CC) $$(ARM_LDFLAGS) -o $$@ $$(filter %.o,$$^) $(1)/libps.a $$(ARM_LDLIBS)

$(1)/obj:
	mkdir -p $$@
endef
$(eval $(call arm_flavour,$(ARM_BUILD),))
$(eval $(call arm_flavour,$(ARM_PORTABLE_BUILD),-DPS_PORTABLE_KERNELS))

# bench-arm: bench_ops.c with the model in GEN, its SysTick clock from the qemu-m4 port, in QEMU
# with -icount shift=0 (instructions, as the qemu-m4 board counts them), for each flavour. Always
# relinked (a few seconds): GEN may name another model than last time.
ARM_BENCH_QEMU = -icount shift=0
.PHONY: arm-bench-always
define arm_bench
$(1)/bench/bench_ops.elf: tests/arm/bench_ops.c $$(GEN)/ps_generated_model.c $$(GEN)/ps_generated_model.h \
                          $$(ARM_BOARD)/qemu_m4_clock.c $(1)/obj/arm_test_main.o $(1)/obj/startup.o \
                          $(1)/libps.a $$(HEADERS) $$(ARM_LINKER) arm-bench-always
	mkdir -p $(1)/bench
	$$(ARM_CC) $$(ARM_CPPFLAGS) -I$$(GEN) $(2) $$(ARM_CFLAGS) -Dmain=ps_test_program_main -c -o $(1)/bench/bench_ops.o tests/arm/bench_ops.c
	$$(ARM_CC) $$(ARM_CPPFLAGS) -I$$(GEN) $(2) $$(ARM_CFLAGS) -c -o $(1)/bench/model.o $$(GEN)/ps_generated_model.c
	$$(ARM_CC) $$(ARM_CPPFLAGS) $(2) $$(ARM_CFLAGS) -c -o $(1)/bench/qemu_m4_clock.o $$(ARM_BOARD)/qemu_m4_clock.c
	$$(ARM_CC) $$(ARM_LDFLAGS) -o $$@ $(1)/bench/bench_ops.o $(1)/bench/model.o $(1)/bench/qemu_m4_clock.o \
	    $(1)/obj/arm_test_main.o $(1)/obj/startup.o $(1)/libps.a $$(ARM_LDLIBS)
endef
ifneq ($(GEN),)
$(eval $(call arm_bench,$(ARM_BUILD),))
$(eval $(call arm_bench,$(ARM_PORTABLE_BUILD),-DPS_PORTABLE_KERNELS))
endif

.PHONY: bench-arm
ifeq ($(GEN),)
bench-arm:
	@echo "error: set GEN to a folder with ps_generated_model.h and .c (pawscope export c MODEL --out GEN)" >&2; exit 1
else ifeq ($(ARM_TOOLS_PRESENT),yes)
bench-arm: $(ARM_BUILD)/bench/bench_ops.elf $(ARM_PORTABLE_BUILD)/bench/bench_ops.elf
	$(call run_arm_test,bench/bench_ops,,$(ARM_PORTABLE_BUILD),$(ARM_BENCH_QEMU))
	$(call run_arm_test,bench/bench_ops,,$(ARM_BUILD),$(ARM_BENCH_QEMU))
else
bench-arm:
	@echo "note: $(ARM_CC) or $(ARM_QEMU) not found; nothing to benchmark" >&2
endif
