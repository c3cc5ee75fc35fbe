using Sharpdig.Capture;
using Sharpdig.Capture.Scap.Rotation;
using Sharpdig.Events;
using Sharpdig.State;

namespace Sharpdig.Dump;

/// <summary>What -w writes besides the events: the options that shape each file.</summary>
public sealed record DumpOptions
{
    /// <summary>-F: keep filtered-out events that change state, as state-only events.</summary>
    public bool FatFile { get; init; }
    /// <summary>-E: write no user or group list.</summary>
    public bool ExcludeUsers { get; init; }
    /// <summary>--filter-proclist: the filter also trims the process list (null = keep it whole).</summary>
    public IEventFilter? ProcessListFilter { get; init; }
}

/// <summary>
/// The -w sink: decides which events go to the file (<see cref="DumpFlagsPolicy"/>), and builds
/// the start of every file: the first one from the capture's own header, later ones (-C/-G/-e)
/// from the engine's current state (plus state-only events for what the header cannot say, see
/// <see cref="SocketStateReplay"/>), each followed by the known container descriptions.
/// </summary>
public sealed class CaptureDumpSink : IEventDumper, ICaptureFileStart, IDisposable
{
    private readonly DumpOptions _options;
    private readonly RotatingCaptureWriter _writer;
    private readonly ContainerEventCache _containers = new();
    private readonly ProcessListFilter? _procFilter;
    private StateEngine? _engine;
    private CaptureMetadata? _sourceMetadata;
    private ulong _lastTimestamp;
    private bool _fileFromState;   // the file being opened takes its header from the engine's state
    // Writes happen on the main thread; a stop signal may close the file from another one.
    private readonly object _gate = new();
    private bool _closed;

    public CaptureDumpSink(RotationSettings settings, DumpOptions options, bool live, TimeZoneInfo? zone = null,
        Stream? standardOutput = null)
    {
        _options = options;
        _writer = new RotatingCaptureWriter(settings, live, this, zone, standardOutput);
        if (options.ProcessListFilter is { } f) _procFilter = new ProcessListFilter(f);
    }

    /// <summary>Every file opened, in order.</summary>
    public IReadOnlyList<string> Files => _writer.Files;

    /// <summary>Events written (state-only ones included).</summary>
    public long EventsWritten => _writer.EventCount;

    public void Start(StateEngine engine, CaptureMetadata sourceMetadata)
    {
        _engine = engine;
        _sourceMetadata = sourceMetadata;
        _writer.Open(_lastTimestamp, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
    }

    public void Dump(EventContext ctx)
    {
        var rec = ctx.Record;
        if (ContainerEventCache.IsContainerEvent(rec.Type)) _containers.Remember(rec);
        _lastTimestamp = rec.Timestamp;
        if (_engine is null) return;   // read while opening the capture: written with the header
        if (!DumpFlagsPolicy.ShouldWrite(ctx, _options.FatFile, out uint flags)) return;
        lock (_gate)
        {
            if (!_closed) _writer.WriteEvent(rec, flags);
        }
    }

    /// <summary>Closes the file (it ends with the last whole event); later events are not written.</summary>
    public void Finish()
    {
        lock (_gate)
        {
            _closed = true;
            _writer.Dispose();
        }
    }

    public void Dispose() => Finish();

    CaptureMetadata ICaptureFileStart.Metadata(bool firstFile)
    {
        var state = _engine!.State;
        _fileFromState = !firstFile || _sourceMetadata is null;
        var md = _fileFromState ? StateSnapshot.From(state) : _sourceMetadata!;
        if (_procFilter is not null) md = _procFilter.Apply(md, state);
        if (_options.ExcludeUsers && (md.Users.Count > 0 || md.Groups.Count > 0)) md = WithoutUsers(md);
        return md;
    }

    IEnumerable<EventRecord> ICaptureFileStart.LeadingEvents(ulong timestampNs)
    {
        var events = _containers.Restamped(timestampNs);
        return _fileFromState ? events.Concat(SocketStateReplay.For(_engine!.State, timestampNs)) : events;
    }

    private static CaptureMetadata WithoutUsers(CaptureMetadata md)
    {
        var copy = new CaptureMetadata { Machine = md.Machine };
        copy.Interfaces.AddRange(md.Interfaces);
        copy.Processes.AddRange(md.Processes);
        copy.FdLists.AddRange(md.FdLists);
        return copy;
    }
}
