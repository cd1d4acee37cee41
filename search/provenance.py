"""Where a bulletin's metadata came from: the names a bulletin's ``provenance`` records for each field
(stored in the index, given out by ``Engine.document``), and how a reader is told them in Vietnamese.

A field holds the value of the first place that gives one, in this order: a staff correction
(``_corrections.toml`` at the corpus root), the file's front matter, its folder's ``_source.toml``, and
what is read from the text. A province may also be looked up in the gazetteer from the places the unit or
the text names, or from the web host of the bulletin's address; a title the text does not give is the
file's name.
"""

CORRECTIONS = "corrections"
FRONT_MATTER = "front matter"
SOURCE_FILE = "_source.toml"
TEXT = "text"
GAZETTEER = "gazetteer"
URL = "url"
FILE_NAME = "file name"

# The fields whose origin is recorded, in the order a page lists them.
FIELDS = ("title", "date", "published", "year", "unit", "level", "province", "directives", "people",
          "authors", "url")

# What a reader is told, after "nguồn:".
LABELS = {
    CORRECTIONS: "đính chính trong _corrections.toml",
    FRONT_MATTER: "khai báo ở đầu tệp",
    SOURCE_FILE: "khai báo trong _source.toml của thư mục",
    TEXT: "đọc từ văn bản",
    GAZETTEER: "suy từ địa danh trong văn bản",
    URL: "suy từ địa chỉ trang web",
    FILE_NAME: "tên tệp",
}
