"""The command line, ``python -m dashboard <verb>``: one module per group of verbs."""
