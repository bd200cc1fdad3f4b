"""Running a class: solution-free student copies (`classroom`), the trainer's view of the class's
self-checks (`progress`), how our Jupyter servers send kernel messages (`serving`), the class
server (`hub`) and the trainer's printouts (`printouts`).

Workshop code reads the packaged lessons and data (`o2o_models.resources`); nothing in the
economics, interaction or teaching layers imports it, except the self-checks, which record an
attempt through `progress`.
"""
