"""Layer 3: training any ``nn.Module`` — ``Trainer``, ``History``, callbacks and progress.

>>> from descenso.train import Trainer, EarlyStopping, ModelCheckpoint
>>> EarlyStopping(patience=3).monitor
'val_loss'
"""

from descenso.train.callbacks import Callback, EarlyStopping, ModelCheckpoint
from descenso.train.divergence import DivergenceStop
from descenso.train.history import History, history_csv
from descenso.train.interruption import TrainingInterrupted
from descenso.train.progress import VERBOSITIES, ProgressLogger, format_epoch_line
from descenso.train.trainer import Trainer

__all__ = ["VERBOSITIES", "Callback", "DivergenceStop", "EarlyStopping", "History",
           "ModelCheckpoint", "ProgressLogger", "Trainer", "TrainingInterrupted",
           "format_epoch_line", "history_csv"]
