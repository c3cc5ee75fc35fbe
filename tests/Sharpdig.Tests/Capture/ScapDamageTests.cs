using System.Buffers.Binary;
using Sharpdig.Capture;
using Sharpdig.Events;
using Xunit;
using static Sharpdig.Tests.Capture.ScapTestSupport;

namespace Sharpdig.Tests.Capture;

/// <summary>
/// Damaged input (scap-format.md §14): every whole event before the damage is delivered, then one
/// <see cref="CaptureFormatException"/> naming the byte offset; nothing else escapes, nothing hangs.
/// </summary>
public class ScapDamageTests
{
    private const ulong T0 = 1_700_000_000_000_000_000;
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    /// <summary>A small capture with every header block kind and a mix of event block kinds.</summary>
    private static byte[] SmallCapture()
    {
        var cap = new SyntheticCapture().Machine("small").IPv4Interface("eth0", "10.0.0.5").User(0, 0, "root").Group(0, "root")
            .Process(10, 10, "cat", args: ["x"]).Process(11, 10, "cat").FileFd(10, 3, "/etc/passwd")
            .IPv4SocketFd(10, 4, "10.0.0.5", 1000, "10.0.0.6", 80);
        for (int i = 0; i < 6; i++) cap.OpenPair(10, T0 + (ulong)i * 100_000, 5 + i, "/tmp/f" + i);
        cap.Event(EventTable.Codes.CloseE, 10, T0 + 900_000, dumpFlags: 1).Fd(5).Add();
        cap.Event(EventTable.Codes.PluginEventE, 10, T0 + 900_001).UInt32(3).Bytes([1, 2, 3, 4, 5]).Add();
        cap.Event(EventTable.Codes.CloseX, 10, T0 + 900_002).Errno(0).AddAsV1();
        return cap.ToBytes();
    }

    [Fact]
    public void Every_truncation_of_a_raw_capture_delivers_the_whole_events_then_names_the_offset()
    {
        byte[] file = SmallCapture();
        var full = ReadAll(file);
        Assert.Null(full.Error);
        int firstEvent = (int)EventBlocks(file)[0].Offset;
        var boundaries = EventBlocks(file).Select(b => (int)(b.Offset + b.Length)).ToHashSet();
        WithTimeout(Limit, () =>
        {
            for (int cut = 0; cut < file.Length; cut++)
            {
                var result = ReadAll(file[..cut]);
                int whole = DeliverableEvents(file.AsSpan(0, cut));
                Assert.Equal(whole, result.Events.Count);
                for (int i = 0; i < whole; i++) Assert.Equal(full.Events[i].Record, result.Events[i].Record);
                if (boundaries.Contains(cut))
                {
                    Assert.Null(result.Error);   // a clean block boundary after events is a normal end
                    continue;
                }
                Assert.NotNull(result.Error);
                AssertNamesOffset(result.Error!);
                // Open ends at the first event block header; a damaged event body is reported after open.
                Assert.Equal(cut < firstEvent + 8, result.Error!.DuringOpen);
                Assert.InRange(result.Error.Offset, 0, cut);
            }
        });
    }

    [Fact]
    public void Every_truncation_of_a_gzip_capture_delivers_a_prefix_of_the_events()
    {
        byte[] raw = SmallCapture();
        byte[] gz = Gzip(raw);
        var full = ReadAll(raw);
        WithTimeout(Limit, () =>
        {
            for (int cut = 0; cut < gz.Length; cut++)
            {
                var result = ReadAll(gz[..cut]);
                // What a tolerant inflater recovers from the cut stream is what the reader sees.
                byte[] recovered = InflateWhatIsThere(gz[..cut]);
                Assert.Equal(DeliverableEvents(recovered), result.Events.Count);
                for (int i = 0; i < result.Events.Count; i++) Assert.Equal(full.Events[i].Record, result.Events[i].Record);
                bool atBoundary = recovered.Length > 0
                    && EventBlocks(recovered) is { Count: > 0 } blocks && blocks[^1].Offset + blocks[^1].Length == recovered.Length;
                if (atBoundary) Assert.Null(result.Error);
                else AssertNamesOffset(result.Error ?? throw new Xunit.Sdk.XunitException($"cut {cut}: no error"));
            }
        });
    }

    [Fact]
    public void Garbage_after_a_gzip_member_keeps_every_event()
    {
        byte[] raw = SmallCapture();
        int events = ReadAll(raw).Events.Count;
        foreach (byte[] tail in new[] { new byte[4], "garbage that is not gzip"u8.ToArray(), new byte[] { 0x1F, 0x8B, 8 } })
        {
            var result = ReadAll([.. Gzip(raw), .. tail]);
            Assert.Equal(events, result.Events.Count);
            if (result.Error is not null) AssertNamesOffset(result.Error);
        }
    }

    [Fact]
    public void Random_bytes_are_rejected_during_open()
    {
        var rng = new Random(42);
        WithTimeout(Limit, () =>
        {
            foreach (int size in new[] { 1, 7, 8, 12, 100, 4096, 100_000 })
            {
                var data = new byte[size];
                rng.NextBytes(data);
                var result = ReadAll(data);
                Assert.Empty(result.Events);
                Assert.NotNull(result.Error);
                Assert.True(result.Error!.DuringOpen);
                AssertNamesOffset(result.Error);
            }
            // Random bytes behind a valid section header go deeper into the parser.
            byte[] header = SmallCapture()[..28];
            for (int i = 0; i < 200; i++)
            {
                var data = new byte[rng.Next(1, 3000)];
                rng.NextBytes(data);
                var result = ReadAll([.. header, .. data]);
                Assert.NotNull(result.Error);
                AssertNamesOffset(result.Error!);
            }
        });
    }

    [Fact]
    public void Random_corruption_of_a_capture_never_escapes_or_hangs()
    {
        byte[] file = SmallCapture();
        var rng = new Random(7);
        WithTimeout(Limit, () =>
        {
            for (int i = 0; i < 3000; i++)
            {
                byte[] copy = (byte[])file.Clone();
                int flips = rng.Next(1, 4);
                for (int f = 0; f < flips; f++) copy[rng.Next(copy.Length)] = (byte)rng.Next(256);
                var result = ReadAll(copy);   // any exception other than CaptureFormatException fails the test
                if (result.Error is not null) AssertNamesOffset(result.Error);
            }
        });
    }

    public static TheoryData<uint> BadLengths() => [0, 1, 8, 11, 13, 0x7FFFFFFF, 0xFFFFFFFF];

    [Theory]
    [MemberData(nameof(BadLengths))]
    public void Wrong_block_lengths_stop_at_that_block(uint badLength)
    {
        byte[] file = SmallCapture();
        var full = ReadAll(file);
        var blocks = AllBlocks(file);
        WithTimeout(Limit, () =>
        {
            foreach (var (offset, type, length) in blocks)
            {
                foreach (bool inTrailer in new[] { false, true })
                {
                    byte[] copy = (byte[])file.Clone();
                    int at = inTrailer ? offset + length - 4 : offset + 4;
                    BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(at), inTrailer ? (uint)length + 4 : badLength);
                    var result = ReadAll(copy);
                    int before = DeliverableEvents(file.AsSpan(0, offset));
                    bool isEvent = EventBlocks(file).Any(b => b.Offset == offset);
                    if (inTrailer && isEvent)
                    {
                        // Like libscap, event block trailers are not checked.
                        Assert.Null(result.Error);
                        continue;
                    }
                    Assert.NotNull(result.Error);
                    AssertNamesOffset(result.Error!);
                    Assert.Equal(before, result.Events.Count);
                    for (int i = 0; i < before; i++) Assert.Equal(full.Events[i].Record, result.Events[i].Record);
                }
            }
        });
    }

    [Fact]
    public void Event_lengths_inside_a_block_are_checked()
    {
        byte[] file = SmallCapture();
        var (offset, type, length) = EventBlocks(file)[2];
        int prefix = type == 0x217 ? 14 : 10;
        foreach (uint bad in new uint[] { 0, 25, (uint)length, 0xFFFFFFFF })
        {
            byte[] copy = (byte[])file.Clone();
            BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan((int)offset + prefix + 16), bad);
            var result = ReadAll(copy);
            Assert.Equal(2, result.Events.Count);
            Assert.NotNull(result.Error);
            Assert.Equal(offset, result.Error!.Offset);
            AssertNamesOffset(result.Error);
        }
    }

    [Fact]
    public void A_normal_event_block_over_64_KiB_is_an_error()
    {
        var cap = new SyntheticCapture().Process(1, 1, "init").OpenPair(1, T0, 3, "/a");
        var rec = new byte[70_000];
        BinaryPrimitives.WriteUInt32LittleEndian(rec.AsSpan(16), (uint)rec.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(rec.AsSpan(20), (ushort)EventTable.Codes.WriteX);
        cap.RawBlock(0x216, [0, 0, .. rec]);
        byte[] file = cap.ToBytes();
        var result = ReadAll(file);
        Assert.Equal(2, result.Events.Count);
        Assert.NotNull(result.Error);
        Assert.Equal(EventBlocks(file)[2].Offset, result.Error!.Offset);
        AssertNamesOffset(result.Error);
    }

    [Fact]
    public void Bad_magic_big_endian_and_newer_major_version_fail_during_open()
    {
        byte[] file = SmallCapture();
        byte[] badMagic = (byte[])file.Clone();
        badMagic[8] ^= 0xFF;
        byte[] bigEndian = (byte[])file.Clone();
        BinaryPrimitives.WriteUInt32BigEndian(bigEndian.AsSpan(8), 0x1A2B3C4D);
        byte[] major2 = (byte[])file.Clone();
        BinaryPrimitives.WriteUInt16LittleEndian(major2.AsSpan(12), 2);
        foreach (var (data, text) in new[] { (badMagic, "magic"), (bigEndian, "big-endian"), (major2, "version 2.") })
        {
            var result = ReadAll(data);
            Assert.Empty(result.Events);
            Assert.True(result.Error!.DuringOpen);
            Assert.Contains(text, result.Error.Message);
            AssertNamesOffset(result.Error);
        }
        // Major 0 and any minor are accepted.
        byte[] major0 = (byte[])file.Clone();
        BinaryPrimitives.WriteUInt16LittleEndian(major0.AsSpan(12), 0);
        BinaryPrimitives.WriteUInt16LittleEndian(major0.AsSpan(14), 77);
        Assert.Null(ReadAll(major0).Error);
    }

    [Fact]
    public void Empty_file_and_header_without_events_fail_during_open()
    {
        var empty = ReadAll([]);
        Assert.True(empty.Error!.DuringOpen);
        AssertNamesOffset(empty.Error);

        byte[] noEvents = new SyntheticCapture().Machine().Process(1, 1, "init").ToBytes();
        var result = ReadAll(noEvents);
        Assert.True(result.Error!.DuringOpen);
        Assert.Contains("no events", result.Error.Message);
        AssertNamesOffset(result.Error);
    }

    [Fact]
    public void A_metadata_block_after_events_is_an_error()
    {
        var cap = new SyntheticCapture().Process(1, 1, "init").OpenPair(1, T0, 3, "/a");
        cap.RawBlock(0x201, new byte[180]);
        cap.ClosePair(1, T0 + 10, 3);
        var result = ReadAll(cap.ToBytes());
        Assert.Equal(2, result.Events.Count);
        Assert.Contains("unexpected block", result.Error!.Message);
        AssertNamesOffset(result.Error);
    }

    [Fact]
    public void Corrupt_entries_inside_metadata_blocks_fail_during_open()
    {
        byte[] file = SmallCapture();
        foreach (var (offset, type, length) in AllBlocks(file).Where(b => b.Type is 0x219 or 0x220 or 0x215 or 0x218))
        {
            // First entry length claims more than the block holds.
            int entryAt = offset + 8 + (type == 0x218 ? 8 : 0);
            if (entryAt + 4 > offset + length - 4) continue;   // empty fd list
            byte[] copy = (byte[])file.Clone();
            BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(entryAt), 0xFFFF);
            var result = ReadAll(copy);
            Assert.Empty(result.Events);
            Assert.True(result.Error!.DuringOpen, $"block 0x{type:X}");
            AssertNamesOffset(result.Error);
        }
    }

    [SkippableFact]
    public void Conformance_fixtures_stop_where_sysdig_stops()
    {
        string fixtures = TestPaths.RequireShared("conformance/fixtures");
        var half = ReadAll(Path.Combine(fixtures, "curl_google.half.scap"));
        // sysdig prints events up to number 343 before "expecting 80 bytes, read 38".
        Assert.Equal(343, half.Events.Count);
        Assert.False(half.Error!.DuringOpen);
        var rawHalf = ReadAll(Path.Combine(fixtures, "falco_cat_write.raw-half.scap"));
        Assert.Empty(rawHalf.Events);
        Assert.True(rawHalf.Error!.DuringOpen);
        Assert.True(ReadAll(Path.Combine(fixtures, "random.scap")).Error!.DuringOpen);
        Assert.True(ReadAll(Path.Combine(fixtures, "empty.scap")).Error!.DuringOpen);
    }

    private static byte[] InflateWhatIsThere(byte[] gz)
    {
        if (gz.Length < 2 || gz[0] != 0x1F || gz[1] != 0x8B) return gz;
        var output = new MemoryStream();
        using var inflater = new System.IO.Compression.GZipStream(new MemoryStream(gz), System.IO.Compression.CompressionMode.Decompress);
        var chunk = new byte[4096];
        try
        {
            int n;
            while ((n = inflater.Read(chunk)) > 0) output.Write(chunk, 0, n);
        }
        catch (InvalidDataException) { }
        return output.ToArray();
    }

    private static List<(int Offset, uint Type, int Length)> AllBlocks(byte[] file)
    {
        var blocks = new List<(int, uint, int)>();
        int pos = 0;
        while (pos + 8 <= file.Length)
        {
            uint type = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(pos));
            int length = (int)BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(pos + 4));
            blocks.Add((pos, type, length));
            pos += length;
        }
        return blocks;
    }
}
