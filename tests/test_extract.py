"""Title, date, year, unit, level and authors read from a bulletin's text.

The short texts below are built from lines quoted from the seeds and from real bulletins
(bulletins-dev); the seed expectations at the end are the issue's fixed requirements.
"""

from datetime import date

import pytest

from conftest import CORPUS, SEED_IDS
from search.metadata.dates import place_day_month
from search.metadata.extract import extract
from search.metadata.units import canonical_unit, level_of
from search.text import compose


def seed(seed_id: str):
    return extract(compose((CORPUS / f"{seed_id}.txt").read_text(encoding="utf-8")))


# --- dates ------------------------------------------------------------------------------------

LEAD_2017 = "Sáng ngày 5/4/2017, Ban tuyên giáo Thành ủy tổ chức hội nghị sơ kết công tác Quý I năm 2017."


@pytest.mark.parametrize(
    "text, expected",
    [
        # the event's date wins over the page's stamp, which gives a day and month their year
        ("Thứ 3 Ngày 18/04/2017\n\nBan tuyên giáo Thành ủy tổ chức hội nghị sơ kết\n\n" + LEAD_2017, date(2017, 4, 5)),
        ("Tiêu đề bài viết về hội nghị\nNgày đăng 26/10/2019 | 03:54  | Lượt xem: 820\n\n"
         "Đó là ý kiến chỉ đạo tại buổi làm việc sáng ngày 25/10/2019.", date(2019, 10, 25)),
        ("Sơ kết công tác Tuyên giáo 6 tháng đầu năm\n\n29/07/2021 | 70\n\n"
         "Chiều ngày 23/7, Ban tuyên giáo Thành ủy tổ chức Hội nghị sơ kết.", date(2021, 7, 23)),
        ("Hội nghị tổng kết công tác báo cáo viên năm 2023\n\n04/01/2024 09:35 Số lượt xem: 41\n\n"
         "Sáng 25/12, Đảng ủy phường tổ chức Hội nghị tổng kết.", date(2023, 12, 25)),
        ("Khai giảng lớp bồi dưỡng lý luận chính trị cho đảng viên mới kết nạp đợt 1/2020\n"
         "Publish date 09/05/2020 | 11:24  | View count: 975\n\n"
         "Ngày 8/5/2020, Trung tâm Bồi dưỡng chính trị huyện tổ chức khai giảng lớp bồi dưỡng.", date(2020, 5, 8)),
        # where the text states no event date, the page's stamp
        ("Đội ngũ báo cáo viên thành phố: Tập trung tuyên truyền\n\n09:26 CH 25/02/2020\n\n"
         "Tại hội nghị, đội ngũ báo cáo viên thành phố được hướng dẫn tổng hợp ý kiến.", date(2020, 2, 25)),
        ("TP.HCM tuyên dương 339 gương học tập và làm theo Bác\n\nKim Sáng 15/05/2024 - 13:56\n\n"
         "Ngày 15/5, Thành ủy TP.HCM tổ chức Hội nghị sơ kết 3 năm.", date(2024, 5, 15)),
        # the site's clock above the headline is not the date (bulletins-dev 015)
        ("RSS Youtube Facebook\n\nChủ nhật 31/05/2020 02:31 Hotline: 0913.068.624 | 0912.194.333\n\n"
         "Ban tuyên giáo tỉnh ủy hướng dẫn thành lập Ban chỉ đạo 35\n\n17:06 | 17/09/2019\n\n"
         "Ngày 17/9, đồng chí Lê Văn Tuấn đã chủ trì Hội nghị.", date(2019, 9, 17)),
        # an update stamp is not a publication date: the event's own date counts
        ("Tập trung tuyên tuyền kết quả thực hiện nhiệm vụ kinh tế - xã hội\n\n"
         "Cập nhật ngày: 04/07/2012 13:41:26\n\nNgày 3-7-2012, Sở Thông tin – Truyền thông tổ chức hội nghị.",
         date(2012, 7, 3)),
        # ... but it fixes the year of a day and month
        ("Ban Chỉ đạo 35 của tỉnh triển khai một số nhiệm vụ\nCập nhật lúc18:28, Thứ Ba, 26/11/2019 (GMT+7)\n\n"
         "Ngày 26-11, Ban Chỉ đạo 35 của tỉnh đã tổ chức hội nghị.", date(2019, 11, 26)),
        # event dates
        ("Quận Ba Đình: Tổ chức Hội nghị\n\ncontent:\n\nSáng ngày 29/9/2022, Quận ủy Ba Đình tổ chức Hội nghị.",
         date(2022, 9, 29)),
        ("Sáng 10.8, Huyện ủy Duy Xuyên phát hành tập 3 Lịch sử Đảng bộ huyện. Tập sách phát hành đúng vào thời "
         "điểm diễn ra Đại hội Đảng bộ huyện lần thứ XX, nhiệm kỳ 2015 - 2020.", date(2015, 8, 10)),
        ("TQĐT - Ngày 10-1, Ban Tuyên giáo Tỉnh ủy đã tổ chức Hội nghị tổng kết công tác tuyên giáo năm 2018, "
         "triển khai nhiệm vụ năm 2019.", date(2019, 1, 10)),
        ("(THTG) Ngày 15.12, Ban Tuyên giáo Tỉnh ủy Tiền Giang tổ chức Hội nghị tổng kết công tác tuyên giáo "
         "năm 2022, triển khai nhiệm vụ năm 2023.", date(2022, 12, 15)),
        ("Sáng 22/5, Huyện ủy Anh Sơn tổ chức Hội nghị sơ kết 3 năm thực hiện Chỉ thị 05/CT-TW của Bộ Chính trị, "
         "biểu dương điển hình tiên tiến giai đoạn 2016-2019.", date(2019, 5, 22)),
        ("(Baonghean.vn) - Sáng 9/5, Trung tâm Bồi dưỡng chính trị huyện Quỳnh Lưu tổ chức khai giảng lớp sơ "
         "cấp lý luận chính trị khóa I năm 2013.", date(2013, 5, 9)),
        ("ND - Trong hai ngày 24 và 25-3, tại Tây Ninh, Cơ quan Thường trực Ban Tuyên giáo T.Ư tại TP Hồ Chí "
         "Minh tổ chức Hội nghị báo cáo viên tháng 3-2010.", date(2010, 3, 24)),
        ("(ANTĐ) - Ngày 29-7, Ban Tuyên giáo Thành ủy Hà Nội đã tổ chức trọng thể Lễ kỷ niệm 80 năm Ngày "
         "truyền thống ngành tuyên giáo của Đảng (1-8-1930/1-8-2010).", date(2010, 7, 29)),
        ("Nhân kỷ niệm 126 năm Ngày sinh Chủ tịch Hồ Chí Minh (19-5), hôm nay (19-5), Ban Thường vụ Thành ủy tổ "
         "chức Hội nghị tổng kết 5 năm thực hiện Chỉ thị số 03-CT/TW; đồng thời tuyên dương các điển hình "
         "giai đoạn 2011-2016.", date(2016, 5, 19)),
        ("Chiều 19-5, Ban Tuyên giáo Trung ương tổ chức Hội nghị đánh giá 1 năm triển khai Kết luận số "
         "01-KL/TW ngày 18-5-2021 của Bộ Chính trị.", date(2022, 5, 19)),
        (" date 2023-07 Sáng ngày 11/7, Ban Tuyên giáo Huyện ủy Tiên Phước tổ chức hội nghị sơ kết.",
         date(2023, 7, 11)),
        # other ways of writing the event's day
        ("Hôm nay (25-10), Ban Tuyên giáo Quận ủy tổ chức hội nghị báo cáo viên quý IV năm 2019.", date(2019, 10, 25)),
        ("Sáng 19.12, Ban Tuyên giáo và Dân vận Trung ương tổ chức Hội nghị tổng kết năm 2025.", date(2025, 12, 19)),
        ("Ngày 12 tháng 3 năm 2024, Ban Tuyên giáo Huyện ủy ban hành Kế hoạch số 33-KH/BTGHU.", date(2024, 3, 12)),
        # a scraper prefix gives a year only: the body's own year comes first, and its day only when the body
        # gives none
        (" date 2025-07-08 Ngày 7/8, Trung tâm Chính trị tổ chức lớp bồi dưỡng đảng viên mới đợt 1, năm 2025.",
         date(2025, 8, 7)),
        (" date 2026-01-28 Sáng 28/1, Ban Tuyên giáo và Dân vận Trung ương tổ chức hội nghị báo cáo viên.",
         date(2026, 1, 28)),
        (" date 2025-08-11 Đảng ủy phường chủ động ứng dụng công nghệ số vào mọi mặt công tác Đảng.",
         date(2025, 8, 11)),
        # a cited document's date in brackets is not the bulletin's
        ("Bám sát Nghị quyết số 57-NQ/TW (ngày 22/12/2024) của Bộ Chính trị, Đảng ủy phường đã triển khai. "
         "Sáng 3/6, Đảng ủy phường tổ chức hội nghị năm 2025.", date(2025, 6, 3)),
        # the congress that opens a term is held in its first year; a term named in passing dates nothing
        ("Sáng 10.8, Huyện ủy phát hành tập sách chào mừng Đại hội Đảng bộ huyện lần thứ XX, nhiệm kỳ 2015 - 2020.",
         date(2015, 8, 10)),
        # the date of a document the unit itself issued, when nothing else dates the text (bulletins-dev 069)
        ("Thực hiện Công văn số 103-CV/BCĐ 35, ngày 17/02/2023 của Ban Chỉ đạo 35 cấp tỉnh, Ban Chỉ đạo 35 cấp "
         "huyện ban hành Công văn số Số 25 -CV/BCĐ ngày 27/02/2023 tổ chức triển khai Kế hoạch.", date(2023, 2, 27)),
        # a date only in the headline
        ("Công tác tuyên giáo phải làm tốt việc định hướng tuyên truyền- Thời sự 17giờ ngày11/1/2018\n\n"
         "(VOH)-Trong năm, toàn Đảng bộ TPHCM đã thực hiện hơn 57.000 cuộc tuyên truyền miệng.", date(2018, 1, 11)),
    ],
)
def test_dates(text, expected):
    assert extract(text).date == expected


@pytest.mark.parametrize(
    "text",
    [
        # a weekday line printed weeks before the event it reports is the site's clock (bulletins-dev 090)
        "Thứ ba,  06/06/2023\n\nHội nghị báo cáo viên các tỉnh, thành phố phía nam\n\n"
        "Trong hai ngày 21 và 22-6, tại TP Hồ Chí Minh, Ban Tuyên giáo T.Ư tổ chức Hội nghị báo cáo viên.",
        # "đợt 1/2020" is a batch, not a date
        "Khai giảng lớp bồi dưỡng lý luận chính trị cho đảng viên mới kết nạp đợt 1/2020\n\n"
        "Trung tâm Bồi dưỡng chính trị huyện phối hợp với các Ban Đảng Huyện ủy khai giảng lớp học.",
        # a cited document's date is not the bulletin's
        "Tăng cường hướng dẫn các TCCS Đảng triển khai thực hiện Kết luận số 01-KL/TW của Bộ Chính trị về tiếp "
        "tục thực hiện Chỉ thị số 05-CT/TW ngày 15/5/2016 của Bộ Chính trị.",
        # a day and month whose year the text does not fix (bulletins-dev 038, 092)
        "(Cadn.com.vn) - ĐÀ NẴNG - Ngày 22-9, Ủy ban MTTQVN thành phố tổ chức Hội nghị tập huấn, triển khai "
        "Thông tri số 10 ngày 8-7-2016 của Ủy ban Trung ương MTTQVN trong giai đoạn 2016-2020.",
        # a term of office named in passing
        "Ngày 3-12, Huyện ủy tổ chức Hội nghị học tập Nghị quyết của Ban Chấp hành Đảng bộ tỉnh nhiệm kỳ "
        "2020-2025.",
        # a target year is not the text's year
        "Ngày 3-12, Huyện ủy Định Hóa đã tổ chức Hội nghị học tập Nghị quyết về phát triển đến năm 2030.",
        # an anniversary or a deadline is not the event
        "Chào mừng kỷ niệm ngày 3/2/2024, các chi bộ hoàn thành kế hoạch trước ngày 20/9/2019.",
    ],
)
def test_no_date(text):
    found = extract(text)
    assert found.date is None and found.year is None


@pytest.mark.parametrize(
    "text, published",
    [
        ("Tiêu đề\nNgày đăng 26/10/2019 | 03:54  | Lượt xem: 820\n\nSáng ngày 25/10/2019, hội nghị.", date(2019, 10, 26)),
        ("Tập trung tuyên truyền các nhiệm vụ trọng tâm\n\n16:47, 25/10/2011\n\nNgày 25/10, hội nghị.", date(2011, 10, 25)),
        ("28/01/2026 - 07:29\n\nXã Thới Hưng họp mặt kỷ niệm\n\nNgày 27-1, Đảng ủy xã tổ chức.", date(2026, 1, 28)),
        # an update stamp when the page has no other
        ("Tiêu đề\nCập nhật ngày: 04/07/2012 13:41:26\n\nNgày 3-7-2012, Sở tổ chức hội nghị.", date(2012, 7, 4)),
        # the site header's clock at the top of the page, a date without a time: not the page's stamp
        ("Thứ 3 Ngày 18/04/2017\n\nBan tuyên giáo Thành ủy tổ chức hội nghị\n\n" + LEAD_2017, None),
        ("Chủ nhật, 24/10/2021 |\nTiêu đề của bài\n\nThứ tư, 28/07/2021\n\nNgày 27/7/2021, hội nghị.",
         date(2021, 7, 28)),
        # a scraper prefix is not the page's stamp
        (" date 2025-08-11 Đảng ủy phường chủ động ứng dụng công nghệ số.", None),
    ],
)
def test_published(text, published):
    assert extract(text).published == published


def test_year_without_a_date_from_the_scraper_prefix():
    found = extract(" date 2021-12 Dự Hội thi có các đồng chí: Phan Xuân Thủy - Phó Trưởng Ban Tuyên giáo Trung ương.")
    assert found.date is None and found.year == 2021


def test_a_day_and_month_take_the_year_before_a_later_reference():
    assert place_day_month(25, 12, date(2024, 1, 4)) == date(2023, 12, 25)
    assert place_day_month(2, 1, date(2024, 1, 4)) == date(2024, 1, 2)


# --- units and levels -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, canonical",
    [
        ("Ban tuyên giáo Thành uỷ", "Ban Tuyên giáo Thành ủy"),
        ("Ban Tuyên giáo QU", "Ban Tuyên giáo Quận ủy"),
        ("Ban Tuyên giáo HU", "Ban Tuyên giáo Huyện ủy"),
        ("Ban Tuyên giáo TU", "Ban Tuyên giáo Tỉnh ủy"),
        ("Thành ủy TPHCM", "Thành ủy TP.HCM"),
        ("Ban Tuyên giáo T.Ư", "Ban Tuyên giáo Trung ương"),
        ("huyện ủy Đô Lương", "Huyện ủy Đô Lương"),
        ("Đảng uỷ Phường Thị Cầu", "Đảng ủy phường Thị Cầu"),
        ("Ban Chấp hành Đảng bộ xã Ninh Hải", "Đảng ủy xã Ninh Hải"),
        ("Ban Chấp hành Đảng bộ tỉnh", "Tỉnh ủy"),
        ("Ban Chỉ đạo 35 của tỉnh", "Ban Chỉ đạo 35 tỉnh"),
        ("Ban Chỉ đạo 35 cấp huyện", "Ban Chỉ đạo 35 huyện"),
        ("Trung tâm bồi dưỡng chính trị huyện Đại Lộc", "Trung tâm Bồi dưỡng chính trị huyện Đại Lộc"),
        ("Ủy ban MTTQVN thành phố", "Ủy ban MTTQ Việt Nam thành phố"),
        ("Viện KHXH Việt Nam", "Viện Khoa học Xã hội Việt Nam"),
        ("Sở Thông tin – Truyền thông", "Sở Thông tin và Truyền thông"),
        ("Đảng ủy Khối Dân-Chính-Đảng TP", "Đảng ủy Khối Dân - Chính - Đảng TP"),
        ("Ủy ban MTTQ Việt Nam xã Hương Lâm và Hà Đông", "Ủy ban MTTQ Việt Nam xã Hương Lâm và xã Hà Đông"),
        ("Cụm Ban Tuyên giáo các tỉnh ủy, thành ủy miền Đông Nam Bộ",
         "Cụm Ban Tuyên giáo các tỉnh ủy, thành ủy miền Đông Nam Bộ"),
        ("Cơ quan Thường trực Ban Tuyên giáo T.Ư tại TP Hồ Chí Minh",
         "Cơ quan Thường trực Ban Tuyên giáo Trung ương tại TP Hồ Chí Minh"),
        # a term of office is not part of the unit
        ("Ban Chấp hành Đảng bộ Quận khóa XXV", "Quận ủy"),
        ("Đảng ủy xã Tân Lập, nhiệm kỳ 2020 - 2025", "Đảng ủy xã Tân Lập"),
        ("Ban tuyên giáo và dân vận Tỉnh uỷ", "Ban Tuyên giáo và Dân vận Tỉnh ủy"),
    ],
)
def test_canonical_unit(raw, canonical):
    assert canonical_unit(raw) == canonical


@pytest.mark.parametrize(
    "unit, level",
    [
        ("Ban Tuyên giáo Trung ương", "trung ương"),
        ("Cơ quan Thường trực Ban Tuyên giáo Trung ương tại TP Hồ Chí Minh", "trung ương"),
        ("Ban Tuyên giáo Tỉnh ủy Tiền Giang", "tỉnh"),
        ("Cụm Ban Tuyên giáo các tỉnh ủy, thành ủy miền Đông Nam Bộ", "tỉnh"),
        ("Đảng ủy Khối Cơ quan - Doanh nghiệp tỉnh", "tỉnh"),
        ("Ban Tuyên giáo Thành ủy TP.HCM", "thành phố"),
        ("Ban Tuyên giáo Quận ủy Ba Đình", "quận"),
        ("Huyện ủy Anh Sơn", "huyện"),
        ("Trung tâm Bồi dưỡng chính trị huyện", "huyện"),
        ("Thị ủy Điện Bàn", "thị xã"),
        ("Đảng ủy phường Kim Mã", "xã/phường"),
        ("Đảng ủy thị trấn Đăk Tô", "xã/phường"),
        ("Ủy ban MTTQ Việt Nam xã Hương Lâm và xã Hà Đông", "xã/phường"),
        ("Đảng ủy đặc khu Phú Quốc", "đặc khu"),
        ("UBND tỉnh Cà Mau", "tỉnh"),
        ("Ban Tuyên giáo và Dân vận Thành ủy Hà Nội", "thành phố"),
        ("Viện Khoa học Xã hội Việt Nam", None),
    ],
)
def test_level_of(unit, level):
    assert level_of(unit) == level


@pytest.mark.parametrize(
    "text, unit, level",
    [
        # the subject of the dated lead
        ("Sáng ngày 06/12/2024, tại Hội trường UBND thị trấn Đăk Tô, Đảng ủy thị trấn Đăk Tô long trọng tổ chức "
         "Lễ công bố.", "Đảng ủy thị trấn Đăk Tô", "xã/phường"),
        ("Ngày 28-11, tại Tỉnh ủy Đồng Nai, Cụm Ban Tuyên giáo các tỉnh ủy, thành ủy miền Đông Nam Bộ tổ chức "
         "Hội nghị giao ban.", "Cụm Ban Tuyên giáo các tỉnh ủy, thành ủy miền Đông Nam Bộ", "tỉnh"),
        ("ND - Trong hai ngày 24 và 25-3, tại Tây Ninh, Cơ quan Thường trực Ban Tuyên giáo T.Ư tại TP Hồ Chí Minh "
         "và Trung tâm thông tin công tác Tuyên giáo phối hợp tổ chức Hội nghị báo cáo viên.",
         "Cơ quan Thường trực Ban Tuyên giáo Trung ương tại TP Hồ Chí Minh", "trung ương"),
        ("Vừa qua, Đảng bộ phường Quán Thánh tổ chức Hội nghị giao lưu toạ đàm.", "Đảng bộ phường Quán Thánh",
         "xã/phường"),
        # a list of co-organisers sharing one place: the first, with its committee
        ("Sáng 13/12, Ban Dân vận, Hội LHPN, Hội Nông dân, Đoàn TNCS Hồ Chí Minh huyện Đất Đỏ tổ chức Hội nghị "
         "tổng kết công tác dân vận.", "Ban Dân vận Huyện ủy Đất Đỏ", "huyện"),
        # "(gọi tắt là ...)" names the unit
        ("Ngày 26-11, Ban Chỉ đạo bảo vệ nền tảng tư tưởng của Đảng, đấu tranh, phản bác các quan điểm sai trái, "
         "thù địch (gọi tắt là Ban Chỉ đạo 35 của tỉnh) đã tổ chức hội nghị.", "Ban Chỉ đạo 35 tỉnh", "tỉnh"),
        # a cluster has its members' level
        ("Chiều 9/8, Cụm thi đua 1 - Ban Tuyên giáo Thành ủy TPHCM (gồm các đơn vị: Quận 1, 3, 5, 10, Tân Bình và "
         "Thành ủy Thủ Đức) tổ chức họp mặt.", "Cụm thi đua 1 - Ban Tuyên giáo Thành ủy TP.HCM", "quận"),
        # a place standing for its committee
        ("Sáng ngày 30/3, Đô Lương tổ chức hội nghị quán triệt. Tới dự có đ/c Trương Hồng Phúc- Bí thư huyện ủy. "
         "Cũng trong đợt này huyện ủy Đô lương trển khai chương trình.", "Huyện ủy Đô Lương", "huyện"),
        # "do <unit> ... tổ chức"
        ("(HP)- Trưởng Ban Tuyên giáo Thành ủy nhấn mạn về công tác tuyên truyền tại hội nghị báo cáo viên do "
         "Ban Tuyên giáo Thành uỷ phối hợp với Cục Cảnh sát biển tổ chức.", "Ban Tuyên giáo Thành ủy", "thành phố"),
        # "<unit> ban hành" anywhere
        ("Để thu hút đông đảo cán bộ tham gia Cuộc thi trên địa bàn huyện Bá Thước, Ban Chỉ đạo 35 cấp huyện ban "
         "hành Công văn số 25.", "Ban Chỉ đạo 35 huyện Bá Thước", "huyện"),
        # the place of a nameless unit from a dateline
        ("(Cadn.com.vn) - ĐÀ NẴNG - Ngày 22-9, Ủy ban MTTQVN thành phố tổ chức Hội nghị tập huấn.",
         "Ủy ban MTTQ Việt Nam thành phố Đà Nẵng", "thành phố"),
        # a name written once with a typo gives way to the spelling the text uses more
        ("Phường Thị Cầu tổ chức nghiên cứu Nghị quyết\n\nSáng 25/12, tại hội trường UBND phường Thị Cầu, Đảng "
         "uỷ phường ThCầu tổ chức Hội nghị. Dự có Uỷ viên BCH Đảng bộ phường Thị Cầu khoá XI.",
         "Đảng ủy phường Thị Cầu", "xã/phường"),
        # a provincial department with no province named
        ("Ngày 3-7-2012, Sở Thông tin – Truyền thông phối hợp với Ban Tuyên giáo Tỉnh ủy tổ chức hội nghị giao ban "
         "báo chí.", "Sở Thông tin và Truyền thông tỉnh", "tỉnh"),
        # a research institute is not a party committee: no level
        ("Viện KHXH Việt Nam tổ chức Hội nghị phổ biến NQTW4\n\n01/06/2012\n\n(Tamly) - Hôm nay ngày 29/5/2012, "
         "tại tầng 2 Trụ sở Viện Khoa học Xã hội Việt Nam, các quần chúng đã được tham dự Hội nghị.",
         "Viện Khoa học Xã hội Việt Nam", None),
        # the headline's subject, with the place from the text
        ("Ban tuyên giáo tỉnh ủy hướng dẫn thành lập Ban chỉ đạo 35 cấp huyện\n\n17:06 | 17/09/2019\n\n"
         "Ngày 17/9, đồng chí Lê Văn Tuấn, Phó Trưởng Ban chỉ đạo 35 tỉnh Thái Nguyên đã chủ trì Hội nghị.",
         "Ban Tuyên giáo Tỉnh ủy Thái Nguyên", "tỉnh"),
        # the most mentioned propaganda board, its committee from the text
        ("Bí thư Thành ủy TP.HCM chúc mừng CB - CNV Ban Tuyên giáo Thành ủy\n\n(VOH) - Sáng ngày 18/2, ông Lê "
         "Thanh Hải đã đến dự, chúc mừng tập thể cán bộ - công nhân viên Ban Tuyên giáo Thành ủy TP.HCM.",
         "Ban Tuyên giáo Thành ủy TP.HCM", "thành phố"),
        ("Tại hội nghị, báo cáo viên thành phố được hướng dẫn. Ban Tuyên giáo yêu cầu báo cáo viên tuyên truyền "
         "Thông tri của Ban Thường vụ Thành ủy và Nghị quyết về phát triển thành phố Hải Phòng.",
         "Ban Tuyên giáo Thành ủy Hải Phòng", "thành phố"),
        # co-organisers sharing the place written after the last of them
        ("Ngày 27-1, Đảng ủy, HĐND, UBND, Ủy ban MTTQVN xã Tân Lập tổ chức họp mặt kỷ niệm 96 năm Ngày thành "
         "lập Đảng.", "Đảng ủy xã Tân Lập", "xã/phường"),
        # a commune's committee named without its commune: the one the text writes after it
        ("Đảng ủy phường chủ động ứng dụng công nghệ số\n\nĐảng ủy phường Kim Mã là đơn vị đầu tiên của quận "
         "triển khai mô hình này. Bí thư Đảng ủy phường Kim Mã cho biết ấn phẩm ra hằng tháng.",
         "Đảng ủy phường Kim Mã", "xã/phường"),
        # the board merged in 2025, and the committee given to it
        ("Sáng 19.12, Ban Tuyên giáo và Dân vận Tỉnh ủy Đồng Nai tổ chức Hội nghị tổng kết công tác năm 2025.",
         "Ban Tuyên giáo và Dân vận Tỉnh ủy Đồng Nai", "tỉnh"),
        ("Chiều 10-10, UBND tỉnh Cà Mau phối hợp Ban Tuyên giáo và Dân vận Tỉnh ủy tổ chức họp báo.",
         "UBND tỉnh Cà Mau", "tỉnh"),
        # a term of office after the committee; the district from the text
        ("Ngày 15/7/2019, Ban Chấp hành Đảng bộ Quận khóa XXV tổ chức Hội nghị lần thứ 22. Cùng dự có các đồng "
         "chí Ủy viên BCH Đảng bộ Quận Hai Bà Trưng.", "Quận ủy Hai Bà Trưng", "quận"),
        # "<unit> (đã, tiếp tục) triển khai": the unit at work is the organiser
        ("Thực hiện Kế hoạch của Ban Thường vụ Tỉnh ủy, Huyện ủy Hàm Thuận Nam đã triển khai tổ chức học tập "
         "được 24 lớp.", "Huyện ủy Hàm Thuận Nam", "huyện"),
        # "là" ends a subject: not "Đảng ủy phường Kim Mã là đơn vị đầu tiên của TP Hà Nội"
        ("Đảng ủy phường Kim Mã là đơn vị đầu tiên của TP Hà Nội triển khai mô hình sổ tay điện tử.",
         "Đảng ủy phường Kim Mã", "xã/phường"),
        # the subject of a clause of the lead, its verb after "đã"
        ("Bám sát tinh thần Nghị quyết số 57-NQ/TW của Bộ Chính trị, Đảng uỷ phường Hà Tu đã tập trung lãnh đạo, chỉ "
         "đạo triển khai đồng bộ nhiều giải pháp chuyển đổi số trên địa bàn.", "Đảng ủy phường Hà Tu", "xã/phường"),
        # a committee that issued a cited document does not act in the bulletin
        ("Hơn 200 đồng chí gồm Bí thư các chi, đảng bộ trực thuộc Huyện uỷ, Văn phòng Huyện uỷ dự hội nghị quán "
         "triệt Nghị quyết số 02-NQ/TU, ngày 04/11/2016, của Tỉnh uỷ Quảng Trị; Nghị quyết số 04-NQ/TU, ngày "
         "20/4/2017, của Tỉnh uỷ Quảng Trị; Kết luận số 60-KL/TU, ngày 25/7/2017, của Tỉnh uỷ Quảng Trị.",
         "Huyện ủy", "huyện"),
        # a source tag names the province of a nameless provincial board
        ("Hội nghị giao ban công tác báo chí\n\n(Web Quảng Trị) Chiều 18/11/2022, Ban Tuyên giáo Tỉnh ủy chủ trì phối "
         "hợp với Sở Thông tin và Truyền thông tổ chức hội nghị giao ban công tác báo chí.",
         "Ban Tuyên giáo Tỉnh ủy Quảng Trị", "tỉnh"),
        # the party organisation of a place named twice, when no committee is named
        ("Cách đây 75 năm, Chi bộ đầu tiên của huyện Na Hang được thành lập. Đến năm 2022 Đảng bộ huyện Na Hang "
         "đã có 35 tổ chức cơ sở đảng. Đảng bộ huyện Na Hang lãnh đạo nhân dân.", "Đảng bộ huyện Na Hang",
         "huyện"),
        # no unit named
        ("Công tác tuyên giáo phải làm tốt việc định hướng tuyên truyền\n\n(VOH)-Trong năm, toàn Đảng bộ TPHCM "
         "đã thực hiện hơn 57.000 cuộc tuyên truyền miệng.", None, None),
    ],
)
def test_units(text, unit, level):
    found = extract(text)
    assert (found.unit, found.level) == (unit, level)


def test_the_organising_of_something_is_not_an_organiser():
    text = (
        "Thủ tướng yêu cầu thực hiện nghiêm chỉ đạo của Thủ tướng Chính phủ, Ban Chỉ đạo quốc gia về phòng, "
        "chống dịch Covid-19 về việc tổ chức các chuyến bay chuyên chở chuyên gia."
    )
    assert extract(text).unit is None


def test_a_signature_line_is_the_issuing_unit():
    text = (
        "Quận Ba Đình: Tổ chức Hội nghị Sơ kết công tác Tuyên giáo\n\n"
        "Sáng ngày 29/9/2022, Quận ủy Ba Đình tổ chức Hội nghị Sơ kết công tác Tuyên giáo 9 tháng.\n\n"
        "                                  Ban Tuyên giáo QU\n\ncontent:\n"
    )
    assert extract(text).unit == "Ban Tuyên giáo Quận ủy Ba Đình"


def test_a_persons_name_after_a_committee_is_not_a_place():
    text = (
        "Đó là ý kiến chỉ đạo của đồng chí Đường Hoài Nam – Phó Bí thư Thường trực Quận ủy.\n\n"
        "Đồng chí Phó Bí thư Thường trực Quận ủy Đường Hoài Nam đã ghi nhận những kết quả đạt được của "
        "Ban Tuyên giáo Quận ủy."
    )
    assert extract(text).unit == "Ban Tuyên giáo Quận ủy"


def test_a_persons_name_glued_on_to_a_committee_is_cut():
    text = ("Ngày 9-4, tại Hội trường Tỉnh ủy, Ban Thường vụ Tỉnh ủy tổ chức Hội nghị. Đồng chí Bí thư Tỉnh ủy Chẩu "
            "Văn Lâm quán triệt bài phát biểu. Đồng chí Bí thư Tỉnh ủy Chẩu Văn Lâm kết luận hội nghị.")
    assert extract(text).unit == "Ban Thường vụ Tỉnh ủy"
    assert canonical_unit("Tỉnh ủy Tuyên Quang") == "Tỉnh ủy Tuyên Quang"


def test_the_propaganda_sector_of_a_place_is_its_committees_board():
    text = ("Năm qua, ngành Tuyên giáo huyện Gia Lâm đã bám sát sự chỉ đạo của Huyện ủy, Ban Tuyên giáo Thành ủy, "
            "tham mưu tốt công tác tuyên truyền. Ngành Tuyên giáo huyện cũng chú trọng công tác dư luận xã hội.")
    found = extract(text)
    assert (found.unit, found.level, found.province) == ("Ban Tuyên giáo Huyện ủy Gia Lâm", "huyện", "Hà Nội")


@pytest.mark.parametrize("subject, unit, level", [
    ("Trung tâm VH, TT và Truyền thông huyện Bình Liêu", "Trung tâm Văn hóa, Thông tin và Truyền thông huyện Bình Liêu",
     "huyện"),
    ("Sở Văn hóa, Thể thao và Du lịch tỉnh Quảng Ninh", "Sở Văn hóa, Thể thao và Du lịch tỉnh Quảng Ninh", "tỉnh"),
    ("Ban Dân vận, Hội Nông dân huyện Đất Đỏ", "Ban Dân vận Huyện ủy Đất Đỏ", "huyện"),  # still a list
])
def test_a_unit_name_with_a_comma_is_not_a_list_of_organisers(subject, unit, level):
    found = extract(f"Ngày 3/7 {subject} đã tổ chức tuyên truyền lưu động về đại hội đảng bộ các cấp.")
    assert (found.unit, found.level) == (unit, level)


def test_a_verb_glued_onto_a_place_name_is_not_part_of_it():
    text = ("Năm qua, ngành Tuyên giáo huyện Gia Lâmđã bám sát sự chỉ đạo của Huyện ủy, Ban Tuyên giáo Thành ủy, "
            "tham mưu tốt công tác tuyên truyền. Ngành Tuyên giáo huyện cũng chú trọng công tác dư luận xã hội.")
    assert extract(text).unit == "Ban Tuyên giáo Huyện ủy Gia Lâm"


def test_a_newspaper_masthead_glued_on_a_paragraph_leaves_it_but_gives_the_province():
    text = ("Hội nghị thông tin báo chí tháng 12\n\nSáng 18/12, Ban Tuyên giáo Tỉnh ủy tổ chức hội nghị thông tin "
            "báo chí thường kỳ tháng 12/2018. Báo Bắc Giang điện tử, Cơ quan của Đảng bộ, chính quyền và nhân dân "
            "tỉnh Bắc Giang\n\nTại hội nghị, các sở, ngành thông tin về kế hoạch dịp Tết.")
    found = extract(text)
    assert found.unit == "Ban Tuyên giáo Tỉnh ủy"  # the masthead names the newspaper's province, not the unit's
    assert found.province == "Bắc Giang"
    assert "Cơ quan của Đảng bộ" not in found.body and found.body.startswith("Sáng 18/12")


# --- authors ----------------------------------------------------------------------------------

BODY = "Tại hội nghị, các đại biểu đã tham gia thảo luận, trao đổi những khó khăn, vướng mắc trong công tác."


@pytest.mark.parametrize(
    "byline, authors",
    [
        ("Thúy Nga – Đức Quang", ["Thúy Nga", "Đức Quang"]),
        ("Thu Trang – Công Hiếu (Đài truyền thanh thành phố)", ["Thu Trang", "Công Hiếu"]),
        ("Tin, ảnh: TUYẾT NGA", ["Tuyết Nga"]),
        ("HOÀI NHI", ["Hoài Nhi"]),
        ("Hữu Hoàn.", ["Hữu Hoàn"]),
        ("Nguyễn Thị Tuyết - Ban Tuyên giáo Huyện ủy Đại Lộc", ["Nguyễn Thị Tuyết"]),
        ("Ban Tuyên giáo QU", []),
        ("Ban Tuyên giáo Huyện ủy", []),
        ("VOH", []),
        ("V.D", []),
        ("Theo Infonet", []),
        ("Minh PhươngTheo Business Insider, Business Today", []),
        ("Quang cảnh hội nghị giao ban tháng 6", []),
    ],
)
def test_authors(byline, authors):
    assert extract(f"Tiêu đề của bài viết về hội nghị\n\n{BODY}\n\n{byline}").authors == authors


def test_authors_above_a_signing_unit():
    text = f"{BODY}\nNguyễn Thị Yến Nhi\nĐảng ủy xã Đại Hiệp"
    assert extract(text).authors == ["Nguyễn Thị Yến Nhi"]


# --- people -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, people",
    [
        # an honorific before the name; "Ông" at a sentence's start is one too
        ("Ngày 17/9, đồng chí Lê Văn Tuấn đã chủ trì Hội nghị.", ["Lê Văn Tuấn"]),
        ("Ông Tất Thành Cang - Phó Bí thư thường trực Thành ủy TPHCM chụp hình lưu niệm.", ["Tất Thành Cang"]),
        ("Hội nghị đã nghe Tiến sĩ Nguyễn Thị Hoài Phương giới thiệu chuyên đề.", ["Nguyễn Thị Hoài Phương"]),
        # an office in the clause before the name
        ("Phát biểu tại lễ kỷ niệm, Bí thư Thành ủy Phạm Quang Nghị gửi lời chúc mừng.", ["Phạm Quang Nghị"]),
        ("Phó Bí thư Thường trực Thành ủy TP.HCM Nguyễn Hồ Hải phát biểu.", ["Nguyễn Hồ Hải"]),
        ("Tổng Bí thư Tô Lâm tham dự hội nghị.", ["Tô Lâm"]),
        # an office after the name, in a list
        ("Dự có các đồng chí Ủy viên Ban Thường vụ Tỉnh ủy: Phạm Thị Thu Hằng, Trưởng Ban Tuyên giáo Tỉnh ủy; "
         "Nguyễn Văn Va, Trưởng Ban Tổ chức Tỉnh ủy; Lê Quốc Chỉnh - Trưởng Ban Nội chính Tỉnh ủy.",
         ["Phạm Thị Thu Hằng", "Nguyễn Văn Va", "Lê Quốc Chỉnh"]),
        # the name ends where an office or a committee begins
        ("Đồng chí Bí thư Huyện ủy Bố Trạch Đinh Hữu Thành khai mạc hội nghị.", ["Đinh Hữu Thành"]),
        # places, the founder, an organisation and a byline are no officials
        ("Trưởng Ban Tuyên giáo Thành ủy Hà Nội chủ trì. Đồng chí đề nghị học tập tư tưởng Hồ Chí Minh và Chủ "
         "tịch Hồ Chí Minh; Bí thư Đoàn Thanh niên phát biểu.\n\nNguyễn Thị Tuyết", []),
    ],
)
def test_people(text, people):
    assert extract(text).people == people


# --- titles and body --------------------------------------------------------------------------


def test_a_kicker_above_the_headline_is_not_the_title():
    text = (
        "Đảng ủy Khối cơ quan - doanh nghiệp tỉnh\n\nTổ chức lớp bồi dưỡng lý luận chính trị cho đảng viên mới\n\n"
        "Ngày 21-11, Đảng ủy Khối Cơ quan - Doanh nghiệp tỉnh đã tổ chức lớp bồi dưỡng lý luận chính trị."
    )
    found = extract(text)
    assert found.title == "Tổ chức lớp bồi dưỡng lý luận chính trị cho đảng viên mới"
    assert found.body.startswith("Ngày 21-11")


def test_a_caption_below_the_headline_is_not_the_title():
    text = (
        "Đội ngũ báo cáo viên thành phố: Tập trung tuyên truyền về đại hội Đảng các cấp\n\n"
        "Các đại biểu dự hội nghị báo cáo viên thành phố tháng 2.\n\n"
        "Tại hội nghị, đội ngũ báo cáo viên thành phố được hướng dẫn tổng hợp ý kiến tham gia vào dự thảo Báo cáo "
        "chính trị trình Đại hội 16 Đảng bộ thành phố, nghe thông tin về tình hình phòng, chống dịch bệnh."
    )
    assert extract(text).title.startswith("Đội ngũ báo cáo viên thành phố")


LEAD_2021 = ("Ngày 27/7/2021, Ban Tuyên giáo Tỉnh ủy tổ chức lớp bồi dưỡng nghiệp vụ công tác dư luận xã hội năm "
             "2021 cho các đồng chí lãnh đạo Ban Tuyên giáo huyện ủy, thành ủy, đảng ủy trực thuộc.")


@pytest.mark.parametrize(
    "chrome",
    [
        "Skip to main content",
        "Cổng thông tin điện tử Đảng Cộng Sản Việt Nam\nQuảng Ninh\nA- A A+ | Tăng tương phản Giảm tương phản",
        "TRANG THÔNG TIN ĐIỆN TỬ PHỔ BIẾN GIÁO DỤC PHÁP LUẬT TỈNH NINH BÌNH\nChủ nhật, 24/10/2021 |",
        " date 2025-10-10 HOTLINE: 0903.343.439 - HOTLINE Phát hành: 0819.123.127 - ĐẶT MUA BÁO",
        "Banner",
        "CHÀO MỪNG KỶ NIỆM 45 NĂM NGÀY GIẢI PHÓNG TỈNH KHÁNH HÒA (02/4/1975 - 02/4/2020)",
    ],
)
def test_site_chrome_never_becomes_the_headline(chrome):
    text = f"{chrome}\n\nBan Tuyên giáo Tỉnh ủy: Tổ chức Lớp bồi dưỡng nghiệp vụ\n\nThứ tư, 28/07/2021\n\n{LEAD_2021}"
    found = extract(text)
    assert found.title == "Ban Tuyên giáo Tỉnh ủy: Tổ chức Lớp bồi dưỡng nghiệp vụ"
    assert found.published == date(2021, 7, 28) and found.date == date(2021, 7, 27)
    assert found.province is None  # the site's name is no place the text ties the unit to


def test_the_tail_of_a_scraper_prefix_is_not_a_headline():
    found = extract(f" date 2025-12-19 {LEAD_2021}\n\n{BODY}")
    assert not found.title_is_headline and found.title.startswith("Ngày 27/7/2021")


def test_a_letterhead_is_not_a_headline_and_dates_the_letter():
    text = ("TỈNH UỶ HÀ TĨNH\n\nĐẢNG CỘNG SẢN VIỆT NAM\n\nBAN TUYÊN GIÁO\n\nHà Tĩnh, ngày 15 tháng 6 năm 2021\n\n"
            "Số 369 - CV/BTGTU\n\nĐề cương tuyên truyền kỷ niệm 190 năm thành lập tỉnh\n\n" + BODY + " " + BODY)
    found = extract(text)
    assert found.title == "Đề cương tuyên truyền kỷ niệm 190 năm thành lập tỉnh"
    assert found.date == date(2021, 6, 15)


def test_a_source_tag_before_a_short_line_tags_a_headline():
    text = ("(TTV) Đảng bộ huyện Na Hang 75 năm xây dựng, trưởng thành, phát triển\n\n20:43, 29/04/2022\n\n"
            "Cách đây 75 năm, tháng 4 năm 1947, Chi bộ Đảng cộng sản đầu tiên của huyện Na Hang được thành lập.")
    assert extract(text).title == "(TTV) Đảng bộ huyện Na Hang 75 năm xây dựng, trưởng thành, phát triển"


def test_a_headline_repeated_as_an_image_alt_text_is_kept_once():
    headline = "Cà Mau họp báo cung cấp thông tin về sự kiện quan trọng của tỉnh"
    text = (f"Vùng miền\n\n{headline}\n\nVân Du\n\n(NLĐO) - Ông Hồ Trung Việt đã cung cấp nhiều thông tin.\n\n"
            f"Chiều 10-10, UBND tỉnh Cà Mau tổ chức họp báo quý III/2025.\n\n{headline} - Ảnh 1.\n\n{BODY}")
    found = extract(text)
    assert found.title == headline and "Ảnh 1" not in found.body


@pytest.mark.parametrize("caption", ["Các đại biểu dự hội nghị tại điểm cầu xã Bình Lư",
                                     "Đồng chí Hồ Văn Mừng, Ủy viên Ban Thường vụ Tỉnh ủy,"])
def test_a_caption_after_the_lead_is_not_a_headline(caption):
    lead = ("Sáng ngày 26/9/2025, Ban Tuyên giáo và Dân vận Trung ương tổ chức Hội nghị Báo cáo viên tháng 9/2025. "
            "Dự hội nghị tại điểm cầu xã Bình Lư có đồng chí Tạ Thị Dung, Phó Bí thư Thường trực Đảng ủy xã, các "
            "đồng chí Ủy viên Ban Thường vụ Tỉnh ủy và Hồ Văn Mừng.")
    assert not extract(f"{lead}\n\n{caption}\n\n{BODY}").title_is_headline


def test_a_lead_of_today_is_not_a_headline():
    text = ("Sáng nay (28/7), Tỉnh ủy Bình Định tổ chức thông báo nhanh kết quả Hội nghị Trung ương 10 (khóa X) cho "
            "cán bộ chủ chốt trong tỉnh.\n\n" + BODY + " Cương lĩnh xây dựng đất nước (Cương lĩnh năm 1991) và Chiến lược "
            "phát triển kinh tế - xã hội 10 năm 2001 - 2010 và (2011-2020).")
    found = extract(text)
    assert not found.title_is_headline
    assert (found.date, found.year) == (None, None)  # the text does not say which year


def test_a_headline_printed_after_the_lead():
    lead = (
        "Sáng ngày 11/7, Ban Tuyên giáo Huyện ủy Tiên Phước tổ chức hội nghị sơ kết công tác Tuyên giáo 6 tháng "
        "đầu năm; triển khai phương hướng, nhiệm vụ công tác những tháng cuối năm 2023."
    )
    text = f" date 2023-07 {lead}\n\nBan Tuyên giáo Huyện ủy Tiên Phước sơ kết 6 tháng đầu năm 2023\n\n{BODY}"
    found = extract(text)
    assert found.title == "Ban Tuyên giáo Huyện ủy Tiên Phước sơ kết 6 tháng đầu năm 2023"
    assert found.title_is_headline
    assert found.body.split("\n\n") == [lead, BODY]


def test_without_a_headline_the_lead_stands_in():
    lead = (
        "Chiều 2/7/2018, Ban Tuyên giáo Tỉnh ủy phối hợp với Huyện ủy Long Hồ tổ chức hội nghị báo cáo viên kỳ "
        "tháng 6 gắn với sơ kết công tác tuyên truyền miệng, hoạt động báo cáo viên 6 tháng đầu năm."
    )
    found = extract(f"{lead}\n{lead}\n{BODY}")
    assert not found.title_is_headline
    assert len(found.title) <= 125 and lead.startswith(found.title.rstrip("…"))
    assert found.body.split("\n\n") == [lead, BODY]


def test_a_photo_caption_at_the_top_is_not_a_headline():
    text = (
        "Đồng chí Lý Hồng Quang - Bí thư Đảng ủy, chủ tịch HĐND xã phát biểu tại Hội nghị\n"
        "Hội nghị được tổ chức theo hình thức trực tiếp kết hợp trực tuyến, với sự tham dự của các đồng chí trong "
        "Thường trực BTV Đảng ủy, Ban Chấp hành Đảng bộ xã, lãnh đạo các ban, ngành, đoàn thể."
    )
    found = extract(text)
    assert not found.title_is_headline and found.title.startswith("Hội nghị được tổ chức")


def test_an_image_alt_text_headline_loses_its_suffix():
    text = (
        "D.Hùng\n\nTrien khai CVD “Toan dan doan ket xay dung nong thon moi, do thi van minh” - Anh 1\n\n"
        "(Cadn.com.vn) - ĐÀ NẴNG - Ngày 22-9, Ủy ban MTTQVN thành phố tổ chức Hội nghị tập huấn."
    )
    assert extract(text).title == "Trien khai CVD “Toan dan doan ket xay dung nong thon moi, do thi van minh”"


def test_the_headline_repeated_below_is_not_in_the_body():
    head = "Kỷ niệm 80 năm Ngày truyền thống ngành tuyên giáo"
    lead = "(ANTĐ) - Ngày 29-7, Ban Tuyên giáo Thành ủy Hà Nội đã tổ chức trọng thể Lễ kỷ niệm."
    found = extract(f"{head}\n\n{lead}\n\n{head}\n\n{lead}\n\n{BODY}")
    assert found.title == head
    assert found.body.split("\n\n") == [lead, BODY]


def test_empty_text():
    found = extract("")
    assert (found.title, found.body, found.date, found.unit, found.authors) == ("", "", None, None, [])


# --- the seeds (the fixed expectations) -----------------------------------------------

SEEDS = {
    "000_d30b1399ac50a2e2": (
        "Ban tuyên giáo Thành ủy tổ chức hội nghị sơ kết công tác Quý I và triển khai phương hướng , nhiệm vụ "
        "trọng tâm công tác Quý II năm 2017.",
        date(2017, 4, 5), None, "Ban Tuyên giáo Thành ủy", "thành phố", ["Thúy Nga", "Đức Quang"],
    ),
    "001_ce4fcaa25c1ddba7": (
        "Công tác tuyên giáo – Đào tạo bồi dưỡng cuối năm 2019: Chủ động, sáng tạo hoàn thành mục tiêu, tiến độ",
        date(2019, 10, 25), date(2019, 10, 26), "Ban Tuyên giáo Quận ủy", "quận", [],
    ),
    "002_2fbd65798a9931f3": (
        "Sơ kết công tác Tuyên giáo 6 tháng đầu năm, triển khai nhiệm vụ 6 tháng cuối năm 2021",
        date(2021, 7, 23), date(2021, 7, 29), "Ban Tuyên giáo Thành ủy", "thành phố", ["Thu Trang", "Công Hiếu"],
    ),
    "003_2fa3e06238549911": (
        "Quận Ba Đình: Tổ chức Hội nghị Sơ kết công tác Tuyên giáo 9 tháng và triển khai nhiệm vụ trọng tâm 3 "
        "tháng cuối năm 2022",
        date(2022, 9, 29), None, "Ban Tuyên giáo Quận ủy Ba Đình", "quận", [],
    ),
    "004_c1a92cc1975631cc": (
        "Công tác Tuyên giáo huyện Gia Lâm 6 tháng đầu năm 2020 đã đạt được những kết quả quan trọng",
        date(2020, 6, 17), date(2020, 6, 17), "Ban Tuyên giáo Huyện ủy Gia Lâm", "huyện", [],
    ),
}


@pytest.mark.parametrize("seed_id", SEED_IDS)
def test_seed_expectations(seed_id):
    title, day, published, unit, level, authors = SEEDS[seed_id]
    found = seed(seed_id)
    assert found.title == title and found.title_is_headline
    assert (found.date, found.year, found.published) == (day, day.year, published)
    assert (found.unit, found.level) == (unit, level)
    assert found.authors == authors


@pytest.mark.parametrize("seed_id", SEED_IDS)
def test_seed_bodies_are_clean(seed_id):
    found = seed(seed_id)
    for chrome in ("Copyright", "truy cập", "giao diện", "Lượt xem", "View count", "content:", "Các tin khác",
                   "thời tiết", "bình chọn", "Tin tức - Sự kiện", "đảng đoàn thể"):
        assert chrome not in found.body, chrome
    assert not found.body.startswith(found.title)
    assert found.body == found.body.strip() and "\n\n\n" not in found.body


def test_seed_000_holds_its_lead_once():
    body = seed("000_d30b1399ac50a2e2").body
    assert body.count("Sáng ngày 5/4/2017, Ban tuyên giáo Thành ủy tổ chức hội nghị sơ kết") == 1
    assert body.startswith("Sáng ngày 5/4/2017") and body.endswith("Thúy Nga – Đức Quang")


def test_seed_004_keeps_its_last_paragraphs():
    body = seed("004_c1a92cc1975631cc").body
    assert body.endswith("Ban Tuyên giáo Huyện ủy")
    assert "Đồng chí Chu Thị Thanh Huyền - Ủy viên BTV, Trưởng Ban Tuyên giáo Huyện ủy," in body


def test_a_sapo_above_the_lead_is_not_a_headline_and_stays_in_the_body():
    sapo = ("Hội nghị được tổ chức theo hình thức trực tiếp tại điểm cầu hội trường Trường Đại học Sư phạm Kỹ thuật "
            "TPHCM và được trực tuyến đến 6 điểm cầu trên địa bàn phường.")
    lead = ("Ngày 27-9, Đảng ủy phường Thủ Đức (TPHCM) tổ chức hội nghị triển khai Nghị quyết Đại hội đại biểu Đảng "
            "bộ phường lần thứ I, nhiệm kỳ 2025-2030 đến 3.000 cán bộ, đảng viên toàn Đảng bộ phường.")
    found = extract(f" date 2025-09-27 Chính trị\n\n{sapo}\n\n{lead}\n\n{BODY}")
    assert not found.title_is_headline
    assert sapo in found.body.split("\n\n")


def test_a_headline_with_a_full_stop_restates_the_lead():
    headline = "Đô Lương tổ chức hội nghị quán triệt triển khai hội nghị lần thứ X – BCH trung ương đảng khóa XI."
    lead = ("Sáng ngày 30/3, Đô Lương tổ chức hội nghị quán triệt triển khai hội nghị lần thứ X – BCH trung ương "
            "đảng khóa XI và chuyên đề học tập làm theo tấm gương đạo đức Hồ Chí Minh về trung thực, trách nhiệm.")
    found = extract(f"{headline}\n{lead}\n{BODY}")
    assert found.title == headline and found.title_is_headline


def test_a_sub_heading_below_a_sapo_is_not_the_headline():
    sapo = ("Để hình dung được phần nào sự phức tạp của việc phát triển vắc xin, hãy cùng nhìn lại quá trình "
            "phát triển vắc xin cho một số bệnh truyền nhiễm khác.")
    text = f"{sapo}\nBệnh đậu mùa\n{BODY}"
    found = extract(text)
    assert not found.title_is_headline and sapo.startswith(found.title.removesuffix("…"))
    assert found.body.split("\n\n")[0] == sapo


def test_a_section_headline_and_lead_run_together_are_split():
    headline = "Lâm Đồng: Gần 100 đảng viên mới được bồi dưỡng lý luận chính trị"
    lead = ("Ngày 7/8, Trung tâm Chính trị Đà Lạt đã tổ chức lớp bồi dưỡng lý luận chính trị dành cho đảng viên "
            "mới đợt 1, năm 2025.")
    found = extract(f" date 2025-07-08 Chính trị {headline} {lead}\n\n{BODY}")
    assert found.title == headline
    assert found.body.split("\n\n")[0] == lead
    assert found.date == date(2025, 8, 7)


def test_a_headline_opening_with_a_section_word_keeps_it():
    headline = "Xã hội hóa công tác tuyên truyền ở cơ sở: kinh nghiệm từ huyện Đất Đỏ"
    lead = "Sáng 13/12, Ban Tuyên giáo Huyện ủy Đất Đỏ tổ chức hội nghị tổng kết công tác tuyên giáo năm 2023."
    assert extract(f"{headline}\n\n{lead}\n\n{BODY}").title == headline
