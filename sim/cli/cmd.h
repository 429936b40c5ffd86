/*
 * cmd.h - the subcommands of the corsim command. Each takes the arguments
 * after its name and returns the exit status.
 */
#ifndef CORSIM_CLI_CMD_H
#define CORSIM_CLI_CMD_H

#include <stdio.h>

int cmd_eval(int argc, char **argv);
void cmd_eval_help(FILE *fp);

int cmd_test(int argc, char **argv);
void cmd_test_help(FILE *fp);

int cmd_gen(int argc, char **argv);
void cmd_gen_help(FILE *fp);

int cmd_serve(int argc, char **argv);
void cmd_serve_help(FILE *fp);

int cmd_diff(int argc, char **argv);
void cmd_diff_help(FILE *fp);

int cmd_replay(int argc, char **argv);
void cmd_replay_help(FILE *fp);

int cmd_capture(int argc, char **argv);
void cmd_capture_help(FILE *fp);

#endif
