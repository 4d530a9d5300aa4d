"""Demo ``images``: Keras's first image classifier (the course's second text), in descenso.

The text follows TensorFlow's tutorial on Fashion-MNIST: it looks at the training images
(a 5 x 5 grid with their class names, one image with its colour bar), trains
``Flatten -> Dense(128, relu) -> Dense(10)`` with Adam and sparse categorical cross-entropy for
10 epochs (test accuracy 0.8798), predicts with a softmax on top (one image with its
probability bars, then a grid of 15), and then changes the network:

- 28 hidden units: 0.7230. The first epoch's loss, 6.98 instead of 0.63, gives it away: that
  run's pixels were not divided by 255. Inputs up to 255 make huge logits, the ReLUs die and
  Adam crawls. The lesson runs it both ways: unscaled (the text's number) and scaled;
- 5 outputs: an error, because labels go up to 9;
- 15 outputs, 15 epochs (unscaled again): 0.6418.

descenso's network is the same: ``nn.Sequential(nn.Flatten(), nn.Linear(784, 128), nn.ReLU(),
nn.Linear(128, 10))``, ``nn.CrossEntropyLoss()`` on the logits (``from_logits=True``),
``optim.Adam(lr=0.001)`` (Keras's default), batches of 32. The files come from ``data_dir``
(or ``DESCENSO_DATA``, the user cache, or a download).
"""

from __future__ import annotations

import numpy as np

from descenso import nn, optim
from descenso.autograd import manual_seed, no_grad, tensor
from descenso.datasets import load_fashion_mnist
from descenso.datasets.mnist import FASHION_MNIST_CLASSES
from descenso.datasets.mnist import class_names as translated_class_names
from descenso.demos.result import DemoRun, check_counts
from descenso.errors import DescensoError
from descenso.i18n import gettext as _
from descenso.report.figures import prediction_grid
from descenso.report.figures.canvas import RIGHT, WRONG, new_figure
from descenso.report.figures.images import draw_prediction_image
from descenso.train import Trainer

__all__ = ["CLASS_NAMES", "EXPERIMENTS", "PUBLISHED", "build_network", "class_names", "run"]

#: Fashion-MNIST's classes in English; :func:`class_names` gives them as the text names them.
CLASS_NAMES = FASHION_MNIST_CLASSES

#: The text's runs: (key, hidden units, outputs, epochs, pixels scaled to [0, 1]).
EXPERIMENTS = (
    ("hidden_128", 128, 10, 10, True),
    ("hidden_28_unscaled", 28, 10, 10, False),
    ("hidden_28", 28, 10, 10, True),
    ("outputs_5", 28, 5, 10, False),
    ("outputs_15", 28, 15, 15, False),
)

#: The text's published test accuracies (None: the text did not run it; "error": it failed).
PUBLISHED = {"hidden_128": 0.8798, "hidden_28_unscaled": 0.7230, "hidden_28": None,
             "outputs_5": "error", "outputs_15": 0.6418}
#: The text's training loss after the first epoch, which tells scaled from unscaled runs.
PUBLISHED_FIRST_LOSS = {"hidden_128": 0.6331, "hidden_28_unscaled": 6.9774,
                        "outputs_15": 6.5778}


def class_names() -> list[str]:
    """The ten class names in the current language ('Camiseta/top', 'Pantalón', ...)."""
    return translated_class_names(CLASS_NAMES)


def build_network(hidden: int, outputs: int, seed: int) -> nn.Sequential:
    """``Flatten -> Linear(784, hidden) -> ReLU -> Linear(hidden, outputs)``, seeded."""
    manual_seed(seed)
    return nn.Sequential(nn.Flatten(), nn.Linear(28 * 28, hidden), nn.ReLU(),
                         nn.Linear(hidden, outputs))


def _describe(key: str) -> str:
    labels = {
        "hidden_128": _("128 hidden units"),
        "hidden_28_unscaled": _("28 hidden units, pixels 0-255 (as the text ran it)"),
        "hidden_28": _("28 hidden units, pixels scaled to [0, 1]"),
        "outputs_5": _("28 hidden units, 5 outputs"),
        "outputs_15": _("28 hidden units, 15 outputs, 15 epochs, pixels 0-255"),
    }
    return labels[key]


def _train(network, X_train, y_train, X_test, y_test, epochs, batch_size, seed):
    trainer = Trainer(network, nn.CrossEntropyLoss(), optim.Adam(network.parameters(), lr=1e-3),
                      epochs=epochs, batch_size=batch_size, seed=seed, verbose="quiet",
                      metrics=("accuracy",))
    history = trainer.fit((X_train, y_train))
    with no_grad():
        probabilities = network(tensor(X_test)).softmax(dim=1).data
    accuracy = float(np.mean(probabilities.argmax(axis=1) == y_test))
    return history, probabilities, accuracy


def run(record: DemoRun, data_dir: str | None = None, n_train: int = 60_000,
        n_test: int = 10_000, epochs: int = 10, batch_size: int = 32,
        experiments: bool = True) -> None:
    """Look at the images, train the text's network, predict, and rerun its experiments.

    ``n_train``, ``n_test`` and ``epochs`` shrink the run (the text's numbers need the full
    60,000 images and 10 epochs; the 15-output run takes ``epochs + 5``).
    """
    check_counts(n_train=n_train, n_test=n_test, epochs=epochs, batch_size=batch_size)
    data = load_fashion_mnist(data_dir)
    names = class_names()
    images, labels = data.X_train[:n_train], data.y_train[:n_train]
    test_images, test_labels = data.X_test[:n_test], data.y_test[:n_test]
    record.say(_("Fashion-MNIST: training images {shape}, {n} labels; test images {test}.")
               .format(shape=data.X_train.shape, n=len(data.y_train), test=data.X_test.shape))
    if n_train < len(data.y_train) or n_test < len(data.y_test):
        record.say(_("This run uses the first {n_train} training and {n_test} test images, so "
                     "its accuracies are lower than the text's.").format(n_train=n_train,
                                                                          n_test=n_test))
    record.say(_("Each image is a 28 x 28 array of brightness from 0 to 255, not 28 x 28 x 3: "
                 "the colours of the first figure come from the colour map, not the data."))
    _draw_images(record, images, labels, names)

    scaled = images.astype(np.float32) / 255.0
    test_scaled = test_images.astype(np.float32) / 255.0
    runs = EXPERIMENTS if experiments else EXPERIMENTS[:1]
    results: dict[str, dict] = {}
    for key, hidden, outputs, run_epochs, scale in runs:
        run_epochs = epochs + (run_epochs - 10)
        network = build_network(hidden, outputs, record.seed)
        X_train = scaled if scale else images.astype(np.float32)
        X_test = test_scaled if scale else test_images.astype(np.float32)
        try:
            history, probabilities, accuracy = _train(network, X_train, labels, X_test, test_labels,
                                               run_epochs, batch_size, record.seed)
        except DescensoError as error:
            results[key] = {"error": str(error)}
            record.say(_("{run}: error, as in the text: {error}").format(run=_describe(key),
                                                                         error=error))
            continue
        results[key] = {"accuracy": accuracy, "first_loss": float(history["loss"][0]),
                        "losses": [float(v) for v in history["loss"]]}
        record.say(_("{run}: first epoch's loss {loss:.4f}, test accuracy {accuracy:.4f}")
                   .format(run=_describe(key), loss=history["loss"][0], accuracy=accuracy))
        if key == "hidden_128":
            _draw_predictions(record, test_images, probabilities, test_labels, names)
            record.record(probabilities=probabilities[:15].tolist())
    record.record(results=results)
    _table(record, results)
    if experiments:
        _draw_experiments(record, results)


def _table(record: DemoRun, results: dict) -> None:
    record.say("")
    record.say(_("run                                                    published   descenso"))
    for key, outcome in results.items():
        published = PUBLISHED[key]
        theirs = ("-" if published is None else _("fails") if published == "error"
                  else f"{published:.4f}")
        ours = _("fails") if "error" in outcome else f"{outcome['accuracy']:.4f}"
        record.say(f"{_describe(key):55s}  {theirs:>9s}   {ours:>8s}")
    if "hidden_28_unscaled" in results and "hidden_28" in results:
        record.say(_(
            "Why 28 units scored so much lower in the text: its first epoch's loss was 6.98 "
            "against 0.63, the mark of pixels left at 0-255. Huge inputs make huge logits, "
            "many ReLUs die, and Adam's small steps cannot undo it in 10 epochs. Scaled, the "
            "same 28 units reach {scaled:.4f}, close to the 128 units' {full:.4f}."
        ).format(scaled=results["hidden_28"].get("accuracy", float("nan")),
                 full=results["hidden_128"].get("accuracy", float("nan"))))
    if "outputs_15" in results:
        record.say(_(
            "With 15 outputs the labels fit (0 to 9), the five extra outputs just learn to stay "
            "low; the lower accuracy again comes from the unscaled pixels, not the outputs."))
    record.say(_("The runs on scaled pixels land within a point or two of the text (the random "
                 "initial weights and shuffling differ between Keras and descenso). The runs on "
                 "unscaled pixels swing by several points from one random start to another, in "
                 "Keras as in descenso, but always stay well below the scaled ones."))


def _draw_images(record: DemoRun, images: np.ndarray, labels: np.ndarray, names) -> None:
    figure = new_figure(10, 10)
    for index in range(min(25, len(labels))):
        axes = figure.add_subplot(5, 5, index + 1)
        axes.imshow(images[index], cmap="binary", interpolation="nearest")
        axes.set(xticks=[], yticks=[], xlabel=names[int(labels[index])])
    record.save_figure(figure, "images_grid", _(
        "The first 25 training images with their class names (colour map 'binary')."))

    figure = new_figure(5.5, 4.5)
    axes = figure.add_subplot()
    shown = axes.imshow(images[0], interpolation="nearest")
    figure.colorbar(shown, ax=axes, label=_("brightness (0 to 255)"))
    axes.set(title=names[int(labels[0])], xticks=[], yticks=[])
    record.save_figure(figure, "images_first", _(
        "The first training image with its colour bar: matplotlib's default colour map "
        "(viridis) paints 0 as dark purple and 255 as yellow."))


def _draw_predictions(record: DemoRun, images, probabilities, labels, names) -> None:
    # the text's plot_image and plot_value_array, side by side, for the first test image
    predicted, true = int(probabilities[0].argmax()), int(labels[0])
    figure = new_figure(7, 3.2)
    image_axes, bar_axes = figure.subplots(1, 2, width_ratios=(1, 1.4))
    draw_prediction_image(image_axes, images[0], 255.0, probabilities[0], true, names,
                          fontsize="medium")
    bars = bar_axes.bar(np.arange(len(names)), probabilities[0], color="#777777")
    bars[predicted].set_color(WRONG)
    bars[true].set_color(RIGHT)
    bar_axes.set_ylim(0.0, 1.0)
    bar_axes.set(xticks=np.arange(len(names)), ylabel=_("probability"), xlabel=_("class"))
    record.save_figure(figure, "images_prediction", _(
        "The first test image and its probability for each class (softmax of the logits): "
        "blue is the true class, red the predicted one when it is wrong."))
    record.save_png(prediction_grid(images, probabilities, labels, names), "images_predictions",
                    _("The first 15 test images: predicted class, confidence and (true class)."))


def _draw_experiments(record: DemoRun, results: dict) -> None:
    keys = [key for key in results if "error" not in results[key]]
    figure = new_figure(10, 4.5)
    axes = figure.add_subplot()
    positions = np.arange(len(keys))
    ours = [results[key]["accuracy"] for key in keys]
    bars = axes.bar(positions + 0.2, ours, width=0.4, color=RIGHT, label="descenso")
    axes.bar_label(bars, fmt="%.3f", fontsize="small")
    published = [PUBLISHED[key] if isinstance(PUBLISHED[key], float) else np.nan for key in keys]
    bars = axes.bar(positions - 0.2, published, width=0.4, color=WRONG, alpha=0.7,
                    label=_("published in the text"))
    axes.bar_label(bars, labels=["" if np.isnan(v) else f"{v:.3f}" for v in published],
                   fontsize="small")
    axes.set_xticks(positions, [_describe(key).replace(", ", ",\n") for key in keys],
                    fontsize="small")
    axes.set(ylim=(0.0, 1.08), ylabel=_("test accuracy"),
             title=_("The text's network sizes: published and descenso's test accuracy"))
    axes.legend(loc="upper right", ncols=2)
    record.save_figure(figure, "images_experiments", _(
        "Test accuracy of each run of the text, published and by descenso (the 5-output run "
        "fails in both)."))
