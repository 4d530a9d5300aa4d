"""The workflows behind the command line: fit, predict and evaluate a saved model."""
