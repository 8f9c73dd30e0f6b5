using Accountability.Security;

namespace Accountability.Web.Layout;

/// <summary>A link of the main navigation and the roles that see it.</summary>
public sealed record NavItem(string Href, string Label, params string[] Roles);

/// <summary>
/// The navigation, by role: the coordinating office's screens, the auditor's reading of them, the agency's own.
/// A new screen is one line here and one page under Web/Screens.
/// </summary>
public static class Navigation
{
    public static readonly IReadOnlyList<NavItem> Items =
    [
        new("/", "Tổng quan", Roles.Coordinator, Roles.Auditor),
        new("/ke-hoach", "Kế hoạch", Roles.Coordinator, Roles.Auditor),
        new("/nhap-ke-hoach", "Nhập kế hoạch", Roles.Coordinator),
        new("/canh-bao", "Cảnh báo", Roles.Coordinator, Roles.Auditor),
        new("/bang-diem", "Bảng điểm", Roles.Coordinator, Roles.Auditor),
        new("/co-quan", "Cơ quan", Roles.Coordinator, Roles.Auditor),
        new("/thanh-tra", "Thanh tra", Roles.Coordinator, Roles.Auditor),
        new("/kiem-tra-toan-ven", "Kiểm tra toàn vẹn", Roles.Coordinator, Roles.Auditor),
        new("/hop-thu", "Hộp thư", Roles.Agency),
        new("/nhiem-vu", "Nhiệm vụ", Roles.Agency),
    ];

    public static IEnumerable<NavItem> For(Caller caller) => Items.Where(i => i.Roles.Any(caller.Roles.Contains));

    /// <summary>Where a signed-in person starts: the first screen their role has.</summary>
    public static string Home(Caller caller) => For(caller).FirstOrDefault()?.Href ?? WebSignIn.SignInPath;
}
