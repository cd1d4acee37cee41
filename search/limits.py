"""Every budget and bound of the engine, in one place."""

# What a search accepts.
MAX_QUERY_CHARS = 500
MAX_PAGE = 1000
MAX_PER_PAGE = 100

# A bulletin is a few kilobytes; a file this large is a mistake, not a bulletin.
MAX_FILE_BYTES = 5 * 1024 * 1024
# A Word file (a zip) that would unpack to more than this is refused unread (a zip bomb); a PDF is
# read for its first MAX_PDF_PAGES pages and for at most MAX_PDF_SECONDS (the rest is left, with a warning).
MAX_UNPACKED_BYTES = 64 * 1024 * 1024
MAX_PDF_PAGES = 200
MAX_PDF_SECONDS = 30

# The years a bulletin can be dated in: the party press of the Democratic Republic begins
# in 1945; a year outside this span in a text is a number, not a date.
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
