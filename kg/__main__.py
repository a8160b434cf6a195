"""``python -m kg``: the ``kg`` command (:mod:`kg.cli`)."""

from kg.cli import app

if __name__ == "__main__":
    app(prog_name="kg")
