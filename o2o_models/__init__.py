"""Models, charts and widget panels behind the O2O Three Legs lessons.

The layers run one way (see ../shared/STYLE.md in the project's workspace and README.md):
``data/`` -> `scenarios` -> `merchant` (one checked value per merchant) -> models
(`groupbuy`, `trust`, `membership`, `operations`, `traffic`, `auctions`) -> `funnel` (one
merchant through every leg) -> `strategy` -> `charts` -> `widgets` -> the lessons
(`o2o_models.lessons`, called from ``notebooks/``). Models import neither Altair nor
ipywidgets, so ``import o2o_models.groupbuy`` is quick.
"""

__version__ = "0.1.0"
