"""Site chrome and repeated paragraphs come out; real content stays.

The chrome lines below are quoted from the seeds and from real bulletins (bulletins-dev).
"""

import pytest

from search.ingest.cleaning import (
    clean,
    is_chrome,
    is_stamp,
    is_tail_marker,
    is_update_stamp,
    repeated_indices,
    strip_scraper_prefix,
)

LEAD = (
    "Sáng ngày 5/4/2017, Ban tuyên giáo Thành ủy tổ chức hội nghị sơ kết công tác Quý I và triển khai "
    "phương hướng , nhiệm vụ trọng tâm công tác Quý II năm 2017."
)


@pytest.mark.parametrize(
    "line",
    [
        "Lượt xem: 820",
        "View count: 316",
        "© 2016 Copyright by VNPT Hưng Yên.",
        "content:",
        "Đang trực tuyến: 326",
        "Số lượt truy cập: 1750050",
        "Tin tức - Sự kiện nổi bật",
        "đảng đoàn thể",
        "KINH TẾ - CHÍNH TRỊ",
        "khối phường",
        "RSS Youtube Facebook",
        "Tiếng việt | English",
        "Chủ nhật 31/05/2020 02:31 Hotline: 0913.068.624 | 0912.194.333 | 0912.132.008",
        "HOTLINE: 0903.343.439 - HOTLINE Phát hành: 0819.123.127 - ĐẶT MUA BÁO",
        "Cổng thông tin điện tử Đảng Cộng Sản Việt Nam",
        "TRANG THÔNG TIN ĐIỆN TỬ PHỔ BIẾN GIÁO DỤC PHÁP LUẬT TỈNH NINH BÌNH",
        "A- A A+ | Tăng tương phản Giảm tương phản",
        "Skip to main content",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Quang cảnh buổi làm việc",
        "(Toàn cảnh hội nghị giao ban DLXH)",
        "(Toản cảnh Hội nghị )",
        "z5442268181629_334a991f74d1884e6c5ebd266890f890.jpg",
        "tuyen-giaotuyen-giao-1",
        "Bấm vào đây để xem chi tiết!",
        "Xếp hạng bài viết",
        "Đóng Lưu thông tin",
        "Trang chủ > Tin tức > Hoạt động của Ban",
        ".",
        ";",
        "84",
    ],
)
def test_chrome_lines(line):
    assert is_chrome(line)


@pytest.mark.parametrize(
    "line",
    [
        "Thúy Nga – Đức Quang",
        "Toàn tỉnh đã tổ chức được 56.636 cuộc tuyên truyền miệng với trên 4 triệu lượt người tham dự.",
        "Cổng thông tin điện tử của huyện đã có hơn 1 triệu lượt truy cập trong năm 2023.",
        "Đồng chí nhấn mạnh việc bảo vệ bản quyền tác phẩm báo chí là trách nhiệm của các cơ quan báo chí "
        "trên địa bàn, nhất là trong môi trường số khi việc sao chép, đăng lại thông tin ngày càng phổ biến.",
        "Người dân có thể phản ánh qua đường dây nóng (hotline) của Ủy ban nhân dân xã.",
        "Mọi thông tin chi tiết vui lòng liên hệ hotline 1900585885 hoặc các chi nhánh TPBank gần nhất để được tư vấn.",
        "Ban Tuyên giáo Huyện ủy",
        "Toàn cảnh Hội nghị tổng kết công tác tuyên giáo năm 2022 được tổ chức trọng thể tại hội trường "
        "Tỉnh ủy với sự tham dự của đông đảo đại biểu các sở, ban, ngành.",
    ],
)
def test_real_content_is_not_chrome(line):
    assert not is_chrome(line) and not is_tail_marker(line)


@pytest.mark.parametrize("line", ["Các tin khác", "Thống kê truy cập", "thời tiết các vùng", "bình chọn", "Bình luận"])
def test_tail_markers_drop_what_follows(line):
    text = f"Tiêu đề bài viết về công tác tuyên giáo\n\n{LEAD}\n\n{line}\n\nHà Nội\nĐà Nẵng\nTP Hồ Chí Minh\n"
    assert clean(text).paragraphs == ["Tiêu đề bài viết về công tác tuyên giáo", LEAD]


@pytest.mark.parametrize(
    "line",
    [
        "Ngày đăng 26/10/2019 | 03:54  | Lượt xem: 820",
        "Publish date 09/05/2020 | 11:24  | View count: 975",
        "29/07/2021 | 70",
        "Thứ 3 Ngày 18/04/2017",
        "17:06 | 17/09/2019",
        "09:26 CH 25/02/2020",
        "Cập nhật lúc18:28, Thứ Ba, 26/11/2019 (GMT+7)",
        "17:28, Thứ Hai, 30/09/2019 (GMT+7)",
        "04/01/2024 09:35 Số lượt xem: 41",
        "Kim Sáng 15/05/2024 - 13:56",
        "Thứ ba,  06/06/2023",
        "01/06/2012",
    ],
)
def test_date_stamps(line):
    assert is_stamp(" ".join(line.split()))


@pytest.mark.parametrize(
    "line",
    [
        "Khai giảng lớp bồi dưỡng lý luận chính trị cho đảng viên mới kết nạp đợt 1/2020",
        "Ngày 16/9/2014, Đảng ủy phường Kim Mã tổ chức hội nghị tọa đàm khối các đoàn thể chính trị - xã hội của phường.",
        "Công tác tuyên giáo phải làm tốt việc định hướng tuyên truyền- Thời sự 17giờ ngày11/1/2018",
    ],
)
def test_not_date_stamps(line):
    assert not is_stamp(line)


def test_update_stamps_are_told_apart():
    assert is_update_stamp("Cập nhật ngày: 04/07/2012 13:41:26")
    assert not is_update_stamp("Ngày đăng 04/09/2009 | 00:00")


def test_stamps_are_taken_out_and_kept_apart():
    text = (
        "Tin tức - Sự kiện nổi bật\n\nCông tác tuyên giáo cuối năm 2019: Chủ động, sáng tạo\n"
        "Ngày đăng 26/10/2019 | 03:54  | Lượt xem: 820\n\n" + LEAD
    )
    cleaned = clean(text)
    assert cleaned.paragraphs == ["Công tác tuyên giáo cuối năm 2019: Chủ động, sáng tạo", LEAD]
    assert cleaned.stamps == ["Ngày đăng 26/10/2019 | 03:54 | Lượt xem: 820"]
    assert cleaned.before_stamp == 0  # the headline stands just above the stamp
    assert cleaned.stamp_lines == [1]


def test_a_clock_topping_the_page_does_not_mark_the_headline():
    text = ("Chủ nhật, 24/10/2021 |\nTHỰC HIỆN PHÁP LUẬT LÀ QUYỀN VÀ NGHĨA VỤ CỦA MỖI CÔNG DÂN\n\n"
            "Ban Tuyên giáo Tỉnh ủy: Tổ chức Lớp bồi dưỡng nghiệp vụ\n\nThứ tư, 28/07/2021\n\n" + LEAD)
    cleaned = clean(text)
    assert cleaned.stamps == ["Chủ nhật, 24/10/2021 |", "Thứ tư, 28/07/2021"] and cleaned.stamp_lines == [0, 2]
    assert cleaned.paragraphs[cleaned.before_stamp] == "Ban Tuyên giáo Tỉnh ủy: Tổ chức Lớp bồi dưỡng nghiệp vụ"


def test_scraper_prefix():
    text = " date 2023-07 Sáng ngày 11/7, Ban Tuyên giáo Huyện ủy Tiên Phước tổ chức hội nghị."
    rest, month = strip_scraper_prefix(text)
    assert month == (2023, 7, None)
    assert rest.startswith("Sáng ngày 11/7")
    assert clean(text).scraper_date == (2023, 7, None)
    rest, day = strip_scraper_prefix(" date 2025-08-11 Đảng ủy phường chủ động ứng dụng công nghệ số")
    assert day == (2025, 8, 11) and rest.startswith("Đảng ủy")


def test_lead_printed_three_times_is_kept_once():
    # seed 000: the lead alone, then again at the start of the full paragraph
    text = f"{LEAD}\n\n      {LEAD} Dự hội nghị có đ/c Bùi Hồng Tiến.\n\n{LEAD}"
    paras = clean(text).paragraphs
    assert paras == [f"{LEAD} Dự hội nghị có đ/c Bùi Hồng Tiến."]


def test_truncated_teaser_goes():
    # bulletins-dev 090: a teaser cut with "..." before the full paragraph
    full = (
        "Trong hai ngày 21 và 22-6, tại TP Hồ Chí Minh, Ban Tuyên giáo T.Ư tổ chức Hội nghị báo cáo viên "
        "các tỉnh, thành phố phía nam."
    )
    teaser = full[:-1] + " Dự hội nghị có đại diện lãnh đạo các ban tuyên giáo, trung tâm thông tin..."
    paras = clean(f"{teaser}\n\n{full}\n\nCác đại biểu đã được thông báo tình hình kinh tế – xã hội.").paragraphs
    assert paras[0] == full and len(paras) == 2


def test_repeats_ignore_quotes_dashes_and_case():
    a = "Vừa qua, Đảng bộ phường Quán Thánh tổ chức Hội nghị giao lưu toạ đàm“ Làm theo tấm gương đạo đức Hồ Chí Minh”."
    b = 'Vừa qua, Đảng bộ phường Quán Thánh tổ chức Hội nghị giao lưu toạ đàm" Làm theo tấm gương đạo đức Hồ Chí Minh".'
    assert repeated_indices([a, b]) == {1}


def test_short_or_different_paragraphs_stay():
    paras = ["Tại hội nghị", "Tại hội nghị", "Kinh tế - xã hội phát triển ổn định trong quý I.",
             "Kinh tế - xã hội phát triển ổn định trong quý II."]
    assert repeated_indices(paras) == set()


def test_an_ellipsis_alone_does_not_make_a_teaser():
    text = "Tiếp tục đẩy mạnh việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh…."
    assert repeated_indices([text, "Tại hội nghị, các đại biểu đã tham gia đóng góp ý kiến."]) == set()
