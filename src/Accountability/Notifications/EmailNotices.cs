using System.Net;
using Accountability.Assignments;
using Accountability.Deadlines;
using Marten;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Accountability.Notifications;

/// <summary>
/// The mail server notices are e-mailed through (section Notifications:Smtp). No Host: no e-mail channel at all.
/// UseTls: STARTTLS on the given port (587); false sends in the clear, for a relay on the same closed network.
/// </summary>
public sealed record SmtpSettings
{
    public string? Host { get; init; }
    public int Port { get; init; } = 587;
    public string? From { get; init; }
    public string? User { get; init; }
    public string? Password { get; init; }
    public bool UseTls { get; init; } = true;
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    public bool Enabled => !string.IsNullOrWhiteSpace(Host);

    public static SmtpSettings Read(IConfiguration configuration) => configuration.GetSection("Notifications:Smtp").Get<SmtpSettings>() ?? new SmtpSettings();

    /// <summary>One line per setting that cannot work (checked at start-up with the other settings).</summary>
    public IEnumerable<string> Problems()
    {
        if (!Enabled) yield break;
        if (Port is < 1 or > 65535) yield return $"Notifications:Smtp:Port must be between 1 and 65535; got {Port}.";
        if (string.IsNullOrWhiteSpace(From) || !MailboxAddress.TryParse(From, out _))
            yield return "Notifications:Smtp:From: the sender address notices are e-mailed from (e.g. \"Văn phòng UBND <noreply@example.gov.vn>\") is missing or not an address.";
        if (!string.IsNullOrEmpty(User) && string.IsNullOrEmpty(Password)) yield return "Notifications:Smtp:Password is missing for the given User.";
    }
}

/// <summary>One e-mail per notice, in Vietnamese, HTML and plain text, with the plan, the task, the due date and a link.</summary>
public static class EmailNotices
{
    public const string NoAddress = "no e-mail address in the directory for this recipient";

    /// <summary>The directory's addresses of an agency (or of the coordinating office, when the directory has an entry of that id).</summary>
    public static async Task<IReadOnlyList<string>> AddressesOf(IQuerySession session, string recipient, CancellationToken ct) =>
        (await session.LoadAsync<Agencies.Agency>(recipient, ct))?.Emails.Where(e => MailboxAddress.TryParse(e, out _)).ToList() ?? [];

    public static async Task<string?> PlanNumberOf(IQuerySession session, Guid planId, CancellationToken ct) =>
        (await session.LoadAsync<Plans.Plan>(planId, ct))?.Number;

    /// <summary>The subject's first words, by kind.</summary>
    public static string Label(string kind) => kind switch
    {
        NoticeKind.Reminder => "Nhắc hạn",
        NoticeKind.Overdue => "Quá hạn",
        NoticeKind.OverdueReminder => "Nhắc lại: quá hạn",
        NoticeKind.Escalation => "Báo cáo quá hạn",
        NoticeKind.Declined => "Từ chối nhiệm vụ",
        NoticeKind.Insisted => "Giữ nguyên giao nhiệm vụ",
        NoticeKind.Chase => "Đôn đốc",
        NoticeKind.ExtensionRequested => "Đề nghị gia hạn",
        NoticeKind.ExtensionGranted => "Đồng ý gia hạn",
        NoticeKind.ExtensionRefused => "Không đồng ý gia hạn",
        _ => "Thông báo",
    };

    /// <summary>Where the web app shows the assignment (Notifications:PublicUrl + /nhiem-vu/{id}, the agency's page of the assignment); null without a public address.</summary>
    public static string? LinkOf(Notice n, string? publicUrl) =>
        string.IsNullOrEmpty(publicUrl) ? null : $"{publicUrl.TrimEnd('/')}/nhiem-vu/{n.AssignmentId}";

    public static MimeMessage Compose(SmtpSettings smtp, NotificationPolicy policy, Notice n, IReadOnlyList<string> to, string? planNumber)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(smtp.From!));
        foreach (var address in to) message.To.Add(MailboxAddress.Parse(address));
        // The notice id in the Message-ID: a mail system that sees a second copy (a crash after the server took it) can drop it.
        message.MessageId = $"{n.Id}@accountability";
        message.Subject = $"[{Label(n.Kind)}] {(planNumber is null ? "" : planNumber + ": ")}{Notices.Short(n.Task)}";
        var link = LinkOf(n, policy.PublicUrl);
        var lines = new List<(string Label, string Value)>();
        if (planNumber is not null) lines.Add(("Kế hoạch", planNumber));
        lines.Add(("Nhiệm vụ", n.Task));
        lines.Add(("Cơ quan thực hiện", n.Agency));
        if ((n.LastDay ?? n.Due) is { } due) lines.Add(("Hạn", due.ToString("dd/MM/yyyy")));
        if (n.Note is { } note) lines.Add(("Ghi chú", note));
        var text = $"{n.Message}\n\n{string.Join("\n", lines.Select(l => $"{l.Label}: {l.Value}"))}\n"
            + (link is null ? "" : $"\nXem nhiệm vụ: {link}\n")
            + "\nThư này do hệ thống theo dõi thực hiện nhiệm vụ gửi tự động.\n";
        var html = $"<p>{WebUtility.HtmlEncode(n.Message)}</p>\n<table>\n"
            + string.Concat(lines.Select(l => $"<tr><th align=\"left\">{WebUtility.HtmlEncode(l.Label)}</th><td>{WebUtility.HtmlEncode(l.Value)}</td></tr>\n"))
            + "</table>\n"
            + (link is null ? "" : $"<p><a href=\"{WebUtility.HtmlEncode(link)}\">Xem nhiệm vụ</a></p>\n")
            + "<p><small>Thư này do hệ thống theo dõi thực hiện nhiệm vụ gửi tự động.</small></p>\n";
        message.Body = new BodyBuilder { TextBody = text, HtmlBody = html }.ToMessageBody();
        return message;
    }

    /// <summary>Null when the mail server took the message; otherwise what went wrong, in words and in detail.</summary>
    public static Task<DeliveryFailure?> SendAsync(SmtpSettings smtp, NotificationPolicy policy, Notice n, IReadOnlyList<string> to, string? planNumber, CancellationToken ct) =>
        SendAsync(smtp, Compose(smtp, policy, n, to, planNumber), ct);

    /// <summary>Null when the mail server took the message (a notice's, or a daily digest); otherwise what went wrong.</summary>
    public static async Task<DeliveryFailure?> SendAsync(SmtpSettings smtp, MimeMessage message, CancellationToken ct)
    {
        using var client = new SmtpClient { Timeout = (int)smtp.Timeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(smtp.Host!, smtp.Port, smtp.UseTls ? SecureSocketOptions.StartTls : SecureSocketOptions.None, ct);
            if (!string.IsNullOrEmpty(smtp.User)) await client.AuthenticateAsync(smtp.User, smtp.Password ?? "", ct);
            await client.SendAsync(message, ct);
            await client.DisconnectAsync(true, ct);
            return null;
        }
        catch (SmtpCommandException e)
        {
            return new DeliveryFailure($"the mail server refused the message ({(int)e.StatusCode})", $"SMTP {(int)e.StatusCode} {e.Message}");
        }
        catch (AuthenticationException e)
        {
            return new DeliveryFailure("the mail server refused the service's login", e.Message);
        }
        catch (Exception e) when (e is SmtpProtocolException or IOException or System.Net.Sockets.SocketException or SslHandshakeException or TimeoutException
            or OperationCanceledException && !ct.IsCancellationRequested)
        {
            return new DeliveryFailure("the mail server could not be reached", e.Message);
        }
    }
}
