"""What a reader moves and sees: Altair charts (`charts`), the live chart widget (`livechart`),
kernel-free grid charts for the site (`gridchart`), the slider panels (`widgets`), and the
declared panel (`panels`) that makes a widget, a site chart and a benchmark from one
declaration, with its levers' labels in one table (`levers`) and every text through one
catalogue (`text`).

Interaction reads the economics (the model modules one level up) and never the other way round.
"""
