"""Every budget and bound of the engine, in one place."""

# What a search accepts.
MAX_QUERY_CHARS = 500
MAX_PAGE = 1000
MAX_PER_PAGE = 100

# A bulletin is a few kilobytes; a file this large is a mistake, not a bulletin.
MAX_FILE_BYTES = 5 * 1024 * 1024

# The years a bulletin can be dated in: the party press of the Democratic Republic begins
# in 1945; a year outside this span in a text is a number, not a date.
FIRST_YEAR, LAST_YEAR = 1945, 2100

# Whole results kept for repeated searches, per index generation and process (search/query/cache.py).
RESULT_CACHE_ENTRIES = 4096
RESULT_CACHE_BYTES = 64 * 1024 * 1024
