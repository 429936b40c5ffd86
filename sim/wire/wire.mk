# Sources of the wire layer (sim/wire): captures and HAR files to HTTP
# exchanges for corsim replay and corsim capture. libpcap and jansson;
# the core (sim/core) stays free of both.
WIRE_SRC    := $(sort $(wildcard sim/wire/*.c))
WIRE_OBJ    := $(WIRE_SRC:%.c=$(BUILD)/%.o)
WIRE_UT_OBJ := $(WIRE_SRC:%.c=$(BUILD)/ut/%.o)

# libpcap's headers use the BSD u_int/u_char types: _DEFAULT_SOURCE.
PCAP_CFLAGS := $(shell pkg-config --cflags libpcap 2>/dev/null) -D_DEFAULT_SOURCE
PCAP_LIBS   := $(shell pkg-config --libs libpcap 2>/dev/null || echo -lpcap)

$(BUILD)/sim/wire/%.o $(BUILD)/ut/sim/wire/%.o: CPPFLAGS += -Isim/wire $(PCAP_CFLAGS)
$(BUILD)/sim/cli/cmd_replay.o $(BUILD)/sim/cli/cmd_capture.o \
$(BUILD)/sim/cli/replay_report.o: CPPFLAGS += -Isim/wire $(PCAP_CFLAGS) $(UV_CFLAGS)
