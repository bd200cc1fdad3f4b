"""What a trainer prints, from the lessons the package carries: the answer key (`answer_key`, ``o2o-answer-key``)
and a one-page handout per lesson (`handouts`, ``o2o-handouts``); no checkout needed
(``pip install 'o2o-models[trainer]'``). ``--lang zh`` makes both from the Chinese lessons, in Chinese.
Formulas are typeset as SVG (`maths`) into pages that load nothing from outside (`printable`).
"""
