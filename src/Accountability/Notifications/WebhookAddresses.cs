using System.Net;
using System.Net.Sockets;

namespace Accountability.Notifications;

/// <summary>
/// Webhooks go to agencies' public endpoints, never inside the service's own network: an address set by an agency
/// must not make the service POST to its database host, a cloud metadata endpoint (169.254.169.254) or an admin page
/// on localhost (server-side request forgery). A URL naming an internal address is refused when it is set; a name
/// that resolves to one is refused when the service connects, on the address it actually connects to, so a name
/// that changes its answer after the check (DNS rebinding) gains nothing. Notifications:AllowPrivateWebhooks=true
/// turns both off, for a closed government network or tests.
/// </summary>
public static class WebhookAddresses
{
    /// <summary>Loopback, private, carrier-grade NAT, link-local, unique-local, multicast and unspecified addresses.</summary>
    public static bool IsInternal(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Broadcast))
            return true;
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
            return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal || address.IsIPv6Multicast;
        var b = address.GetAddressBytes();
        return b[0] switch
        {
            0 or 10 or 127 => true,                  // "this network", private, loopback
            100 => b[1] is >= 64 and <= 127,         // carrier-grade NAT
            169 => b[1] == 254,                      // link-local, cloud metadata
            172 => b[1] is >= 16 and <= 31,          // private
            192 => b[1] == 168 || (b[1] == 0 && b[2] is 0 or 2), // private, IETF protocol assignments, documentation
            >= 224 => true,                          // multicast and reserved
            _ => false,
        };
    }

    /// <summary>Why this URL may not be a webhook (a clerk's sentence), or null when it may.</summary>
    public static string? Problem(Uri url)
    {
        var host = url.IdnHost.Trim('[', ']');
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
            return $"'{url}' points at this server itself; give the agency's public address.";
        return IPAddress.TryParse(host, out var ip) && IsInternal(ip)
            ? $"'{url}' points at an internal address ({ip}: loopback, private network or link-local); give the agency's public address."
            : null;
    }

    /// <summary>
    /// Connects to the first public address the host resolves to, and refuses when it resolves to internal
    /// addresses only. Used as the webhook client's ConnectCallback, so it also holds for redirects.
    /// </summary>
    public static async ValueTask<Stream> ConnectPublicAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
        var usable = addresses.Where(a => !IsInternal(a)).ToList();
        if (usable.Count == 0)
            throw new NotPublicAddressException($"refused: {host} is an internal address ({string.Join(", ", addresses.Select(a => a.ToString()))}); webhooks go to public addresses only");
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(usable.Select(a => new IPEndPoint(a, context.DnsEndPoint.Port)).First(), ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}

/// <summary>The webhook's name resolved to internal addresses only; the message names them (for the coordinator, not the agency).</summary>
public sealed class NotPublicAddressException(string message) : HttpRequestException(message);
