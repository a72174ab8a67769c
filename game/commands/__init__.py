"""One module per subcommand: cheap to import, heavy imports inside `run`."""
