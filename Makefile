# corsim - top-level GNU Makefile.
#
#   make            build libcorsim (static and shared) and the corsim command
#   make run        install missing dependencies, build, and evaluate the
#                   bundled example scenarios (docs/examples)
#   make test       unit tests, scenario golden tests and CLI tests, then the
#                   same suite again under ASan+UBSan
#   make check      the suite once, in the current build
#   make asan       the suite under -fsanitize=address,undefined
#   make fuzz       libFuzzer targets (clang)
#   make test-browser      the differential suite in Chromium (corsim diff on
#                          1000 generated scenarios and tests/cases)
#   make test-browser-all  the same in Chromium, Firefox and WebKit
#   make bench      the benchmark program (prints figures)
#   make deps       apt-get install what is missing (CI runs as root)
#   make lint       banned-function check

# tests/tests.mk defines targets before `all`: name the default here.
.DEFAULT_GOAL := all

CC      ?= cc
BUILD   ?= build
SAN     ?=
OPT     ?= -O2 -g

WARN    := -std=c17 -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
           -Wmissing-prototypes -Wwrite-strings -Wpointer-arith -Wcast-align \
           -Wformat=2 -Wundef -Wimplicit-fallthrough -fno-common -Werror
CPPFLAGS += -D_POSIX_C_SOURCE=200809L -Isim/include -Isim/core -Itests/helpers
CFLAGS  ?=
ALLCFLAGS = $(WARN) $(OPT) -fPIC -fvisibility=hidden $(CFLAGS)

# Link-time optimisation in gcc builds without sanitizers: the decision
# path crosses files (policy, headers, lists, URL), and inlining across
# them saves about 4% of the instructions per request. Fat objects keep
# libcorsim.a usable by linkers without LTO (and by clang).
ifeq ($(SAN)$(shell $(CC) -dM -E - </dev/null 2>/dev/null | grep -c __clang__),0)
LTO := -flto=auto -ffat-lto-objects
endif
ALLCFLAGS += $(LTO)

ifeq ($(SAN),1)
ALLCFLAGS += -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
LDSAN     := -fsanitize=address,undefined
endif

# Real browsers for the differential suite (make test-browser[-all]).
BROWSER_PACKAGES     := chromium
BROWSER_ALL_PACKAGES := firefox-esr libwebkit2gtk-4.1-0 xvfb

DEB_PACKAGES := libjansson-dev libcmocka-dev libuv1-dev libpcap-dev pkg-config \
                make gcc clang libclang-rt-dev curl

include sim/core/core.mk
include sim/cli/cli.mk
include sim/live/live.mk
include sim/wire/wire.mk

CORE_OBJ := $(CORE_SRC:%.c=$(BUILD)/%.o)
UT_OBJ   := $(CORE_SRC:%.c=$(BUILD)/ut/%.o)
CLI_OBJ  := $(CLI_SRC:%.c=$(BUILD)/%.o)


LIB_A  := $(BUILD)/libcorsim.a
LIB_SO := $(BUILD)/libcorsim.so
BIN    := $(BUILD)/corsim

include tests/tests.mk

.PHONY: all run test check asan fuzz fuzz-build fuzz-smoke bench bench-peer bench-replay deps lint clean \
        deps-browser deps-browser-all test-browser test-browser-all
.SECONDARY:
all: $(LIB_A) $(LIB_SO) $(BIN)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(ALLCFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/ut/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -DCORSIM_UNITTEST $(ALLCFLAGS) -MMD -MP -c $< -o $@

$(LIB_A): $(CORE_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(LIB_SO): $(CORE_OBJ)
	$(CC) -shared $(LDSAN) $(LTO) $(OPT) -o $@ $^

$(BIN): $(CLI_OBJ) $(LIVE_OBJ) $(WIRE_OBJ) $(LIB_A)
	$(CC) $(LDSAN) $(LTO) $(OPT) -o $@ $(CLI_OBJ) $(LIVE_OBJ) $(WIRE_OBJ) $(LIB_A) -ljansson \
	  $(UV_LIBS) $(PCAP_LIBS) -lm

# $(call install_missing,PACKAGES): apt-get install those not installed.
install_missing = @missing=""; for p in $(1); do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y $$missing; \
	fi

deps:
	$(call install_missing,$(DEB_PACKAGES))

deps-browser:
	$(call install_missing,$(BROWSER_PACKAGES))

deps-browser-all:
	$(call install_missing,$(BROWSER_PACKAGES) $(BROWSER_ALL_PACKAGES))

run: deps
	$(MAKE) all
	$(BIN) eval docs/examples/first-steps.json

check: all $(UNIT_BINS) $(BUILD)/tests/replay/truth $(BUILD)/capgen
	@sh tests/checksrc.sh
	@BUILD=$(BUILD) sh tests/run-unit.sh $(UNIT_BINS)
	@BUILD=$(BUILD) sh tests/run-cases.sh
	@BUILD=$(BUILD) sh tests/cli/run.sh
	@BUILD=$(BUILD) sh tests/replay/run.sh

asan:
	$(MAKE) BUILD=build/asan SAN=1 OPT="-O1 -g" check

test: deps
	$(MAKE) -j2 check
	$(MAKE) -j2 asan
	$(MAKE) -j2 BUILD=build/clang CC=clang all
	$(MAKE) fuzz-smoke

# The differential suite: corsim diff runs a fixed generated set and every
# case under tests/cases in a real browser and fails on any disagreement
# that tests/browser/known-BROWSER.json does not list.
BROWSER_GEN   := $(BUILD)/browser/gen-seed1-1000.jsonl
BROWSER_CASES := $(sort $(wildcard tests/cases/*.json))
DIFF_BROWSER   = $(BIN) diff --browser $(1) --known tests/browser/known-$(1).json \
                 $(BROWSER_GEN) $(BROWSER_CASES)

$(BROWSER_GEN): $(BIN)
	@mkdir -p $(dir $@)
	$(BIN) gen --seed 1 --count 1000 -o $@

test-browser: deps-browser
	$(MAKE) all $(BROWSER_GEN)
	$(call DIFF_BROWSER,chromium)

test-browser-all: deps-browser-all
	$(MAKE) all $(BROWSER_GEN)
	@status=0; for b in chromium firefox webkit; do \
	  $(call DIFF_BROWSER,$$b) || status=1; done; exit $$status

bench: all $(BUILD)/bench
	$(BUILD)/bench 300000 $(BIN)

lint:
	@sh tests/checksrc.sh

clean:
	rm -rf build

-include $(CORE_OBJ:.o=.d) $(UT_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(UNIT_OBJ:.o=.d)
-include $(LIVE_OBJ:.o=.d) $(LIVE_UT_OBJ:.o=.d) $(LIVE_UNIT_OBJ:.o=.d) $(CLI_UNIT_OBJ:.o=.d)
-include $(WIRE_OBJ:.o=.d) $(WIRE_UT_OBJ:.o=.d) $(WIRE_UNIT_OBJ:.o=.d)
