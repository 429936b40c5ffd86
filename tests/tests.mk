# Unit tests: tests/sim/test_X.c tests sim/core/X.c, one executable each,
# linked against the core built with -DCORSIM_UNITTEST.
UNIT_SRC  := $(sort $(wildcard tests/sim/test_*.c))
UNIT_OBJ  := $(UNIT_SRC:%.c=$(BUILD)/%.o)
UNIT_BINS := $(UNIT_SRC:tests/sim/%.c=$(BUILD)/tests/sim/%)

$(BUILD)/tests/sim/%: $(BUILD)/tests/sim/%.o $(UT_OBJ)
	$(CC) $(LDSAN) -o $@ $< $(UT_OBJ) -lcmocka -lpthread -lm

# The benchmark program (make bench): prints figures, asserts nothing.
$(BUILD)/bench: tests/bench/bench.c $(LIB_A)
	$(CC) $(CPPFLAGS) $(WARN) -O2 -g -D_GNU_SOURCE -o $@ $< $(LIB_A) $(LDSAN)
