"""The subcommands, one module each: `add_parser(commands)` declares it, `run(args)` does it."""
