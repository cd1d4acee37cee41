"""Corpus files in, text out: finding files (``files``), decoding bytes (``decoding``), front
matter (``frontmatter``), web pages (``html``) and the site chrome around a bulletin (``cleaning``)."""
