using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Accountability.Audit;

/// <summary>What one event's link in its stream's chain is computed over: every column history and asOf read.</summary>
public sealed record EventFacts(Guid Stream, long Version, Guid EventId, string Type, string DotNetType, DateTimeOffset Recorded, bool Archived, string CanonicalData);

/// <summary>
/// An event's chain hash: HMAC-SHA-256, keyed with <see cref="AuditChainKey"/> (which the database does not hold),
/// over the hash of the event before it in the stream and the event's facts. Someone who can write the database can
/// copy, change or insert rows, but cannot give them a hash that checks out. Plain functions, no database.
/// </summary>
public static class EventHash
{
    public const string Format = "accountability-event/2";

    public static string Of(byte[] key, string? prev, EventFacts e)
    {
        var text = string.Create(CultureInfo.InvariantCulture,
            $"{Format}\n{prev}\n{e.Stream:D}\n{e.Version}\n{e.EventId:D}\n{e.Type}\n{e.DotNetType}\n{Microseconds(e.Recorded)}\n{(e.Archived ? 1 : 0)}\n{e.CanonicalData}");
        return Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>PostgreSQL keeps microseconds: the recorded time as stored, in µs since 1970 (UTC).</summary>
    public static long Microseconds(DateTimeOffset t) => (t.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;

    /// <summary>The time cut to whole microseconds, as PostgreSQL will store it.</summary>
    public static DateTimeOffset ToMicroseconds(DateTimeOffset t) => new(t.UtcTicks - t.UtcTicks % 10, TimeSpan.Zero);

    /// <summary>
    /// One text for one JSON value however it was written: keys sorted (ordinal), no whitespace, strings by their
    /// value, numbers by their decimal value. The service's serializer and PostgreSQL's jsonb write the same data
    /// differently (key order, escapes, exponents); both give this text.
    /// </summary>
    public static string CanonicalJson(string json)
    {
        using var document = JsonDocument.Parse(json);
        var text = new StringBuilder(json.Length);
        Write(document.RootElement, text);
        return text.ToString();
    }

    private static void Write(JsonElement e, StringBuilder text)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                text.Append('{');
                var first = true;
                foreach (var p in e.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    if (!first) text.Append(',');
                    first = false;
                    String(p.Name, text);
                    text.Append(':');
                    Write(p.Value, text);
                }
                text.Append('}');
                break;
            case JsonValueKind.Array:
                text.Append('[');
                var i = 0;
                foreach (var item in e.EnumerateArray())
                {
                    if (i++ > 0) text.Append(',');
                    Write(item, text);
                }
                text.Append(']');
                break;
            case JsonValueKind.String:
                String(e.GetString()!, text);
                break;
            case JsonValueKind.Number:
                var raw = e.GetRawText();
                text.Append(decimal.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d.ToString(CultureInfo.InvariantCulture) : raw);
                break;
            default:
                text.Append(e.GetRawText()); // true, false, null
                break;
        }
    }

    private static void String(string s, StringBuilder text)
    {
        text.Append('"');
        foreach (var c in s)
        {
            if (c == '"' || c == '\\') text.Append('\\').Append(c);
            else if (c < 0x20) text.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            else text.Append(c);
        }
        text.Append('"');
    }
}
