using Sharpdig.Capture.Scap;
using Sharpdig.Events;
using Xunit;

namespace Sharpdig.Tests.Support;

/// <summary>
/// Writes a large benchmark capture to $SHARPDIG_BIG_OUT (no-op otherwise): the events of
/// curl_google.scap repeated with shifted timestamps until $SHARPDIG_BIG_EVENTS (default 2 M).
/// </summary>
public class BigCaptureTool
{
    [Fact]
    public void WriteWhenAsked()
    {
        string? path = Environment.GetEnvironmentVariable("SHARPDIG_BIG_OUT");
        if (path is null) return;
        long target = long.TryParse(Environment.GetEnvironmentVariable("SHARPDIG_BIG_EVENTS"), out var n) ? n : 2_000_000;
        string src = Path.Combine(TestPaths.RequireShared("corpus"), "curl_google.scap");
        var events = new List<(byte[] Raw, ushort Cpu, uint Flags)>();
        Sharpdig.Capture.CaptureMetadata md;
        using (var reader = new ScapFileReader(src))
        {
            var rec = new EventRecord();
            while (reader.TryReadNext(rec)) events.Add((rec.RawRecord.ToArray(), rec.Cpu, rec.DumpFlags));
            md = reader.Metadata;
        }
        ulong first = BitConverter.ToUInt64(events[0].Raw), last = BitConverter.ToUInt64(events[^1].Raw);
        ulong span = last - first + 1000;
        using var w = new ScapFileWriter(path, md, compress: false);
        var r = new EventRecord();
        long written = 0;
        for (ulong round = 0; written < target; round++)
            foreach (var (raw, cpu, flags) in events)
            {
                var copy = (byte[])raw.Clone();
                BitConverter.TryWriteBytes(copy, BitConverter.ToUInt64(raw) + round * span);
                r.Load(copy, 0, copy.Length, cpu, flags);
                w.WriteEvent(r);
                if (++written >= target) break;
            }
        Assert.True(written >= target);
    }
}
