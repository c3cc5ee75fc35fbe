using System.Buffers.Binary;
using System.Diagnostics;
using System.IO.Compression;
using Sharpdig.Capture;
using Sharpdig.Capture.Scap;
using Sharpdig.Events;
using Xunit;

namespace Sharpdig.Tests.Capture;

/// <summary>One event as delivered by a reader, copied out of the reader's buffer.</summary>
public sealed record ReadEvent(byte[] Record, ushort Cpu, uint DumpFlags, int Section)
{
    public ushort Type => BinaryPrimitives.ReadUInt16LittleEndian(Record.AsSpan(20));
    public ulong Timestamp => BinaryPrimitives.ReadUInt64LittleEndian(Record);
}

/// <summary>What reading a whole capture gave: the events, and the error that ended it, if any.</summary>
public sealed record ReadResult(List<ReadEvent> Events, CaptureFormatException? Error, CaptureMetadata? Metadata);

public static class ScapTestSupport
{
    /// <summary>Reads every event; a <see cref="CaptureFormatException"/> ends the read, any other exception escapes.</summary>
    public static ReadResult ReadAll(byte[] file) => ReadAll(() => new ScapFileReader(new MemoryStream(file, writable: false)));

    public static ReadResult ReadAll(string path) => ReadAll(() => new ScapFileReader(path));

    /// <summary>The same through <see cref="ReadAheadReader"/> (the reader on its own thread).</summary>
    public static ReadResult ReadAllAhead(byte[] file) =>
        ReadAll(() => new ReadAheadReader(new ScapFileReader(new MemoryStream(file, writable: false))));

    public static ReadResult ReadAllAhead(string path) => ReadAll(() => new ReadAheadReader(new ScapFileReader(path)));

    private static ReadResult ReadAll(Func<ICaptureSource> open)
    {
        var events = new List<ReadEvent>();
        var record = new EventRecord();
        ICaptureSource reader;
        try
        {
            reader = open();
        }
        catch (CaptureFormatException e)
        {
            return new ReadResult(events, e, null);
        }
        using (reader)
        {
            try
            {
                while (reader.TryReadNext(record))
                    events.Add(new ReadEvent(record.RawRecord.ToArray(), record.Cpu, record.DumpFlags, reader.Section));
                return new ReadResult(events, null, reader.Metadata);
            }
            catch (CaptureFormatException e)
            {
                return new ReadResult(events, e, reader.Metadata);
            }
        }
    }

    /// <summary>
    /// An independent, minimal walk of the block framing: the start offsets of the event blocks
    /// (any version) that lie wholly inside <paramref name="raw"/>, stopping at the first block
    /// that does not fit.
    /// </summary>
    public static List<(long Offset, uint Type, uint Length)> EventBlocks(ReadOnlySpan<byte> raw)
    {
        var blocks = new List<(long, uint, uint)>();
        long pos = 0;
        while (pos + 8 <= raw.Length)
        {
            uint type = BinaryPrimitives.ReadUInt32LittleEndian(raw[(int)pos..]);
            uint length = BinaryPrimitives.ReadUInt32LittleEndian(raw[(int)(pos + 4)..]);
            if (length < 12 || pos + length > raw.Length) break;
            if (type is 0x204 or 0x208 or 0x8010ABCD or 0x216 or 0x217 or 0x221 or 0x222) blocks.Add((pos, type, length));
            pos += length;
        }
        return blocks;
    }

    /// <summary>Event type stored in the event block at <paramref name="offset"/>.</summary>
    public static ushort EventTypeAt(ReadOnlySpan<byte> raw, long offset, uint blockType)
    {
        int prefix = blockType is 0x208 or 0x217 or 0x222 ? 14 : 10;
        return BinaryPrimitives.ReadUInt16LittleEndian(raw[(int)(offset + prefix + 20)..]);
    }

    /// <summary>Number of event blocks fully inside <paramref name="raw"/> that a reader delivers (type &lt; 336).</summary>
    public static int DeliverableEvents(ReadOnlySpan<byte> raw)
    {
        int n = 0;
        foreach (var (offset, type, _) in EventBlocks(raw))
            if (EventTypeAt(raw, offset, type) < EventTable.LegacyEventMax) n++;
        return n;
    }

    public static byte[] Gunzip(byte[] data)
    {
        if (data.Length < 2 || data[0] != 0x1F || data[1] != 0x8B) return data;
        using var gz = new GZipStream(new MemoryStream(data), CompressionMode.Decompress);
        var output = new MemoryStream();
        gz.CopyTo(output);
        return output.ToArray();
    }

    public static byte[] Gzip(ReadOnlySpan<byte> data)
    {
        var output = new MemoryStream();
        using (var gz = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true)) gz.Write(data);
        return output.ToArray();
    }

    /// <summary>Asserts the error text names the byte offset the exception carries.</summary>
    public static void AssertNamesOffset(CaptureFormatException e)
    {
        Assert.True(e.Message.Contains($"offset {e.Offset}"), $"message does not name offset {e.Offset}: {e.Message}");
    }

    /// <summary>Runs <paramref name="body"/> and fails (instead of hanging the suite) if it takes too long.</summary>
    public static void WithTimeout(TimeSpan limit, Action body)
    {
        var task = Task.Run(body);
        if (!task.Wait(limit)) Assert.Fail($"did not finish within {limit.TotalSeconds} s (a hang?)");
    }

    public static string TempDir()
    {
        string dir = Path.Combine(Path.GetTempPath(), "sharpdig-tests-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        return dir;
    }
}

/// <summary>The real sysdig 0.29.3, the reference reader. Missing: skip locally, fail under CI.</summary>
public static class SysdigOracle
{
    public const string Path = "/usr/bin/sysdig";

    public static void Require()
    {
        if (File.Exists(Path)) return;
        if (TestPaths.IsCi) Assert.Fail($"{Path} is missing (CI must install sysdig 0.29.3)");
        Skip.If(true, $"{Path} not installed: the comparison with the real sysdig is skipped");
    }

    /// <summary>
    /// Runs sysdig and sharpdig (in process) on the same arguments: both must succeed and print
    /// the same standard output.
    /// </summary>
    public static void AssertSameOutput(params string[] args)
    {
        var (expected, _, code) = Run(args);
        Assert.Equal(0, code);
        var (rc, actual) = Sharpdig.Tests.Support.ToolRunner.RunSharpdig(args);
        Assert.Equal(0, rc);
        Assert.Equal(expected, actual);
    }

    /// <summary>Runs sysdig with TZ=UTC; returns stdout, stderr and the exit code.</summary>
    public static (string Stdout, string Stderr, int ExitCode) Run(params string[] args)
    {
        var psi = new ProcessStartInfo(Path)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["TZ"] = "UTC";
        using var p = Process.Start(psi)!;
        p.StandardInput.Close();
        var stderr = p.StandardError.ReadToEndAsync();
        string stdout = p.StandardOutput.ReadToEnd();
        if (!p.WaitForExit(60_000)) { p.Kill(true); Assert.Fail($"sysdig {string.Join(' ', args)} timed out"); }
        return (stdout, stderr.Result, p.ExitCode);
    }
}
