"""The Jinja2 templates of every output, one folder each; shipped as ``seamgen.templates`` package data."""
