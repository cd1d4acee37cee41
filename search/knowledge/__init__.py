"""What the engine knows of the domain: directives, abbreviations, units and levels, places.

Knowledge is data: the files in ``search/knowledge/data/`` are read once by
:mod:`search.knowledge.loader`, and the modules beside it answer questions about them.
"""
