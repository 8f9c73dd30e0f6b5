using System.Security.Claims;
using Accountability.Agencies.Successions;
using Accountability.Plans.Revisions;
using Accountability.Security;

namespace Accountability.Tests;

/// <summary>Provinces as plain rules: a plan's jurisdiction, provincial agency ids, what a coordinator covers.</summary>
public sealed class JurisdictionRulesTests
{
    [Theory]
    [InlineData("tỉnh Quảng Ninh", "Ủy ban nhân dân tỉnh Quảng Ninh", 2021, "quang-ninh")]
    [InlineData("tỉnh Quảng Ngãi", "Ủy ban nhân dân tỉnh Quảng Ngãi", 2025, "quang-ngai")]
    [InlineData("Thành phố Hồ Chí Minh", "Ủy ban nhân dân Thành phố Hồ Chí Minh", 2024, "ho-chi-minh")]
    [InlineData(null, "UBND TỈNH KON TUM", 2022, "kon-tum")]
    [InlineData(null, "Ủy ban nhân dân tỉnh Quảng Ninh Sở Y tế", 2021, "quang-ninh")]
    [InlineData(null, "Bộ Lao động - Thương binh và Xã hội", 2021, Jurisdictions.Central)]
    [InlineData(null, null, null, Jurisdictions.Central)]
    public void A_plan_belongs_to_the_province_of_its_header_or_issuer_else_the_central_level(string? jurisdiction, string? issuer, int? year, string expected) =>
        Assert.Equal(expected, Jurisdictions.OfPlan(jurisdiction, issuer, year is { } y ? new DateOnly(y, 6, 1) : null));

    [Fact]
    public void Provincial_agencies_carry_their_province_and_central_bodies_do_not()
    {
        Assert.Equal("cong-an-tinh--quang-ninh", Jurisdictions.AgencyIdFor("Công an tỉnh", "quang-ninh"));
        Assert.Equal("cong-an-tinh--quang-ngai", Jurisdictions.AgencyIdFor("Công an tỉnh", "quang-ngai"));
        Assert.Equal("bo-cong-an", Jurisdictions.AgencyIdFor("Bộ Công an", "quang-ninh"));
        Assert.Equal("so-y-te", Jurisdictions.AgencyIdFor("Sở Y tế", Jurisdictions.Central));
        Assert.Equal("quang-ninh", Jurisdictions.OfAgencyId("so-y-te--quang-ninh"));
        Assert.Equal(Jurisdictions.Central, Jurisdictions.OfAgencyId("bo-y-te"));
        Assert.Equal("so-y-te--quang-ninh", Jurisdictions.SameJurisdiction("so-lao-dong-thuong-binh-va-xa-hoi--quang-ninh", "Sở Y tế"));
    }

    [Fact]
    public void Rows_of_a_provincial_plan_name_that_provinces_agencies_once()
    {
        PlanRow Row(string agency, string id) => new("k-" + id, agency, id, agency, "department", "lead", [], [], "task", "II.1", null, null, "none", null, false, false, null, []);
        var rows = Jurisdictions.Scope([Row("Sở Y tế", "so-y-te"), Row("Bộ Y tế", "bo-y-te"), Row("Sở Tư pháp", "so-tu-phap--quang-ninh")], "quang-ninh");
        Assert.Equal(["so-y-te--quang-ninh", "bo-y-te", "so-tu-phap--quang-ninh"], rows.Select(r => r.AgencyId));
        Assert.Equal(rows.Select(r => r.AgencyId), Jurisdictions.Scope(rows, "quang-ninh").Select(r => r.AgencyId)); // scoping twice changes nothing
    }

    [Fact]
    public void A_merged_province_covers_the_provinces_merged_into_it_and_not_the_other_way()
    {
        Assert.Equal(["kon-tum", "quang-ngai"], Jurisdictions.Covered("quang-ngai").Order());
        Assert.Equal(["kon-tum"], Jurisdictions.Covered("kon-tum"));
        Assert.Contains("hai-duong", Jurisdictions.Covered("hai-phong"));
        Assert.Equal(["quang-ninh"], Jurisdictions.Covered("quang-ninh"));
        Assert.True(Jurisdictions.IsKnown("quang-ninh"));
        Assert.False(Jurisdictions.IsKnown("atlantis"));
    }

    [Fact]
    public void Only_a_coordinators_token_is_narrowed_and_it_sees_its_province_and_those_merged_into_it()
    {
        Caller Of(string role, string? jurisdiction) => Caller.From(new ClaimsPrincipal(new ClaimsIdentity(
            new[] { new Claim("role", role), new Claim("sub", role) }.Concat(jurisdiction is null ? [] : [new Claim(Jurisdictions.Claim, jurisdiction)]), "test", "sub", "role")));
        var quangNgai = Of(Roles.Coordinator, "quang-ngai");
        Assert.True(quangNgai.Sees("kon-tum"));
        Assert.True(quangNgai.Sees("quang-ngai"));
        Assert.False(quangNgai.Sees("quang-ninh"));
        Assert.False(quangNgai.Sees(null));
        Assert.True(Of(Roles.Coordinator, null).Sees("quang-ninh"));
        Assert.Null(Of(Roles.Auditor, "quang-ngai").Scope);
        Assert.True(Of(Roles.Auditor, "quang-ngai").Sees("quang-ninh"));
    }

    [Fact]
    public void A_provincial_departments_successors_are_of_its_province()
    {
        var s = NationalSuccessions.For("so-lao-dong-thuong-binh-va-xa-hoi--quang-ninh", "Sở Lao động - Thương binh và Xã hội")!;
        Assert.Contains(s.Successors, x => x.AgencyId == "so-y-te--quang-ninh");
        Assert.Equal("so-noi-vu--quang-ninh", s.DefaultId);
        var district = NationalSuccessions.For("uy-ban-nhan-dan-ha-long--quang-ninh", "Ủy ban nhân dân Hạ Long")!;
        Assert.Equal("uy-ban-nhan-dan-cac-xa-phuong-tren-dia-ban-ha-long-cu--quang-ninh", district.DefaultId);
    }

    [Fact]
    public void A_sub_plans_issuer_is_its_provinces_agency()
    {
        Assert.Equal("so-y-te--quang-ninh", Plans.Cascade.PlanCascade.IssuerOf("UBND TỈNH QUẢNG NINH SỞ Y TẾ", "quang-ninh"));
    }

    [Theory]
    [InlineData("atlantis", "unknown province 'atlantis'")]
    [InlineData("trung-uong", "unknown province 'trung-uong'")]
    public void The_token_command_refuses_an_unknown_province_in_one_line(string slug, string expected)
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        Assert.Equal(2, Cli.Cli.Token(["--role", "coordinator", "--jurisdiction", slug], stdout, stderr, TimeProvider.System));
        Assert.StartsWith("error: " + expected, stderr.ToString());
        Assert.Single(stderr.ToString().TrimEnd().Split('\n'));
        Assert.Empty(stdout.ToString());
        Assert.Equal(2, Cli.Cli.Token(["--role", "auditor", "--jurisdiction", "quang-ninh"], stdout, new StringWriter(), TimeProvider.System));
    }
}
