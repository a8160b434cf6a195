"""Groups of ``kg`` commands, one module each; importing a module registers its commands
on :data:`kg.cli.app`."""
