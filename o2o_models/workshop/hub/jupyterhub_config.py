"""The file ``jupyterhub -f`` reads: the workshop hub's settings, from `o2o_models.workshop.hub.config`."""

from o2o_models.workshop.hub.config import configure

if "get_config" in globals():  # read by JupyterHub, not imported
    configure(get_config())  # noqa: F821 (JupyterHub provides get_config to its config file)
