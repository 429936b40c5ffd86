comma := ,
# Unit tests: tests/sim/test_X.c tests sim/core/X.c, one executable each,
# linked against the core built with -DCORSIM_UNITTEST.
UNIT_SRC  := $(sort $(wildcard tests/sim/test_*.c))
UNIT_OBJ  := $(UNIT_SRC:%.c=$(BUILD)/%.o)
UNIT_BINS := $(UNIT_SRC:tests/sim/%.c=$(BUILD)/tests/sim/%)

$(BUILD)/tests/sim/%: $(BUILD)/tests/sim/%.o $(UT_OBJ)
	$(CC) $(LDSAN) -o $@ $< $(UT_OBJ) -lcmocka -lpthread -lm

# Unit tests of the live edges: tests/live/test_X.c tests sim/live/X.c,
# linked against sim/live built with -DCORSIM_UNITTEST, the CLI's modules
# (not its commands) and the core.
LIVE_UNIT_SRC  := $(sort $(wildcard tests/live/test_*.c))
LIVE_UNIT_OBJ  := $(LIVE_UNIT_SRC:%.c=$(BUILD)/%.o)
LIVE_UNIT_BINS := $(LIVE_UNIT_SRC:tests/live/%.c=$(BUILD)/tests/live/%)
LIVE_UNIT_DEPS := $(LIVE_UT_OBJ) \
                  $(filter-out $(BUILD)/sim/cli/main.o $(BUILD)/sim/cli/cmd_%.o,$(CLI_OBJ)) \
                  $(UT_OBJ)
UNIT_BINS      += $(LIVE_UNIT_BINS)

$(BUILD)/tests/live/%.o: CPPFLAGS += -Isim/cli -Isim/live $(UV_CFLAGS)
$(BUILD)/tests/live/%: $(BUILD)/tests/live/%.o $(LIVE_UNIT_DEPS)
	$(CC) $(LDSAN) -o $@ $< $(LIVE_UNIT_DEPS) -lcmocka -ljansson $(UV_LIBS) -lpthread -lm

# Unit tests of the wire layer: tests/wire/test_X.c tests sim/wire/X.c,
# linked against sim/wire built with -DCORSIM_UNITTEST and the core.
WIRE_UNIT_SRC  := $(sort $(wildcard tests/wire/test_*.c))
WIRE_UNIT_OBJ  := $(WIRE_UNIT_SRC:%.c=$(BUILD)/%.o)
WIRE_UNIT_BINS := $(WIRE_UNIT_SRC:tests/wire/%.c=$(BUILD)/tests/wire/%)
WIRE_UNIT_DEPS := $(WIRE_UT_OBJ) $(UT_OBJ)
UNIT_BINS      += $(WIRE_UNIT_BINS)

$(BUILD)/tests/wire/%.o: CPPFLAGS += -Isim/wire $(PCAP_CFLAGS)
$(BUILD)/tests/wire/%: $(BUILD)/tests/wire/%.o $(WIRE_UNIT_DEPS)
	$(CC) $(LDSAN) -o $@ $< $(WIRE_UNIT_DEPS) -lcmocka -ljansson $(PCAP_LIBS) -lpthread -lm

# Unit tests of the command's modules: tests/cli/test_X.c tests
# sim/cli/X.c, linked against the CLI's modules (not its commands) and the
# core.
CLI_UNIT_SRC  := $(sort $(wildcard tests/cli/test_*.c))
CLI_UNIT_OBJ  := $(CLI_UNIT_SRC:%.c=$(BUILD)/%.o)
CLI_UNIT_BINS := $(CLI_UNIT_SRC:tests/cli/%.c=$(BUILD)/tests/cli/%)
CLI_UNIT_DEPS := $(filter-out $(BUILD)/sim/cli/main.o $(BUILD)/sim/cli/cmd_%.o,$(CLI_OBJ)) \
                 $(UT_OBJ)
UNIT_BINS     += $(CLI_UNIT_BINS)

$(BUILD)/tests/cli/%.o: CPPFLAGS += -Isim/cli
# Replay's report reads the wire layer's types.
$(BUILD)/tests/cli/test_replay_json.o: CPPFLAGS += -Isim/wire
$(BUILD)/tests/cli/%: $(BUILD)/tests/cli/%.o $(CLI_UNIT_DEPS)
	$(CC) $(LDSAN) -o $@ $< $(CLI_UNIT_DEPS) -lcmocka -ljansson -lm

# The benchmark program (make bench): prints figures, asserts nothing.
$(BUILD)/bench: tests/bench/bench.c $(LIB_A)
	$(CC) $(CPPFLAGS) $(WARN) -O2 -g $(LTO) -D_GNU_SOURCE -o $@ $< $(LIB_A) $(LDSAN)

# The golden replay tests (captures/TESTLIST): truth checks replay's
# verdicts against what the browser did while the fixture was recorded.
$(BUILD)/tests/replay/truth: tests/replay/truth.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(WARN) -O2 -g -D_GNU_SOURCE $(LDSAN) -o $@ $< -ljansson

# The capture generator of the replay benchmark (make bench-replay).
$(BUILD)/capgen: tests/bench/capgen.c
	$(CC) $(CPPFLAGS) $(WARN) -O2 -g $(PCAP_CFLAGS) -o $@ $< $(PCAP_LIBS)

# The replay benchmark: a generated capture (BENCH_EXCHANGES script
# requests) read by corsim replay, tshark and a bare libpcap loop.
$(BUILD)/bench_replay: tests/bench/bench_replay.c
	$(CC) $(CPPFLAGS) $(WARN) -O2 -g -D_GNU_SOURCE $(PCAP_CFLAGS) -o $@ $< $(PCAP_LIBS)

BENCH_EXCHANGES ?= 300000
bench-replay: all $(BUILD)/capgen $(BUILD)/bench_replay
	@command -v tshark >/dev/null || { echo "bench-replay needs tshark (apt-get install tshark)"; exit 2; }
	$(BUILD)/capgen $(BENCH_EXCHANGES) $(BUILD)/bench-capture.pcap
	$(BUILD)/bench_replay $(BUILD)/bench-capture.pcap $(BIN) 2

# libFuzzer targets (clang): one per parser, plus the whole state machine.
# `make fuzz` runs each for FUZZ_SECONDS; `make fuzz-smoke` (part of
# `make test`) for a few seconds each, seeded from tests/fuzz/corpus.
FUZZ_SECONDS ?= 60
FUZZ_CC      ?= clang
FUZZ_FLAGS   := -std=c17 -g -O1 -fsanitize=fuzzer,address,undefined \
                -fno-sanitize-recover=all -D_POSIX_C_SOURCE=200809L \
                -Isim/include -Isim/core -Isim/cli
FUZZ_CORE    := $(filter-out sim/cli/main.c,$(CORE_SRC))
# tests/fuzz/fuzz_wire_X.c: one per parser of the wire layer (sim/wire),
# linked against all of it; libpcap and jansson come from the system.
FUZZ_WIRE    := $(patsubst tests/fuzz/%.c,%,$(sort $(wildcard tests/fuzz/fuzz_wire_*.c)))
FUZZ_TARGETS := fuzz_url fuzz_list fuzz_fetch fuzz_scenario fuzz_http_parser $(FUZZ_WIRE)
FUZZ_BINS    := $(FUZZ_TARGETS:%=build/fuzz/%)

# The core and the wire layer are compiled for the fuzzers once
# (instrumented, without libFuzzer's main) and linked into every target.
FUZZ_OBJ_FLAGS := $(subst -fsanitize=fuzzer$(comma),-fsanitize=fuzzer-no-link$(comma),$(FUZZ_FLAGS))
FUZZ_CORE_OBJ  := $(CORE_SRC:%.c=build/fuzz/obj/%.o)
FUZZ_WIRE_OBJ  := $(WIRE_SRC:%.c=build/fuzz/obj/%.o)

$(FUZZ_CORE_OBJ) $(FUZZ_WIRE_OBJ): build/fuzz/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_OBJ_FLAGS) -Isim/wire $(PCAP_CFLAGS) -MMD -MP -c -o $@ $<

-include $(FUZZ_CORE_OBJ:.o=.d) $(FUZZ_WIRE_OBJ:.o=.d)

build/fuzz/fuzz_scenario: tests/fuzz/fuzz_scenario.c $(FUZZ_CORE_OBJ) $(CLI_SRC)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ $< $(FUZZ_CORE_OBJ) \
	  $(filter-out sim/cli/main.c sim/cli/cmd_serve.c sim/cli/cmd_diff.c \
    sim/cli/cmd_replay.c sim/cli/cmd_capture.c sim/cli/replay_report.c,$(CLI_SRC)) -ljansson

# The request parser of corsim serve (sim/live/http_parser.c): pure C.
build/fuzz/fuzz_http_parser: tests/fuzz/fuzz_http_parser.c sim/live/http_parser.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_FLAGS) -Isim/live -o $@ $< sim/live/http_parser.c

# The head parser's target also links the parser without its fast path
# (tests/fuzz/http1_ref.c) and holds the two to the same answers.
build/fuzz/fuzz_wire_http1: tests/fuzz/fuzz_wire_http1.c tests/fuzz/http1_ref.c \
    $(FUZZ_WIRE_OBJ) $(FUZZ_CORE_OBJ)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_FLAGS) -Isim/wire $(PCAP_CFLAGS) -o $@ $< tests/fuzz/http1_ref.c \
	  $(FUZZ_WIRE_OBJ) $(FUZZ_CORE_OBJ) -ljansson $(PCAP_LIBS)

$(filter-out build/fuzz/fuzz_wire_http1,$(FUZZ_WIRE:%=build/fuzz/%)): build/fuzz/%: tests/fuzz/%.c $(FUZZ_WIRE_OBJ) $(FUZZ_CORE_OBJ)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_FLAGS) -Isim/wire $(PCAP_CFLAGS) -o $@ $< $(FUZZ_WIRE_OBJ) \
	  $(FUZZ_CORE_OBJ) -ljansson $(PCAP_LIBS)

build/fuzz/%: tests/fuzz/%.c $(FUZZ_CORE_OBJ)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ $< $(FUZZ_CORE_OBJ)

fuzz-build: $(FUZZ_BINS)

fuzz: $(FUZZ_BINS)
	@for t in $(FUZZ_TARGETS); do mkdir -p build/fuzz/corpus-$$t; \
	  echo "fuzzing $$t for $(FUZZ_SECONDS) s"; \
	  build/fuzz/$$t -max_total_time=$(FUZZ_SECONDS) -close_fd_mask=2 \
	    build/fuzz/corpus-$$t tests/fuzz/corpus/$$t || exit 1; done

fuzz-smoke: $(FUZZ_BINS)
	@for t in $(FUZZ_TARGETS); do mkdir -p build/fuzz/corpus-$$t; \
	  build/fuzz/$$t -max_total_time=5 -close_fd_mask=2 \
	    build/fuzz/corpus-$$t tests/fuzz/corpus/$$t >build/fuzz/$$t.log 2>&1 \
	    && echo "ok - $$t (5 s)" || { tail -30 build/fuzz/$$t.log; exit 1; }; done

# The benchmark against a peer tool: Mentoss (npm), installed into
# build/peer on first use, never vendored. Needs node and npm.
bench-peer: all $(BUILD)/bench
	@mkdir -p build/peer
	@cp tests/bench/peer-mentoss.mjs build/peer/
	@[ -d build/peer/node_modules/mentoss ] || \
	  (cd build/peer && npm install --silent --no-save mentoss@0.13.0)
	PEER=build/peer/peer-mentoss.mjs $(BUILD)/bench 300000 $(BIN)
