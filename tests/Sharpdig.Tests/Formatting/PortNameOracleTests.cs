using System.Net;
using Sharpdig.Capture;
using Sharpdig.Formatting;
using Sharpdig.State;
using Sharpdig.Tests.Capture;
using Sharpdig.Tests.Support;
using Xunit;

namespace Sharpdig.Tests.Formatting;

/// <summary>
/// -R (ports as /etc/services names) against the real sysdig 0.29.3: default lines, JSON, port
/// fields and filters on the corpus captures, and a synthetic capture whose ports only resolve
/// for some transports, so the protocol each place asks getservbyport for is checked too.
/// </summary>
[Collection("real sysdig")]
public class PortNameOracleTests
{
    // curl_google_comments.scap is left out: sysdig 0.29.3 cannot read it.
    private static readonly string[] Captures =
    [
        "curl_google.scap", "falco_cat_write.scap", "falco_ping_sendto.scap", "falco_syscall.scap",
        "psp_write_tmp_test.scap", "single_ipv6_conn.scap",
    ];

    private const string PortFields =
        "%evt.num %fd.name %fd.sport %fd.cport %fd.lport %fd.rport %fd.sip %fd.cip %fd.cproto %fd.sproto %fd.lproto %fd.rproto %evt.args";

    /// <summary>Command lines after `-r FILE -R`.</summary>
    private static readonly string[][] Modes =
    [
        [],
        ["-j"],
        ["-p", PortFields],
        ["fd.sport=80"],
        ["-p", PortFields, "fd.sproto=http or fd.sproto=domain or fd.cproto=domain or fd.name contains domain or evt.args contains tcpmux"],
    ];

    public static TheoryData<string, int> CorpusCases()
    {
        var data = new TheoryData<string, int>();
        foreach (var capture in Captures)
            for (int m = 0; m < Modes.Length; m++) data.Add(capture, m);
        return data;
    }

    [SkippableTheory]
    [MemberData(nameof(CorpusCases))]
    public void CorpusPrintsLikeSysdig(string capture, int mode)
    {
        SysdigOracle.Require();
        AssertSameOutput(Path.Combine(TestPaths.RequireShared("corpus"), capture), ["-R", .. Modes[mode]]);
    }

    /// <summary>The corpus really exercises names: curl_google's DNS and HTTP sockets, the ping's port 1.</summary>
    [SkippableFact]
    public void CorpusShowsServiceNames()
    {
        SysdigOracle.Require();
        string corpus = TestPaths.RequireShared("corpus");
        var (rc, curl) = ToolRunner.RunSharpdig("-r", Path.Combine(corpus, "curl_google.scap"), "-R");
        Assert.Equal(0, rc);
        Assert.Contains("->2001:4860:4860::8888:domain", curl);
        Assert.Contains(":http)", curl);
        var (rc2, plain) = ToolRunner.RunSharpdig("-r", Path.Combine(corpus, "curl_google.scap"));
        Assert.Equal(0, rc2);
        Assert.DoesNotContain(":domain", plain);
    }

    private const ulong T0 = 1_700_000_000_000_000_000;

    /// <summary>
    /// Sockets on ports /etc/services names for one transport only (123 is udp only, 6 is ddp
    /// only) or differently per transport (512: exec/tcp, biff/udp): imported connections and
    /// listening sockets, connect/bind/accept/sendto, each printed while the fd's transport is
    /// unknown and once it is known.
    /// </summary>
    private static SyntheticCapture MixedTransports()
    {
        var cap = new SyntheticCapture().Machine().IPv4Interface("eth0", "10.0.0.5")
            .Process(100, 100, "srv")
            .IPv4SocketFd(100, 3, "10.0.0.5", 40000, "10.0.0.9", 123, L4Proto.Tcp)
            .IPv4SocketFd(100, 4, "10.0.0.5", 40001, "10.0.0.9", 123, L4Proto.Udp)
            .IPv4SocketFd(100, 5, "10.0.0.5", 40002, "10.0.0.9", 512, L4Proto.Udp)
            .IPv4SocketFd(100, 6, "10.0.0.5", 22, "10.0.0.7", 50000, L4Proto.Tcp);
        var fds = cap.Metadata.FdLists.First(l => l.Tid == 100).Fds;
        fds.Add(ServerFd(7, "0.0.0.0", 22, L4Proto.Tcp));
        fds.Add(ServerFd(8, "0.0.0.0", 512, L4Proto.Udp));
        fds.Add(ServerFd(9, "0.0.0.0", 6, L4Proto.Tcp));

        ulong ts = T0;
        Capture.EventBuilder E(int type) => cap.Event(type, 100, ts += 1000);
        // TCP connect to port 6: the enter's address is printed while the role is unknown.
        E(Ppme.SocketSocketE).UInt32(2).UInt32(1).UInt32(0).Add();
        E(Ppme.SocketSocketX).Fd(20).Add();
        E(Ppme.SocketConnectE).Fd(20).SockaddrIPv4("10.0.0.9", 6).Add();
        E(Ppme.SocketConnectX).Errno(0).SocktupleIPv4("10.0.0.5", 40100, "10.0.0.9", 6).Add();
        // UDP sendto port 512, then a write that shows the fd name.
        E(Ppme.SocketSocketE).UInt32(2).UInt32(2).UInt32(0).Add();
        E(Ppme.SocketSocketX).Fd(21).Add();
        E(Ppme.SocketSendtoE).Fd(21).UInt32(4).SocktupleIPv4("0.0.0.0", 0, "10.0.0.9", 512).Add();
        E(Ppme.SocketSendtoX).Errno(4).Bytes("ping"u8).Add();
        E(Ppme.SocketSendE).Fd(21).UInt32(4).Add();
        E(Ppme.SocketSendX).Errno(4).Bytes("pong"u8).Add();
        // UDP connect to port 123.
        E(Ppme.SocketSocketE).UInt32(2).UInt32(2).UInt32(0).Add();
        E(Ppme.SocketSocketX).Fd(22).Add();
        E(Ppme.SocketConnectE).Fd(22).SockaddrIPv4("10.0.0.9", 123).Add();
        E(Ppme.SocketConnectX).Errno(0).SocktupleIPv4("10.0.0.5", 40200, "10.0.0.9", 123).Add();
        // TCP bind to 123 and accept a connection on it.
        E(Ppme.SocketSocketE).UInt32(2).UInt32(1).UInt32(0).Add();
        E(Ppme.SocketSocketX).Fd(23).Add();
        E(Ppme.SocketBindE).Fd(23).Add();
        E(Ppme.SocketBindX).Errno(0).SockaddrIPv4("0.0.0.0", 123).Add();
        E(Ppme.SocketListenE).Fd(23).UInt32(5).Add();
        E(Ppme.SocketListenX).Errno(0).Add();
        E(Ppme.SocketAcceptE).Add();
        E(Ppme.SocketAcceptX).Fd(24).SocktupleIPv4("10.0.0.7", 50001, "10.0.0.5", 123).UInt8(0).Add();
        E(Ppme.SocketRecvE).Fd(24).UInt32(10).Add();
        E(Ppme.SocketRecvX).Errno(2).Bytes("hi"u8).Add();
        // Reads on the imported sockets show their names.
        foreach (long fd in new long[] { 3, 4, 5, 6, 7, 8, 9 })
        {
            E(Ppme.SocketRecvE).Fd(fd).UInt32(10).Add();
            E(Ppme.SocketRecvX).Errno(-11).Bytes([]).Add();
        }
        return cap;
    }

    private static FdEntry ServerFd(long fd, string ip, ushort port, L4Proto proto) => new()
    {
        Fd = fd, Type = ScapFdType.IPv4ServerSocket, SourceIp = IPAddress.Parse(ip).GetAddressBytes(),
        SourcePort = port, L4Proto = proto,
    };

    [SkippableTheory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public void MixedTransportsPrintLikeSysdig(int mode)
    {
        SysdigOracle.Require();
        string dir = Directory.CreateTempSubdirectory("sharpdig-ports-").FullName;
        try
        {
            string path = MixedTransports().WriteFile(Path.Combine(dir, "ports.scap"));
            string filter = "fd.sproto=ntp or fd.sproto=123 or fd.name contains zip or fd.name contains biff or fd.sport=123";
            string[] args = mode == 4 ? ["-R", "-p", PortFields, filter] : ["-R", .. Modes[mode]];
            string expected = AssertSameOutput(path, args);
            // The capture must reach the cases where the transport decides the name.
            if (mode == 0)
            {
                Assert.Contains("10.0.0.9:biff", expected);
                Assert.Contains("10.0.0.9:ntp", expected);
                Assert.Contains("10.0.0.9:123", expected);
                Assert.Contains("10.0.0.9:zip", expected);
            }
        }
        finally { Directory.Delete(dir, true); }
    }

    private static string AssertSameOutput(string path, string[] args)
    {
        var (expected, _, code) = SysdigOracle.Run(["-r", path, .. args]);
        var (rc, actual) = ToolRunner.RunSharpdig(["-r", path, .. args]);
        Assert.Equal(code, rc);
        Assert.Equal(expected, actual);
        return expected;
    }

    // ---- the services file as glibc reads it -----------------------------------------------

    private static ServiceTable Table(params string[] lines) => ServiceTable.Parse(lines);

    [Fact]
    public void FirstLineInFileOrderWinsPerProtocol()
    {
        var t = Table("zip 6/ddp", "exec 512/tcp", "biff 512/udp comsat", "exec2 512/tcp", "ntp 123/udp");
        Assert.Equal("exec", Name(t, 512, L4Proto.Tcp));
        Assert.Equal("biff", Name(t, 512, L4Proto.Udp));
        Assert.Equal("exec", Name(t, 512, L4Proto.Icmp));      // any protocol: the first line
        Assert.Equal("zip", Name(t, 6, L4Proto.Unknown));
        Assert.Equal("", Name(t, 6, L4Proto.Tcp));
        Assert.Equal("ntp", Name(t, 123, L4Proto.NotApplicable));
        Assert.Equal("", Name(t, 123, L4Proto.Tcp));
        Assert.True(t.TryGetPort("comsat", out int port));     // aliases name ports in filters only
        Assert.Equal(512, port);
    }

    [Fact]
    public void LinesAreParsedLikeGlibc()
    {
        var t = Table(
            "  # a comment line", "", "http\t80/tcp  www # web", "hex 0x1f/udp", "oct 017/tcp", "slashes 99//tcp",
            "bad 100x/tcp", "noport /tcp", "lonely", "wrap 65601/tcp", "comment 7/tcp#x");
        Assert.Equal("http", Name(t, 80, L4Proto.Tcp));
        Assert.Equal("hex", Name(t, 31, L4Proto.Udp));
        Assert.Equal("oct", Name(t, 15, L4Proto.Tcp));
        Assert.Equal("slashes", Name(t, 99, L4Proto.Tcp));
        Assert.Equal("", Name(t, 100, L4Proto.Unknown));
        Assert.Equal("wrap", Name(t, 65, L4Proto.Tcp));        // the port keeps its low 16 bits
        Assert.Equal("comment", Name(t, 7, L4Proto.Tcp));
        Assert.False(t.TryGetPort("noport", out _));
        Assert.False(t.TryGetPort("lonely", out _));
    }

    private static string Name(ServiceTable t, ushort port, L4Proto proto) =>
        System.Text.Encoding.UTF8.GetString(t.NameOf(port, proto));
}
