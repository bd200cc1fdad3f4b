"""What a reader moves and sees: Altair charts (`charts`), the live chart widget (`livechart`),
kernel-free grid charts for the site (`gridchart`) and the slider panels (`widgets`).

Interaction reads the economics (the model modules one level up) and never the other way round.
"""
