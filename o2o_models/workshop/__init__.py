"""Running a class: solution-free student copies (`classroom`), the trainer's view of the class's
self-checks (`progress`) and how our Jupyter servers send kernel messages (`serving`).

Workshop code reads the packaged lessons and data (`o2o_models.resources`); nothing in the
economics, interaction or teaching layers imports it, except the self-checks, which record an
attempt through `progress`.
"""
