"""From text to index terms: syllables in one spelling (``analyzers``), pyvi's
multi-syllable words (``segmenter``) and pairs of common syllables (``pairs``)."""
