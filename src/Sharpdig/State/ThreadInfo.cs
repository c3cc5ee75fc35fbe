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
    public ulong FdLimit { get; internal set; }
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

    /// <summary>True when the engine made this thread up for an unknown tid (comm `&lt;NA&gt;`).</summary>
    public bool IsPlaceholder { get; internal set; }
    public bool IsMainThread => Tid == Pid;

    /// <summary>The main thread (pid == tid) of this thread's process, or this thread if unknown.</summary>
    public ThreadInfo Process { get; internal set; } = null!;

    /// <summary>The fd table (shared with the main thread for CLONE_FILES threads).</summary>
    public FdTable Fds { get; internal set; } = new();

    /// <summary>Working directory, always ending in '/'. Shared by the process's threads.</summary>
    public Utf8Text Cwd
    {
        get => _cwdHolder.Value;
        internal set => _cwdHolder.Value = value;
    }
    internal CwdHolder _cwdHolder = new();

    // --- what the last events of this thread left behind -----------------------------------
    /// <summary>Timestamp of the previous event of this thread (before the current one).</summary>
    public ulong LastEventTs { get; internal set; }
    /// <summary>Type code of the previous event of this thread.</summary>
    public ushort LastEventType { get; internal set; } = ushort.MaxValue;
    /// <summary>Enter→exit latency of the current exit event in ns (0 if unpaired or enter).</summary>
    public ulong Latency { get; internal set; }
    /// <summary>The fd the last fd-using enter event named (sinsp's lastevent_fd).</summary>
    public long LastEventFd { get; internal set; } = -1;
    /// <summary>A copy of the last enter event of this thread (valid flag tells whether there is one).</summary>
    public SavedEvent LastEnter => _lastEnter ??= new SavedEvent();
    private SavedEvent? _lastEnter;
    internal bool HasLastEnter => _lastEnter is { IsValid: true };

    /// <summary>Cumulative time this thread was scheduled on a cpu, from switch events (ns).</summary>
    public ulong TotalExecTime { get; internal set; }

    /// <summary>Builds an unset thread; only the engine fills it.</summary>
    internal ThreadInfo(long tid) { Tid = tid; Pid = tid; Process = this; }

    public FdInfo? GetFd(long fd) => Fds.Get(fd);

    public override string ToString() => $"{Comm}({Tid}/{Pid})";

    /// <summary>A cwd box shared between the threads of one process (CLONE_FS semantics).</summary>
    internal sealed class CwdHolder { public Utf8Text Value = Utf8Text.FromString("/"); }
}
