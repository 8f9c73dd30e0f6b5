using Accountability.Plans.Listing;
using Microsoft.AspNetCore.Http;
using Accountability.Infrastructure;
using Microsoft.Extensions.Logging;

namespace Accountability.Tests;

/// <summary>What free text may be stored, how failures are answered and logged: plain functions, no database.</summary>
public class FreeTextTests
{
    [Fact]
    public void Text_is_stored_composed_with_its_line_breaks_and_refused_with_the_field_named()
    {
        Assert.Equal("Đã hoàn thành\nbước 1", FreeText.Optional("note", "Đã hoa\u0300n tha\u0300nh\r\nbước 1", FreeText.Note));
        Assert.Null(FreeText.Optional("note", null, FreeText.Note));
        Assert.Equal(new string('ệ', 2_000), FreeText.Optional("note", new string('ệ', 2_000), FreeText.Note));
        Assert.Equal(string.Concat(Enumerable.Repeat("😀", 1_000)), FreeText.Optional("evidence", string.Concat(Enumerable.Repeat("😀", 1_000)), FreeText.Evidence)); // characters, not UTF-16 units

        void Refused(string field, string? value, int max, string says, bool multiline = true)
        {
            var e = Assert.Throws<InvalidField>(() => FreeText.Required(field, value, max, multiline));
            Assert.Equal(field, e.Field);
            Assert.StartsWith(field, e.Message);
            Assert.Contains(says, e.Message);
        }
        Refused("note", new string('a', 2_001), FreeText.Note, "2,001 characters");
        Refused("note", "a\u0000b", FreeText.Note, "U+0000");
        Refused("note", "a\tb", FreeText.Note, "U+0009");
        Refused("note", "a\rb", FreeText.Note, "U+000D");
        Refused("note", "a\u0085b", FreeText.Note, "U+0085");
        Refused("reason", "ab\u202Ecd", FreeText.Reason, "U+202E");
        Refused("reason", "ab\u2067cd", FreeText.Reason, "U+2067");
        Refused("reason", "ab\uD800cd", FreeText.Reason, "surrogate");
        Refused("reason", " \n ", FreeText.Reason, "required");
        Refused("reason", null, FreeText.Reason, "required");
        Refused("agencyId", "so-y-te\nso-tu-phap", FreeText.Reference, "U+000A", multiline: false);
    }

    [Fact]
    public void A_plans_text_is_cleaned_and_cut_rather_than_refused()
    {
        Assert.Equal(("Rà soát thủ tục\nhành chính", false), FreeText.Cleaned("Ra\u0300 soát\t\u202Ethủ tục\r\nhành chính", FreeText.Task));
        var (text, cut) = FreeText.Cleaned(new string('x', 5_000), FreeText.Task);
        Assert.True(cut);
        Assert.Equal(4_000, text.Length);
        Assert.EndsWith("…", text);
    }

    [Fact]
    public void Pages_are_bounded()
    {
        Assert.Equal((100, 0, (IResult?)null), Paging.Of(null, null));
        Assert.Equal((1_000, 5, (IResult?)null), Paging.Of(1_000, 5));
        Assert.NotNull(Paging.Of(1_001, null).Problem);
        Assert.NotNull(Paging.Of(0, null).Problem);
        Assert.NotNull(Paging.Of(null, -1).Problem);
        Assert.Equal("body", Assert.Throws<InvalidField>(() => Input.Required<string>(null)).Field);
    }

    [Fact]
    public void A_database_out_of_reach_is_503_and_a_statement_error_is_not()
    {
        var refused = new Npgsql.NpgsqlException("Failed to connect to 127.0.0.1:55432", new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionRefused));
        Assert.True(ProblemExceptionHandler.Unavailable(refused));
        Assert.True(ProblemExceptionHandler.Unavailable(new InvalidOperationException("wrapped", refused)));
        Assert.Equal(503, ProblemExceptionHandler.Describe(new InvalidOperationException("wrapped", refused)).Status);
        Assert.DoesNotContain("127.0.0.1", ProblemExceptionHandler.Describe(refused).Detail);
        var broken = new Npgsql.PostgresException("syntax error", "ERROR", "ERROR", "42601");
        Assert.False(ProblemExceptionHandler.Unavailable(broken));
        Assert.Equal(500, ProblemExceptionHandler.Describe(broken).Status);
        Assert.True(ProblemExceptionHandler.Unavailable(new Npgsql.PostgresException("the database system is shutting down", "FATAL", "FATAL", "57P03")));
        Assert.Equal(413, ProblemExceptionHandler.Describe(new Accountability.Plans.PlanTooLargeException("More than 5,000 assignments.")).Status);
        Assert.Equal(422, ProblemExceptionHandler.Describe(new Accountability.Plans.PlanReadException("No assignment section.")).Status);
        Assert.DoesNotContain("Marten", ProblemExceptionHandler.Describe(new JasperFx.ConcurrencyException("Marten says: stream 42 version 3", typeof(object), 42)).Detail);
    }

    [Fact]
    public void Answered_refusals_are_not_logged_as_errors_and_real_faults_still_are()
    {
        Assert.Equal(LogLevel.Debug, ExpectedRefusalsLoggerFactory.LevelFor(LogLevel.Error, new Accountability.Assignments.AssignmentRuleBroken("already completed")));
        Assert.Equal(LogLevel.Debug, ExpectedRefusalsLoggerFactory.LevelFor(LogLevel.Error, new InvalidField("note", "note is too long")));
        Assert.Equal(LogLevel.Debug, ExpectedRefusalsLoggerFactory.LevelFor(LogLevel.Error, new System.Text.Json.JsonException("bad")));
        Assert.Equal(LogLevel.Warning, ExpectedRefusalsLoggerFactory.LevelFor(LogLevel.Error, new JasperFx.ConcurrencyException("lost", typeof(object), 1)));
        Assert.Equal(LogLevel.Error, ExpectedRefusalsLoggerFactory.LevelFor(LogLevel.Error, new NullReferenceException()));
        Assert.Equal(LogLevel.Error, ExpectedRefusalsLoggerFactory.LevelFor(LogLevel.Error, null));
        Assert.Equal(LogLevel.Information, ExpectedRefusalsLoggerFactory.LevelFor(LogLevel.Information, new InvalidField("x", "y")));
    }
}
