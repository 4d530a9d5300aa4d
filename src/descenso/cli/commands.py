"""The subcommands of ``descenso``, in the order ``--help`` lists them."""

from descenso.cli import (
    datasets_command,
    deblur_command,
    demo_command,
    fit_command,
    model_commands,
    playground_command,
    sweep_command,
)

COMMANDS = (fit_command, sweep_command, model_commands, datasets_command, demo_command,
            deblur_command, playground_command)
