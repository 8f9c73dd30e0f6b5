using System.Text;
using System.Text.Json;
using Accountability.Assignments;
using Accountability.Audit;
using Accountability.Time;
using Accountability.Web.Screens.Audit;
using Microsoft.AspNetCore.Http;

namespace Accountability.Tests;

/// <summary>The auditor's screens' plain rules: the "as of" fields, events and chain problems in words, uploads read safely.</summary>
public sealed class AuditScreenRulesTests
{
    private static readonly DateTimeOffset Now = VietnamTime.At(new DateOnly(2026, 12, 2), new TimeOnly(14, 0));

    [Theory]
    [InlineData("01/12/2026", "9:05", 2026, 12, 1, 9, 5, 0)]
    [InlineData("1/12/2026", "09:05:30", 2026, 12, 1, 9, 5, 30)]
    [InlineData("02/12/2026", "13:59", 2026, 12, 2, 13, 59, 0)]
    public void As_of_is_a_moment_in_Vietnam_time(string day, string time, int y, int m, int d, int h, int min, int s)
    {
        var (at, error) = AuditWords.AsOf(day, time, Now);
        Assert.Null(error);
        Assert.Equal(VietnamTime.At(new DateOnly(y, m, d), new TimeOnly(h, min, s)), at);
    }

    [Fact]
    public void A_day_without_a_time_is_its_end_and_today_stops_at_now_and_nothing_is_now()
    {
        Assert.Equal(VietnamTime.At(new DateOnly(2026, 11, 30), TimeOnly.MaxValue), AuditWords.AsOf("30/11/2026", "", Now).At);
        Assert.Equal(Now, AuditWords.AsOf("02/12/2026", null, Now).At);
        Assert.Equal((null, null), AuditWords.AsOf(" ", "", Now));
    }

    [Theory]
    [InlineData("31/02/2026", "", "Ngày không hợp lệ")]
    [InlineData("2026-12-01", "", "Ngày không hợp lệ")]
    [InlineData("01/01/0001", "", "Ngày không hợp lệ")]
    [InlineData("01/12/2026", "25:00", "Giờ không hợp lệ")]
    [InlineData("01/12/2026", "9h", "Giờ không hợp lệ")]
    [InlineData("", "09:00", "Hãy nhập cả ngày")]
    [InlineData("03/12/2026", "", "tương lai")]
    [InlineData("31/12/9999", "23:59", "tương lai")]
    public void A_bad_as_of_is_said_in_words(string day, string time, string said)
    {
        var (at, error) = AuditWords.AsOf(day, time, Now);
        Assert.Null(at);
        Assert.Contains(said, error);
    }

    [Fact]
    public void Notices_and_deliveries_read_as_words_with_their_actor()
    {
        var at = Now;
        var issued = new NoticeIssued("n1", NoticeKind.Chase, "chase.1", "so-y-te", NoticeChannel.All, Guid.NewGuid(), "so-y-te", "Sở Y tế", "Khám bệnh",
            null, null, null, null, "Đề nghị báo cáo.", "office-1", at, "trước 17 giờ");
        var line = AuditWords.Line(new HistoryEntry(3, 10, "notice-issued", at, new DateOnly(2026, 12, 2), "office-1", issued, new string('a', 64)));
        Assert.Equal("Thông báo: Đôn đốc", line.Kind);
        Assert.Equal("gửi Sở Y tế qua hộp thư, webhook, thư điện tử · Đề nghị báo cáo. · trước 17 giờ", line.Details);
        Assert.Equal("aaaaaaaaaaaa…", AuditWords.Short(line.Hash));

        var issuedEntry = new HistoryEntry(3, 10, "notice-issued", at, new DateOnly(2026, 12, 2), "office-1", issued, null);
        var none = AuditWords.Line(new HistoryEntry(4, 11, "notice-dead-lettered", at, default, "notifications",
            new NoticeDeadLettered("n1", NoticeChannel.Email, 0, Notifications.EmailNotices.NoAddress, "notifications", at), null), AuditWords.NoticesOf([issuedEntry]));
        Assert.EndsWith("· thông báo ở sự kiện 3", none.Details);
        Assert.Equal(("Không gửi được", "Hệ thống (gửi thông báo)"), (none.Kind, none.Actor));
        Assert.Contains("chưa có địa chỉ thư điện tử", none.Details);
        var failed = AuditWords.Line(new HistoryEntry(5, 12, "notice-delivery-failed", at, default, "notifications",
            new NoticeDeliveryFailed("n1", NoticeChannel.Webhook, 1, "the receiver answered 503 (Service Unavailable)", at.AddMinutes(1), "notifications", at), null));
        Assert.Equal("webhook, lần 1: nơi nhận trả lời lỗi (503 (Service Unavailable)) · thử lại lúc 02/12/2026 14:01", failed.Details);
        Assert.Equal("Sự kiện khác", AuditWords.Line(new HistoryEntry(6, 13, "x", at, default, "x", new NoticeSent("n", at), null)).Kind);
    }

    [Theory]
    [InlineData("the stream is gone since the checkpoint", 7, "cả chuỗi sự kiện này đã bị xóa")]
    [InlineData("events after version 4 are gone since the checkpoint", 9, "Lịch sử đã khác từ sự kiện thứ 5")]
    [InlineData("the stream was rewritten since the checkpoint", 9, "đến sự kiện thứ 9 đã bị viết lại")]
    [InlineData("the stored assignment differs from its events in status", 3, "không khớp với các sự kiện gốc")]
    [InlineData("a stored plan has no events behind it", 0, "không có sự kiện nào đứng sau")]
    [InlineData("the event does not match its hash: it was written or changed outside the service", 6, "Chuỗi bị đứt từ sự kiện thứ 6")]
    public void Chain_problems_read_as_words(string problem, long version, string said) =>
        Assert.Contains(said, AuditWords.Problem(new BrokenLink(Guid.NewGuid(), version, problem)));

    private static FormFile Upload(byte[] bytes, long? length = null) =>
        new(new MemoryStream(bytes), 0, length ?? bytes.Length, "checkpoint", "diem-kiem-tra.json");

    [Fact]
    public async Task An_upload_is_a_checkpoint_or_refused_in_words()
    {
        var checkpoint = new Checkpoint(Checkpoints.Format, Now, 1, 2, "d", [new StreamHead(Guid.NewGuid(), 2, "h")], "k", Checkpoints.Algorithm, "s");
        var json = JsonSerializer.SerializeToUtf8Bytes(checkpoint, new JsonSerializerOptions(JsonSerializerDefaults.Web));
        var (read, error) = await CheckpointFiles.ReadAsync(Upload(json), default);
        Assert.Null(error);
        Assert.Equal(checkpoint.Heads[0], read!.Heads[0]);

        Assert.Contains("Chưa chọn tệp", (await CheckpointFiles.ReadAsync(null, default)).Error);
        Assert.Contains("quá lớn", (await CheckpointFiles.ReadAsync(Upload([1], CheckpointFiles.MaxBytes + 1), default)).Error);
        Assert.Contains("không phải JSON", (await CheckpointFiles.ReadAsync(Upload(Encoding.UTF8.GetBytes("%PDF-1.7")), default)).Error);
        Assert.Contains("không phải JSON", (await CheckpointFiles.ReadAsync(Upload(Encoding.UTF8.GetBytes(new string('[', 100))), default)).Error);
        Assert.Contains("không phải một điểm kiểm tra", (await CheckpointFiles.ReadAsync(Upload(Encoding.UTF8.GetBytes("{\"a\":1}")), default)).Error);
        Assert.Contains("không phải một điểm kiểm tra", (await CheckpointFiles.ReadAsync(Upload(Encoding.UTF8.GetBytes("{\"format\":\"x\",\"signature\":\"s\",\"heads\":[null]}")), default)).Error);
        Assert.Contains("không phải JSON", (await CheckpointFiles.ReadAsync(Upload(Encoding.UTF8.GetBytes("{\"format\":\"x\",\"issuedAt\":\"hôm qua\"}")), default)).Error);
    }
}
