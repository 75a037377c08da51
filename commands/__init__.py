"""The command line's commands, by what they act on (cli.py parses the arguments and calls them)."""
