"""The ``bantin`` command as staff use it from a shell: words unquoted, messages in
Vietnamese, a clear line instead of a traceback for every bad option."""

import argparse
import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from cli import _parser

ROOT = Path(__file__).resolve().parent.parent


def bantin(*args, timeout=60):
    return subprocess.run([sys.executable, "-m", "cli", *args], cwd=ROOT, capture_output=True, text=True,
                          encoding="utf-8", timeout=timeout)


def test_words_need_no_quotes(seed_index):
    unquoted = json.loads(bantin("search", "tuyen", "giao", "--index", str(seed_index), "--json").stdout)
    quoted = json.loads(bantin("search", "tuyen giao", "--index", str(seed_index), "--json").stdout)
    assert unquoted["query"] == "tuyen giao" and unquoted["total"] == quoted["total"] == 5


def test_the_text_output_says_suggestion_nothing_found_and_past_the_end(seed_index):
    suggested = bantin("search", "tuyen", "giao", "--index", str(seed_index))
    assert "Có phải bạn muốn tìm: “tuyên giáo”?" in suggested.stdout
    assert "[tuyên] [giáo]" in suggested.stdout.lower()
    nothing = bantin("search", "máy", "bay", "phản", "lực", "--index", str(seed_index))
    assert nothing.returncode == 0 and "Không tìm thấy bản tin nào." in nothing.stdout
    past = bantin("search", "tuyên giáo", "--page", "9", "--index", str(seed_index))
    assert past.returncode == 0 and "Trang 9 vượt quá số trang" in past.stdout and "--page 1" in past.stdout


def test_index_prints_its_summary_in_vietnamese_or_as_json(tmp_path):
    corpus = ROOT / "corpus"
    built = bantin("index", "--corpus", str(corpus), "--index", str(tmp_path / "ix"), "--quiet")
    assert built.returncode == 0 and "5 bản tin trong chỉ mục: thêm 5" in built.stdout
    again = bantin("index", "--corpus", str(corpus), "--index", str(tmp_path / "ix"), "--json")
    summary = json.loads(again.stdout)
    assert (summary["documents"], summary["unchanged"], summary["added"]) == (5, 5, 0)
    assert summary["skipped"] == [] and summary["generation"].startswith("gen-")


@pytest.mark.parametrize("args, option", [
    (["serve", "--port", "-1"], "--port"),
    (["serve", "--port", "99999"], "--port"),
    (["serve", "--host", "256.1.1.1"], "--host"),
    (["serve", "--threads", "0"], "--threads"),
    (["index", "--workers", "0"], "--workers"),
])
def test_bad_options_are_one_line_naming_the_option(args, option):
    refused = bantin(*args, timeout=30)
    assert refused.returncode == 2 and option in refused.stderr and "Traceback" not in refused.stderr


@pytest.mark.parametrize("command", [["search", "tuyên"], ["serve"], ["index"], ["show", "x"], ["stats"]])
def test_an_index_option_naming_a_file_is_refused(tmp_path, command):
    a_file = tmp_path / "index.txt"
    a_file.write_text("not an index", encoding="utf-8")
    refused = bantin(*command, "--index", str(a_file), timeout=30)
    assert refused.returncode == 2 and "không phải thư mục chỉ mục" in refused.stderr
    assert "Traceback" not in refused.stderr


def test_an_over_long_query_names_the_query_not_an_option(seed_index):
    refused = bantin("search", "tuyên " * 200, "--index", str(seed_index))
    assert refused.returncode == 2 and "Lỗi câu tìm kiếm" in refused.stderr and "--q" not in refused.stderr


def test_a_busy_port_names_the_port_option(seed_index):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        refused = bantin("serve", "--index", str(seed_index), "--port", str(port), timeout=60)
    assert refused.returncode == 2 and f"--port {port + 1}" in refused.stderr and "Traceback" not in refused.stderr


def test_every_option_has_help():
    def check(parser, path):
        for action in parser._actions:
            assert action.help, f"bantin {path} {'/'.join(action.option_strings) or action.dest} has no help"
            if isinstance(action, argparse._SubParsersAction):
                for name, command in action.choices.items():
                    check(command, f"{path} {name}".strip())

    check(_parser(), "")


def test_a_user_added_from_a_script_can_log_in(tmp_path):
    users = tmp_path / "users.txt"
    added = subprocess.run([sys.executable, "-m", "cli", "user", "add", "bien-tap", "--users", str(users)],
                           cwd=ROOT, input="mật khẩu đủ dài\n", capture_output=True, text=True, timeout=60)
    assert added.returncode == 0 and "đã thêm người dùng bien-tap" in added.stdout
    assert "\nbien-tap:$argon2id$" in users.read_text(encoding="utf-8")
    short = subprocess.run([sys.executable, "-m", "cli", "user", "add", "khac", "--users", str(users)],
                           cwd=ROOT, input="ngan\n", capture_output=True, text=True, timeout=60)
    assert short.returncode == 2 and "Traceback" not in short.stderr
    assert bantin("user", "remove", "bien-tap", "--users", str(users)).returncode == 0
    assert bantin("user", "remove", "bien-tap", "--users", str(users)).returncode == 1


def test_several_values_of_a_filter_and_a_span_of_dates(seed_index):
    both = json.loads(bantin("search", "--year", "2019", "--year", "2022", "--index", str(seed_index), "--json").stdout)
    assert both["total"] == 2
    span = bantin("search", "tuyên giáo", "--from", "2019", "--to", "2021-06", "--index", str(seed_index))
    assert "2 kết quả" in span.stdout and "Thời gian: 2019 – 2021-06" in span.stdout
    wrong = bantin("search", "x", "--from", "2019-13", "--index", str(seed_index))
    assert wrong.returncode == 2 and "--from" in wrong.stderr and "Traceback" not in wrong.stderr
