using Sharpdig.Events;

namespace Sharpdig.Capture.Live;

/// <summary>Options of a live capture.</summary>
public sealed record LiveCaptureOptions
{
    /// <summary>Bytes of I/O buffers kept per event (-s).</summary>
    public uint Snaplen { get; init; } = 80;
    /// <summary>Size of the kernel ring buffer (a power of two, multiple of the page size).</summary>
    public uint RingBytes { get; init; } = 32u << 20;
    /// <summary>Also capture sharpdig's own syscalls (debugging only).</summary>
    public bool IncludeSelf { get; init; }
    /// <summary>-E: do not read the user and group tables (the file then has none).</summary>
    public bool ExcludeUsers { get; init; }
    /// <summary>Capture only these syscalls (null = all). Others cost one map lookup in the kernel.</summary>
    public Func<string, bool>? SyscallFilter { get; init; }
    /// <summary>--page-faults: also report page faults (when the filter allows page_fault events).</summary>
    public bool PageFaults { get; init; }
}

/// <summary>
/// Events from the running kernel: the eBPF program's ring buffer decoded into scap v2 records, with
/// a /proc snapshot as metadata. <see cref="Stop"/> (safe from a signal handler) detaches the
/// program; the events already in the ring are still delivered, then the source ends cleanly.
/// A drain thread empties the ring into batches (in timestamp order within each batch); the event
/// loop's thread reads the batches.
/// </summary>
public sealed class LiveCaptureSource : ICaptureSource
{
    private readonly KernelProbe _probe;
    private readonly LiveEventDecoder _decoder = new();
    private readonly CpuTimeSampler _cpuTimes;
    private readonly ScapRecordBuilder _procinfo = new();
    private ulong _lastTimestamp;
    private volatile bool _stopRequested;
    private bool _detached;

    private LiveCaptureSource(KernelProbe probe, CaptureMetadata metadata, int selfPid)
    {
        _probe = probe;
        Metadata = metadata;
        _cpuTimes = new CpuTimeSampler(selfPid);
        // Kernel timestamps are boot-time ns; sysdig's are epoch ns.
        _decoder.BootToEpochNs = LibC.Now(LibC.ClockRealtime) - LibC.Now(LibC.ClockBoottime);
    }

    /// <summary>Loads the kernel program and scans /proc. Throws <see cref="LiveCaptureException"/> when capture is impossible.</summary>
    public static LiveCaptureSource Start(LiveCaptureOptions options)
    {
        Func<SyscallRecipe, bool>? filter = options.SyscallFilter is { } f ? r => f(r.Name) : null;
        KernelProbe.Preflight();
        // Scan before attaching: scanning a busy machine takes long enough to fill the ring otherwise.
        // (A process started in between is learnt from its first events, as sysdig does.)
        var metadata = ProcScanner.Scan(options.IncludeSelf ? -1 : Environment.ProcessId, !options.ExcludeUsers);
        var probe = KernelProbe.Start(Math.Min(options.Snaplen, 16384u), options.RingBytes, filter, options.IncludeSelf, options.PageFaults);
        return new LiveCaptureSource(probe, metadata, options.IncludeSelf ? -1 : Environment.ProcessId);
    }

    public CaptureMetadata Metadata { get; }
    public int Section => 1;
    public bool IsLive => true;

    private long _recordsRead;   // written by the drain thread only, so a plain increment suffices

    /// <summary>Records the kernel produced so far (read by us, or dropped because the ring was full).</summary>
    public ulong KernelEvents => (ulong)Volatile.Read(ref _recordsRead) + KernelDrops;
    /// <summary>Records the kernel dropped because the ring was full.</summary>
    public ulong KernelDrops => _probe.ReadCounters().Dropped;

    /// <summary>Called on the consuming thread when no event came for a while (the CLI flushes its output here).</summary>
    public Action? Idle { get; set; }

    /// <summary>Asks the capture to end (signal-handler safe): no new events, the ring is drained.</summary>
    public void Stop() => _stopRequested = true;

    // ---- consumer side (the event loop's thread) ----------------------------------------------

    private const int IdleAfterMs = 20;
    private RecordBatchCursor? _cursor;

    public bool TryReadNext(EventRecord record)
    {
        _cursor ??= new RecordBatchCursor(_queue, queue =>
        {
            _drainThread ??= StartDrain();
            if (queue.Take(IdleAfterMs) is { } ready) return ready;
            Idle?.Invoke();
            return queue.Take()!;
        });
        return _cursor.TryReadNext(record);
    }

    // ---- drain side (a thread of its own) -----------------------------------------------------

    // The ring is emptied by a dedicated thread, so a slow consumer (a terminal, a chisel) does not
    // make the kernel drop events while there is room in the batches. Each batch is put in
    // timestamp order before it is handed over (the shared ring commits in almost that order).
    private readonly RecordBatchQueue _queue = new();
    private Thread? _drainThread;

    private Thread StartDrain()
    {
        var t = new Thread(Drain) { IsBackground = true, Name = "ring drain" };
        t.Start();
        return t;
    }

    private void Drain()
    {
        var ring = _probe.Ring;
        RecordBatch? batch = null;
        try
        {
            while (true)
            {
                if ((batch ??= NextBatch()) is null) return;   // closed
                _cpuTimes.PollIfDue();
                while (!_detached && batch.Count < RecordBatch.MaxEvents && _cpuTimes.TryNext(out var sample))
                    AddProcinfo(batch, sample);
                bool got = false;
                while (batch.Count < RecordBatch.MaxEvents && ring.TryNext(out var raw))
                {
                    got = true;
                    _recordsRead++;
                    int len = _decoder.Decode(raw, out ushort cpu);
                    if (len == 0) continue;
                    if (!batch.Fits(len)) { Hand(batch); if ((batch = NextBatch()) is null) return; }
                    batch.Add(_decoder.Buffer.AsSpan(0, len), cpu, 0);
                    _lastTimestamp = System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(_decoder.Buffer);
                }
                if (got) { if (batch.Count == RecordBatch.MaxEvents) { Hand(batch); batch = null; } continue; }
                // The ring is empty.
                if (batch.Count > 0) { Hand(batch); batch = null; continue; }
                if (_stopRequested)
                {
                    if (!_detached) { _probe.Detach(); _detached = true; continue; }   // drain what was committed before the detach
                    batch.End = true;
                    Hand(batch);
                    return;
                }
                // The kernel does not wake us (BPF_RB_NO_WAKEUP keeps its side cheap), so poll. Sleeping
                // rather than spinning lets records pile up and be read in one run, away from the
                // cache lines the kernel program is writing (the ring holds many milliseconds).
                Thread.Sleep(1);
            }
        }
        catch (Exception e)
        {
            batch ??= NextBatch();
            if (batch is null) return;
            batch.Error = System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e);
            Hand(batch);
        }
    }

    private RecordBatch? NextBatch()
    {
        var b = _queue.BeginBatch();
        b?.Reset(1, Metadata);
        return b;
    }

    private void Hand(RecordBatch batch)
    {
        batch.SortByTimestamp();
        _queue.Publish();
    }

    /// <summary>
    /// A procinfo event (sysdig's driver emits them; thread.cpu is computed from them), stamped with
    /// the time of the last kernel event so that timestamps never go backwards.
    /// </summary>
    private void AddProcinfo(RecordBatch batch, CpuTimeSampler.Sample sample)
    {
        ulong ts = _lastTimestamp != 0 ? _lastTimestamp : LibC.Now(LibC.ClockRealtime);
        _procinfo.Begin(ts, sample.Tid, EventTable.Codes.ProcInfoE);
        _procinfo.U64(sample.UserTicks);
        _procinfo.U64(sample.SystemTicks);
        int len = _procinfo.End();
        batch.Add(_procinfo.Buffer.AsSpan(0, len), sample.Cpu, 0);
    }

    public void Dispose()
    {
        _stopRequested = true;
        _queue.Close();
        _drainThread?.Join(TimeSpan.FromSeconds(5));
        _probe.Dispose();
    }
}
