using System.Text;
using Sharpdig.Formatting;
using Sharpdig.State;
using Sharpdig.Tests.Support;
using Xunit;
using static Sharpdig.Tests.Support.EventBuilder;

namespace Sharpdig.Tests.Formatting;

/// <summary>Parameter rendering rules of event-params.md, on hand-built events.</summary>
public class RenderingTests
{
    private static string Args(byte[] raw, RenderOptions? options = null)
    {
        var engine = new StateEngine();
        engine.Import(SyntheticCaptures.Metadata());
        var ctx = engine.Apply(Load(raw));
        var w = new ByteWriter();
        new ParamRenderer(options ?? new RenderOptions()).RenderInfo(ctx, w);
        return Encoding.UTF8.GetString(w.WrittenSpan);
    }

    [Fact]
    public void OpenFlagsModeAndErrno()
    {
        Assert.Equal("name=/etc/passwd flags=39(O_EXCL|O_CREAT|O_RDWR) mode=0644 ",
            Args(Record(2, 100, 1, Str("/etc/passwd"), U32(39), U32(420))));
        Assert.Equal("fd=-2(ENOENT) name=/x flags=4161(O_NONBLOCK|O_RDONLY|O_CLOEXEC) mode=0 dev=803 ",
            Args(Record(3, 100, 1, I64(-2), Str("/x"), U32(4161), U32(0), U32(0x803))));
    }

    [Fact]
    public void UnsignedDecimalPrintsSigned()
    {
        Assert.Equal("fd=3(<4t>10.0.0.2:5555->10.0.0.1:80) size=-1 ", Args(Record(6, 200, 1, I64(3), U32(uint.MaxValue))));
    }

    [Fact]
    public void FdsResolveThroughTheThreadAndSharedTables()
    {
        Assert.Equal("fd=9(<f>/var/log/server.log) size=1 ", Args(Record(6, 201, 1, I64(9), U32(1))));
        Assert.Equal("fd=77 size=1 ", Args(Record(6, 201, 1, I64(77), U32(1))));
        Assert.Equal("fd=6(<6>:::1->2001:db8::1:8080) size=1 ", Args(Record(6, 200, 1, I64(6), U32(1))));
        Assert.Equal("fd=4(<4t>0.0.0.0:80) size=1 ", Args(Record(6, 200, 1, I64(4), U32(1))));
    }

    [Fact]
    public void PidsSignalsRelTimeAndUids()
    {
        Assert.Equal("pid=1(systemd) sig=9(SIGKILL) ", Args(Record(128, 100, 1, I64(1), U8(9))));
        Assert.Equal("pid=5 sig=64 ", Args(Record(128, 100, 1, I64(5), U8(64))));
        Assert.Equal("interval=1500000000(1.5s) ", Args(Record(134, 100, 1, U64(1_500_000_000))));
        Assert.Equal("interval=1(1e-09s) ", Args(Record(134, 100, 1, U64(1))));
        Assert.Equal("interval=none ", Args(Record(134, 100, 1, U64(ulong.MaxValue))));
        Assert.Equal("uid=1000(alice) ", Args(Record(198, 100, 1, U32(1000))));
        Assert.Equal("uid=-1(<NONE>) ", Args(Record(198, 100, 1, U32(uint.MaxValue))));
        Assert.Equal("uid=5(<NA>) ", Args(Record(198, 100, 1, U32(5))));
    }

    [Fact]
    public void RelativePathsResolveAgainstCwdOrDirFd()
    {
        Assert.Equal("name=rel/./dir/../file.txt(/home/alice/rel/file.txt) flags=1(O_RDONLY) mode=0 ",
            Args(Record(2, 100, 1, Str("rel/./dir/../file.txt"), U32(1), U32(0))));
        Assert.Equal("dirfd=20(<d>/tmp) name=sub/../x.txt(/tmp/x.txt) flags=1(O_RDONLY) mode=0 ",
            Args(Record(306, 100, 1, I64(20), Str("sub/../x.txt"), U32(1), U32(0))));
        Assert.Equal("dirfd=-100(AT_FDCWD) name=..(/home) flags=1(O_RDONLY) mode=0 ",
            Args(Record(306, 100, 1, I64(-100), Str(".."), U32(1), U32(0))));
    }

    [Fact]
    public void SocketAddressesAndTuples()
    {
        Assert.Equal("fd=3(<4t>10.0.0.2:5555->10.0.0.1:80) addr=192.168.0.1:8080 ",
            Args(Record(22, 200, 1, I64(3), SockAddr4("192.168.0.1", 8080))));
        Assert.Equal("res=0 tuple=10.0.0.1:5000->10.0.0.2:80 ",
            Args(Record(23, 100, 1, I64(0), Tuple6("::ffff:10.0.0.1", 5000, "::ffff:10.0.0.2", 80))));
        Assert.Equal("res=0 tuple=2001:db8::1:5000->2001:db8::2:80 ",
            Args(Record(23, 100, 1, I64(0), Tuple6("2001:db8::1", 5000, "2001:db8::2", 80))));
        Assert.Equal("res=0 tuple=0->ffff9a0002 /run/sock ",
            Args(Record(23, 100, 1, I64(0), UnixTuple(0, 0xffff9a0002, "/run/sock"))));
        Assert.Equal("res=0 tuple=NULL ", Args(Record(23, 100, 1, I64(0), [])));
        Assert.Equal("res=0 tuple=INVALID IPv4 ", Args(Record(23, 100, 1, I64(0), [2, 1, 2])));
    }

    [Theory]
    [InlineData("::1", "::1")]
    [InlineData("::", "::")]
    [InlineData("::ffff:1.2.3.4", "::ffff:1.2.3.4")]
    [InlineData("::1.2.3.4", "::1.2.3.4")]
    [InlineData("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1")]
    [InlineData("fe80::", "fe80::")]
    [InlineData("1:0:2:0:3:0:4:0", "1:0:2:0:3:0:4:0")]
    public void IPv6TextMatchesInetNtop(string input, string expected)
    {
        var ip = IpAddress.FromBytes(System.Net.IPAddress.Parse(input).GetAddressBytes());
        Assert.Equal(expected, ip.ToString());
    }

    [Fact]
    public void BuffersInEveryStyle()
    {
        var data = Bytes("hello\0world\n\t\x7f\x80\xff!");
        Assert.Equal("res=14 data=hello.world.....! ", Args(Record(7, 100, 1, I64(14), data)));
        string longText = new('a', 100);
        Assert.Equal($"res=100 data={new string('a', 77)}... ", Args(Record(7, 100, 1, I64(100), Bytes(longText))));
        Assert.Equal($"res=100 data={longText} ", Args(Record(7, 100, 1, I64(100), Bytes(longText)), new RenderOptions { MaxBufferChars = 0 }));
        Assert.Equal("res=3 data=\na\nb\n ", Args(Record(7, 100, 1, I64(3), Bytes("a\r\nb\n")), new RenderOptions { BufferStyle = BufferStyle.Ascii }));
        Assert.Equal("res=3 data=YWJj ", Args(Record(7, 100, 1, I64(3), Bytes("abc")), new RenderOptions { BufferStyle = BufferStyle.Base64 }));
        Assert.Equal("res=3 data=\n\t0x0000: 6162 63\n ", Args(Record(7, 100, 1, I64(3), Bytes("abc")), new RenderOptions { BufferStyle = BufferStyle.Hex }));
        Assert.Equal("res=3 data=\n\t0x0000: 6162 63" + new string(' ', 30) + "  abc\n ",
            Args(Record(7, 100, 1, I64(3), Bytes("abc")), new RenderOptions { BufferStyle = BufferStyle.HexAscii }));
        Assert.Equal("res=0 data= ", Args(Record(7, 100, 1, I64(0), []), new RenderOptions { BufferStyle = BufferStyle.Hex }));
    }

    [Fact]
    public void SyslogWritesAreSummarised()
    {
        var engine = new StateEngine();
        engine.Import(SyntheticCaptures.Metadata());
        engine.Apply(Load(Record(8, 100, 1, I64(7), U32(20))));
        var ctx = engine.Apply(Load(Record(9, 100, 2, I64(20), Bytes("<14>Nov 1 hello"))));
        var w = new ByteWriter();
        new ParamRenderer(new RenderOptions()).RenderInfo(ctx, w);
        Assert.Equal("syslog sev=info msg=Nov 1 hello", Encoding.UTF8.GetString(w.WrittenSpan));
        w.Clear();
        new ParamRenderer(new RenderOptions()).RenderArgs(ctx, w);
        Assert.Equal("res=20 data=<14>Nov 1 hello ", Encoding.UTF8.GetString(w.WrittenSpan));
    }

    [Theory]
    [InlineData("/home/alice/", "rel/./dir/../file.txt", "/home/alice/rel/file.txt")]
    [InlineData("/home/alice/", "..", "/home")]
    [InlineData("/home/alice/", "dir/", "/home/alice/dir")]
    [InlineData("/home/alice/", "../../../../etc/./passwd", "/etc/passwd")]
    [InlineData("/", "a//b/.", "/a/b")]
    [InlineData("/x/", "bad\u0001name", "/x/bad.name")]
    public void PathsNormaliseLikeSinsp(string dir, string path, string expected)
    {
        var d = Encoding.Latin1.GetBytes(dir);
        var p = Encoding.Latin1.GetBytes(path);
        var buf = new byte[d.Length + p.Length + 2];
        int n = PathText.Concatenate(buf, d, p, out _);
        Assert.Equal(expected, Encoding.Latin1.GetString(buf, 0, n));
    }
}
