using System.Text;
using Accountability.Assignments.Evidence;
using Accountability.Notifications;
using Accountability.Notifications.ReadMarks;
using Accountability.Tests.Integration;

namespace Accountability.Tests;

/// <summary>What evidence is taken, by content; the names it is offered under; read marks of an inbox.</summary>
public sealed class EvidenceRulesTests
{
    [Fact]
    public void Files_are_recognised_by_their_content_not_their_name()
    {
        Assert.Equal(EvidenceKind.Pdf, EvidenceRules.Recognise(EvidenceTests.Pdf()));
        Assert.Equal(EvidenceKind.Docx, EvidenceRules.Recognise(EvidenceTests.Docx()));
        Assert.Equal(EvidenceKind.Xlsx, EvidenceRules.Recognise(EvidenceTests.Xlsx()));
        Assert.Equal(EvidenceKind.Png, EvidenceRules.Recognise([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2]));
        Assert.Equal(EvidenceKind.Jpeg, EvidenceRules.Recognise([0xFF, 0xD8, 0xFF, 0xE0, 0, 16]));
        Assert.Null(EvidenceRules.Recognise([(byte)'M', (byte)'Z', 0x90, 0])); // a Windows program, whatever it is called
        Assert.Null(EvidenceRules.Recognise(Encoding.UTF8.GetBytes("<html><script>alert(1)</script></html>")));
        Assert.Null(EvidenceRules.Recognise([]));
        // A zip that is not a Word or Excel document, a macro-enabled workbook, a broken zip.
        Assert.Null(EvidenceRules.Recognise(EvidenceTests.Package("application/xml", "data.xml")));
        Assert.Null(EvidenceRules.Recognise(EvidenceTests.Package("application/vnd.ms-word.document.macroEnabled.main+xml", "word/document.xml")));
        Assert.Null(EvidenceRules.Recognise([.. "PK\x03\x04"u8, 1, 2, 3]));
    }

    [Theory]
    [InlineData(@"C:\Users\a\Báo cáo quý 4.pdf", EvidenceKind.Pdf, "Báo cáo quý 4.pdf")]
    [InlineData("../../etc/passwd", EvidenceKind.Pdf, "passwd.pdf")]
    [InlineData("bao-cao.exe", EvidenceKind.Pdf, "bao-cao.exe.pdf")]
    [InlineData("anh.JPG", EvidenceKind.Jpeg, "anh.JPG")]
    [InlineData("a\"b<c>\u202Egpj.pdf", EvidenceKind.Pdf, "a_b_c_gpj.pdf")]
    [InlineData("  ...  ", EvidenceKind.Xlsx, "tep-dinh-kem.xlsx")]
    [InlineData(null, EvidenceKind.Png, "tep-dinh-kem.png")]
    public void Names_are_made_safe_and_end_with_their_kind(string? given, EvidenceKind kind, string expected) =>
        Assert.Equal(expected, EvidenceRules.SafeName(given, kind));

    [Fact]
    public void A_long_name_keeps_its_extension_within_the_limit()
    {
        var name = EvidenceRules.SafeName(new string('ạ', 500) + ".docx", EvidenceKind.Docx);
        Assert.Equal(120, name.EnumerateRunes().Count());
        Assert.EndsWith("ạ.docx", name);
    }

    [Fact]
    public void Limits_are_twenty_megabytes_a_file_and_ten_files()
    {
        Assert.Null(EvidenceRules.Check("a.pdf", EvidenceRules.MaxFileBytes));
        Assert.Equal(413, EvidenceRules.Check("a.pdf", EvidenceRules.MaxFileBytes + 1)!.Status);
        Assert.Equal(415, EvidenceRules.Check("a.pdf", 0)!.Status);
        Assert.Equal(413, EvidenceRules.TooMany(11).Status);
        var accepted = EvidenceRules.Accept(Guid.NewGuid(), "x.pdf", EvidenceKind.Pdf, Encoding.ASCII.GetBytes("%PDF-1.4"));
        Assert.Equal("application/pdf", accepted.File.ContentType);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.ASCII.GetBytes("%PDF-1.4"))), accepted.File.Sha256);
    }

    private static Notice At(string id, DateTimeOffset created) =>
        new(id, "so-y-te", "reminder", Guid.Empty, Guid.Empty, "so-y-te", "Sở Y tế", "Nhiệm vụ", null, null, null, null, "", created, null);

    [Fact]
    public void A_notice_is_unread_until_opened_or_everything_is_marked_read()
    {
        var t = new DateTimeOffset(2026, 11, 24, 3, 0, 0, TimeSpan.Zero);
        var (first, second) = (At("a", t), At("b", t.AddHours(1)));
        var marks = InboxReadMarks.None("so-y-te");
        Assert.False(marks.IsRead(first));
        marks = marks.Opened(first);
        Assert.True(marks.IsRead(first));
        Assert.False(marks.IsRead(second));
        Assert.Same(marks, marks.Opened(first));
        marks = marks.AllRead(t.AddHours(2));
        Assert.True(marks.IsRead(second));
        Assert.Empty(marks.Read);
        Assert.False(marks.IsRead(At("c", t.AddHours(3))));
    }
}
