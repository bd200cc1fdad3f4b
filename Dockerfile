# The single-user image for a class on Zero to JupyterHub (deploy/z2jh/values.yaml) or any
# JupyterHub that runs containers: the o2o-models wheel with its runtime dependencies only,
# JupyterHub 5.5 to match the chart, and student copies only (no worked solutions).
#   docker build -t o2o-three-legs-singleuser:0.1.0 .
FROM python:3.11-slim AS wheel
WORKDIR /src
COPY pyproject.toml README.md ./
COPY o2o_models o2o_models
COPY notebooks notebooks
COPY data data
RUN pip wheel --no-cache-dir --no-deps --wheel-dir /wheels .

FROM python:3.11-slim
COPY --from=wheel /wheels /wheels
COPY deploy/requirements-singleuser.txt /tmp/requirements-singleuser.txt
RUN pip install --no-cache-dir -r /tmp/requirements-singleuser.txt /wheels/o2o_models-*.whl \
    && rm -rf /wheels /tmp/requirements-singleuser.txt
# Students get the lessons without their worked solutions: the copies inside the installed
# package are replaced by student copies, so o2o-get-lessons (and --with-solutions) has no
# solutions to give. The trainer keeps the originals in the repository.
RUN o2o-student-copies /tmp/student-copies \
    && lessons="$(python -c 'from o2o_models.resources import lessons_dir; print(lessons_dir())')" \
    && cp -r /tmp/student-copies/. "$lessons"/ && rm -rf /tmp/student-copies \
    && ! grep -rl --include='*.ipynb' '"solution"' "$lessons"
# As on the workshop hub, the students' kernels draw charts without a PNG and read the charts'
# script bundled once, here (o2o_models/interactive/livechart.py): 120 MB less a student.
RUN python -c "from pathlib import Path; from o2o_models.interactive import livechart; \
livechart.write_bundled_js(Path('/opt/o2o-chart-cache'))" && chmod -R a+rX /opt/o2o-chart-cache
RUN useradd --create-home --uid 1000 --shell /bin/bash jovyan
USER jovyan
WORKDIR /home/jovyan
ENV O2O_PROGRESS=on O2O_CHART_PNG=off O2O_CHART_CACHE=/opt/o2o-chart-cache
EXPOSE 8888
# o2o-singleuser places ~/o2o-lessons, then becomes jupyterhub-singleuser: the lessons are there before JupyterLab opens.
CMD ["o2o-singleuser"]
