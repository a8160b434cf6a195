"""Groups of ``kg`` commands, one module each, every one with its own ``commands``
(a :class:`typer.Typer`) that :mod:`kg.cli` assembles into the ``kg`` command; what they
share is in :mod:`kg.commands.common`, which imports none of them."""
