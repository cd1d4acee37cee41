"""Every budget and bound of the engine, in one place."""

# What a search accepts.
MAX_QUERY_CHARS = 500
MAX_PAGE = 1000
MAX_PER_PAGE = 100
# Digits a page, page size or year may have before it is refused as out of range unread.
MAX_NUMBER_DIGITS = 12

# A bulletin is a few kilobytes; a file this large is a mistake, not a bulletin.
MAX_FILE_BYTES = 5 * 1024 * 1024
# A Word file (a zip) that would unpack to more than this is refused unread (a zip bomb); a PDF is
# read for its first MAX_PDF_PAGES pages and for at most MAX_PDF_SECONDS (the rest is left, with a warning).
MAX_UNPACKED_BYTES = 64 * 1024 * 1024
MAX_PDF_PAGES = 200
MAX_PDF_SECONDS = 30

# The years a bulletin can be dated in: the party press of the Democratic Republic begins
# in 1945; a year outside this span in a text is a number, not a date. A front-matter date
# outside it is refused with a warning, so the year facet and the year filter always agree.
FIRST_YEAR, LAST_YEAR = 1945, 2100

# What marking a query's words may cost: a snippet is looked for in the opening of a
# bulletin only, and a page marks at most so many words (a query of many words over a
# bulletin of megabytes must not hold a server thread for seconds).
SNIPPET_SCAN_CHARS = 100_000
MAX_MARKS = 1_000

# An export (CSV) holds at most this many bulletins; the page says when it is cut.
MAX_EXPORT_ROWS = 10_000
# Completions offered to the browser's address bar for a typed prefix.
MAX_COMPLETIONS = 10

# Front matter (the YAML block at the top of a file) longer than this is ignored with a warning.
MAX_FRONT_MATTER_CHARS = 64 * 1024

# One file's analysis (search/index/documents.py, in the build's workers). The whole text is
# stored and shown; the first MAX_INDEXED_CHARS characters of title and body are indexed
# (found by search, phrases checked by position); the segmenter's words, a ranking signal
# only, are read from the first MAX_SEGMENTED_CHARS, cut at paragraph ends into pieces of
# at most SEGMENTER_PIECE_CHARS (one CRF sequence each). A longer bulletin is indexed with a
# warning saying how much of it can be found.
MAX_INDEXED_CHARS = 1_000_000
MAX_SEGMENTED_CHARS = 200_000
SEGMENTER_PIECE_CHARS = 20_000

# Saved web pages: a start tag whose attributes take more characters than this is kept
# without its attributes before the page is parsed (parsers take time growing with the
# square of one tag's attribute count).
MAX_TAG_ATTRIBUTE_CHARS = 4096

# A folder's _source.toml: the url_pattern, and the address made from it.
MAX_URL_CHARS = 2048

# A bulletin's related ones are found from the distinctive words of its opening this long.
RELATED_TEXT_CHARS = 20_000

# Whole results kept for repeated searches, per index generation and process (search/query/cache.py).
RESULT_CACHE_ENTRIES = 4096
RESULT_CACHE_BYTES = 64 * 1024 * 1024
