using System.Runtime.CompilerServices;
using System.Text;
using Accountability.Plans.Agencies;

namespace Accountability.Plans.Tests;

/// <summary>The reviewed agency data holds together: names, aliases, dates, sources, provinces and successions.</summary>
public class GazetteerTests
{
    private static readonly Gazetteer G = Gazetteer.Default;
    private static readonly DateOnly LastDayOf63 = new(2025, 6, 30);
    private static readonly DateOnly First34 = new(2025, 7, 1);

    [Fact]
    public void Both_files_load_with_entries_in_each_list()
    {
        Assert.True(G.Bodies.Count > 100, $"{G.Bodies.Count} bodies");
        Assert.True(G.Provinces.Count > 80, $"{G.Provinces.Count} provinces");
        Assert.NotEmpty(G.Successions);
        Assert.NotEmpty(G.Sources);
    }

    [Theory]
    [InlineData("Accountability.Plans.Agencies.Data.gazetteer.json")]
    [InlineData("Accountability.Plans.Agencies.Data.succession.json")]
    public void Files_are_utf8_nfc_without_bom(string resource)
    {
        using var stream = typeof(Gazetteer).Assembly.GetManifestResourceStream(resource)!;
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        var bytes = memory.ToArray();
        Assert.False(bytes is [0xEF, 0xBB, 0xBF, ..], "no byte-order mark");
        var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        Assert.True(text.IsNormalized(NormalizationForm.FormC), "NFC");
        Assert.Contains("\n  ", text); // pretty-printed
    }

    [Fact]
    public void No_two_bodies_in_force_on_the_same_day_share_a_name_or_alias()
    {
        var clashes = new List<string>();
        var byKey = G.Bodies.SelectMany(b => b.Names.Select(Gazetteer.Key).Distinct().Select(k => (Key: k, Body: b))).GroupBy(x => x.Key);
        foreach (var group in byKey)
        {
            var bodies = group.Select(x => x.Body).ToList();
            for (var i = 0; i < bodies.Count; i++)
                for (var j = i + 1; j < bodies.Count; j++)
                    if (Overlap(bodies[i], bodies[j]))
                        clashes.Add($"'{group.Key}': {bodies[i].Name} / {bodies[j].Name}");
        }
        Assert.Empty(clashes);
    }

    [Fact]
    public void A_name_used_twice_belongs_to_bodies_of_different_periods()
    {
        // "Phòng Kinh tế" was a district office until 1/7/2025 and is a commune office since.
        foreach (var group in G.Bodies.GroupBy(b => Gazetteer.Key(b.Name)).Where(g => g.Count() > 1))
            Assert.False(group.Zip(group.Skip(1)).Any(p => Overlap(p.First, p.Second)), group.Key);
        var district = G.Find("Phòng Kinh tế", new DateOnly(2024, 5, 1));
        var commune = G.Find("Phòng Kinh tế", new DateOnly(2025, 8, 1));
        Assert.Equal(("district", "commune"), (district?.Level, commune?.Level));
    }

    [Fact]
    public void Aliases_are_not_repeats_of_the_name_or_of_each_other()
    {
        var redundant = G.Bodies.Where(b => b.Names.Select(Gazetteer.Key).Distinct().Count() != b.Aliases.Count + 1).Select(b => b.Name)
            .Concat(G.Provinces.Where(p => p.Names.Select(Gazetteer.Key).Distinct().Count() != p.Aliases.Count + 1).Select(p => p.Name));
        Assert.Empty(redundant);
    }

    [Fact]
    public void Every_alias_finds_its_body()
    {
        foreach (var body in G.Bodies)
            foreach (var name in body.Names)
            {
                var day = body.Since ?? body.Until?.AddDays(-1) ?? First34;
                Assert.Same(body, G.Find(name, day));
                Assert.True(G.IsKnown(name), name);
            }
    }

    [Fact]
    public void Aliases_are_not_common_words()
    {
        string[] common = ["công an", "điện lực", "thuế", "báo", "bảo hiểm", "ngân hàng", "thống kê", "hải quan", "kho bạc", "thanh tra", "quốc hội"];
        var bad = G.Bodies.SelectMany(b => b.Aliases).Where(a => common.Contains(Gazetteer.Key(a)) || a.Length < 3).ToList();
        Assert.Empty(bad);
    }

    [Fact]
    public void Every_kind_level_and_unit_is_one_of_the_known_values()
    {
        Assert.All(G.Bodies, b => Assert.Contains(b.Kind, Gazetteer.Kinds));
        Assert.All(G.Bodies, b => Assert.Contains(b.Level, Gazetteer.Levels));
        Assert.All(G.Provinces, p => Assert.Contains(p.Unit, Gazetteer.Units));
        Assert.All(G.Successions, s => Assert.Contains(s.Level, Gazetteer.Levels));
        Assert.All(G.Successions, s => Assert.Contains(s.Subject, (string[])["body", "province"]));
    }

    [Fact]
    public void Dates_run_forward_and_names_are_trimmed()
    {
        Assert.All(G.Bodies, b => Assert.True(b.Since is null || b.Until is null || b.Since < b.Until, b.Name));
        Assert.All(G.Provinces, p => Assert.True(p.Since is null || p.Until is null || p.Since < p.Until, p.Name));
        var names = G.Bodies.SelectMany(b => b.Names).Concat(G.Provinces.SelectMany(p => p.Names)).ToList();
        Assert.All(names, n => Assert.Equal(VietnameseText.CollapseSpaces(n), n));
    }

    [Fact]
    public void Every_entry_cites_at_least_one_source_and_every_cited_source_exists()
    {
        var cited = G.Bodies.Select(b => (b.Name, b.Sources))
            .Concat(G.Provinces.Select(p => (p.Name, p.Sources)))
            .ToList();
        Assert.All(cited, c => Assert.NotEmpty(c.Sources));
        var missing = cited.SelectMany(c => c.Sources.Where(s => !G.Sources.ContainsKey(s)).Select(s => $"{c.Name}: {s}"))
            .Concat(G.Successions.SelectMany(s => s.Successors.Select(x => x.Basis).Append(s.Basis))
                .Where(id => id is not null && !G.Sources.ContainsKey(id)).Select(id => $"succession: {id}"));
        Assert.Empty(missing);
    }

    [Fact]
    public void An_unverified_fact_is_marked_at_the_start_of_its_note()
    {
        var notes = G.Bodies.Select(b => (b.Name, b.Note)).Concat(G.Provinces.Select(p => (p.Name, p.Note)))
            .Concat(G.Successions.Select(s => (s.From, s.Note)));
        Assert.All(notes.Where(n => n.Note?.Contains("unverified", StringComparison.OrdinalIgnoreCase) == true),
            n => Assert.StartsWith("unverified", n.Note, StringComparison.Ordinal));
    }

    [Fact]
    public void Every_source_has_a_title_and_a_link_or_a_reason_for_none()
    {
        Assert.All(G.Sources, s => Assert.False(string.IsNullOrWhiteSpace(s.Value.Title), s.Key));
        Assert.All(G.Sources, s => Assert.True(
            s.Value.Url is { } url ? url.StartsWith("http", StringComparison.Ordinal) : s.Value.File is not null || s.Value.Note is not null, s.Key));
    }

    [Fact]
    public void Usage_sources_point_at_corpus_files_that_name_the_body()
    {
        var repository = RepositoryRoot();
        foreach (var body in G.Bodies)
            foreach (var id in body.Sources.Where(id => G.Sources[id].Kind == "usage"))
            {
                var file = Path.Combine(repository, G.Sources[id].File!);
                var text = Gazetteer.Key(File.ReadAllText(file).Normalize(NormalizationForm.FormC).Replace("\n", " ").Replace("*", " "));
                Assert.True(body.Names.Any(n => text.Contains(Gazetteer.Key(n), StringComparison.Ordinal)), $"{body.Name} in {id}");
            }
    }

    [Fact]
    public void There_are_34_provincial_units_from_1_July_2025_and_63_before()
    {
        Assert.Equal(34, G.Provinces.Count(p => p.InForceOn(First34)));
        Assert.Equal(63, G.Provinces.Count(p => p.InForceOn(LastDayOf63)));
        Assert.Equal(63, G.Provinces.Count(p => p.InForceOn(new DateOnly(2024, 12, 31))));
        Assert.Equal(6, G.Provinces.Count(p => p.InForceOn(First34) && p.Unit == "thành phố"));
        Assert.Equal(5, G.Provinces.Count(p => p.InForceOn(new DateOnly(2024, 12, 31)) && p.Unit == "thành phố"));
    }

    [Fact]
    public void Every_former_unit_went_into_a_current_one_that_lists_it()
    {
        foreach (var former in G.Provinces.Where(p => p.Until is not null))
        {
            Assert.NotNull(former.MergedInto);
            var successor = G.FindProvince(former.MergedInto!, former.Until!.Value);
            Assert.NotNull(successor);
            Assert.Null(successor!.Until);
            Assert.Contains(former.Name, successor.FormedFrom ?? []);
        }
        foreach (var current in G.Provinces.Where(p => p.Until is null && p.FormedFrom is { Count: > 0 }))
            foreach (var part in current.FormedFrom!)
                Assert.Equal(current.Name, G.FindProvince(part, current.Since!.Value.AddDays(-1))?.MergedInto);
        Assert.All(G.Provinces.Where(p => p.Until is null), p => Assert.Null(p.MergedInto));
    }

    [Theory]
    [InlineData("Hà Giang", "Tuyên Quang")]
    [InlineData("Bình Dương", "Hồ Chí Minh")]
    [InlineData("Bà Rịa – Vũng Tàu", "Hồ Chí Minh")]
    [InlineData("Hoà Bình", "Phú Thọ")]
    [InlineData("Kon Tum", "Quảng Ngãi")]
    [InlineData("Hải Dương", "Hải Phòng")]
    [InlineData("Thừa Thiên Huế", "Huế")]
    public void A_former_province_leads_to_the_one_that_took_it_over(string former, string current)
    {
        Assert.Equal(current, G.FindProvince(former)?.MergedInto);
        var succession = G.Successions.Single(s => s.Subject == "province" && s.From == G.FindProvince(former)!.Name);
        Assert.Equal(current, succession.Default);
    }

    [Fact]
    public void A_merged_name_finds_the_new_unit_and_the_old_one_by_date()
    {
        var now = G.FindProvince("Tuyên Quang")!;
        Assert.Equal((First34, 2), (now.Since, now.FormedFrom!.Count));
        Assert.Equal(new DateOnly(2025, 7, 1), G.FindProvince("Tuyên Quang", LastDayOf63)!.Until);
        Assert.Equal("thành phố", G.FindProvince("TP.HCM")!.Unit);
        Assert.Equal("Huế", G.FindProvince("Huế", new DateOnly(2025, 3, 1))!.Name);
        Assert.Equal("tỉnh", G.FindProvince("TT-Huế")!.Unit);
    }

    [Fact]
    public void Every_succession_names_bodies_or_provinces_that_exist_on_the_day()
    {
        foreach (var s in G.Successions)
        {
            var before = s.EffectiveOn.AddDays(-1);
            var targets = s.Successors.Select(x => x.To).Append(s.Default).Distinct();
            if (s.Subject == "province")
            {
                Assert.NotNull(G.FindProvince(s.From, before));
                Assert.All(targets, t => Assert.NotNull(G.FindProvince(t, s.EffectiveOn)));
            }
            else
            {
                Assert.True(G.Find(s.From, before) is not null, $"{s.From} on {before}");
                Assert.All(targets, t => Assert.True(G.Find(t, s.EffectiveOn) is not null, $"{t} on {s.EffectiveOn}"));
            }
            Assert.Contains(s.Default, s.Successors.Select(x => x.To).Append(s.From));
        }
    }

    [Fact]
    public void A_body_that_ended_in_the_reorganisation_has_a_successor()
    {
        var ended = G.Bodies.Where(b => b.Until is { } u && u <= First34).Select(b => b.Name).ToHashSet();
        var covered = G.Successions.Where(s => s.Subject == "body").Select(s => s.From).ToHashSet();
        string[] withoutOne = ["Phòng Tài nguyên và Môi trường", "Phòng Lao động - Thương binh và Xã hội", "Phòng Nội vụ", "Phòng Tư pháp",
            "Phòng Tài chính - Kế hoạch", "Phòng Văn hóa và Thông tin", "Phòng Giáo dục và Đào tạo", "Phòng Y tế", "Phòng Kinh tế",
            "Phòng Quản lý đô thị", "Phòng Nông nghiệp và Phát triển nông thôn", "Phòng Kinh tế và Hạ tầng", "Phòng Dân tộc",
            "Thanh tra huyện", "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân huyện"]; // district offices: the commune offices are not one-to-one
        Assert.Empty(ended.Except(covered).Except(withoutOne));
    }

    [Fact]
    public void Topics_are_lower_case_and_each_is_given_to_one_successor()
    {
        foreach (var s in G.Successions)
        {
            var topics = s.Successors.SelectMany(x => x.Topics).ToList();
            Assert.All(topics, t => Assert.Equal(t.ToLowerInvariant(), t));
            Assert.Equal(topics.Count, topics.Distinct().Count());
        }
    }

    [Theory]
    [InlineData("Sở Kế hoạch và Đầu tư", "Tổng hợp nhu cầu vốn đầu tư công năm 2025", "Sở Tài chính")]
    [InlineData("Sở KH&ĐT", "Thẩm định dự án", "Sở Tài chính")]
    [InlineData("Sở LĐTBXH", "Đẩy mạnh công tác phòng, chống tệ nạn xã hội trong thanh thiếu niên", "Sở Y tế")]
    [InlineData("Sở Lao động - Thương binh và Xã hội", "Kiểm tra các cơ sở kinh doanh dịch vụ nhạy cảm, phòng chống mại dâm", "Sở Y tế")]
    [InlineData("Sở Lao động – Thương binh và Xã hội", "Chăm sóc, bảo vệ trẻ em có hoàn cảnh đặc biệt", "Sở Y tế")]
    [InlineData("Sở LĐ-TB&XH", "Tổ chức cai nghiện ma túy tự nguyện tại cộng đồng", "Công an")]
    [InlineData("Sở LĐTBXH", "Hỗ trợ giải quyết việc làm cho người lao động", "Sở Nội vụ")]
    [InlineData("Sở LĐTBXH", "Rà soát hộ nghèo, hộ cận nghèo", "Sở Nông nghiệp và Môi trường")]
    [InlineData("Sở LĐTBXH", "Phát triển giáo dục nghề nghiệp", "Sở Giáo dục và Đào tạo")]
    [InlineData("Sở LĐTBXH", "Tổng hợp báo cáo kết quả thực hiện kế hoạch", "Sở Nội vụ")]
    [InlineData("Sở Thông tin và Truyền thông", "Định hướng báo chí tuyên truyền", "Sở Văn hóa, Thể thao và Du lịch")]
    [InlineData("Sở TT&TT", "Đẩy mạnh chuyển đổi số", "Sở Khoa học và Công nghệ")]
    [InlineData("Sở Giao thông vận tải", "Bảo trì đường tỉnh", "Sở Xây dựng")]
    [InlineData("Sở Tài nguyên và Môi trường", "Quản lý đất đai", "Sở Nông nghiệp và Môi trường")]
    [InlineData("Sở NN&PTNT", "Phòng chống dịch bệnh gia súc", "Sở Nông nghiệp và Môi trường")]
    [InlineData("Ban Dân tộc", "Chính sách dân tộc", "Sở Dân tộc và Tôn giáo")]
    [InlineData("Bộ Kế hoạch và Đầu tư", "Xây dựng kế hoạch đầu tư công trung hạn", "Bộ Tài chính")]
    [InlineData("Bộ LĐTBXH", "Hướng dẫn phòng, chống tệ nạn xã hội", "Bộ Y tế")]
    [InlineData("Bộ Lao động - Thương binh và Xã hội", "Sửa đổi chính sách tiền lương", "Bộ Nội vụ")]
    [InlineData("Bộ TT&TT", "Quản lý xuất bản", "Bộ Văn hóa, Thể thao và Du lịch")]
    [InlineData("Ủy ban Dân tộc", "Chương trình mục tiêu quốc gia vùng đồng bào dân tộc thiểu số", "Bộ Dân tộc và Tôn giáo")]
    [InlineData("UBND các huyện, thị xã, thành phố", "Tuyên truyền đến người dân", "Ủy ban nhân dân cấp xã")]
    [InlineData("Uỷ ban nhân dân cấp huyện", "Kiểm tra trên địa bàn", "Ủy ban nhân dân cấp xã")]
    public void The_2025_mapping_sends_each_task_to_its_successor(string from, string task, string to)
    {
        var succession = Assert.Single(G.SuccessionsFrom(from), s => s.Default != G.Find(from)!.Name);
        Assert.Equal(to, succession.SuccessorFor(task));
        Assert.Equal(new DateOnly(2025, succession.Level == "district" ? 7 : 3, 1), succession.EffectiveOn);
    }

    [Fact]
    public void Religious_affairs_leave_Sở_Nội_vụ_while_the_rest_stays()
    {
        var partial = Assert.Single(G.SuccessionsFrom("Sở Nội vụ"));
        Assert.Equal("Sở Dân tộc và Tôn giáo", partial.SuccessorFor("Quản lý hoạt động tín ngưỡng, tôn giáo"));
        Assert.Equal("Sở Nội vụ", partial.SuccessorFor("Tuyển dụng công chức"));
    }

    [Theory]
    [InlineData("Bộ KH&CN", "Bộ Khoa học và Công nghệ")]
    [InlineData("Bộ KHCN", "Bộ Khoa học và Công nghệ")]
    [InlineData("Bộ TT&TT", "Bộ Thông tin và Truyền thông")]
    [InlineData("Bộ LĐTBXH", "Bộ Lao động - Thương binh và Xã hội")]
    [InlineData("Bộ LĐ-TB&XH", "Bộ Lao động - Thương binh và Xã hội")]
    [InlineData("Sở NN&PTNT", "Sở Nông nghiệp và Phát triển nông thôn")]
    [InlineData("Sở TN&MT", "Sở Tài nguyên và Môi trường")]
    [InlineData("Sở VHTTDL", "Sở Văn hóa, Thể thao và Du lịch")]
    [InlineData("Sở VH,TT&DL", "Sở Văn hóa, Thể thao và Du lịch")]
    [InlineData("Sở VH, TT&DL", "Sở Văn hóa, Thể thao và Du lịch")]
    [InlineData("Sở Văn hoá, Thể thao và Du lịch", "Sở Văn hóa, Thể thao và Du lịch")]
    [InlineData("sở văn hoá, thể thao và du lịch", "Sở Văn hóa, Thể thao và Du lịch")]
    [InlineData("Sở GD&ĐT", "Sở Giáo dục và Đào tạo")]
    [InlineData("Sở GDĐT", "Sở Giáo dục và Đào tạo")]
    [InlineData("Sở KH&CN", "Sở Khoa học và Công nghệ")]
    [InlineData("Sở NN&MT", "Sở Nông nghiệp và Môi trường")]
    [InlineData("Sở KH & ĐT", "Sở Kế hoạch và Đầu tư")]
    [InlineData("Sở Lao động-Thương binh và Xã hội", "Sở Lao động - Thương binh và Xã hội")]
    [InlineData("Sở Lao động – Thương binh  và Xã hội", "Sở Lao động - Thương binh và Xã hội")]
    [InlineData("UBMTTQ", "Ủy ban Mặt trận Tổ quốc Việt Nam")]
    [InlineData("MTTQ", "Ủy ban Mặt trận Tổ quốc Việt Nam")]
    [InlineData("Uỷ ban MTTQ Việt Nam", "Ủy ban Mặt trận Tổ quốc Việt Nam")]
    [InlineData("Hội LHPN", "Hội Liên hiệp Phụ nữ")]
    [InlineData("LĐLĐ", "Liên đoàn Lao động")]
    [InlineData("BCH Quân sự", "Bộ Chỉ huy Quân sự")]
    [InlineData("BĐBP", "Bộ Chỉ huy Bộ đội Biên phòng")]
    [InlineData("VKSND", "Viện kiểm sát nhân dân")]
    [InlineData("Viện Kiểm sát nhân dân", "Viện kiểm sát nhân dân")]
    [InlineData("TAND", "Tòa án nhân dân")]
    [InlineData("Toà án nhân dân tối cao", "Tòa án nhân dân tối cao")]
    [InlineData("Đài PT-TH", "Đài Phát thanh và Truyền hình")]
    [InlineData("Đài Phát thanh - Truyền hình", "Đài Phát thanh và Truyền hình")]
    [InlineData("NHCSXH", "Ngân hàng Chính sách xã hội")]
    [InlineData("BHXH", "Bảo hiểm xã hội")]
    [InlineData("KBNN", "Kho bạc Nhà nước")]
    [InlineData("Tỉnh đoàn", "Tỉnh Đoàn")]
    [InlineData("Uỷ ban nhân dân tỉnh", "Ủy ban nhân dân tỉnh")]
    [InlineData("UBND các xã, phường, đặc khu", "Ủy ban nhân dân cấp xã")]
    [InlineData("Văn phòng UBND tỉnh", "Văn phòng Ủy ban nhân dân tỉnh")]
    [InlineData("Phòng Văn hoá - Xã hội", "Phòng Văn hóa - Xã hội")]
    [InlineData("Phòng Kinh tế - Hạ tầng", "Phòng Kinh tế và Hạ tầng")]
    [InlineData("Sở Y tế", "Sở Y tế")]
    [InlineData("Bộ Tài chính", "Bộ Tài chính")]
    public void Find_reads_abbreviations_variants_and_old_tone_placement(string written, string name)
    {
        Assert.Equal(name, G.Find(written)?.Name);
        Assert.True(G.IsKnown(written));
    }

    [Theory]
    [InlineData("Sở Tiền tệ")]
    [InlineData("Công an tỉnh")] // a scoped name is completed in text; the gazetteer holds the stem
    [InlineData("")]
    public void Unknown_names_are_not_found(string written)
    {
        Assert.Null(G.Find(written));
        Assert.False(G.IsKnown(written));
    }

    [Fact]
    public void Find_by_date_tells_the_old_body_from_the_new()
    {
        Assert.Null(G.Find("Sở Kế hoạch và Đầu tư", new DateOnly(2025, 3, 1)));
        Assert.NotNull(G.Find("Sở Kế hoạch và Đầu tư", new DateOnly(2025, 2, 28)));
        Assert.Null(G.Find("Sở Nông nghiệp và Môi trường", new DateOnly(2025, 2, 28)));
        Assert.Equal(new DateOnly(2025, 3, 1), G.Find("Sở KH&ĐT")!.Until);
    }

    [Fact]
    public void The_government_after_the_reorganisation_has_14_ministries_and_3_ministerial_agencies()
    {
        var day = new DateOnly(2025, 3, 1);
        var ministries = G.Bodies.Where(b => b.Kind == "ministry" && b.InForceOn(day)).Select(b => b.Name).ToList();
        Assert.Equal(17, ministries.Count);
        Assert.Equal(14, ministries.Count(n => n.StartsWith("Bộ ", StringComparison.Ordinal)));
        var before = G.Bodies.Where(b => b.Kind == "ministry" && b.InForceOn(day.AddDays(-1))).ToList();
        Assert.Equal(22, before.Count); // 18 ministries and 4 ministerial agencies (Nghị quyết 08/2021/QH15)
    }

    [Fact]
    public void Provincial_departments_after_decree_45_include_the_twelve_every_province_has()
    {
        string[] twelve = ["Sở Nội vụ", "Sở Tư pháp", "Sở Tài chính", "Sở Công Thương", "Sở Nông nghiệp và Môi trường", "Sở Xây dựng",
            "Sở Khoa học và Công nghệ", "Sở Văn hóa, Thể thao và Du lịch", "Sở Giáo dục và Đào tạo", "Sở Y tế", "Thanh tra tỉnh",
            "Văn phòng Ủy ban nhân dân tỉnh"];
        Assert.All(twelve, n => Assert.Equal("province", G.Find(n, new DateOnly(2025, 3, 1))?.Level));
    }

    [Fact]
    public void Body_parents_name_bodies_of_the_gazetteer()
    {
        Assert.All(G.Bodies.Where(b => b.PartOf is not null), b => Assert.True(G.IsKnown(b.PartOf!), $"{b.Name} → {b.PartOf}"));
    }

    [Fact]
    public void Loading_again_gives_the_same_data()
    {
        var again = Gazetteer.Load();
        Assert.Equal(G.Bodies.Count, again.Bodies.Count);
        Assert.Same(Gazetteer.Default, G);
    }

    private static string RepositoryRoot([CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", ".."));

    private static bool Overlap(IInForce a, IInForce b) =>
        (a.Since ?? DateOnly.MinValue) < (b.Until ?? DateOnly.MaxValue) && (b.Since ?? DateOnly.MinValue) < (a.Until ?? DateOnly.MaxValue);
}
