using System.Buffers.Binary;
using Sharpdig.Capture;
using Sharpdig.Capture.Scap;
using Sharpdig.Events;
using Xunit;
using static Sharpdig.Tests.Capture.ScapTestSupport;

namespace Sharpdig.Tests.Capture;

public class ScapFileReaderTests
{
    private const ulong T0 = 1_700_000_000_000_000_000;
    private static readonly string EvCountChisel = """
        description = "prints the number of events seen and the last evt.num"
        short_description = "count"
        category = "test"
        args = {}
        local n = 0
        local last = 0
        function on_init() fnum = chisel.request_field("evt.num") return true end
        function on_event() n = n + 1 last = evt.field(fnum) return true end
        function on_capture_end() print(n .. " " .. last) return true end
        """;

    public static TheoryData<string> CorpusFiles() => [.. TestPaths.CorpusCaptures];

    [SkippableTheory]
    [MemberData(nameof(CorpusFiles))]
    public void Corpus_file_yields_every_event_block(string name)
    {
        string path = Path.Combine(TestPaths.RequireShared("corpus"), name);
        var result = ReadAll(path);
        Assert.Null(result.Error);
        byte[] raw = Gunzip(File.ReadAllBytes(path));
        Assert.Equal(DeliverableEvents(raw), result.Events.Count);
        Assert.True(result.Events.Count > 0);
        // Every record is in the normalized layout: its len field is its size, nparams is present.
        foreach (var e in result.Events)
        {
            Assert.Equal((uint)e.Record.Length, BinaryPrimitives.ReadUInt32LittleEndian(e.Record.AsSpan(16)));
            Assert.True(e.Record.Length >= EventRecord.HeaderSize);
        }
    }

    [SkippableTheory]
    [MemberData(nameof(CorpusFiles))]
    public void Corpus_event_count_matches_sysdig_numbering(string name)
    {
        string path = Path.Combine(TestPaths.RequireShared("corpus"), name);
        SysdigOracle.Require();
        // 0.29.3 cannot open the file with section options; its events are curl_google's.
        string reference = name == "curl_google_comments.scap" ? Path.Combine(TestPaths.Corpus, "curl_google.scap") : path;
        string dir = TempDir();
        try
        {
            string chisel = Path.Combine(dir, "evcount.lua");
            File.WriteAllText(chisel, EvCountChisel);
            var (stdout, _, code) = SysdigOracle.Run("-r", reference, "-c", chisel);
            Assert.Equal(0, code);
            long lastNumber = long.Parse(stdout.Trim().Split('\n')[^1].Split(' ')[1]);
            Assert.Equal(lastNumber, ReadAll(path).Events.Count);
        }
        finally { Directory.Delete(dir, true); }
    }

    [SkippableFact]
    public void Section_header_options_are_skipped_and_events_match_the_plain_file()
    {
        string corpus = TestPaths.RequireShared("corpus");
        var plain = ReadAll(Path.Combine(corpus, "curl_google.scap"));
        var withOptions = ReadAll(Path.Combine(corpus, "curl_google_comments.scap"));
        Assert.Null(withOptions.Error);
        Assert.Equal(plain.Events.Count, withOptions.Events.Count);
        for (int i = 0; i < plain.Events.Count; i++)
        {
            Assert.Equal(plain.Events[i].Record, withOptions.Events[i].Record);
            Assert.Equal(plain.Events[i].Cpu, withOptions.Events[i].Cpu);
        }
    }

    [SkippableTheory]
    [MemberData(nameof(CorpusFiles))]
    public void Corpus_metadata_is_decoded(string name)
    {
        string path = Path.Combine(TestPaths.RequireShared("corpus"), name);
        byte[] raw = Gunzip(File.ReadAllBytes(path));
        int fdBlocks = 0;
        long pos = 0;
        while (pos + 8 <= raw.Length)
        {
            uint type = BinaryPrimitives.ReadUInt32LittleEndian(raw.AsSpan((int)pos));
            if (type is 0x203 or 0x218) fdBlocks++;
            pos += BinaryPrimitives.ReadUInt32LittleEndian(raw.AsSpan((int)pos + 4));
        }
        var meta = new ScapFileReader(path).Metadata;
        Assert.NotNull(meta.Machine);
        Assert.False(string.IsNullOrEmpty(meta.Machine!.Hostname));
        Assert.NotEmpty(meta.Processes);
        Assert.NotEmpty(meta.Interfaces);
        Assert.NotEmpty(meta.Users);
        Assert.Equal(fdBlocks, meta.FdLists.Count);
        var tids = meta.Processes.Select(p => p.Tid).ToHashSet();
        Assert.All(meta.FdLists, l => Assert.Contains(l.Tid, tids));
        Assert.Contains(meta.Users, u => u.Uid == 0 && u.Name == "root");
        Assert.Contains(meta.Interfaces, i => i.Name == "lo");
    }

    [Fact]
    public void Synthetic_metadata_round_trips_through_writer_and_reader()
    {
        var cap = new SyntheticCapture().Machine("box", 4, 123456789).IPv4Interface("eth0", "10.1.2.3")
            .User(0, 0, "root").User(1000, 1000, "alice", "/home/alice", "/bin/bash").Group(0, "root").Group(1000, "alice")
            .Process(100, 100, "cat", args: ["a", "b"], cwd: "/tmp", uid: 1000).Process(101, 100, "cat")
            .FileFd(100, 3, "/etc/passwd", 1).IPv4SocketFd(100, 4, "10.0.0.1", 4242, "10.0.0.2", 80)
            .OpenPair(100, T0, 5, "/etc/hosts");
        var result = ReadAll(cap.ToBytes());
        Assert.Null(result.Error);
        var meta = result.Metadata!;
        Assert.Equal(new MachineInfo(4, 123456789, 0, "box"), meta.Machine);
        Assert.Equal("eth0", Assert.Single(meta.Interfaces).Name);
        Assert.Equal([0, 1000], meta.Users.Select(u => u.Uid));
        Assert.Equal("/home/alice", meta.Users[1].HomeDir);
        Assert.Equal(["root", "alice"], meta.Groups.Select(g => g.Name));
        Assert.Equal(2, meta.Processes.Count);
        var cat = meta.Processes[0];
        Assert.Equal("a\0b\0"u8.ToArray(), cat.Args);
        Assert.Equal("/tmp", cat.Cwd);
        Assert.Equal(1000u, cat.Uid);
        Assert.Equal(0x2001u, meta.Processes[1].Flags);
        var fds = meta.FdLists.Single(l => l.Tid == 100).Fds;
        Assert.Equal("/etc/passwd", fds[0].Name);
        Assert.Equal(ScapFdType.FileV2, fds[0].Type);
        Assert.Equal(ScapFdType.IPv4Socket, fds[1].Type);
        Assert.Equal(new byte[] { 10, 0, 0, 2 }, fds[1].DestIp);
        Assert.Equal(80, fds[1].DestPort);
        Assert.Equal(2, result.Events.Count);
    }

    [Fact]
    public void V1_records_are_normalized_to_the_v2_header()
    {
        var cap = new SyntheticCapture().Process(7, 7, "sh")
            .Event(EventTable.Codes.OpenE, 7, T0).AddAsV1()                   // 0 parameters (old driver)
            .Event(EventTable.Codes.OpenX, 7, T0 + 1).Fd(3).String("/etc/hosts").UInt32(1).UInt32(0).AddAsV1()   // 4 of 5
            .Event(EventTable.Codes.CloseE, 7, T0 + 2, cpu: 1, dumpFlags: 1).Fd(3).AddAsV1();  // EVF v1
        var result = ReadAll(cap.ToBytes());
        Assert.Null(result.Error);
        Assert.Equal(3, result.Events.Count);
        var record = new EventRecord();

        var open = result.Events[1];
        record.Load(open.Record, 0, open.Record.Length, open.Cpu, open.DumpFlags);
        Assert.Equal(4, record.DeclaredParamCount);
        Assert.Equal(3L, BinaryPrimitives.ReadInt64LittleEndian(record.GetParam(0)));
        Assert.Equal("/etc/hosts\0"u8.ToArray(), record.GetParam(1).ToArray());
        Assert.Equal(T0 + 1, record.Timestamp);
        Assert.Equal(7, record.ThreadId);

        var enter = result.Events[0];
        record.Load(enter.Record, 0, enter.Record.Length, enter.Cpu, enter.DumpFlags);
        Assert.Equal(0, record.DeclaredParamCount);
        Assert.Equal(EventRecord.HeaderSize, enter.Record.Length);

        var close = result.Events[2];
        Assert.Equal(1u, close.DumpFlags);
        Assert.Equal(1, close.Cpu);
    }

    [Fact]
    public void V1_notification_length_quirk_is_applied()
    {
        // Old producers wrote notification/infra events with len 3 too large.
        var cap = new SyntheticCapture().Process(7, 7, "sh")
            .Event(280, 7, T0).String("id").String("desc").AddAsV1(lengthAdjust: 3);
        var result = ReadAll(cap.ToBytes());
        Assert.Null(result.Error);
        var record = new EventRecord();
        var e = Assert.Single(result.Events);
        record.Load(e.Record, 0, e.Record.Length, 0, 0);
        Assert.Equal(2, record.DeclaredParamCount);
        Assert.Equal("desc\0"u8.ToArray(), record.GetParam(1).ToArray());
    }

    [Fact]
    public void V1_record_whose_lengths_fit_no_parameter_count_is_an_error()
    {
        var cap = new SyntheticCapture().Process(7, 7, "sh")
            .OpenPair(7, T0, 3, "/a")
            .Event(EventTable.Codes.OpenX, 7, T0 + 5).Fd(3).String("/etc/hosts").UInt32(1).UInt32(0).AddAsV1(lengthAdjust: 1);
        var result = ReadAll(cap.ToBytes());
        Assert.Equal(2, result.Events.Count);
        Assert.NotNull(result.Error);
        Assert.Contains("parameter count", result.Error!.Message);
        AssertNamesOffset(result.Error);
    }

    [Fact]
    public void Dump_flags_and_large_blocks_are_read()
    {
        byte[] big = new byte[100_000];
        new Random(1).NextBytes(big);
        var cap = new SyntheticCapture().Process(7, 7, "sh")
            .Event(EventTable.Codes.CloseE, 7, T0, dumpFlags: 1).Fd(3).Add()
            .Event(EventTable.Codes.PluginEventE, 7, T0 + 1).UInt32(999).Bytes(big).Add()
            .Event(EventTable.Codes.CloseX, 7, T0 + 2).Errno(0).Add();
        byte[] file = cap.ToBytes();
        var types = EventBlocks(file).Select(b => b.Type).ToArray();
        Assert.Equal([0x217u, 0x221u, 0x216u], types);
        var result = ReadAll(file);
        Assert.Null(result.Error);
        Assert.Equal(3, result.Events.Count);
        Assert.Equal(1u, result.Events[0].DumpFlags);
        var record = new EventRecord();
        record.Load(result.Events[1].Record, 0, result.Events[1].Record.Length, 0, 0);
        Assert.Equal(big, record.GetParam(1).ToArray());
    }

    [Fact]
    public void Events_of_types_unknown_to_0_29_3_are_skipped()
    {
        var cap = new SyntheticCapture().Process(7, 7, "sh").OpenPair(7, T0, 3, "/a");
        var rec = new byte[EventRecord.HeaderSize];
        BinaryPrimitives.WriteUInt32LittleEndian(rec.AsSpan(16), (uint)rec.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(rec.AsSpan(20), 400);
        cap.RawBlock(0x216, [0, 0, .. rec]);
        cap.ClosePair(7, T0 + 10, 3);
        var result = ReadAll(cap.ToBytes());
        Assert.Null(result.Error);
        Assert.Equal([2, 3, 4, 5], result.Events.Select(e => (int)e.Type));
    }

    [Fact]
    public void Unknown_blocks_in_the_header_section_are_skipped()
    {
        var cap = new SyntheticCapture().Process(7, 7, "sh");
        cap.RawBlock(0x12345, [1, 2, 3, 4, 5]);   // before any event: still the header section
        cap.OpenPair(7, T0, 3, "/a");
        var result = ReadAll(cap.ToBytes());
        Assert.Null(result.Error);
        Assert.Equal(2, result.Events.Count);
    }

    [Fact]
    public void Concatenated_sections_replace_metadata_and_continue()
    {
        byte[] first = new SyntheticCapture().Machine("one").Process(7, 7, "sh").OpenPair(7, T0, 3, "/a").ToBytes();
        byte[] second = new SyntheticCapture().Machine("two").Process(8, 8, "ls").ClosePair(8, T0 + 100, 3).ToBytes();
        using var reader = new ScapFileReader(new MemoryStream([.. first, .. second]));
        Assert.Equal(1, reader.Section);
        Assert.Equal("one", reader.Metadata.Machine!.Hostname);
        var record = new EventRecord();
        var seen = new List<(int Type, int Section, string Host)>();
        while (reader.TryReadNext(record)) seen.Add((record.Type, reader.Section, reader.Metadata.Machine!.Hostname));
        Assert.Equal([(2, 1, "one"), (3, 1, "one"), (4, 2, "two"), (5, 2, "two")], seen);
        Assert.Equal(8, Assert.Single(reader.Metadata.Processes).Tid);
    }

    [Fact]
    public void Gzip_files_with_several_members_are_read_as_one_stream()
    {
        var cap = new SyntheticCapture().Machine().Process(7, 7, "sh");
        for (int i = 0; i < 50; i++) cap.OpenPair(7, T0 + (ulong)i * 10_000, 3, "/file" + i);
        byte[] raw = cap.ToBytes();
        int cut = raw.Length / 3;   // anywhere, even inside a block
        byte[] multi = [.. Gzip(raw.AsSpan(0, cut)), .. Gzip(raw.AsSpan(cut, 100)), .. Gzip(raw.AsSpan(cut + 100))];
        var expected = ReadAll(raw);
        var result = ReadAll(multi);
        Assert.Null(result.Error);
        Assert.Equal(100, result.Events.Count);
        Assert.Equal(expected.Events.Select(e => e.Record), result.Events.Select(e => e.Record));
        // The writer's own -z output reads back the same too.
        Assert.Equal(expected.Events.Select(e => e.Record), ReadAll(cap.ToBytes(compress: true)).Events.Select(e => e.Record));
    }

    [Fact]
    public void Reading_allocates_nothing_per_event()
    {
        var cap = new SyntheticCapture().Machine().Process(7, 7, "sh");
        for (int i = 0; i < 20_000; i++) cap.OpenPair(7, T0 + (ulong)i * 10_000, 3, "/some/file/path" + (i % 10));
        byte[] file = cap.ToBytes();
        using var reader = new ScapFileReader(new MemoryStream(file));
        var record = new EventRecord();
        for (int i = 0; i < 100; i++) Assert.True(reader.TryReadNext(record));   // warm up
        long before = GC.GetAllocatedBytesForCurrentThread();
        int n = 100;
        while (reader.TryReadNext(record)) n++;
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(40_000, n);
        Assert.True(allocated < 16 * 1024, $"allocated {allocated} bytes for {n - 100} events");
    }

    [Fact]
    public void Buffer_does_not_grow_with_the_file_but_shrinks_back_after_a_big_process_list()
    {
        var cap = new SyntheticCapture().Machine();
        for (int i = 0; i < 5000; i++) cap.Process(1000 + i, 1000 + i, "proc" + i, args: ["--some-argument", "value" + i]);
        for (int i = 0; i < 20_000; i++) cap.OpenPair(1000, T0 + (ulong)i * 10_000, 3, "/some/file/path" + i);
        byte[] file = cap.ToBytes();
        using var reader = new ScapFileReader(new MemoryStream(file));
        Assert.Equal(5000, reader.Metadata.Processes.Count);
        Assert.True(reader.BufferCapacity > 256 * 1024);   // the process list block alone is bigger
        var record = new EventRecord();
        int n = 0, maxAfterwards = 0;
        while (reader.TryReadNext(record))
        {
            if (++n > 20_000) maxAfterwards = Math.Max(maxAfterwards, reader.BufferCapacity);
        }
        Assert.Equal(40_000, n);
        Assert.Equal(256 * 1024, maxAfterwards);
        Assert.True(file.Length > 8 * maxAfterwards);
    }

    [Fact]
    public void Non_seekable_streams_are_read_plain_or_gzip()
    {
        var cap = new SyntheticCapture().Machine().Process(7, 7, "sh");
        for (int i = 0; i < 30; i++) cap.OpenPair(7, T0 + (ulong)i * 10_000, 3, "/file" + i);
        foreach (bool compress in new[] { false, true })
        {
            using var reader = new ScapFileReader(new ForwardOnlyStream(cap.ToBytes(compress)));
            var record = new EventRecord();
            int n = 0;
            while (reader.TryReadNext(record)) n++;
            Assert.Equal(60, n);
            Assert.Equal(compress, reader.IsCompressed);
        }
    }

    /// <summary>A stream that cannot seek (a pipe), returning small reads.</summary>
    private sealed class ForwardOnlyStream(byte[] data) : Stream
    {
        private int _pos;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count)
        {
            int n = Math.Min(Math.Min(count, 1000), data.Length - _pos);
            Array.Copy(data, _pos, buffer, offset, n);
            _pos += n;
            return n;
        }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    [Fact]
    public void A_missing_file_is_a_capture_error()
    {
        var e = Assert.Throws<CaptureFormatException>(() => new ScapFileReader("/nonexistent/dir/file.scap"));
        Assert.True(e.DuringOpen);
        Assert.Contains("/nonexistent/dir/file.scap", e.Message);
    }
}
