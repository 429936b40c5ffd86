/*
 * main.c - the corsim command: dispatches to a subcommand.
 *
 *   corsim eval [options] FILE...    predict what browsers do
 *   corsim test [options] FILE...    check a regression suite
 *   corsim gen --seed N --count K    generate scenarios (JSON Lines)
 *   corsim serve [options] FILE...   serve scenarios to real browsers
 *   corsim diff --browser B FILE...  compare the model with a real browser
 *   corsim replay [options] FILE...  judge recorded traffic (pcap, HAR)
 *   corsim capture -i IFACE          judge live traffic
 *   corsim help [COMMAND]            usage
 *   corsim --version
 *
 * The command only reads scenarios, drives libcorsim and prints: it
 * decides nothing about CORS itself.
 */
#include "cmd.h"
#include "corsim.h"
#include "diag.h"

#include <stdio.h>
#include <string.h>

static const char main_help[] =
    "usage: corsim [--version] [--help] COMMAND [ARGS]\n"
    "\n"
    "Predict what a browser does with cross-origin requests (CORS): what it\n"
    "sends on the wire, what the page's script sees and why it is blocked.\n"
    "\n"
    "commands:\n"
    "  eval    evaluate scenario files and print the verdicts\n"
    "  test    check scenario files' expectations (a regression suite)\n"
    "  gen     generate adversarial scenarios for browser differential runs\n"
    "  serve   serve scenarios over HTTP for real browsers and front ends\n"
    "  diff    run scenarios in a real browser and compare it with the model\n"
    "  replay  judge recorded traffic: pcap/pcapng captures and HAR files\n"
    "  capture judge live traffic on a network interface\n"
    "  help    show the help of a command: corsim help eval\n"
    "\n"
    "options:\n"
    "  --version   print the version\n"
    "  -h, --help  show this help\n";

struct command {
  const char *name;
  int (*run)(int argc, char **argv);
  void (*help)(FILE *fp);
};

static const struct command commands[] = {
    {"eval", cmd_eval, cmd_eval_help},
    {"test", cmd_test, cmd_test_help},
    {"gen", cmd_gen, cmd_gen_help},
    {"serve", cmd_serve, cmd_serve_help},
    {"diff", cmd_diff, cmd_diff_help},
    {"replay", cmd_replay, cmd_replay_help},
    {"capture", cmd_capture, cmd_capture_help},
};

static const struct command *find(const char *name) {
  size_t i;
  for (i = 0; i < sizeof commands / sizeof commands[0]; i++)
    if (strcmp(commands[i].name, name) == 0)
      return &commands[i];
  return NULL;
}

static int help(int argc, char **argv) {
  const struct command *c;

  if (argc == 0) {
    fputs(main_help, stdout);
    return 0;
  }
  c = find(argv[0]);
  if (c == NULL) {
    diag_usage("help: unknown command '%s' (commands: eval, test, gen, "
               "serve, diff)",
               argv[0]);
    return 2;
  }
  c->help(stdout);
  return 0;
}

int main(int argc, char **argv) {
  const struct command *c;

  if (argc < 2) {
    fputs(main_help, stderr);
    return 2;
  }
  if (strcmp(argv[1], "--version") == 0) {
    printf("corsim %s\n", CORSIM_VERSION_STRING);
    return 0;
  }
  if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)
    return help(0, NULL);
  if (strcmp(argv[1], "help") == 0)
    return help(argc - 2, argv + 2);
  c = find(argv[1]);
  if (c == NULL) {
    diag_usage("unknown command '%s' (see 'corsim --help')", argv[1]);
    return 2;
  }
  return c->run(argc - 2, argv + 2);
}
