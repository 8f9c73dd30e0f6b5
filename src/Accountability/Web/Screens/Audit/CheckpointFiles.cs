using System.Text.Json;
using Accountability.Audit;
using Accountability.Security;

namespace Accountability.Web.Screens.Audit;

/// <summary>
/// "Tải điểm kiểm tra" (a signed checkpoint as a file, the same JSON as GET /api/audit/checkpoint) and reading one back
/// from an upload: bounded, and anything that is not a checkpoint told in words, never a 500.
/// </summary>
public static class CheckpointFiles
{
    /// <summary>About 100 bytes a stream: 20 MB holds 200,000 streams, under the server's request limit.</summary>
    public const long MaxBytes = 20 * 1024 * 1024;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { MaxDepth = 8 };

    public static void Map(WebApplication app) =>
        app.MapGet("/thanh-tra/diem-kiem-tra", DownloadAsync).RequireAuthorization(Policies.ReadAll).ExcludeFromDescription();

    private static async Task<IResult> DownloadAsync(HashChain chain, AuditSigningKey key, TimeProvider clock, CancellationToken ct)
    {
        var checkpoint = await AuditEndpoints.Checkpoint(chain, key, clock, ct);
        return Results.File(JsonSerializer.SerializeToUtf8Bytes(checkpoint, Json), "application/json",
            $"diem-kiem-tra-{checkpoint.IssuedAt.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}.json");
    }

    /// <summary>The checkpoint in an uploaded file, or why it is not one (in Vietnamese).</summary>
    public static async Task<(Checkpoint? Checkpoint, string? Error)> ReadAsync(IFormFile? file, CancellationToken ct)
    {
        if (file is null || file.Length == 0) return (null, "Chưa chọn tệp: hãy chọn tệp điểm kiểm tra (.json) đã lưu.");
        if (file.Length > MaxBytes) return (null, $"Tệp quá lớn (tối đa {MaxBytes / 1024 / 1024} MB): đây không phải một điểm kiểm tra.");
        try
        {
            await using var stream = file.OpenReadStream();
            var checkpoint = await JsonSerializer.DeserializeAsync<Checkpoint>(stream, Json, ct);
            if (checkpoint is null || checkpoint.Format is null || checkpoint.Signature is null || checkpoint.Heads is null
                || checkpoint.Heads.Any(h => h is null || h.Hash is null))
                return (null, "Tệp này không phải một điểm kiểm tra của hệ thống (thiếu định dạng, chữ ký hoặc danh sách chuỗi sự kiện).");
            return (checkpoint, null);
        }
        catch (JsonException)
        {
            return (null, "Tệp này không phải một điểm kiểm tra: nội dung không phải JSON hợp lệ.");
        }
    }
}
