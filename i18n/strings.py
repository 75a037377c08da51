"""Every string the pages show, in Vietnamese and English, in one place.

`t(key, lang, **params)` returns the sentence; a missing key fails loudly
in tests (tests/test_strings.py checks both languages have every key).
"""

from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    # app and navigation
    "app_title": ("Bảng theo dõi chuyển đổi xanh", "Green transformation dashboard"),
    "section_follow": ("Theo dõi", "Monitor"),
    "section_data": ("Số liệu", "Data"),
    "page_overview": ("Tổng quan", "Overview"),
    "page_indicators": ("Chỉ tiêu", "Indicators"),
    "page_villages": ("Thôn", "Villages"),
    "page_sectors": ("Lĩnh vực", "Sectors"),
    "page_explore": ("Khám phá", "Explore"),
    "language": ("Ngôn ngữ", "Language"),
    "filters": ("Bộ lọc", "Filters"),
    "period": ("Kỳ báo cáo", "Reporting period"),
    "villages": ("Thôn", "Villages"),
    "all_villages": ("Tất cả các thôn", "All villages"),
    "sectors": ("Lĩnh vực", "Sectors"),
    "all_sectors": ("Tất cả lĩnh vực", "All sectors"),
    "copy_link": (
        "Sao chép đường dẫn trên trình duyệt để mở lại đúng khung nhìn này.",
        "Copy the browser's address to reopen exactly this view.",
    ),
    "filtered_villages": ("Đang xem {n}/{total} thôn.", "Showing {n}/{total} villages."),
    # states
    "empty_store": (
        "Chưa có số liệu nào. Cán bộ biên tập tải tệp của các thôn lên trang Dữ liệu (hoặc dùng lệnh `python cli.py ingest TỆP`).",
        "No data yet. An editor uploads the villages' files on the Data page (or runs `python cli.py ingest FILE`).",
    ),
    "nothing_left": (
        "Bộ lọc hiện tại không để lại số liệu nào. Hãy chọn thêm thôn hoặc lĩnh vực.",
        "The current filters leave no data. Select more villages or sectors.",
    ),
    "no_value_period": ("Chưa có số liệu kỳ {period}.", "No data for {period}."),
    "single_period": (
        "Mới có một kỳ báo cáo; xu hướng sẽ hiện khi có thêm kỳ.",
        "Only one period so far; the trend appears with more periods.",
    ),
    "no_target": ("Chỉ tiêu theo dõi, không có mục tiêu", "Tracked, no target"),
    "village_no_data": ("Thôn {name} chưa có số liệu kỳ {period}.", "Village {name} has no data for {period}."),
    # chart vocabulary (charts/)
    "chart_actual": ("Thực tế", "Actual"),
    "chart_period": ("Kỳ", "Period"),
    "chart_value": ("Giá trị", "Value"),
    "chart_status": ("Trạng thái", "Status"),
    "chart_target": ("Mục tiêu", "Target"),
    "chart_required_path": ("Lộ trình cần đạt", "Required path"),
    "chart_projection": ("Dự báo", "Projection"),
    "chart_village": ("Thôn", "Village"),
    "chart_indicator": ("Chỉ tiêu", "Indicator"),
    "chart_task": ("Nhiệm vụ", "Task"),
    "chart_deadline": ("Thời hạn", "Deadline"),
    # overview
    "overview_title": ("Tổng quan chuyển đổi xanh {commune}", "Green transformation of {commune}"),
    "headline_targets": ("Bốn chỉ tiêu chủ yếu đến năm 2030", "The four main targets for 2030"),
    "priority_tasks": ("Bốn nhiệm vụ trọng tâm", "The four priority tasks"),
    "completeness": ("{reported}/{total} thôn đã báo cáo kỳ {period}.", "{reported}/{total} villages reported for {period}."),
    "missing_villages": ("Chưa báo cáo: {names}.", "Not reported: {names}."),
    "freshness": ("Số liệu mới nhất nhận ngày {date}.", "Newest data received on {date}."),
    "value": ("Giá trị", "Value"),
    "target": ("Mục tiêu", "Target"),
    "target_by": ("Mục tiêu {year}: {value}", "Target {year}: {value}"),
    "projection_by": ("Dự báo {year}: {value}", "Projected {year}: {value}"),
    "villages_reporting": ("{n}/{total} thôn có số liệu", "{n}/{total} villages with data"),
    "panel_note": (
        "Trạng thái so sánh {panel} thôn có số liệu cả kỳ gốc và kỳ này.",
        "The status compares the {panel} villages with data at both the baseline and this period.",
    ),
    "meeting_mode": ("Chế độ trình chiếu", "Meeting mode"),
    "meeting_exit": ("Thoát trình chiếu", "Leave meeting mode"),
    "previous": ("◀ Trước", "◀ Previous"),
    "next": ("Tiếp ▶", "Next ▶"),
    "slide_of": ("{i}/{n}", "{i}/{n}"),
    "completion": ("Mức hoàn thành", "Completion"),
    "completion_computed": ("tính từ chỉ tiêu", "from the indicators"),
    "completion_reported": ("theo báo cáo Biểu 04", "as reported in form 04"),
    # indicator page
    "choose_indicator": ("Chọn chỉ tiêu", "Choose an indicator"),
    "trend": ("Diễn biến theo kỳ", "Over time"),
    "village_breakdown": ("Theo thôn, kỳ {period}", "By village, {period}"),
    "calculation": ("Cách tính", "How it is computed"),
    "calc_ratio": (
        "Σ {num} / Σ {den} = {numerator} / {denominator} = {value}",
        "Σ {num} / Σ {den} = {numerator} / {denominator} = {value}",
    ),
    "calc_sum": ("Σ {num} = {value}", "Σ {num} = {value}"),
    "calc_villages": (
        "Tính trên {n} thôn báo cáo đủ cả hai phần trong kỳ {period}.",
        "Over the {n} villages that reported both parts for {period}.",
    ),
    "calc_rows": ("Tính trên {n} dòng của biểu.", "Over {n} rows of the form."),
    "sources": ("Tệp nguồn", "Source files"),
    "source_file": ("Tệp", "File"),
    "source_date": ("Ngày nhận", "Received"),
    "source_user": ("Người gửi", "Sent by"),
    "source_values": ("Số giá trị", "Values"),
    "status": ("Trạng thái", "Status"),
    "gap": ("Khoảng cách", "Gap"),
    "baseline": ("Kỳ gốc {period}: {value}", "Baseline {period}: {value}"),
    "table_view": ("Xem dạng bảng", "View as a table"),
    "download_png": ("Tải ảnh PNG", "Download PNG"),
    "commune_only": ("Chỉ tiêu này chỉ có số liệu toàn xã.", "This indicator has commune figures only."),
    # villages page
    "heatmap": ("Thôn × chỉ tiêu, kỳ {period}", "Village × indicator, {period}"),
    "ranking": ("Xếp hạng thôn", "Village ranking"),
    "profile": ("Hồ sơ một thôn", "One village's profile"),
    "choose_village": ("Chọn thôn", "Choose a village"),
    "no_village_rows": ("Chưa có số liệu theo thôn cho kỳ này.", "No village figures for this period."),
    # sectors page
    "sector_indicators": ("Chỉ tiêu", "Indicators"),
    "sector_tasks": ("Nhiệm vụ", "Tasks"),
    # explore page
    "explore_title": ("Khám phá số liệu", "Explore the data"),
    "explore_help": (
        "Lọc và xoay bảng mọi số liệu đang lưu; tải về dạng Excel hoặc CSV.",
        "Filter and pivot every stored value; download as Excel or CSV.",
    ),
    "form": ("Biểu", "Form"),
    "field": ("Trường", "Field"),
    "rows": ("Hàng", "Rows"),
    "columns": ("Cột", "Columns"),
    "aggregate": ("Phép gộp", "Aggregate"),
    "download_xlsx": ("Tải Excel (.xlsx)", "Download Excel (.xlsx)"),
    "download_csv": ("Tải CSV", "Download CSV"),
    "pivot": ("Bảng xoay", "Pivot table"),
    "raw_values": ("Số liệu chi tiết", "Detailed values"),
    # villages, sectors and explore pages (tables, states)
    "villages_title": ("Kết quả theo thôn", "Results by village"),
    "heatmap_help": (
        "Mỗi ô là giá trị của thôn, tô màu theo trạng thái của chính thôn so với mục tiêu (từ số liệu năm gốc của thôn).",
        "Each cell is the village's value, coloured by the village's own status against the target (from its own baseline).",
    ),
    "villages_no_data": ("Các thôn đã chọn chưa có số liệu kỳ {period}.", "The chosen villages have no data for {period}."),
    "commune_only_list": (
        "Chỉ tiêu chỉ có số liệu toàn xã, không có ở đây: {ids}.",
        "Indicators with commune figures only, not shown here: {ids}.",
    ),
    "ranking_help": (
        "Thôn nào đứng ở đâu với một chỉ tiêu, kỳ {period}.",
        "Where each village stands on one indicator, {period}.",
    ),
    "lower_is_better": (
        "Chỉ tiêu giảm: càng thấp càng tốt; hạng 1 là thấp nhất.",
        "A decreasing indicator: lower is better; rank 1 is the lowest.",
    ),
    "no_ranking": (
        "Không có chỉ tiêu nào có số liệu theo thôn cho kỳ và bộ lọc này.",
        "No indicator has village figures for this period and these filters.",
    ),
    "col_rank": ("Hạng", "Rank"),
    "col_village": ("Thôn", "Village"),
    "col_indicator": ("Chỉ tiêu", "Indicator"),
    "col_baseline": ("Năm gốc {period}", "Baseline {period}"),
    "target_cell": ("{value} (năm {year})", "{value} by {year}"),
    "no_target_short": ("Không có mục tiêu", "No target"),
    "no_gap": ("Không còn", "None left"),
    "profile_help": ("Mọi chỉ tiêu của thôn {name}, kỳ {period}.", "Every indicator of {name}, {period}."),
    "status_count": ("{label}: {n}", "{label}: {n}"),
    "sectors_title": ("Theo lĩnh vực", "By sector"),
    "sector_no_indicators": ("Lĩnh vực này chưa có chỉ tiêu nào trong danh mục.", "This sector has no indicator in the catalog."),
    "sector_no_tasks": ("Lĩnh vực này chưa có nhiệm vụ nào.", "This sector has no task."),
    "sector_summary": ("{n} chỉ tiêu · {m} nhiệm vụ", "{n} indicators · {m} tasks"),
    "new_tasks": ("Nhiệm vụ mới (chưa gắn lĩnh vực)", "New tasks (no sector yet)"),
    "col_task_id": ("Mã", "ID"),
    "col_task": ("Nhiệm vụ", "Task"),
    "col_lead_unit": ("Đơn vị chủ trì", "Lead unit"),
    "col_completion_source": ("Tiến độ theo", "Progress from"),
    "source_computed": ("Chỉ tiêu {ind}", "Indicator {ind}"),
    "source_reported": ("Báo cáo (Biểu 04)", "Report (form 04)"),
    "col_flags": ("Cảnh báo", "Warnings"),
    "flag_late": ("Quá hạn", "Late"),
    "flag_stale": ("Quá 6 tháng chưa báo cáo", "No report for over 6 months"),
    "all_forms": ("Tất cả các biểu", "All forms"),
    "all_fields": ("Tất cả các trường", "All fields"),
    "all_periods": ("Tất cả các kỳ", "All periods"),
    "no_columns": ("(không chia cột)", "(no columns)"),
    "col_period": ("Kỳ", "Period"),
    "col_entity": ("Đối tượng", "Item"),
    "col_text": ("Nội dung", "Text"),
    "col_unit": ("Đơn vị tính", "Unit"),
    "agg_sum": ("Tổng", "Sum"),
    "agg_mean": ("Trung bình", "Mean"),
    "agg_count": ("Số giá trị", "Count"),
    "agg_min": ("Nhỏ nhất", "Minimum"),
    "agg_max": ("Lớn nhất", "Maximum"),
    "explore_count": ("{n} giá trị khớp bộ lọc.", "{n} values match the filters."),
    "explore_nothing": (
        "Không có giá trị nào khớp các bộ lọc đã chọn. Hãy bỏ bớt điều kiện lọc (biểu, trường, kỳ hoặc thôn ở thanh bên).",
        "No value matches the chosen filters. Remove some (form, field, period, or villages in the sidebar).",
    ),
    "explore_villages_note": (
        "Đang lọc theo {n} thôn ở thanh bên: số liệu không gắn với thôn (cụm công nghiệp, nhiệm vụ, chi bộ) không có ở đây.",
        "Filtered to {n} villages in the sidebar: values tied to no village (clusters, tasks, party cells) are left out.",
    ),
    "pivot_empty": (
        "Không có số liệu dạng số để gộp với lựa chọn này; hãy chọn phép gộp «Số giá trị» hoặc trường khác.",
        "No numbers to aggregate with this choice; choose «Count» or other fields.",
    ),
    "heatmap_capped": (
        "Bản đồ nhiệt vẽ {shown}/{total} thôn đầu tiên; hãy chọn thôn ở thanh bên để xem các thôn khác.",
        "The heatmap draws the first {shown} of {total} villages; choose villages in the sidebar to see others.",
    ),
    "ranking_capped": (
        "Biểu đồ vẽ {shown} thôn đứng đầu trong {total}; bảng dữ liệu có đủ các thôn.",
        "The chart draws the top {shown} of {total} villages; its table holds them all.",
    ),
    "and_more": (" và {n} thôn khác", " and {n} more"),
    "shown_first": (
        "Hiển thị {shown}/{total} dòng đầu; tải về để có đủ.",
        "Showing the first {shown} of {total} rows; download for all.",
    ),
}


def t(key: str, lang: str = "vi", **params: object) -> str:
    """The string `key` in `lang` ('vi' or 'en'), with params filled in."""
    vi, en = STRINGS[key]
    return (vi if lang == "vi" else en).format(**params)
