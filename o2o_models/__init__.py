"""Models, charts and widget panels behind the O2O Three Legs lessons.

The layers run one way (README.md, "What is inside"; CONTRIBUTING.md):

- economics, here: ``data/`` -> `scenarios` -> `merchant` (one checked value per merchant)
  -> models (`groupbuy`, `trust`, `membership`, `operations`, `traffic`, `auctions`)
  -> `funnel` (one merchant through every leg) -> `strategy`;
- interaction, in `o2o_models.interactive`: charts, the live chart, grid charts, panels;
- teaching, in `o2o_models.lessons`: one module per notebook and the self-checks;
- workshops, in `o2o_models.workshop`: student copies, class progress, serving.

Models import neither Altair nor ipywidgets, so ``import o2o_models.groupbuy`` is quick.
"""

__version__ = "0.1.0"
