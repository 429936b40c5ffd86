# Unit tests: tests/sim/test_X.c tests sim/core/X.c, one executable each,
# linked against the core built with -DCORSIM_UNITTEST.
UNIT_SRC  := $(sort $(wildcard tests/sim/test_*.c))
UNIT_OBJ  := $(UNIT_SRC:%.c=$(BUILD)/%.o)
UNIT_BINS := $(UNIT_SRC:tests/sim/%.c=$(BUILD)/tests/sim/%)

$(BUILD)/tests/sim/%: $(BUILD)/tests/sim/%.o $(UT_OBJ)
	$(CC) $(LDSAN) -o $@ $< $(UT_OBJ) -lcmocka -lpthread -lm
