# ruff: noqa: F821
# Added by scripts/build_site.py to the conf.py Jupyter Book writes (whose names it uses):
# nothing outside the site, no kernel launcher, maths as SVG (site_maths, on the build's PYTHONPATH).
# Jupyter Book would load every script under _static, so our files live in assets/.
extensions = [name for name in extensions if name != "sphinx_thebe"] + ["site_maths"]
html_math_renderer = "o2o_svg"
html_static_path = ["assets"]
html_js_files = [("o2o-site.js", {"defer": "defer"})]
html_css_files = ["o2o-site.css"]
html_favicon = "assets/favicon.svg"
html_copy_source = False
html_show_sourcelink = False
html_theme_options = {**globals().get("html_theme_options", {}), "use_download_button": False}
html_context = {**globals().get("html_context", {}), "default_mode": "light"}
# "JD.com" is a name, not a link: only addresses with a scheme (https://...) become links.
myst_linkify_fuzzy_links = False
