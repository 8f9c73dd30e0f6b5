using System.Net;
using System.Net.Sockets;
using Accountability.Notifications;

namespace Accountability.Tests;

public class WebhookAddressesTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("10.20.30.40")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.1.10")]
    [InlineData("169.254.169.254")] // cloud metadata
    [InlineData("100.64.0.1")]
    [InlineData("0.0.0.0")]
    [InlineData("224.0.0.1")]
    [InlineData("::1")]
    [InlineData("fe80::1")]
    [InlineData("fd12:3456::1")]
    [InlineData("::ffff:127.0.0.1")] // IPv4 loopback written as IPv6
    public void Internal_addresses_are_recognised(string address) => Assert.True(WebhookAddresses.IsInternal(IPAddress.Parse(address)));

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("203.162.4.190")]
    [InlineData("172.32.0.1")] // just past the private 172.16/12
    [InlineData("100.128.0.1")] // just past carrier-grade NAT
    [InlineData("2001:4860:4860::8888")]
    public void Public_addresses_are_not(string address) => Assert.False(WebhookAddresses.IsInternal(IPAddress.Parse(address)));

    [Theory]
    [InlineData("http://localhost:8080/notices", "points at this server itself")]
    [InlineData("http://api.localhost/notices", "points at this server itself")]
    [InlineData("http://127.0.0.1:5000/", "internal address (127.0.0.1")]
    [InlineData("http://[::1]/hook", "internal address (::1")]
    [InlineData("http://169.254.169.254/latest/meta-data", "internal address (169.254.169.254")]
    public void A_webhook_set_to_an_internal_address_is_refused_with_the_reason(string url, string reason) =>
        Assert.Contains(reason, WebhookAddresses.Problem(new Uri(url)));

    [Theory]
    [InlineData("https://hooks.soyte.quangninh.gov.vn/accountability")]
    [InlineData("http://203.162.4.190:8443/hook")]
    public void A_public_webhook_is_accepted(string url) => Assert.Null(WebhookAddresses.Problem(new Uri(url)));

    [Fact]
    public async Task The_webhook_client_does_not_connect_to_a_name_that_resolves_inside()
    {
        // A receiver on loopback, reached through a name (as a name set to resolve inside after the check would be).
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var client = new HttpClient(new SocketsHttpHandler { ConnectCallback = WebhookAddresses.ConnectPublicAsync });

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => client.PostAsync($"http://localhost:{port}/hook", new StringContent("{}")));
        Assert.StartsWith("refused: localhost is an internal address", refused.Message);
        Assert.False(listener.Pending()); // nothing reached the receiver
    }
}
