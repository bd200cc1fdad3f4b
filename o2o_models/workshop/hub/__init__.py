"""The workshop hub: JupyterHub on one machine, one Unix account per student.

``o2o-hub`` (``make hub``) starts it as root with `jupyterhub_config.py`. The parts:
`accounts` (an account and a closed home per student, the trainer's files closed),
`signin` (sign-up with the workshop password, then each student's own password),
`limits` (memory, CPU and processes per student, enforced by the kernel), `spawner`
(each student's server, their lessons placed before it starts, both editions), `editions`
(the form on which a student picks the edition JupyterLab opens on), `tls` (HTTPS) and
`launch` (the ``o2o-hub`` command, and a hub on 127.0.0.1 for the tests and benchmarks).
"""
