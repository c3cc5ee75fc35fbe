using Sharpdig.Cli;
using Sharpdig.Formatting;
using Sharpdig.Tests.Support;
using Xunit;
using static Sharpdig.Tests.Support.EventBuilder;

namespace Sharpdig.Tests.Filtering;

/// <summary>Filters, -p formats and -j allocate nothing per event once warm.</summary>
public class FilterFormatAllocationTests
{
    [Theory]
    // Command lines with their words separated by '|'.
    [InlineData("evt.type=open and fd.name contains /etc")]
    [InlineData("-p|%evt.num %proc.name %fd.name %evt.type %evt.dir %evt.latency.human %user.name|evt.is_io=true or evt.type in (open, close)")]
    [InlineData("-j")]
    [InlineData("-j|-p|*%evt.num %proc.name %fd.name %evt.buffer %evt.failed|not evt.dir=>")]
    [InlineData("-p|*%evt.args %evt.arg.fd %evt.rawarg.res %proc.aname[1] %thread.tid|proc.name icontains x or fd.name glob /a*")]
    // The unlisted fields (curses-view helpers), in a format and in a filter.
    [InlineData("-p|*%evt.num %thread.nametid %evt.buflen.in %evt.buflen.file.out %evt.buflen.net %evt.latency.quantized %thread.vmsize.b %evt.count.procinfo %span.idtag[0]|thread.nametid contains 2 or evt.buflen.out > 3 or span.count exists")]
    [InlineData("-j|-p|*%evt.num %thread.nametid %evt.buflen.net.in %thread.vmrss.b %evt.infra.docker.name %span.count.fortag[1]")]
    public void Per_event_path_does_not_allocate(string commandLine)
    {
        var args = commandLine.Split('|');
        var md = SyntheticCaptures.Metadata();
        ulong ts = 1_000_000_000;
        var recs = new List<byte[]>
        {
            Record(6, 200, ts++, I64(3), U32(100)),
            Record(7, 200, ts++, I64(5), Bytes("hello world, this is a buffer")),
            Record(8, 201, ts++, I64(9), U32(5)),
            Record(9, 201, ts++, I64(5), Bytes("abcde")),
            Record(306, 100, ts++, I64(20), Str("a/b/../c"), U32(3), U32(420)),
            Record(4, 100, ts++, I64(99)),
            Record(5, 100, ts++, I64(-9)),
        };
        var options = CommandLineParser.Parse(args);
        long Run(int repeat)
        {
            var loop = new EventLoop { Source = new ListCaptureSource(md, recs, repeat), OutputStream = Stream.Null };
            var renderer = new ParamRenderer(new RenderOptions());
            var engine = loop.Engine;
            loop.Output = new DefaultLineOutput(new DefaultLineFormatter(renderer, TimeStyle.Human, () => engine.FirstEventTs));
            FilterAndFormatWiring.Configure(loop, options, renderer);
            long before = GC.GetAllocatedBytesForCurrentThread();
            loop.Run();
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }
        long extra = AllocationProbe.ExtraBytes(Run, 1_000, 21_000);   // 140,000 more events
        Assert.True(extra < 4_096, $"per-event path allocated {extra} bytes over 140k events");
    }
}
