# The host C tests, cross-compiled for the Cortex-M4F and run in QEMU (mps2-an386): the same
# test programs, golden files and arguments as the host build, so every kernel, fixed-point and
# softmax result is checked on the target's 32-bit integer arithmetic too. Included by
# firmware/Makefile (paths are relative to firmware/); `make test` runs `test-arm`.
#   make test-arm    build into build/arm/ and run each program in QEMU (its exit status is the
#                    test's: see arm_test_main.c)
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
ARM_OBJS         = $(SRCS:src/%.c=$(ARM_BUILD)/obj/%.o)
ARM_LIB          = $(ARM_BUILD)/libps.a
ARM_TESTS        = test_kernels test_fixedpoint test_softmax
ARM_PROGRAMS     = $(ARM_TESTS:%=$(ARM_BUILD)/%.elf)

ARM_TOOLS_PRESENT := $(shell command -v $(ARM_CC) >/dev/null 2>&1 && command -v $(ARM_QEMU) >/dev/null 2>&1 && echo yes)

comma := ,
empty :=
space := $(empty) $(empty)
# Runs program $(1) with arguments $(2) (paths relative to firmware/, QEMU's working directory).
# `arg=` sets the semihosting command line, whose first word is the program name.
define run_arm_test
	@echo "qemu-system-arm: $(1) $(2)"
	@timeout $(ARM_TIMEOUT) $(ARM_QEMU) -machine mps2-an386 -cpu cortex-m4 -display none -monitor none \
	    -serial none -no-reboot \
	    -semihosting-config enable=on,target=native,$(subst $(space),$(comma),$(foreach a,$(1) $(2),arg=$(a))) \
	    -kernel $(ARM_BUILD)/$(1).elf \
	  || { status=$$?; echo "FAIL: $(1) on the Cortex-M4 (QEMU) exited with status $$status" \
	       "(124: killed after $(ARM_TIMEOUT) s)" >&2; exit 1; }
endef

.PHONY: test-arm
ifeq ($(ARM_TOOLS_PRESENT),yes)
test-arm: $(ARM_PROGRAMS)
	@echo "Cortex-M4F (QEMU mps2-an386):"
	$(call run_arm_test,test_kernels,$(GOLDEN_MODELS))
	$(call run_arm_test,test_fixedpoint,$(GOLDEN_FIXEDPOINT) $(GOLDEN_DOUBLE_SCALE))
	$(call run_arm_test,test_softmax,$(GOLDEN_SOFTMAX))
else
test-arm:
	@echo "note: $(ARM_CC) or $(ARM_QEMU) not found; the Cortex-M4 tests in QEMU are skipped" \
	      "(Debian: sudo apt-get install gcc-arm-none-eabi libnewlib-arm-none-eabi qemu-system-arm)"
endif

$(ARM_BUILD)/obj/%.o: src/%.c $(HEADERS) | $(ARM_BUILD)/obj
	$(ARM_CC) $(CPPFLAGS) $(ARM_CFLAGS) -c -o $@ $<

$(ARM_LIB): $(ARM_OBJS)
	rm -f $@ && $(ARM_AR) rcs $@ $^

# The harness and the reset code, compiled apart from the test programs: only a test program's
# main is renamed (-Dmain=...), the harness's main is the real one.
$(ARM_BUILD)/obj/startup.o: $(ARM_BOARD)/startup.c $(ARM_PORT_HEADERS) | $(ARM_BUILD)/obj
	$(ARM_CC) $(ARM_CPPFLAGS) $(ARM_CFLAGS) -c -o $@ $<

$(ARM_BUILD)/obj/arm_test_main.o: tests/arm/arm_test_main.c $(ARM_PORT_HEADERS) | $(ARM_BUILD)/obj
	$(ARM_CC) $(ARM_CPPFLAGS) $(ARM_CFLAGS) -c -o $@ $<

$(ARM_BUILD)/obj/%.test.o: tests/%.c $(HEADERS) | $(ARM_BUILD)/obj
	$(ARM_CC) $(ARM_CPPFLAGS) $(ARM_CFLAGS) -Dmain=ps_test_program_main -c -o $@ $<

$(ARM_PROGRAMS): $(ARM_BUILD)/%.elf: $(ARM_BUILD)/obj/%.test.o $(ARM_BUILD)/obj/arm_test_main.o \
                 $(ARM_BUILD)/obj/startup.o $(ARM_LIB) $(ARM_LINKER)
	$(ARM_CC) $(ARM_LDFLAGS) -o $@ $(filter %.o,$^) $(ARM_LIB) $(ARM_LDLIBS)

$(ARM_BUILD)/obj:
	mkdir -p $@
