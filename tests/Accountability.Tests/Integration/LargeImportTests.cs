using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Marten;

namespace Accountability.Tests.Integration;

/// <summary>
/// A plan of hundreds of duties is saved in pieces inside one transaction (Plans/Revisions/PlanTransaction.cs):
/// everything lands with one timer per dated duty, a failure after some pieces were written leaves nothing, and the
/// same plan again changes nothing.
/// </summary>
[Collection(ServiceCollection.Name)]
public sealed class LargeImportTests(ServiceFixture fixture) : IAsyncLifetime
{
    // More than two pieces (PlanTransaction.PieceSize), the last one partial.
    private const int Duties = 250;

    private static readonly string[] Agencies =
    [
        "Sở Nội vụ", "Sở Tư pháp", "Sở Y tế", "Sở Tài chính", "Sở Xây dựng", "Sở Công Thương",
        "Sở Giáo dục và Đào tạo", "Sở Văn hóa, Thể thao và Du lịch", "Công an tỉnh", "Sở Nông nghiệp và Môi trường",
    ];

    public Task InitializeAsync() => fixture.ResetAsync();
    public Task DisposeAsync() => fixture.SqlAsync("""
        drop trigger if exists refuse_for_test on accountability.mt_events;
        drop function if exists accountability.refuse_for_test();
        """);

    /// <summary>A made-up plan: duty n goes to an agency in turn, due on a day of its own in the years ahead.</summary>
    private static StringContent LargePlan()
    {
        var text = new StringBuilder("""
            ỦY BAN NHÂN DÂN TỈNH THANH HÓA
            Số: 41/KH-UBND
            Thanh Hóa, ngày 20 tháng 11 năm 2026
            KẾ HOẠCH
            Kiểm tra công tác cải cách hành chính giai đoạn 2027 - 2028
            I. PHÂN CÔNG NHIỆM VỤ

            """);
        for (var n = 1; n <= Duties; n++)
        {
            var due = new DateOnly(2027, 1, 4).AddDays(2 * n);
            text.AppendLine($"{n}. {Agencies[n % Agencies.Length]} tổ chức kiểm tra đợt {n} tại các cơ sở, hoàn thành trước ngày {due:dd/MM/yyyy}.");
        }
        return new StringContent(text.ToString(), Encoding.UTF8, "text/plain");
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = fixture.Host.Services.GetRequiredService<IDocumentStore>().Storage.Database.CreateConnection();
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    private Task<long> TimersAsync() =>
        CountAsync("select count(*) from accountability.wolverine_incoming_envelopes where message_type like '%CheckDeadline%'");

    [Fact]
    public async Task A_plan_of_hundreds_of_duties_lands_whole_with_one_timer_per_duty_and_twice_changes_nothing()
    {
        var response = await fixture.ImportAsync(LargePlan());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var ids = body.GetProperty("assignments").EnumerateArray().Select(e => e.GetGuid()).ToList();
        Assert.Equal(Duties, ids.Distinct().Count());

        Assert.Equal(Duties, await CountAsync("select count(*) from accountability.mt_events where type = 'assignment_issued'"));
        Assert.Equal(Duties, await CountAsync("select count(*) from accountability.mt_doc_assignment"));
        Assert.Equal(Duties, await CountAsync("select count(*) from accountability.mt_doc_deadlinealert"));
        Assert.Equal(Duties, await CountAsync("select count(*) from accountability.mt_doc_scorecardentry"));
        Assert.Equal(Duties, await TimersAsync());

        // Every piece's events chained and every read model as the events say.
        var audit = await fixture.Client().GetFromJsonAsync<JsonElement>("/api/audit/verify");
        Assert.True(audit.GetProperty("ok").GetBoolean(), audit.ToString());

        var again = await fixture.ImportAsync(LargePlan());
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.True((await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("alreadyImported").GetBoolean());
        Assert.Equal(Duties, await CountAsync("select count(*) from accountability.mt_events where type = 'assignment_issued'"));
        Assert.Equal(Duties, await TimersAsync());
    }

    [Fact]
    public async Task A_failure_after_some_pieces_were_written_leaves_no_duty_no_plan_and_no_timer()
    {
        // The database refuses duty 180, in the second piece: the first piece is written by then, not committed.
        await fixture.SqlAsync("""
            create function accountability.refuse_for_test() returns trigger language plpgsql as $f$
            begin
              if new.type = 'assignment_issued' and position('đợt 180 ' in new.data ->> 'Task') > 0 then
                raise exception 'refused for the test';
              end if;
              return new;
            end $f$;
            create trigger refuse_for_test before insert on accountability.mt_events
              for each row execute function accountability.refuse_for_test();
            """);
        var response = await fixture.ImportAsync(LargePlan());
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);

        // Marten fills the event sequence numbers the failed save took with tombstones (so readers of the event log do
        // not wait for them): no event of a plan or a duty, and no stream with a version.
        Assert.Equal(0, await CountAsync("select count(*) from accountability.mt_events where type <> 'tombstone'"));
        Assert.Equal(0, await CountAsync("select count(*) from accountability.mt_streams where version > 0"));
        Assert.Equal(0, await CountAsync("select count(*) from accountability.mt_doc_assignment"));
        Assert.Equal(0, await CountAsync("select count(*) from accountability.mt_doc_plan"));
        Assert.Equal(0, await TimersAsync());

        // Once the database takes it, the same plan lands whole.
        await DisposeAsync();
        var retried = await fixture.ImportAsync(LargePlan());
        Assert.Equal(HttpStatusCode.Created, retried.StatusCode);
        Assert.Equal(Duties, await CountAsync("select count(*) from accountability.mt_doc_assignment"));
        Assert.Equal(Duties, await TimersAsync());
    }
}
