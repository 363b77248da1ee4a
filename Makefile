# xdp-router: one entry point.
#   make          build the BPF objects, their skeletons and the xdp-router binary
#   make test     install what is needed, build, run every test (Criterion + netns)
#   make demo     install what is needed, build, run the three-namespace demo
#   make demo-bgp the same with BIRD and FRR: routes learnt over BGP, mirrored from the kernel
#   make bench    install what is needed, build, print the benchmark table
#   make install  install the binary, man pages, units, completion, headers, examples
#                 and docs (DESTDIR, PREFIX, SBINDIR ...: docs/operations.md); make uninstall
#   make docs     docs/cli.md and docs/handlers.md from the man pages (man/)

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
# every object's header dependencies from the compiler, in a .d beside it
DEPFLAGS   = -MMD -MP -MT $@ -MF $(basename $@).d

CFLAGS  ?= -O2 -g
CFLAGS  += -Wall -Wextra -Wno-unused-parameter -Wno-format-truncation -Werror -std=gnu11 \
	-Iinclude -Iuser -I$(BUILD)
LDLIBS  := -lxdp -lbpf -lelf -lz -lmnl

# the router's programs: their skeletons are all the user space needs
BPF_SRCS  := $(wildcard bpf/*.bpf.c)
BPF_OBJS  := $(patsubst bpf/%.bpf.c,$(BUILD)/%.bpf.o,$(BPF_SRCS))
BPF_SKELS := $(patsubst bpf/%.bpf.c,$(BUILD)/%.skel.h,$(BPF_SRCS))
# the headers, as lists (the header check); no object needs them as
# prerequisites: the compiler's .d files name what each one includes
ABI_HDRS  := $(wildcard include/xdp_router/*.h include/xdp_router/*/*.h)
BPF_HDRS  := $(wildcard bpf/lib/*.h) $(ABI_HDRS)

# protocol handlers: built from include/ and libbpf alone, as a user would
HANDLER_CFLAGS := -g -O2 -target bpf -Wall -Werror -Iinclude $(CLANG_BPF_SYS_INCLUDES)
HANDLERS  := $(patsubst bpf/handlers/%.bpf.c,$(BUILD)/handlers/%.bpf.o,$(wildcard bpf/handlers/*.bpf.c))
TEST_HANDLERS := $(patsubst tests/handlers/%.bpf.c,$(BUILD)/tests/handlers/%.bpf.o,$(wildcard tests/handlers/*.bpf.c))
TEST_TOOLS := $(patsubst tests/tools/%.c,$(BUILD)/tests/tools/%,$(wildcard tests/tools/*.c))

LIB_SRCS  := $(wildcard user/lib/*.c) $(wildcard user/slowpath/*.c) $(wildcard user/sync/*.c)
CLI_SRCS  := $(wildcard user/cli/*.c)
LIB_OBJS  := $(patsubst %.c,$(BUILD)/%.o,$(LIB_SRCS))
CLI_OBJS  := $(patsubst %.c,$(BUILD)/%.o,$(CLI_SRCS))

TEST_SRCS := $(wildcard tests/unit/*.c) $(wildcard tests/bpf/*.c)
# the fast-path suites once more through the tc entry (below)
TC_TWINS  := $(BUILD)/tests/bpf/test_fastpath_tc $(BUILD)/tests/bpf/test_fastpath6_tc
TEST_BINS := $(patsubst tests/%.c,$(BUILD)/tests/%,$(TEST_SRCS)) $(TC_TWINS)
CRIT_BINS := $(filter-out %_tc,$(TEST_BINS))
TEST_LIB  := $(wildcard tests/lib/*.c)
TEST_LIB_OBJS := $(patsubst %.c,$(BUILD)/%.o,$(TEST_LIB))

.SECONDARY:
.DELETE_ON_ERROR:

# A tree built before objects took their header dependencies from the
# compiler has objects that name no headers (no .d): built again, once.
ifeq ($(wildcard $(BUILD)/.mmd),)
$(shell find $(BUILD) -mindepth 1 -maxdepth 1 ! -name 'old-*' -exec rm -rf {} + 2>/dev/null; \
	mkdir -p $(BUILD) && touch $(BUILD)/.mmd)
endif

.PHONY: all deps fuzz test unit-test bpf-test integration-test demo bench install clean

all: $(BUILD)/xdp-router $(HANDLERS)

deps:
	@bash scripts/deps.sh

$(VMLINUX):
	@mkdir -p vmlinux
	$(BPFTOOL) btf dump file /sys/kernel/btf/vmlinux format c > $@.tmp && mv $@.tmp $@

# Dependencies (docs/testing.md, "The build"): each object on its source
# and, from the compiler's .d files, on the headers it includes, its
# skeletons among them, and on nothing else. A skeleton is an order-only
# prerequisite as well, so that the first build (no .d files yet)
# generates the router's skeletons before any user object; bench/'s
# programs are not among them.
$(BUILD)/%.bpf.o: bpf/%.bpf.c | $(VMLINUX)
	@mkdir -p $(@D)
	$(CLANG) $(BPF_CFLAGS) $(DEPFLAGS) -c $< -o $@.tmp
	$(BPFTOOL) gen object $@ $@.tmp
	@rm -f $@.tmp

$(BUILD)/handlers/%.bpf.o: bpf/handlers/%.bpf.c
	@mkdir -p $(@D)
	$(CLANG) $(HANDLER_CFLAGS) $(DEPFLAGS) -c $< -o $@

$(BUILD)/tests/handlers/%.bpf.o: tests/handlers/%.bpf.c
	@mkdir -p $(@D)
	$(CLANG) $(HANDLER_CFLAGS) $(DEPFLAGS) -c $< -o $@

$(BUILD)/%.skel.h: $(BUILD)/%.bpf.o
	$(BPFTOOL) gen skeleton $< name $(subst -,_,$(notdir $*))_bpf > $@.tmp && mv $@.tmp $@

$(BUILD)/user/%.o: user/%.c | $(BPF_SKELS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(DEPFLAGS) -c $< -o $@

$(BUILD)/tests/%.o: tests/%.c | $(BPF_SKELS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -Itests/lib $(DEPFLAGS) -c $< -o $@

# the fast-path suites once more, every case through the tc entry: each
# and the test library (te_run) built with XR_TEST_TC
TC_LIB_OBJS := $(patsubst tests/lib/%.c,$(BUILD)/tests/lib-tc/%.o,$(TEST_LIB))

$(TC_TWINS:=.o): $(BUILD)/tests/bpf/%_tc.o: tests/bpf/%.c | $(BPF_SKELS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -DXR_TEST_TC -Itests/lib $(DEPFLAGS) -c $< -o $@

$(BUILD)/tests/lib-tc/%.o: tests/lib/%.c | $(BPF_SKELS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -DXR_TEST_TC -Itests/lib $(DEPFLAGS) -c $< -o $@

# The build's version (docs/state.md "Versions"): written while the
# Makefile is read, and only when it changes, so that only version.o
# follows it and a built tree is up to date (make -q) until it does.
XR_VERSION := 0.1.0
# (only a tree of its own: a tree unpacked inside another is not that one)
XR_GIT     := $(if $(wildcard .git),$(shell git describe --always --dirty --abbrev=10 2>/dev/null))
XR_BUILD_H := \#define XR_BUILD_VERSION "$(XR_VERSION)$(if $(XR_GIT),-$(XR_GIT))"
ifneq ($(XR_BUILD_H),$(shell cat $(BUILD)/version_build.h 2>/dev/null))
$(shell mkdir -p $(BUILD) && echo '$(XR_BUILD_H)' > $(BUILD)/version_build.h)
endif
$(BUILD)/user/lib/version.o: $(BUILD)/version_build.h

$(BUILD)/xdp-router: $(CLI_OBJS) $(LIB_OBJS)
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

# the Criterion suites
$(CRIT_BINS): $(BUILD)/tests/%: $(BUILD)/tests/%.o $(TEST_LIB_OBJS) $(LIB_OBJS)
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS) -lcriterion

$(TC_TWINS): $(BUILD)/tests/bpf/%_tc: $(BUILD)/tests/bpf/%_tc.o $(TC_LIB_OBJS) $(LIB_OBJS)
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS) -lcriterion

$(TEST_TOOLS): $(BUILD)/tests/tools/%: $(BUILD)/tests/tools/%.o $(LIB_OBJS)
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

# the command table's suite links the CLI but its main()
CLI_TEST_OBJS := $(filter-out $(BUILD)/user/cli/main.o,$(CLI_OBJS))
$(BUILD)/tests/unit/test_cmds: $(CLI_TEST_OBJS)
$(BUILD)/tests/unit/test_apply: $(CLI_TEST_OBJS)

# The slow path's fuzzer: the user-space sources again under ASan and
# UBSan in $(ASAN)/, every finding fatal (docs/testing.md, Fuzzing).
ASAN        := $(BUILD)/asan
ASAN_CFLAGS := $(CFLAGS) -O1 -fno-omit-frame-pointer -fsanitize=address,undefined \
	-fno-sanitize-recover=all
ASAN_OBJS   := $(patsubst %.c,$(ASAN)/%.o,$(LIB_SRCS) $(TEST_LIB))
FUZZ_SP     := $(ASAN)/tests/fuzz/test_fuzz_slowpath
TEST_BINS   += $(FUZZ_SP)

$(ASAN)/user/%.o: user/%.c | $(BPF_SKELS)
	@mkdir -p $(@D)
	$(CC) $(ASAN_CFLAGS) $(DEPFLAGS) -c $< -o $@

$(ASAN)/tests/%.o: tests/%.c | $(BPF_SKELS)
	@mkdir -p $(@D)
	$(CC) $(ASAN_CFLAGS) -Itests/lib $(DEPFLAGS) -c $< -o $@

$(FUZZ_SP): $(FUZZ_SP).o $(ASAN)/tests/fuzz/spcheck.o $(ASAN)/tests/fuzz/spcheck6.o $(ASAN_OBJS)
	$(CC) $(ASAN_CFLAGS) -o $@ $^ $(LDLIBS) -lcriterion

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

# demo-bgp: BIRD announces routes to FRR, xdp-router follows the kernel
# (scripts/demo_bgp.sh)
.PHONY: demo-bgp
demo-bgp: deps
	@$(MAKE) --no-print-directory all
	@bash scripts/demo_bgp.sh

# bench/ (docs/benchmarks.md): its own programs and skeletons in
# $(BUILD)/bench/, which nothing outside bench/ needs. bench: the fast
# path's cost per packet (a wrapper around the router's core, and the
# test library); fwdbench: forwarding through three namespaces.
BENCH_SKELS := $(patsubst bench/%.bpf.c,$(BUILD)/bench/%.skel.h,$(wildcard bench/*.bpf.c))
BENCH_BINS  := $(BUILD)/bench/bench $(BUILD)/bench/fwdbench $(BUILD)/bench/ksyncwait \
	$(BUILD)/bench/ptbench
FWD_OBJS    := $(patsubst %.c,$(BUILD)/%.o,$(wildcard bench/fwd*.c))

bench: deps
	@$(MAKE) --no-print-directory all $(BENCH_BINS)
	@bash bench/bench.sh $(BENCH_ARGS)

$(BUILD)/bench/%.bpf.o: bench/%.bpf.c | $(VMLINUX)
	@mkdir -p $(@D)
	$(CLANG) $(BPF_CFLAGS) -Ibpf $(DEPFLAGS) -c $< -o $@.tmp
	$(BPFTOOL) gen object $@ $@.tmp
	@rm -f $@.tmp

$(BUILD)/bench/%.o: bench/%.c | $(BPF_SKELS) $(BENCH_SKELS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -Itests/lib -I$(BUILD)/bench $(DEPFLAGS) -c $< -o $@

# the tests' helpers, but those built on Criterion (which bench does not link)
BENCH_TEST_LIB_OBJS := $(filter-out $(BUILD)/tests/lib/fibmaps.o,$(TEST_LIB_OBJS))

$(BUILD)/bench/bench: $(BUILD)/bench/bench.o $(BUILD)/bench/bench6.o $(BUILD)/bench/benchecmp.o $(BUILD)/bench/benchroute.o $(BUILD)/bench/benchlib.o $(BENCH_TEST_LIB_OBJS) $(LIB_OBJS)
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/bench/fwdbench: $(FWD_OBJS) $(BUILD)/bench/benchlib.o $(BUILD)/bench/benchroute.o $(LIB_OBJS)
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/bench/ksyncwait: $(BUILD)/bench/ksyncwait.o $(LIB_OBJS)
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

# ptbench: the Poptrie's bytes, bulk load and per-route costs (tables
# from tests/lib/ptshape.c)
$(BUILD)/bench/ptbench: $(BUILD)/bench/ptbench.o $(BUILD)/tests/lib/ptref.o $(BUILD)/tests/lib/ptshape.o $(LIB_OBJS)
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

# The man pages (man/, mdoc) are the one text of the CLI's reference and
# of the handler ABI; docs/cli.md and docs/handlers.md are made from them
# and committed (tests/integration/test_man.sh fails when they are stale).
MAN_PAGES := man/xdp-router.8 man/xdp-router-handlers.7
GEN_DOCS  := docs/cli.md docs/handlers.md

.PHONY: docs
docs: $(GEN_DOCS)

docs/cli.md: man/xdp-router.8 scripts/man2md.sh
docs/handlers.md: man/xdp-router-handlers.7 scripts/man2md.sh
$(GEN_DOCS):
	bash scripts/man2md.sh $< > $@.tmp && mv $@.tmp $@

# make install / uninstall (docs/operations.md, "Installing"): the list of
# what goes where is scripts/install.sh's; the directories, each
# overridable on the command line:
SBINDIR        ?= $(PREFIX)/sbin
SYSCONFDIR     ?= /etc
MANDIR         ?= $(PREFIX)/share/man
DOCDIR         ?= $(PREFIX)/share/doc/xdp-router
INCLUDEDIR     ?= $(PREFIX)/include
HANDLERDIR     ?= $(PREFIX)/lib/xdp-router/handlers
SYSTEMDUNITDIR ?= $(PREFIX)/lib/systemd/system
BASHCOMPDIR    ?= $(PREFIX)/share/bash-completion/completions
TEXTFILEDIR    ?= /var/lib/prometheus/node-exporter
INSTALL_VARS   := BUILD DESTDIR PREFIX SBINDIR SYSCONFDIR MANDIR DOCDIR INCLUDEDIR \
	HANDLERDIR SYSTEMDUNITDIR BASHCOMPDIR TEXTFILEDIR MAN_PAGES

.PHONY: uninstall

# shq WORD: WORD quoted for the shell, a ' in it too
shq = '$(subst ','\'',$(1))'

install: all
	@$(foreach v,$(INSTALL_VARS),$(v)=$(call shq,$($(v)))) bash scripts/install.sh install

uninstall:
	@$(foreach v,$(INSTALL_VARS),$(v)=$(call shq,$($(v)))) bash scripts/install.sh uninstall

clean:
	rm -rf $(BUILD) $(VMLINUX)

# every .d of this tree's build (not of another tree built inside
# $(BUILD), such as test_upgrade.sh's old release)
-include $(shell find $(BUILD) -path '$(BUILD)/old-*' -prune -o -name '*.d' -print 2>/dev/null)
