# xdp-router: one entry point.
#   make          build the BPF objects, their skeletons and the xdp-router binary
#   make test     install what is needed, build, run every test (Criterion + netns)
#   make demo     install what is needed, build, run the three-namespace demo
#   make bench    install what is needed, build, print the benchmark table
#   make install  install the binary into $(PREFIX)/sbin

CLANG   ?= clang
CC      ?= gcc
BPFTOOL ?= bpftool
PREFIX  ?= /usr/local

BUILD   := build
ARCH    := $(shell uname -m | sed -e 's/x86_64/x86/' -e 's/aarch64/arm64/')
VMLINUX := vmlinux/vmlinux.h

# clang's own system include dirs for the BPF target (as libbpf-bootstrap)
CLANG_BPF_SYS_INCLUDES := $(shell $(CLANG) -v -E - </dev/null 2>&1 \
	| sed -n '/<...> search starts here:/,/End of search list./{ s| \(/.*\)|-idirafter \1|p }')

BPF_CFLAGS := -g -O2 -target bpf -D__TARGET_ARCH_$(ARCH) -Wall -Werror \
	-Ivmlinux -Iinclude $(CLANG_BPF_SYS_INCLUDES)

CFLAGS  ?= -O2 -g
CFLAGS  += -Wall -Wextra -Wno-unused-parameter -Wno-format-truncation -Werror -std=gnu11 \
	-Iinclude -Iuser -I$(BUILD)
LDLIBS  := -lxdp -lbpf -lelf -lz

BPF_SRCS  := $(wildcard bpf/*.bpf.c)
BPF_OBJS  := $(patsubst bpf/%.bpf.c,$(BUILD)/%.bpf.o,$(BPF_SRCS))
BPF_SKELS := $(patsubst bpf/%.bpf.c,$(BUILD)/%.skel.h,$(BPF_SRCS))
BPF_HDRS  := $(wildcard bpf/lib/*.h) $(wildcard include/xdp_router/*.h)

# protocol handlers: built from include/ and libbpf alone, as a user would
HANDLER_CFLAGS := -g -O2 -target bpf -Wall -Werror -Iinclude $(CLANG_BPF_SYS_INCLUDES)
HANDLERS  := $(patsubst bpf/handlers/%.bpf.c,$(BUILD)/handlers/%.bpf.o,$(wildcard bpf/handlers/*.bpf.c))
TEST_HANDLERS := $(patsubst tests/handlers/%.bpf.c,$(BUILD)/tests/handlers/%.bpf.o,$(wildcard tests/handlers/*.bpf.c))
TEST_TOOLS := $(patsubst tests/tools/%.c,$(BUILD)/tests/tools/%,$(wildcard tests/tools/*.c))

LIB_SRCS  := $(wildcard user/lib/*.c) $(wildcard user/slowpath/*.c)
CLI_SRCS  := $(wildcard user/cli/*.c)
LIB_OBJS  := $(patsubst %.c,$(BUILD)/%.o,$(LIB_SRCS))
CLI_OBJS  := $(patsubst %.c,$(BUILD)/%.o,$(CLI_SRCS))
USER_HDRS := $(wildcard user/lib/*.h) $(wildcard user/slowpath/*.h) $(wildcard user/cli/*.h) $(wildcard include/xdp_router/*.h)

TEST_SRCS := $(wildcard tests/unit/*.c) $(wildcard tests/bpf/*.c)
TEST_BINS := $(patsubst tests/%.c,$(BUILD)/tests/%,$(TEST_SRCS)) $(BUILD)/tests/bpf/test_fastpath_tc
TEST_LIB  := $(wildcard tests/lib/*.c)

.SECONDARY:
.DELETE_ON_ERROR:

.PHONY: FORCE all deps fuzz test unit-test bpf-test integration-test demo bench install clean

all: $(BUILD)/xdp-router $(HANDLERS)

deps:
	@bash scripts/deps.sh

$(VMLINUX):
	@mkdir -p vmlinux
	$(BPFTOOL) btf dump file /sys/kernel/btf/vmlinux format c > $@.tmp && mv $@.tmp $@

$(BUILD)/%.bpf.o: bpf/%.bpf.c $(BPF_HDRS) $(VMLINUX)
	@mkdir -p $(@D)
	$(CLANG) $(BPF_CFLAGS) -c $< -o $@.tmp
	$(BPFTOOL) gen object $@ $@.tmp
	@rm -f $@.tmp

$(BUILD)/handlers/%.bpf.o: bpf/handlers/%.bpf.c $(wildcard include/xdp_router/*.h)
	@mkdir -p $(@D)
	$(CLANG) $(HANDLER_CFLAGS) -c $< -o $@

$(BUILD)/tests/handlers/%.bpf.o: tests/handlers/%.bpf.c $(wildcard include/xdp_router/*.h)
	@mkdir -p $(@D)
	$(CLANG) $(HANDLER_CFLAGS) -c $< -o $@

$(BUILD)/tests/tools/%: tests/tools/%.c $(LIB_OBJS) $(USER_HDRS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -o $@ $< $(LIB_OBJS) $(LDLIBS)

$(BUILD)/%.skel.h: $(BUILD)/%.bpf.o
	$(BPFTOOL) gen skeleton $< name $(subst -,_,$*)_bpf > $@.tmp && mv $@.tmp $@

$(BUILD)/user/%.o: user/%.c $(USER_HDRS) $(BPF_SKELS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -c $< -o $@

# The build's version (docs/state.md "Versions"): rewritten only when it
# changes, so that only version.o follows it.
XR_VERSION := 0.1.0
# (only a tree of its own: a tree unpacked inside another is not that one)
XR_GIT     := $(if $(wildcard .git),$(shell git describe --always --dirty --abbrev=10 2>/dev/null))
$(BUILD)/version_build.h: FORCE
	@mkdir -p $(@D)
	@echo '#define XR_BUILD_VERSION "$(XR_VERSION)$(if $(XR_GIT),-$(XR_GIT))"' > $@.tmp
	@cmp -s $@.tmp $@ && rm -f $@.tmp || mv $@.tmp $@
$(BUILD)/user/lib/version.o: $(BUILD)/version_build.h
FORCE:

$(BUILD)/xdp-router: $(CLI_OBJS) $(LIB_OBJS)
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/tests/%: tests/%.c $(TEST_LIB) $(LIB_OBJS) $(USER_HDRS) $(wildcard tests/lib/*.h)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -Itests/lib -o $@ $< $(TEST_LIB) $(LIB_OBJS) $(LDLIBS) -lcriterion

# the fast-path suite once more, every case through the tc entry
$(BUILD)/tests/bpf/test_fastpath_tc: tests/bpf/test_fastpath.c $(TEST_LIB) $(LIB_OBJS) $(USER_HDRS) $(wildcard tests/lib/*.h)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -DXR_TEST_TC -Itests/lib -o $@ $< $(TEST_LIB) $(LIB_OBJS) $(LDLIBS) -lcriterion

# The slow path's fuzzer: the user-space sources again under ASan and
# UBSan in $(ASAN)/, every finding fatal (docs/testing.md, Fuzzing).
ASAN        := $(BUILD)/asan
ASAN_CFLAGS := $(CFLAGS) -O1 -fno-omit-frame-pointer -fsanitize=address,undefined \
	-fno-sanitize-recover=all
ASAN_OBJS   := $(patsubst %.c,$(ASAN)/%.o,$(LIB_SRCS) $(TEST_LIB))
FUZZ_SP     := $(ASAN)/tests/fuzz/test_fuzz_slowpath
TEST_BINS   += $(FUZZ_SP)

$(ASAN)/user/%.o: user/%.c $(USER_HDRS) $(BPF_SKELS)
	@mkdir -p $(@D)
	$(CC) $(ASAN_CFLAGS) -c $< -o $@

$(ASAN)/tests/%.o: tests/%.c $(USER_HDRS) $(BPF_SKELS) $(wildcard tests/lib/*.h tests/fuzz/*.h)
	@mkdir -p $(@D)
	$(CC) $(ASAN_CFLAGS) -Itests/lib -c $< -o $@

$(FUZZ_SP): tests/fuzz/test_fuzz_slowpath.c $(ASAN)/tests/fuzz/spcheck.o $(ASAN_OBJS)
	@mkdir -p $(@D)
	$(CC) $(ASAN_CFLAGS) -Itests/lib -Itests/fuzz -o $@ $^ $(LDLIBS) -lcriterion

# make fuzz: 10,000,000 frames through each fast-path entry, 100,000
# through the slow path (FUZZ_COUNT, FUZZ_SP_COUNT; XR_FUZZ_SEED=...)
FUZZ_COUNT    ?= 10000000
FUZZ_SP_COUNT ?= 100000

fuzz: deps
	@$(MAKE) --no-print-directory all $(TEST_HANDLERS) $(BUILD)/tests/bpf/test_fuzz $(FUZZ_SP)
	XR_FUZZ_COUNT=$(FUZZ_COUNT) $(BUILD)/tests/bpf/test_fuzz
	XR_FUZZ_COUNT=$(FUZZ_SP_COUNT) $(FUZZ_SP)

# make test TESTS="test_state test_fib" runs those; a group: unit, bpf,
# fuzz, integration (also as make unit-test, bpf-test, integration-test)
test: deps
	@$(MAKE) --no-print-directory all $(TEST_BINS) $(TEST_HANDLERS) $(TEST_TOOLS)
	@TESTS="$(TESTS)" bash tests/run.sh $(TEST_BINS)

unit-test bpf-test integration-test:
	@$(MAKE) --no-print-directory test TESTS=$(@:-test=)

# Each BPF header compiles alone, twice over (its include guard): a
# translation unit of its own per header (tests/integration/test_headers.sh).
HDR_CHECKS := $(patsubst %.h,$(BUILD)/hdrcheck/%.o,$(BPF_HDRS))

.PHONY: header-check
header-check: $(HDR_CHECKS)

$(BUILD)/hdrcheck/%.o: %.h $(BPF_HDRS) $(VMLINUX)
	@mkdir -p $(@D)
	@printf '#include "%s"\n#include "%s"\n' $(CURDIR)/$< $(CURDIR)/$< > $(@:.o=.c)
	$(CLANG) $(BPF_CFLAGS) -c $(@:.o=.c) -o $@

demo: deps
	@$(MAKE) --no-print-directory all
	@bash scripts/demo.sh

BENCH_BINS := $(BUILD)/bench/bench $(BUILD)/bench/fwdbench

bench: deps
	@$(MAKE) --no-print-directory all $(BENCH_BINS)
	@bash scripts/bench.sh $(BENCH_ARGS)

$(BUILD)/bench/%: scripts/%.c scripts/benchlib.c scripts/benchlib.h $(TEST_LIB) $(LIB_OBJS) $(USER_HDRS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -Itests/lib -Iscripts -o $@ $< scripts/benchlib.c $(TEST_LIB) $(LIB_OBJS) $(LDLIBS)

install: all
	install -D -m 0755 $(BUILD)/xdp-router $(DESTDIR)$(PREFIX)/sbin/xdp-router

clean:
	rm -rf $(BUILD) $(VMLINUX)
