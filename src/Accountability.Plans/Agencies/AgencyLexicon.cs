namespace Accountability.Plans.Agencies;

/// <summary>
/// Official names of the bodies plans address, with the abbreviations and spellings offices use for them.
/// The names are national (every province has a Sở Y tế), so this list is general, not fitted to a plan.
/// </summary>
internal static class AgencyLexicon
{
    /// <summary>Names of departments (after "Sở") and ministries (after "Bộ"), with their short forms.</summary>
    public static readonly (string Name, string[] Aliases)[] Portfolios =
    [
        ("Lao động - Thương binh và Xã hội", ["LĐTBXH", "LĐ-TB&XH", "LĐTB&XH", "LĐ-TBXH", "Lao động - TB&XH", "Lao động - TBXH", "Lao động, Thương binh và Xã hội", "Lao động Thương binh và Xã hội", "Lao động - Thương binh - Xã hội"]),
        ("Giáo dục và Đào tạo", ["GD&ĐT", "GDĐT", "GD-ĐT", "Giáo dục - Đào tạo"]),
        ("Văn hóa, Thể thao và Du lịch", ["VH,TT&DL", "VHTT&DL", "VHTTDL", "VH-TT-DL", "VH, TT và DL", "Văn hóa - Thể thao và Du lịch", "Văn hóa Thể thao và Du lịch"]),
        ("Văn hóa và Thể thao", ["VH&TT", "Văn hóa - Thể thao"]),
        ("Thông tin và Truyền thông", ["TT&TT", "TTTT", "TT-TT"]),
        ("Kế hoạch và Đầu tư", ["KH&ĐT", "KHĐT", "KH-ĐT"]),
        ("Nông nghiệp và Phát triển nông thôn", ["NN&PTNT", "NNPTNT", "NN-PTNT"]),
        ("Nông nghiệp và Môi trường", ["NN&MT", "NNMT"]),
        ("Tài nguyên và Môi trường", ["TN&MT", "TNMT", "TN-MT"]),
        ("Khoa học và Công nghệ", ["KH&CN", "KHCN", "KH-CN"]),
        ("Giao thông vận tải", ["GTVT", "Giao thông - Vận tải"]),
        ("Dân tộc và Tôn giáo", ["DT&TG"]),
        ("Quy hoạch - Kiến trúc", []),
        ("Văn hóa - Thông tin", []),
        ("An toàn thực phẩm", []),
        ("Y tế", []),
        ("Tư pháp", []),
        ("Tài chính", []),
        ("Nội vụ", []),
        ("Công Thương", []),
        ("Xây dựng", []),
        ("Du lịch", []),
        ("Ngoại vụ", []),
        ("Công an", []),
        ("Tài chính - Kế hoạch", ["TC-KH", "TCKH"]),
        ("Kinh tế - Hạ tầng", ["KT-HT"]),
        ("Kinh tế, Hạ tầng và Đô thị", []),
        ("Văn hóa - Xã hội", ["VH-XH"]),
        ("Văn hóa và Thông tin", []),
        ("Nội vụ - Lao động - Thương binh và Xã hội", []),
        ("Quản lý đô thị", []),
        ("Kinh tế", []),
        ("Quốc phòng", []),
        ("Ngoại giao", []),
    ];

    /// <summary>Other bodies whose names have fixed spellings or common abbreviations.</summary>
    public static readonly (string Name, AgencyKind Kind, string[] Aliases)[] Bodies =
    [
        ("Bộ Chỉ huy Bộ đội Biên phòng", AgencyKind.Department, ["BCH BĐBP", "Bộ Chỉ huy BĐBP", "BCH Bộ đội Biên phòng"]),
        ("Bộ Chỉ huy Quân sự", AgencyKind.Department, ["BCH Quân sự", "BCHQS", "Bộ CHQS"]),
        ("Bộ đội Biên phòng", AgencyKind.Department, ["BĐBP"]),
        ("Ủy ban Mặt trận Tổ quốc Việt Nam", AgencyKind.Front, ["UBMTTQVN", "UBMTTQ Việt Nam", "Ủy ban MTTQ Việt Nam", "Ủy ban MTTQVN"]),
        ("Ủy ban Mặt trận Tổ quốc", AgencyKind.Front, ["UBMTTQ", "Ủy ban MTTQ", "MTTQ"]),
        ("Ủy ban nhân dân", AgencyKind.LocalGovernment, ["UBND"]),
        ("Viện Kiểm sát nhân dân", AgencyKind.Judicial, ["VKSND", "Viện KSND"]),
        ("Tòa án nhân dân", AgencyKind.Judicial, ["TAND", "Tòa án ND"]),
        ("Đài Phát thanh - Truyền hình", AgencyKind.Press, ["Đài PT-TH", "Đài PTTH", "Đài Phát thanh và Truyền hình"]),
        ("Hội Liên hiệp Phụ nữ", AgencyKind.MassOrganisation, ["Hội LHPN"]),
        ("Hội Nông dân", AgencyKind.MassOrganisation, ["Hội ND"]),
        ("Hội Cựu chiến binh", AgencyKind.MassOrganisation, ["Hội CCB"]),
        ("Liên đoàn Lao động", AgencyKind.MassOrganisation, ["LĐLĐ"]),
        ("Tỉnh Đoàn", AgencyKind.MassOrganisation, []),
        ("Thành Đoàn", AgencyKind.MassOrganisation, []),
        ("Ngân hàng Chính sách xã hội", AgencyKind.Department, ["NHCSXH", "Ngân hàng CSXH"]),
        ("Bảo hiểm xã hội", AgencyKind.Department, ["BHXH"]),
        ("Cục Phòng, chống tệ nạn xã hội", AgencyKind.Department, ["Cục PCTNXH", "Cục Phòng chống tệ nạn xã hội"]),
        ("Chi cục Phòng, chống tệ nạn xã hội", AgencyKind.Department, ["Chi cục PCTNXH", "Chi cục Phòng chống tệ nạn xã hội"]),
        ("Văn phòng Ủy ban nhân dân", AgencyKind.Department, ["Văn phòng UBND", "VP UBND"]),
        ("Kho bạc Nhà nước", AgencyKind.Department, ["KBNN"]),
        ("Văn phòng Hội đồng nhân dân và Ủy ban nhân dân", AgencyKind.Department, ["Văn phòng HĐND và UBND", "Văn phòng HĐND - UBND", "VP HĐND và UBND"]),
        ("Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân", AgencyKind.Department, ["Văn phòng Đoàn ĐBQH và HĐND"]),
    ];

    /// <summary>Words that open an agency's name.</summary>
    public static readonly string[] Heads =
    [
        "Sở", "Bộ", "Tổng cục", "Cục", "Chi cục", "Công an", "Bộ Chỉ huy", "Bộ chỉ huy", "Bộ đội", "Bộ Tư lệnh",
        "Ủy ban", "UBND", "UBMTTQ", "MTTQ", "Mặt trận", "Viện", "Tòa án", "TAND", "VKSND", "Đài", "Báo", "Hội", "Liên đoàn",
        "Liên minh", "Tỉnh Đoàn", "Tỉnh đoàn", "Thành Đoàn", "Thành đoàn", "Đoàn Thanh niên", "Ban", "Văn phòng",
        "Thanh tra", "Kho bạc", "Bảo hiểm", "Ngân hàng", "Trung tâm", "Cảng vụ", "Cơ quan", "Học viện", "Trường",
        "Cục Thuế", "Cục Hải quan", "Cục Quản lý thị trường", "Chi nhánh", "Phòng", "Công ty", "Tổng công ty", "Quỹ",
        "Bưu điện", "Điện lực", "Viễn thông", "Cảnh sát", "Ban Chỉ huy", "Hạt Kiểm lâm", "Chi cục Kiểm lâm",
        "Vụ", "Trạm", "Tạp chí", "Viettel", "VNPT", "MobiFone", "Đội", "Hội đồng", "Thành viên", "Tập đoàn", "Hiệp hội",
        "Liên hiệp", "Bệnh viện", "Cổng Thông tin", "Cổng thông tin", "Đại học", "Nhà xuất bản", "Thông tấn xã", "Tổ công tác", "Thuế",
    ];

    /// <summary>Lower-case heads that open a group ("các sở, ngành", "các tổ chức chính trị - xã hội").</summary>
    public static readonly string[] GroupHeads =
    [
        "sở", "bộ", "ban", "ngành", "phòng", "cơ quan", "đơn vị", "tổ chức", "hội", "đoàn thể", "huyện", "quận", "tỉnh", "xã", "phường",
        "thị xã", "thành phố", "địa phương", "cấp", "lực lượng", "doanh nghiệp", "trường", "cơ sở", "thành viên", "ngân hàng",
        "tập đoàn", "tổng công ty", "hiệp hội", "cơ quan báo chí", "cơ quan thông tấn", "bệnh viện", "trung tâm", "đơn vị sự nghiệp",
    ];

    /// <summary>
    /// Verbs and phrases that end an agency's name and start its duty ("Sở Y tế tăng cường…").
    /// Lower case only: capitalised words belong to names ("Sở Thông tin và Truyền thông").
    /// </summary>
    public static readonly string[] DutyStarts =
    [
        "chủ trì", "phối hợp", "chỉ đạo", "tăng cường", "căn cứ", "theo", "thực hiện", "tổ chức", "triển khai", "xây dựng",
        "hướng dẫn", "có trách nhiệm", "chịu trách nhiệm", "rà soát", "tham mưu", "thường xuyên", "nghiên cứu", "đẩy mạnh",
        "vận động", "kiểm tra", "bố trí", "phát huy", "tiếp tục", "lồng ghép", "chủ động", "đề xuất", "quản lý", "nâng cao",
        "cung cấp", "tuyên truyền", "đảm bảo", "bảo đảm", "là", "làm", "giám sát", "ban hành", "trình", "báo cáo", "tổng hợp",
        "hỗ trợ", "cập nhật", "phát hiện", "đôn đốc", "duy trì", "kiện toàn", "ưu tiên", "khẩn trương", "tích cực", "sửa đổi",
        "xử lý", "tập trung", "quan tâm", "cử", "giao", "đề nghị", "yêu cầu", "lập", "gửi", "đưa", "phổ biến", "thống kê",
        "có", "được", "cần", "phải", "tham gia", "định kỳ", "hằng năm", "hàng năm", "hàng quý", "hằng quý", "trên cơ sở",
        "trong", "thẩm định", "hoàn thành", "dự kiến", "sơ kết", "tổng kết", "đánh giá", "để", "nhằm", "với", "cho",
        "bám sát", "cùng", "theo dõi", "điều tra", "đấu tranh", "thanh tra", "bổ sung", "ngăn chặn", "tham dự", "biên soạn",
        "hợp nhất", "mở", "đẩy nhanh", "đăng tải", "công khai", "ứng dụng", "phát động", "số hóa", "vận hành", "nâng cấp",
        "áp dụng", "khảo sát", "phê duyệt", "tập huấn", "bồi dưỡng", "đào tạo", "truy tố", "xét xử", "giám định", "khắc phục",
        "thu hồi", "xác minh", "chấn chỉnh", "khen thưởng", "biểu dương", "đề ra", "tiếp nhận", "phát hành", "lắp đặt",
        "đầu tư", "sắp xếp", "quyết liệt", "thống nhất", "cung ứng", "chăm lo", "ra quân", "rà soát", "liên hệ", "hoàn tất",
        "chuẩn hóa", "kết nối", "tích hợp", "triệt phá", "truy quét", "tuần tra", "tăng", "đôn đốc", "phân công", "kiểm soát",
        "thành lập", "kịp thời", "trước", "sau", "ngày", "từ", "tại", "thông qua", "qua", "đối với", "nếu", "khi", "đến", "bằng", "nhưng", "tiến hành", "đồng thời", "trực tiếp", "vẫn", "đã", "sẽ",
        "đang", "tiếp nhận", "củng cố", "phát triển", "hoàn thiện", "giải quyết", "dành", "bảo vệ", "huy động", 
        "cấp phát", "phân bổ", "chuẩn bị", "lựa chọn", "thẩm tra", "quy định", "và các đơn vị", "nghiêm túc", "thẳng thắn", "trân trọng",
    ];
}
