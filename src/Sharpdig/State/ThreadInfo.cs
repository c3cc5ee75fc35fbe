using Sharpdig.Capture;

namespace Sharpdig.State;

/// <summary>
/// One thread and, through <see cref="Process"/>, the process it belongs to. Created and changed
/// only by <see cref="StateEngine"/>; filters, formatters and chisels read it.
/// Process-wide facts (fds, cwd) live on the main thread; thread objects that share them point to
/// the same objects (sinsp's CLONE_FILES sharing).
/// </summary>
public sealed class ThreadInfo
{
    public long Tid { get; internal set; }
    public long Pid { get; internal set; }
    /// <summary>Parent thread id.</summary>
    public long Ptid { get; internal set; }
    public long Sid { get; internal set; } = -1;
    public long Vpgid { get; internal set; } = -1;
    public long Vtid { get; internal set; } = -1;
    public long Vpid { get; internal set; } = -1;

    /// <summary>Command name (proc.name); `&lt;NA&gt;` for placeholder threads.</summary>
    public Utf8Text Comm { get; internal set; } = Utf8Text.Empty;
    /// <summary>argv[0] (proc.exe).</summary>
    public Utf8Text Exe { get; internal set; } = Utf8Text.Empty;
    /// <summary>Full executable path (proc.exepath).</summary>
    public Utf8Text ExePath { get; internal set; } = Utf8Text.Empty;
    /// <summary>argv[1..].</summary>
    public IReadOnlyList<string> Args { get; internal set; } = [];
    public IReadOnlyList<string> Env { get; internal set; } = [];
    /// <summary>(subsystem, path) pairs.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Cgroups { get; internal set; } = [];
    public Utf8Text Root { get; internal set; } = Utf8Text.Empty;
    public string ContainerId { get; internal set; } = "";

    public uint Uid { get; internal set; }
    public uint Gid { get; internal set; }
    public uint LoginUid { get; internal set; } = uint.MaxValue;
    /// <summary>Open-file limit; all ones (-1) when unknown, as sinsp starts threads.</summary>
    public ulong FdLimit { get; internal set; } = ulong.MaxValue;
    /// <summary>PPM_CL_* clone flags of this thread.</summary>
    public uint Flags { get; internal set; }
    public uint Tty { get; internal set; }
    public bool ExeWritable { get; internal set; }
    public uint VmSizeKb { get; internal set; }
    public uint VmRssKb { get; internal set; }
    public uint VmSwapKb { get; internal set; }
    public ulong PageFaultsMajor { get; internal set; }
    public ulong PageFaultsMinor { get; internal set; }

    /// <summary>When the thread was created (clone exit), 0 when it came from the process list.</summary>
    public ulong CloneTs { get; internal set; }
    /// <summary>Timestamp of the last execve that succeeded for this thread, 0 if none seen.</summary>
    public ulong ExecTs { get; internal set; }

    /// <summary>
    /// For a main thread: how many other threads of the process sinsp counts (its m_nchilds).
    /// A main thread that exits stays in the table while this is not zero.
    /// </summary>
    public long ChildThreads { get; internal set; }

    /// <summary>True when the engine made this thread up for an unknown tid (comm `&lt;NA&gt;`).</summary>
    public bool IsPlaceholder { get; internal set; }
    public bool IsMainThread => Tid == Pid;

    /// <summary>The main thread (pid == tid) of this thread's process, or this thread if unknown.</summary>
    public ThreadInfo Process { get; internal set; } = null!;

    /// <summary>
    /// The fd table this thread uses: the main thread's for CLONE_FILES threads (sinsp's sharing
    /// rule), else its own.
    /// </summary>
    public FdTable Fds => (Flags & CloneFlags.Files) != 0 && !ReferenceEquals(Process, this) ? Process.OwnFds : OwnFds;

    /// <summary>This thread's own table (used when it is a main thread or does not share).</summary>
    internal FdTable OwnFds { get; set; } = new();

    /// <summary>Working directory of the process (kept on the main thread), ending in '/'.</summary>
    public Utf8Text Cwd => Process.OwnCwd;

    /// <summary>This thread object's own cwd field (sinsp keeps one per thread; the main thread's counts).</summary>
    internal Utf8Text OwnCwd { get; set; } = Utf8Text.Empty;

    /// <summary>Set when the engine removed the thread from the table (links to it are stale).</summary>
    internal bool Removed { get; set; }

    // --- what the last events of this thread left behind -----------------------------------
    /// <summary>Timestamp of the previous event of this thread (before the current one).</summary>
    public ulong LastEventTs { get; internal set; }
    /// <summary>Timestamp of the event of this thread before the previous one.</summary>
    public ulong PrevEventTs { get; internal set; }
    /// <summary>Type code of this thread's last enter event (sinsp's lastevent_type).</summary>
    public ushort LastEventType { get; internal set; } = ushort.MaxValue;
    /// <summary>Latency of the current exit event in ns: time since this thread's last enter (0 on enters).</summary>
    public ulong Latency { get; internal set; }
    /// <summary>Timestamp of this thread's last enter event (0 before any).</summary>
    internal ulong LastLatencyEnterTs { get; set; }
    /// <summary>Whether the saved enter event pairs with the current exit (sinsp's lastevent data validity).</summary>
    internal bool LastEnterPairs { get; set; }
    /// <summary>The fd the last fd-using enter event named (sinsp's lastevent_fd).</summary>
    public long LastEventFd { get; internal set; }
    /// <summary>A copy of the last enter event of this thread (valid flag tells whether there is one).</summary>
    public SavedEvent LastEnter => _lastEnter ??= new SavedEvent();
    private SavedEvent? _lastEnter;
    internal bool HasLastEnter => _lastEnter is { IsValid: true };

    /// <summary>Cumulative time this thread was scheduled on a cpu, from switch events (ns).</summary>
    public ulong TotalExecTime { get; internal set; }

    // Per-thread values that field extractors keep for themselves (sinsp's per-filtercheck thread
    // memory, e.g. thread.cpu's previous sample): one slot per extractor that reserved one.
    private ulong[]? _extractorSlots;
    private static int s_reservedSlots;

    /// <summary>Reserves a slot of <see cref="ExtractorSlot"/> for one extractor (done once, when it is compiled).</summary>
    internal static int ReserveExtractorSlot() => Interlocked.Increment(ref s_reservedSlots) - 1;

    /// <summary>This thread's value in an extractor's slot; 0 until the extractor writes it.</summary>
    internal ref ulong ExtractorSlot(int slot)
    {
        var slots = _extractorSlots;
        if (slots is null || slot >= slots.Length)
        {
            Array.Resize(ref _extractorSlots, Math.Max(slot + 1, Volatile.Read(ref s_reservedSlots)));
            slots = _extractorSlots;
        }
        return ref slots![slot];
    }

    /// <summary>Builds an unset thread; only the engine fills it.</summary>
    internal ThreadInfo(long tid) { Tid = tid; Pid = tid; Process = this; }

    public FdInfo? GetFd(long fd) => Fds.Get(fd);

    public override string ToString() => $"{Comm}({Tid}/{Pid})";
}
