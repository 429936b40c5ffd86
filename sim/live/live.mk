# Sources of the live edges (sim/live): the libuv server behind corsim
# serve. They use the CLI's scenario reader and responder (sim/cli), libuv
# and jansson; the core (sim/core) stays free of all three.
LIVE_SRC    := $(sort $(wildcard sim/live/*.c))
LIVE_OBJ    := $(LIVE_SRC:%.c=$(BUILD)/%.o)
LIVE_UT_OBJ := $(LIVE_SRC:%.c=$(BUILD)/ut/%.o)

UV_CFLAGS := $(shell pkg-config --cflags libuv 2>/dev/null)
UV_LIBS   := $(shell pkg-config --libs libuv 2>/dev/null || echo -luv)

$(BUILD)/sim/live/%.o $(BUILD)/ut/sim/live/%.o: CPPFLAGS += -Isim/cli -Isim/live $(UV_CFLAGS)
$(BUILD)/sim/cli/cmd_serve.o $(BUILD)/sim/cli/cmd_diff.o: CPPFLAGS += -Isim/cli -Isim/live $(UV_CFLAGS)
