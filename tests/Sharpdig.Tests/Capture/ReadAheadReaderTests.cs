using System.IO.Compression;
using Sharpdig.Capture.Scap;
using Sharpdig.Events;
using Sharpdig.Tests.Support;
using Xunit;
using static Sharpdig.Tests.Capture.ScapTestSupport;

namespace Sharpdig.Tests.Capture;

/// <summary>
/// The reader on its own thread must deliver exactly what the plain reader does: the same records
/// in the same order, sections switched before their first event, damage after the last whole event.
/// </summary>
public class ReadAheadReaderTests
{
    private const ulong T0 = 1_700_000_000_000_000_000;

    private static void AssertSame(ReadResult expected, ReadResult actual)
    {
        Assert.Equal(expected.Events.Count, actual.Events.Count);
        for (int i = 0; i < expected.Events.Count; i++)
        {
            var (e, a) = (expected.Events[i], actual.Events[i]);
            Assert.True(e.Record.AsSpan().SequenceEqual(a.Record), $"event {i + 1} differs");
            Assert.Equal((e.Cpu, e.DumpFlags, e.Section), (a.Cpu, a.DumpFlags, a.Section));
        }
        Assert.Equal(expected.Error?.Message, actual.Error?.Message);
    }

    [SkippableFact]
    public void Every_corpus_capture_reads_the_same()
    {
        var dir = TestPaths.RequireShared("corpus");
        var files = Directory.GetFiles(dir, "*.scap");
        Assert.NotEmpty(files);
        foreach (var path in files) AssertSame(ReadAll(path), ReadAllAhead(path));
    }

    [Fact]
    public void Many_batches_and_big_events_arrive_in_order()
    {
        var cap = new SyntheticCapture().Machine().Process(7, 7, "sh");
        var big = new byte[60_000];
        new Random(5).NextBytes(big);
        for (int i = 0; i < 30_000; i++)
        {
            ulong ts = T0 + (ulong)i * 10_000;
            if (i % 1000 == 0)
                cap.Event(EventTable.Codes.WriteE, 7, ts).Fd(3).UInt32((uint)big.Length).Add()
                   .Event(EventTable.Codes.WriteX, 7, ts + 1).Errno(big.Length).Bytes(big).Add();
            else cap.OpenPair(7, ts, 3, "/file" + (i % 97));
        }
        byte[] raw = cap.ToBytes();
        var expected = ReadAll(raw);
        Assert.True(expected.Events.Count > 50_000);
        AssertSame(expected, ReadAllAhead(raw));
        AssertSame(ReadAll(cap.ToBytes(compress: true)), ReadAllAhead(cap.ToBytes(compress: true)));
    }

    [Fact]
    public void Sections_switch_right_before_their_first_event()
    {
        byte[] first = new SyntheticCapture().Machine("one").Process(7, 7, "sh").OpenPair(7, T0, 3, "/a").ToBytes();
        byte[] second = new SyntheticCapture().Machine("two").Process(8, 8, "ls").ClosePair(8, T0 + 100, 3).ToBytes();
        using var reader = new ReadAheadReader(new ScapFileReader(new MemoryStream([.. first, .. second])));
        Assert.Equal("one", reader.Metadata.Machine!.Hostname);
        var record = new EventRecord();
        var seen = new List<(int Type, int Section, string Host)>();
        while (reader.TryReadNext(record)) seen.Add((record.Type, reader.Section, reader.Metadata.Machine!.Hostname));
        Assert.Equal([(2, 1, "one"), (3, 1, "one"), (4, 2, "two"), (5, 2, "two")], seen);
    }

    [Fact]
    public void A_cut_anywhere_gives_the_whole_events_before_it_and_the_same_error()
    {
        var cap = new SyntheticCapture().Machine().Process(7, 7, "sh");
        for (int i = 0; i < 3000; i++) cap.OpenPair(7, T0 + (ulong)i * 10_000, 3, "/some/file" + i);
        byte[] raw = cap.ToBytes();
        byte[] gz = cap.ToBytes(compress: true);
        for (int step = 0; step < 40; step++)
        {
            int cut = (int)((long)raw.Length * step / 40) + step;   // also inside blocks
            AssertSame(ReadAll(raw[..cut]), ReadAllAhead(raw[..cut]));
            int gzCut = (int)((long)gz.Length * step / 40) + step;
            AssertSame(ReadAll(gz[..gzCut]), ReadAllAhead(gz[..gzCut]));
        }
    }

    [Fact]
    public void Stopping_early_releases_the_reader_thread()
    {
        var cap = new SyntheticCapture().Machine().Process(7, 7, "sh");
        for (int i = 0; i < 50_000; i++) cap.OpenPair(7, T0 + (ulong)i * 10_000, 3, "/f");
        byte[] raw = cap.ToBytes();
        var record = new EventRecord();
        for (int round = 0; round < 20; round++)
        {
            var reader = new ReadAheadReader(new ScapFileReader(new MemoryStream(raw)));
            for (int i = 0; i < 10; i++) Assert.True(reader.TryReadNext(record));
            var sw = System.Diagnostics.Stopwatch.StartNew();
            reader.Dispose();   // the reader thread is waiting for a free batch: it must let go
            Assert.True(sw.Elapsed < TimeSpan.FromSeconds(5), "dispose hung");
        }
    }

    [Fact]
    public void Reading_ahead_allocates_nothing_per_event()
    {
        var cap = new SyntheticCapture().Machine().Process(7, 7, "sh");
        for (int i = 0; i < 100_000; i++) cap.OpenPair(7, T0 + (ulong)i * 10_000, 3, "/some/file/path" + (i % 10));
        byte[] file = cap.ToBytes();
        var record = new EventRecord();
        // Bytes the consumer thread allocates for n events (the reader thread's are its own).
        long Run(int n)
        {
            using var reader = new ReadAheadReader(new ScapFileReader(new MemoryStream(file)));
            Assert.True(reader.TryReadNext(record));
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 1; i < n; i++) Assert.True(reader.TryReadNext(record));
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }
        long extra = AllocationProbe.ExtraBytes(Run, 10_000, 190_000);
        Assert.True(extra < 4_096, $"consumer allocated {extra} bytes over 180k events");
    }
}
