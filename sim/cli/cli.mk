# Sources of the corsim command.
CLI_SRC := $(sort $(wildcard sim/cli/*.c))
