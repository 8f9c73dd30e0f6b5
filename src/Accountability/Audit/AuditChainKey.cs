using System.Security.Cryptography;

namespace Accountability.Audit;

/// <summary>
/// The key of the events' chain hashes (HMAC-SHA-256, 32 random bytes). It lives with the checkpoint signing key,
/// never in the database: Audit:ChainKeyFile, by default "audit-chain-key" next to Audit:SigningKeyFile, created on
/// first use readable by the service's user only. Without either setting the key lives only as long as the process
/// (tests, a throwaway run). <see cref="IsNew"/> says the key was made now: the events already stored are then
/// linked under it once (<see cref="HashChain.RelinkAllAsync"/>).
/// </summary>
public sealed class AuditChainKey
{
    public const string DefaultFileName = "audit-chain-key";

    public byte[] Key { get; }
    public bool IsNew { get; }
    public string? File { get; }

    public AuditChainKey(IConfiguration configuration, ILogger<AuditChainKey> log)
    {
        File = FileFrom(configuration);
        if (File is null)
        {
            Key = RandomNumberGenerator.GetBytes(32);
            IsNew = true;
            log.LogWarning("Neither Audit:ChainKeyFile nor Audit:SigningKeyFile is set: event hashes use a key that ends with this process.");
        }
        else if (System.IO.File.Exists(File))
        {
            Key = Convert.FromBase64String(System.IO.File.ReadAllText(File).Trim());
        }
        else
        {
            Key = RandomNumberGenerator.GetBytes(32);
            IsNew = true;
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(File))!);
            System.IO.File.WriteAllText(File, Convert.ToBase64String(Key));
            if (!OperatingSystem.IsWindows()) System.IO.File.SetUnixFileMode(File, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            log.LogInformation("Created the event chain key {File}", File);
        }
        if (Key.Length < 32) throw new InvalidOperationException($"The event chain key {File} is shorter than 32 bytes.");
    }

    /// <summary>For tests and tools: a key given as bytes.</summary>
    public AuditChainKey(byte[] key)
    {
        Key = key;
    }

    public static string? FileFrom(IConfiguration configuration) =>
        configuration["Audit:ChainKeyFile"] is { Length: > 0 } file ? file
        : configuration["Audit:SigningKeyFile"] is { Length: > 0 } signing ? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(signing))!, DefaultFileName)
        : null;
}
