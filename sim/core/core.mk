# Sources of libcorsim (sim/core): libc only, no I/O, no global mutable state.
CORE_SRC := $(sort $(wildcard sim/core/*.c))
