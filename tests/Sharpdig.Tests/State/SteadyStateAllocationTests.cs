using Sharpdig.Cli;
using Sharpdig.Formatting;
using Sharpdig.Tests.Support;
using Xunit;
using static Sharpdig.Tests.Support.EventBuilder;

namespace Sharpdig.Tests.State;

/// <summary>The per-event path (state update, default line, buffered write) allocates nothing once warm.</summary>
public class SteadyStateAllocationTests
{
    [Theory]
    [InlineData(BufferStyle.Normal)]
    [InlineData(BufferStyle.HexAscii)]
    [InlineData(BufferStyle.Base64)]
    public void ReadWriteTrafficDoesNotAllocate(BufferStyle style)
    {
        var md = SyntheticCaptures.Metadata();
        ulong ts = 1_000_000_000;
        var recs = new List<byte[]>
        {
            Record(6, 200, ts++, I64(3), U32(100)),
            Record(7, 200, ts++, I64(5), Bytes("hello world, this is a buffer that is longer than eighty characters for sure.....")),
            Record(8, 201, ts++, I64(9), U32(5)),
            Record(9, 201, ts++, I64(5), Bytes("abcde")),
            Record(306, 100, ts++, I64(20), Str("a/b/../c"), U32(3), U32(420)),
            Record(128, 100, ts++, I64(200), U8(9)),
            Record(129, 100, ts++, I64(-3)),
            Record(4, 100, ts++, I64(99)),
            Record(5, 100, ts++, I64(-9)),
        };
        long Run(int repeat)
        {
            var loop = new EventLoop { Source = new ListCaptureSource(md, recs, repeat), OutputStream = Stream.Null };
            var renderer = new ParamRenderer(new RenderOptions { BufferStyle = style });
            var engine = loop.Engine;
            loop.Output = new DefaultLineOutput(new DefaultLineFormatter(renderer, TimeStyle.Human, () => engine.FirstEventTs));
            long before = GC.GetAllocatedBytesForCurrentThread();
            loop.Run();
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }
        long extra = AllocationProbe.ExtraBytes(Run, 1_000, 21_000);   // 180,000 more events
        Assert.True(extra < 4_096, $"per-event path allocated {extra} bytes over 180k events");
    }

    /// <summary>-R: socket addresses written with service names come from the table's cache.</summary>
    [Fact]
    public void PortNamesDoNotAllocate()
    {
        var md = SyntheticCaptures.Metadata();
        ulong ts = 1_000_000_000;
        var recs = new List<byte[]>
        {
            // fd 77 is unknown: the parameters are rendered but no fd is renamed.
            Record(30, 200, ts++, I64(77), U32(10), Tuple4("127.0.0.1", 40000, "10.0.0.1", 80)),
            Record(22, 200, ts++, I64(77), SockAddr4("10.0.0.1", 53)),
            Record(22, 200, ts++, I64(77), SockAddr6("2001:db8::1", 22)),
            Record(30, 200, ts++, I64(77), U32(10), Tuple6("2001:db8::2", 40000, "2001:db8::1", 40001)),
        };
        var table = ServiceTable.Parse(["http 80/tcp", "domain 53/udp", "ssh 22/tcp"]);
        long Run(int repeat)
        {
            var loop = new EventLoop { Source = new ListCaptureSource(md, recs, repeat), OutputStream = Stream.Null };
            loop.Engine.State.PortNames = table;
            var renderer = new ParamRenderer(new RenderOptions());
            var engine = loop.Engine;
            loop.Output = new DefaultLineOutput(new DefaultLineFormatter(renderer, TimeStyle.Human, () => engine.FirstEventTs));
            long before = GC.GetAllocatedBytesForCurrentThread();
            loop.Run();
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }
        long extra = AllocationProbe.ExtraBytes(Run, 1_000, 41_000);   // 160,000 more events
        Assert.True(extra < 4_096, $"per-event path allocated {extra} bytes over 160k events");
    }
}
