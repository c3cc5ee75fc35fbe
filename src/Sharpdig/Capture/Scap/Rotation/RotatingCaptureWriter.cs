using Sharpdig.Events;

namespace Sharpdig.Capture.Scap.Rotation;

/// <summary>
/// The -w writer: one capture file, or a series of them when -C, -G, -W or -e ask for it
/// (<see cref="CaptureFileCycle"/> decides when and how to name them). Each file starts with a
/// full header from <see cref="ICaptureFileStart"/>, so every file is readable on its own.
/// </summary>
public sealed class RotatingCaptureWriter : IDisposable
{
    private readonly RotationSettings _settings;
    private readonly ICaptureFileStart _start;
    private readonly Stream? _standardOutput;
    private readonly CaptureFileCycle? _cycle;
    private readonly SysdigFileOffset _sysdigOffset = new();
    private readonly List<string> _files = [];
    private ScapFileWriter? _writer;
    private ulong _lastTimestamp;

    /// <param name="standardOutput">Where the name "-" writes (sysdig's stdout convention); null = the process's stdout.</param>
    public RotatingCaptureWriter(RotationSettings settings, bool live, ICaptureFileStart start, TimeZoneInfo? zone = null,
        Stream? standardOutput = null)
    {
        _settings = settings;
        _start = start;
        _standardOutput = standardOutput;
        if (settings.Cycles) _cycle = new CaptureFileCycle(settings, live, zone);
    }

    /// <summary>Every file opened so far, in order (a ring reuses names, so names can repeat).</summary>
    public IReadOnlyList<string> Files => _files;

    /// <summary>Events written to all files.</summary>
    public long EventCount { get; private set; }

    /// <summary>Name of the file being written.</summary>
    public string CurrentName => _files.Count > 0 ? _files[^1] : _settings.BaseName;

    /// <summary>Opens the first file. <paramref name="lastTimestampNs"/> is the time of the last event read so far (0 if none).</summary>
    public void Open(ulong lastTimestampNs, long wallClockSeconds)
    {
        _lastTimestamp = lastTimestampNs;
        string name = _cycle?.Start(wallClockSeconds) ?? _settings.BaseName;
        OpenFile(name, firstFile: true);
    }

    /// <summary>Writes one event (rotating first when the cycle says so).</summary>
    public void WriteEvent(EventRecord record, uint dumpFlags)
    {
        var writer = _writer ?? throw new InvalidOperationException("capture file not open");
        _lastTimestamp = record.Timestamp;
        if (_cycle is not null && _cycle.NeedsNewFile(record.Timestamp, SizeAsSysdigSeesIt(writer)))
        {
            CloseFile();
            if (_cycle.Evicted is { } old) TryDelete(old);
            OpenFile(_cycle.CurrentName, firstFile: false);
            writer = _writer!;
        }
        writer.WriteEvent(record, dumpFlags);
        if (_cycle is not null) _sysdigOffset.WriteEventBlock(record.RecordLength, (dumpFlags & ~4u) != 0);
        EventCount++;
    }

    /// <summary>Pushes what was written to the disk (whole blocks only).</summary>
    public void Flush() => _writer?.Flush();

    private long SizeAsSysdigSeesIt(ScapFileWriter w) => _settings.Compress ? w.FileLength : _sysdigOffset.Offset;

    private void OpenFile(string name, bool firstFile)
    {
        var metadata = _start.Metadata(firstFile);
        ScapFileWriter writer;
        try
        {
            // "-" is standard output, as in sysdig.
            writer = name == "-"
                ? new ScapFileWriter(_standardOutput ?? Console.OpenStandardOutput(), metadata, _settings.Compress, leaveOpen: true, name: "standard output")
                : new ScapFileWriter(name, metadata, _settings.Compress);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException && e is not CaptureWriteException)
        {
            throw CaptureWriteException.CannotOpen(name, e);
        }
        _writer = writer;
        _files.Add(name);
        _sysdigOffset.Reset();
        _sysdigOffset.WriteSmallPieces(writer.HeaderLength);
        foreach (var e in _start.LeadingEvents(_lastTimestamp))
        {
            writer.WriteEvent(e, e.DumpFlags);
            _sysdigOffset.WriteEventBlock(e.RecordLength, e.DumpFlags != 0);
        }
    }

    private void CloseFile()
    {
        var w = _writer;
        _writer = null;
        w?.Dispose();
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    public void Dispose() => CloseFile();
}
