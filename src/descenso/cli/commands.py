"""The subcommands of ``descenso``, in the order ``--help`` lists them."""

from descenso.cli import (
    datasets_command,
    deblur_command,
    demo_command,
    evaluate_command,
    fit_command,
    playground_command,
    predict_command,
    sweep_command,
)

COMMANDS = (fit_command, sweep_command, predict_command, evaluate_command, datasets_command,
            demo_command, deblur_command, playground_command)
